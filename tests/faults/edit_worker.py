"""A stream of catalog edits through the service layer, run as a separate process that the
fault tests kill with SIGKILL: `python -m tests.faults.edit_worker DB_URL SEED`.

Each committed operation prints one line `<n> <op> <entry id>` (flushed), so the test knows
edits are under way. Conflicts, cycles and vanished entries (another worker got there first)
are expected and skipped: the point is that every commit is whole and audited.
"""

from __future__ import annotations

import random
import sys

LANGS = ["en", "fr", "ar-EG", "sw", "zh-Hant", "es-AR", "de", "yo", "Swahili", "hi"]
LICS = ["CC-BY-4.0", "MIT", "cc by-nc 4.0", "LDC User Agreement", "Apache 2.0", "unknown",
        "CC0", "LicenseRef-Lab-Terms"]


def _fields(rng: random.Random, known: list[str]) -> dict:
    return {"description": f"edited {rng.random():.6f} " * rng.randint(1, 20),
            "languages": rng.sample(LANGS, rng.randint(0, 3)),
            "licenses": rng.sample(LICS, rng.randint(0, 2)),
            "derived_from": rng.sample(known, min(len(known), rng.randint(0, 2))),
            "year": rng.choice([None, 1999, 2024])}


def main(url: str, seed: int, limit: int = 10**9) -> None:
    from sqlalchemy import select

    from catalog import service
    from catalog.schema import Entry
    from catalog.tables import CatalogEntryRow
    from glasshouse.db import Database
    from glasshouse.errors import GlasshouseError
    from glasshouse.users import Actor

    rng = random.Random(seed)
    db = Database(url)
    curator, admin = Actor("cora", "curator"), Actor("ada", "admin")
    n = 0
    while n < limit:
        with db.read() as s:
            known = list(s.scalars(select(CatalogEntryRow.id)))
        op = rng.choices(["create", "update", "revert", "delete", "import", "approve"],
                         weights=[25, 40, 15, 4, 10, 6])[0]
        target = rng.choice(known) if known else None
        if target is None or op == "create":
            op = "create"
        try:
            if op == "create":
                target = f"w{seed}-{rng.getrandbits(40):x}"
                service.create_entry(db, {"id": target, "name": f"Worker {seed} entry",
                                          **_fields(rng, known)}, actor=curator)
            elif op in ("update", "approve"):
                cur = service.get_stored(db, target)
                data = cur.entry.model_dump(mode="json") | _fields(rng, known)
                data["derived_from"] = [p for p in data["derived_from"] if p != target]
                if op == "update":
                    service.update_entry(db, target, data, expected_version=cur.version,
                                         actor=curator, comment=f"worker {seed}")
                else:
                    p = service.propose(db, data, actor=curator, entry_id=target,
                                        base_version=cur.version)
                    service.approve(db, p.id, actor=admin)
            elif op == "revert":
                cur = service.get_stored(db, target)
                if cur.version < 2:
                    continue
                service.revert(db, target, rng.randint(1, cur.version - 1),
                               expected_version=cur.version, actor=curator)
            elif op == "delete":
                cur = service.get_stored(db, target)
                service.delete_entry(db, target, expected_version=cur.version, actor=admin)
            else:
                batch = []
                for _ in range(rng.randint(5, 40)):
                    if known and rng.random() < 0.5:
                        eid = rng.choice(known)
                    else:
                        eid = f"w{seed}-{rng.getrandbits(40):x}"
                    f = _fields(rng, known)
                    f["derived_from"] = [p for p in f["derived_from"] if p != eid]
                    batch.append(Entry.model_validate(
                        {"id": eid, "name": f"Imported {eid}", **f}))
                service.upsert_many(db, batch, actor=curator, comment=f"import worker {seed}")
        except GlasshouseError:
            continue
        n += 1
        sys.stdout.write(f"{n} {op} {target}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 10**9)
