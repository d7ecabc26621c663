"""Load test of the JSON API (loopback only): N simulated users for a few minutes against a real
`python app.py serve`, with a seeded catalog, configured users and a published demo.

    python bench/load_test.py                      # 25 users, 180 s, SQLite
    python bench/load_test.py --users 5 --duration 20
    python bench/load_test.py --db postgresql://user:pw@127.0.0.1:5432/empty_db

Each simulated user has its own login and its own loopback source address (127.0.0.x), so that
per-client rate limits apply per user as they would for people on different machines. Actions,
with think time between them: searches with facets, entry reads, edits (read, think, save with
the version read; a 409 is retried on a fresh read, as a person reloading would), new entries,
small CSV scans, demo runs with feedback. Viewers read and comment; they neither edit nor scan.

Reported per operation class (read / write / scan): n, p50, p95, p99, max; the error rate
(5xx, transport failures and unexpected 4xx; 409 conflicts and 429 rate limits are expected
answers and counted apart); "database is locked" in answers and in the server log.
Targets (issue 9): p95 read < 500 ms, p95 write < 1 s, errors < 1 %, zero "database is locked".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glasshouse.app_process import start_app  # noqa: E402

WORDS = ["corpus", "speech", "news", "arabic", "web", "wiki", "treebank", "parallel", "tweets",
         "bible", "dialect", "sentiment", "health", "legal", "children", "radio", "subtitles"]
LANGS = ["ar", "sw", "fr", "es", "en", "yo", "hi", "zh", "de", "pt", "ar-EG", "ha", "am", "id"]
LICENSES = ["CC-BY-4.0", "CC-BY-NC-4.0", "CC-BY-SA-4.0", "MIT", "Apache-2.0", "CC0-1.0",
            "CC-BY-NC-ND-4.0", "ODC-By-1.0"]
FACETS = [{}, {"license_class": "commercial"}, {"license_class": "non-commercial"},
          {"language": "ar"}, {"language": "sw"}, {"access": "open"}, {"modality": "text"}]
PASSWORD = "load-test-password"
THRESHOLDS = {"read": 0.5, "write": 1.0}
MIX = (("search", 40), ("read", 24), ("edit", 12), ("create", 2), ("scan", 7), ("demo", 15))
OP_CLASS = {"login": "login", "search": "read", "get": "read", "open_demo": "read", "edit_save": "write",
            "create": "write", "demo_run": "write", "feedback": "write", "scan": "scan"}


def synthetic_entries(n: int, rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        w = rng.sample(WORDS, 3)
        out.append({"id": f"synthetic-{i:05d}", "name": f"{w[0].title()} {w[1]} {w[2]} {i}",
                    "description": f"A {w[0]} collection of {w[1]} texts about {w[2]}.",
                    "languages": rng.sample(LANGS, rng.randint(1, 3)),
                    "licenses": [rng.choice(LICENSES)],
                    "access": rng.choice(["open", "gated", "unknown"]),
                    "year": rng.randint(1995, 2025)})
    return out


def prepare(data_dir: Path, db_url: str | None, n_users: int, n_entries: int,
            seed: int) -> dict[str, Any]:
    """Fill a fresh database: seed catalog + synthetic entries, users, one public demo."""
    os.environ["GLASSHOUSE_DATA_DIR"] = str(data_dir)
    if db_url:
        os.environ["GLASSHOUSE_DB"] = db_url
    from catalog.schema import Entry
    from catalog.seed import load_seed
    from catalog.service import count_entries, upsert_many
    from demos import service as demos
    from glasshouse.db import get_database
    from glasshouse.users import LOCAL_ADMIN, Actor, add_user, count_users

    rng = random.Random(seed)
    db = get_database()
    if count_users(db) or count_entries(db):
        raise SystemExit("the database is not empty: give the load test a fresh one")
    load_seed(db, actor=LOCAL_ADMIN)
    upsert_many(db, [Entry.model_validate(e) for e in synthetic_entries(n_entries, rng)],
                actor=LOCAL_ADMIN)
    add_user(db, "lt-admin", PASSWORD, "admin")
    admin = Actor("lt-admin", "admin")
    users = []
    for i in range(n_users):
        role = "viewer" if i % 5 == 4 else "curator"  # one in five only reads
        add_user(db, f"lt-user-{i:02d}", PASSWORD, role, actor=admin)
        users.append((f"lt-user-{i:02d}", role))
    demo = demos.create_demo(db, {
        "title": "Redact my message", "description": "Shows what the redactor hides.",
        "intended_use": "Load test.", "limitations": "Patterns only.",
        "task": "pii-redaction", "model": "glasshouse-patterns",
        "examples": ["Write to ana@example.org"], "public": True}, actor=admin)
    ids = [e["id"] for e in synthetic_entries(n_entries, random.Random(seed))]
    from catalog.service import list_entries

    ids += [e.id for e in list_entries(db, limit=100)]
    total = count_entries(db)
    db.dispose()
    return {"users": users, "demo": demo.slug, "ids": ids, "entries": total}


@dataclass
class Stats:
    samples: list[tuple[str, str, float, int]] = field(default_factory=list)  # op, class, s, code
    slow: list[tuple[float, str, float, str]] = field(default_factory=list)  # start, op, s, what
    conflicts: int = 0
    retries_exhausted: int = 0
    rate_limited: int = 0
    locked_answers: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, op: str, seconds: float, code: int, text: str = "", what: str = "") -> None:
        with self.lock:
            self.samples.append((op, OP_CLASS[op], seconds, code))
            if seconds > 2.0:
                self.slow.append((time.time() - seconds, op, seconds, what))
            if "database is locked" in text.lower():
                self.locked_answers += 1
            if code == 409:
                self.conflicts += 1
            elif code == 429:
                self.rate_limited += 1
            elif code == 0 or code >= 500 or (code >= 400 and code not in (409, 429)):
                self.errors.append(f"{op} {code} {text[:200]}")


def small_csv(rng: random.Random) -> bytes:
    rows = ["id,text,label"]
    for i in range(rng.randint(15, 40)):
        who = rng.choice(["Ana", "Marc", "Li", "Fatima"])
        text = rng.choice([f"{who} wrote to {who.lower()}@example.org about the {rng.choice(WORDS)}",
                           f"The {rng.choice(WORDS)} data looks fine to me",
                           f"Call {who} on +44 20 7946 0{rng.randint(100, 999)} tomorrow",
                           f"Le {rng.choice(WORDS)} est disponible en ligne",
                           "I do not like this film"])
        rows.append(f"{i},\"{text}\",{rng.choice(['pos', 'neg'])}")
    return ("\n".join(rows) + "\n").encode()


class User(threading.Thread):
    def __init__(self, k: int, name: str, role: str, base: str, world: dict[str, Any],
                 stats: Stats, stop_at: float, think: tuple[float, float], seed: int) -> None:
        super().__init__(daemon=True)
        import httpx

        self.name_, self.role, self.world, self.stats = name, role, world, stats
        self.stop_at, self.think = stop_at, think
        self.rng = random.Random(seed * 1000 + k)
        # its own source address on loopback (per-client rate limits, like distinct machines)
        transport = httpx.HTTPTransport(local_address=f"127.0.0.{10 + k}")
        self.http = httpx.Client(base_url=base + "/api/v1", auth=(name, PASSWORD),
                                 transport=transport, timeout=60)
        self.hot = world["ids"][:12]  # a few entries everyone edits: real conflicts
        self.last_run: str | None = None

    def call(self, op: str, method: str, url: str, **kw: Any) -> Any:
        import httpx

        start = time.perf_counter()
        try:
            r = self.http.request(method, url, **kw)
        except httpx.HTTPError as exc:
            self.stats.add(op, time.perf_counter() - start, 0, f"{type(exc).__name__}: {exc}")
            return None
        self.stats.add(op, time.perf_counter() - start, r.status_code,
                       r.text if r.status_code >= 400 else "", f"{url} {kw.get('params', '')}")
        return r

    def search(self) -> None:
        params: dict[str, Any] = dict(self.rng.choice(FACETS))
        if self.rng.random() < 0.7:
            params["q"] = " ".join(self.rng.sample(WORDS, self.rng.choice([1, 1, 2])))
        params["limit"] = 20
        params["offset"] = self.rng.choice([0, 0, 0, 20])
        self.call("search", "GET", "/catalog/entries", params=params)

    def read(self) -> None:
        self.call("get", "GET", f"/catalog/entries/{self.rng.choice(self.world['ids'])}")

    def edit(self) -> None:
        if self.role == "viewer":
            return self.read()
        eid = self.rng.choice(self.hot)
        r = self.call("get", "GET", f"/catalog/entries/{eid}")
        if r is None or r.status_code != 200:
            return None
        time.sleep(self.rng.uniform(0.2, 1.0))  # the person types the change
        for _attempt in range(5):
            body = {"entry": {"quality_notes": f"checked by {self.name_} at {time.time():.3f}"},
                    "version": r.json()["version"], "comment": "load test edit"}
            saved = self.call("edit_save", "PATCH", f"/catalog/entries/{eid}", json=body)
            if saved is None or saved.status_code != 409:
                return None
            r = self.call("get", "GET", f"/catalog/entries/{eid}")  # reload, apply again
            if r is None or r.status_code != 200:
                return None
        with self.stats.lock:
            self.stats.retries_exhausted += 1
        return None

    def create(self) -> None:
        if self.role == "viewer":
            return self.search()
        n = self.rng.randrange(10**9)
        self.call("create", "POST", "/catalog/entries", json={"entry": {
            "id": f"lt-{self.name_}-{n}", "name": f"New {self.rng.choice(WORDS)} set {n}",
            "languages": self.rng.sample(LANGS, 2), "licenses": [self.rng.choice(LICENSES)]}})
        return None

    def scan(self) -> None:
        if self.role == "viewer":  # scans are curator work (README, "Users and roles")
            return self.search()
        self.call("scan", "POST", "/datasets/scan", content=small_csv(self.rng),
                  params={"format": "csv", "text_column": "text"})

    def demo(self) -> None:
        slug = self.world["demo"]
        if self.rng.random() < 0.3:
            self.call("open_demo", "GET", f"/demos/{slug}")
        who = self.rng.choice(["Ana", "Bo", "Chen"])
        r = self.call("demo_run", "POST", f"/demos/{slug}/run",
                      json={"texts": [f"Hi, I am {who}, mail me at {who.lower()}@example.org"]})
        if r is not None and r.status_code == 200 and self.rng.random() < 0.7:
            time.sleep(self.rng.uniform(*self.think))  # reads the answer
            self.call("feedback", "POST", "/demos/feedback", json={
                "run_id": r.json()["runs"][0]["id"],
                "category": self.rng.choice(["wrong", "fine", "harmful", "biased"]),
                "group": self.rng.choice(["", "women", "older people"]),
                "comment": "load test"})

    def run(self) -> None:
        actions = [a for a, _ in MIX]
        weights = [w for _, w in MIX]
        time.sleep(self.rng.uniform(0, self.think[1]))  # users do not all arrive at once
        self.call("login", "GET", "/whoami")  # first call: the password check (argon2)
        while time.monotonic() < self.stop_at:
            getattr(self, self.rng.choices(actions, weights)[0])()
            time.sleep(self.rng.uniform(*self.think))
        self.http.close()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, int(round(q / 100 * (len(ordered) - 1)))))
    return ordered[k]


def wait_quiet(pid: int, *, share: float = 0.25, window: float = 3.0,
               timeout: float = 240) -> float:
    """Wait until the server process uses less than `share` of a CPU over `window` seconds
    (start-up work such as the UMAP warm-up is done); returns the seconds waited."""
    tick = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick

    start = time.monotonic()
    while time.monotonic() - start < timeout:
        before = cpu()
        time.sleep(window)
        if (cpu() - before) / window < share:
            break
    return time.monotonic() - start


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, default=25)
    ap.add_argument("--duration", type=float, default=180, help="seconds of load")
    ap.add_argument("--db", help="SQLAlchemy URL of an EMPTY database (default: SQLite file)")
    ap.add_argument("--entries", type=int, default=3000, help="synthetic entries besides seed")
    ap.add_argument("--think", type=float, nargs=2, default=(0.5, 2.0), metavar=("MIN", "MAX"),
                    help="think time between actions, seconds")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", help="write the results as JSON here")
    ap.add_argument("--keep", action="store_true", help="keep the data dir and server log")
    args = ap.parse_args(argv)
    if args.users > 200:
        raise SystemExit("at most 200 users (one loopback address each)")

    data_dir = Path(tempfile.mkdtemp(prefix="glasshouse-load-"))
    log_path = data_dir / "server.log"
    t0 = time.perf_counter()
    world = prepare(data_dir, args.db, args.users, args.entries, args.seed)
    print(f"prepared {world['entries']} entries, {args.users} users, demo '{world['demo']}' "
          f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    env = {"HF_HUB_OFFLINE": "1", "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
           "TLDEXTRACT_CACHE": str(data_dir / "tldextract")}
    if args.db:
        env["GLASSHOUSE_DB"] = args.db
    load_before = os.getloadavg()
    app = start_app(data_dir, env=env, ready_path="/api/v1/whoami", ready_status=(200, 401),
                    timeout=180)
    base, proc = app.url, app.proc
    try:
        import httpx

        t1 = time.perf_counter()  # first scan loads the PII models: not part of the run
        warm = httpx.post(base + "/api/v1/datasets/scan", content=small_csv(random.Random(1)),
                          params={"format": "csv"}, auth=("lt-admin", PASSWORD), timeout=600)
        warm.raise_for_status()
        print(f"server up; warm-up scan {time.perf_counter() - t1:.1f} s", file=sys.stderr)
        waited = wait_quiet(proc.pid)
        print(f"server idle after {waited:.0f} s more (start-up work such as the UMAP warm-up)",
              file=sys.stderr)
        stats = Stats()
        stop_at = time.monotonic() + args.duration
        users = [User(k, name, role, base, world, stats, stop_at, tuple(args.think), args.seed)
                 for k, (name, role) in enumerate(world["users"])]
        started = time.perf_counter()
        for u in users:
            u.start()
        for u in users:
            u.join(timeout=args.duration + 600)
        elapsed = time.perf_counter() - started
    finally:
        app.stop()
    load_after = os.getloadavg()
    server_log = log_path.read_text(errors="replace")
    result = report(stats, elapsed, args, server_log, load_before, load_after)
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2))
    if args.keep:
        print(f"data and server log kept in {data_dir}", file=sys.stderr)
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
    return result


def report(stats: Stats, elapsed: float, args: argparse.Namespace, server_log: str,
           load_before: tuple[float, ...], load_after: tuple[float, ...]) -> dict[str, Any]:
    classes: dict[str, Any] = {}
    print(f"\n{args.users} users for {elapsed:.0f} s, think {args.think[0]}-{args.think[1]} s, "
          f"db {'sqlite' if not args.db else args.db.split(':')[0]}, "
          f"{os.cpu_count()} CPUs, load avg before {load_before[0]:.2f} after {load_after[0]:.2f}")
    head = f"{'class':<8}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}  target"
    print(head + "\n" + "-" * len(head))
    for cls in ("login", "read", "write", "scan"):
        times = [s for _, c, s, code in stats.samples if c == cls]
        row = {"n": len(times), "p50_ms": percentile(times, 50) * 1000,
               "p95_ms": percentile(times, 95) * 1000, "p99_ms": percentile(times, 99) * 1000,
               "max_ms": max(times) * 1000 if times else float("nan"),
               "target_p95_ms": THRESHOLDS[cls] * 1000 if cls in THRESHOLDS else None}
        row["ok"] = row["target_p95_ms"] is None or row["p95_ms"] < row["target_p95_ms"]
        classes[cls] = row
        target = f"p95 < {row['target_p95_ms']:.0f} ms {'OK' if row['ok'] else 'MISSED'}" \
            if row["target_p95_ms"] else "-"
        print(f"{cls:<8}{row['n']:>7}{row['p50_ms']:>9.0f}{row['p95_ms']:>9.0f}"
              f"{row['p99_ms']:>9.0f}{row['max_ms']:>9.0f}  {target}")
    ops: dict[str, Any] = {}
    for op in sorted({o for o, *_ in stats.samples}):
        times = [s for o, _, s, _ in stats.samples if o == op]
        ops[op] = {"n": len(times), "p50_ms": percentile(times, 50) * 1000,
                   "p95_ms": percentile(times, 95) * 1000}
    print("by operation: " + ", ".join(f"{op} n={v['n']} p50={v['p50_ms']:.0f} "
                                        f"p95={v['p95_ms']:.0f}" for op, v in ops.items()))
    n = len(stats.samples)
    error_rate = len(stats.errors) / n if n else 0.0
    log_locked = len(re.findall(r"database is locked", server_log, re.IGNORECASE))
    tracebacks = server_log.count("Traceback (most recent call last)")
    print(f"requests {n} ({n / elapsed:.1f}/s); errors {len(stats.errors)} "
          f"({error_rate:.2%}, target < 1%); conflicts 409 (retried) {stats.conflicts}, "
          f"edits given up after 5 tries {stats.retries_exhausted}; rate-limited 429 "
          f"{stats.rate_limited}")
    print(f"'database is locked': {stats.locked_answers} in answers, {log_locked} in the server "
          f"log (target 0); tracebacks in the server log: {tracebacks}")
    for e in stats.errors[:10]:
        print("  error:", e)
    if stats.slow:
        first = min(t for t, *_ in stats.slow)
        print(f"{len(stats.slow)} requests over 2 s; the first 15 (start offset, op, seconds):")
        for t, op, sec, what in sorted(stats.slow)[:15]:
            print(f"  +{t - first:6.1f} s {op:<10}{sec:6.1f}  {what[:90]}")
    return {"users": args.users, "duration_s": elapsed, "db": "sqlite" if not args.db else
            args.db.split(":")[0], "cpus": os.cpu_count(), "load_avg_before": load_before[0],
            "load_avg_after": load_after[0], "classes": classes, "operations": ops,
            "requests": n, "errors": len(stats.errors), "error_rate": error_rate,
            "conflicts": stats.conflicts, "retries_exhausted": stats.retries_exhausted,
            "rate_limited": stats.rate_limited, "locked_in_answers": stats.locked_answers,
            "locked_in_log": log_locked, "server_tracebacks": tracebacks,
            "first_errors": stats.errors[:10], "over_2s": len(stats.slow)}


if __name__ == "__main__":
    main()
