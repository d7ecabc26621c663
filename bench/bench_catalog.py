"""Catalog benchmarks, ours vs a naive baseline in the same run.

1. Import throughput: 100k generated entries through `catalog.importers.import_file` (validation,
   normalisation, one transaction with executemany) vs row-by-row inserts (one `create_entry`
   call, i.e. one transaction, per row). The baseline runs on a sample and is extrapolated to the
   full size (running it on 100k rows would take many minutes); the table says so.
2. Search p95 latency over the 100k entries with facet filters: FTS5 (SQLite) or tsvector
   (PostgreSQL) + indexed facet columns vs a LIKE scan with the same filters.

Usage: python bench/bench_catalog.py [--n 100000] [--baseline-n 3000] [--db URL]
Targets (issue #3): 100k import < 60 s; search p95 < 50 ms and >= 10x faster than LIKE.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TOPICS = ("news corpus speech tweets dialect parallel treebank sentiment reviews medical legal "
          "wikipedia web crawl podcast radio children poetry religious subtitles questions "
          "answers summaries dialogue forum emails patents government parliament lectures "
          "recipes sports finance weather").split()


def _vocabulary(n: int = 4000, seed: int = 11) -> list[str]:
    """Topic words plus pseudo-words, used with Zipf-like frequencies as in real text."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ra", "tu", "se", "no", "bi", "qu", "zh", "an", "el",
                 "or", "ix", "um", "pa", "de", "go", "wa", "yi"]
    words = list(TOPICS)
    while len(words) < n:
        w = "".join(rng.choices(syllables, k=rng.randint(2, 4)))
        if w not in words:
            words.append(w)
    return words


WORDS = _vocabulary()
ZIPF = [1 / (rank + 1) ** 1.05 for rank in range(len(WORDS))]
LANGS = ["en", "fr", "de", "es", "es-AR", "pt-BR", "ar", "arz", "ar-EG", "ar-MA", "apc", "sw",
         "yo", "ha", "ig", "am", "zh-Hant", "zh-Hans", "ja", "ko", "hi", "bn", "ta", "ur",
         "tr", "fa", "ru", "uk", "pl", "vi", "th", "id", "tl", "qu", "gn", "mul"]
LICS = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "MIT", "Apache-2.0",
        "CC0-1.0", "LicenseRef-LDC-User-Agreement", "LicenseRef-Unknown", "ODC-By-1.0"]
MODS = ["text", "text", "text", "audio", "image", "video"]
ACCESS = ["open", "open", "gated", "paid", "unknown"]


def generate(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = rng.choices(WORDS, weights=ZIPF, k=4)
        out.append({
            "id": f"gen-{i:06d}", "name": f"{words[0].title()} {words[1]} {i}",
            "description": " ".join(rng.choices(WORDS, weights=ZIPF, k=14)),
            "languages": rng.sample(LANGS, rng.randint(1, 3)),
            "licenses": [rng.choice(LICS)], "modality": rng.choice(MODS),
            "access": rng.choice(ACCESS), "domain": [words[2]], "tasks": [words[3]],
            "derived_from": [f"gen-{rng.randrange(i):06d}"] if i and rng.random() < 0.2 else [],
        })
    return out


def _fresh_db(url: str | None, sibling: str = ""):
    """A migrated database: a temp SQLite file, or `url`; with `sibling`, a new database of
    that name on the same PostgreSQL server (the baseline must not share ours)."""
    from glasshouse.db import Database

    if url and sibling:
        from sqlalchemy import create_engine, make_url, text

        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{sibling}"'))
            conn.execute(text(f'CREATE DATABASE "{sibling}"'))
        admin.dispose()
        url = make_url(url).set(database=sibling).render_as_string(hide_password=False)
    db = Database(url or f"sqlite:///{tempfile.mkdtemp(prefix='bench-catalog-')}/b.db")
    db.migrate()
    return db


def bench_import(rows: list[dict], baseline_n: int, url: str | None) -> dict:
    from catalog import service
    from catalog.importers import import_file
    from glasshouse.users import Actor

    actor = Actor("bench", "admin")
    path = Path(tempfile.mkdtemp()) / "gen.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    db = _fresh_db(url)
    t0 = time.perf_counter()
    report = import_file(db, path, actor=actor)
    ours = time.perf_counter() - t0
    assert report.imported == len(rows) and not report.rejected, report.rejected[:3]

    base_db = _fresh_db(url, sibling="glasshouse_bench_baseline")
    sample = [{k: v for k, v in r.items() if k != "derived_from"} for r in rows[:baseline_n]]
    t0 = time.perf_counter()
    for r in sample:
        service.create_entry(base_db, r, actor=actor)
    per_row = (time.perf_counter() - t0) / len(sample)
    baseline = per_row * len(rows)
    return {"benchmark": f"import {len(rows):,} entries (baseline: row-by-row, "
                         f"measured on {baseline_n:,} and extrapolated)",
            "ours_s": ours, "baseline_s": baseline, "ratio": baseline / ours,
            "target": "ours < 60 s", "_db": db}


def _queries(rng: random.Random, n: int, pick) -> list[dict]:
    return [{"query": " ".join(pick() for _ in range(rng.choice([1, 2]))),
             "license_class": rng.choice([None, "commercial", "non-commercial"]),
             "language": rng.choice([None, "ar", "sw", "es-AR", "ar-EG", "apc"]),
             "modality": rng.choice([None, "text", "audio"])} for _ in range(n)]


def bench_search(db, n_queries: int = 60, seed: int = 3) -> list[dict]:
    """Typical queries name specific things (words drawn uniformly from the vocabulary); the
    second set uses the ten most frequent words, which match most of the catalog."""
    from catalog.search import like_search, search

    rng = random.Random(seed)
    typical = _queries(rng, n_queries, lambda: rng.choice(WORDS))
    common = _queries(rng, n_queries // 3, lambda: rng.choice(WORDS[:10]))
    search(db, "")  # the catalog tab's first view: everything, with facet counts

    def p95(samples: list[float]) -> float:
        return statistics.quantiles(samples, n=20)[18]

    def timed(queries, fn) -> list[float]:
        out = []
        for q in queries:
            t0 = time.perf_counter()
            fn(q)
            out.append(time.perf_counter() - t0)
        return out

    def ours(facets: bool):
        return lambda q: search(db, q["query"], language=q["language"],
                                license_class=q["license_class"], modality=q["modality"],
                                facets=facets)

    def base(q):
        return like_search(db, q["query"], license_class=q["license_class"],
                           modality=q["modality"], language=q["language"])

    filters_only = [{**q, "query": ""} for q in typical if q["language"] or q["modality"]
                    or q["license_class"]]
    rows = []
    for label, queries, facets, target in (
            ("typical queries + facet filters", typical, False, "p95 < 0.050 s, ratio >= 10"),
            ("typical queries + filters + facet counts", typical, True, "(informational)"),
            ("very common words + facet filters", common, False, "(informational)"),
            ("facet filters only (no words) + facet counts", filters_only, True,
             "(informational)")):
        ours_t, base_t = timed(queries, ours(facets)), timed(queries, base)
        o, b = p95(ours_t), p95(base_t)
        rows.append({"benchmark": f"search p95, {len(queries)} {label}", "ours_s": o,
                     "baseline_s": b, "ratio": b / o, "target": target,
                     "note": f"median {statistics.median(ours_t) * 1000:.1f} ms vs LIKE "
                             f"{statistics.median(base_t) * 1000:.1f} ms"})
    rows += _after_a_write(db, typical[0])
    return rows


def _after_a_write(db, q: dict) -> list[dict]:
    """After an edit the in-memory facet index is out of date: a search with few hits is
    answered without it, the first one with many hits (here: browsing) rebuilds it."""
    from catalog import service
    from catalog.search import search
    from glasshouse.users import Actor

    out = []
    for label, run in (
            ("edit, then a typical search (few hits)",
             lambda: search(db, q["query"], language=q["language"],
                            license_class=q["license_class"])),
            ("edit, then browsing (patches the facet index)", lambda: search(db, ""))):
        stored = service.get_stored(db, "gen-000001")
        t0 = time.perf_counter()
        service.update_entry(db, "gen-000001", stored.entry.model_copy(
            update={"description": stored.entry.description + " edited"}),
            expected_version=stored.version, actor=Actor("bench", "admin"))
        edit = time.perf_counter() - t0
        t0 = time.perf_counter()
        run()
        out.append({"benchmark": label, "ours_s": time.perf_counter() - t0,
                    "baseline_s": float("nan"), "ratio": float("nan"),
                    "target": "(informational)", "note": f"the edit took {edit * 1000:.0f} ms"})
    return out


def main(argv: list[str] | None = None) -> list[dict]:
    """Run both benchmarks; `argv` defaults to none (bench.run calls main() bare)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--baseline-n", type=int, default=3000)
    ap.add_argument("--db", help="SQLAlchemy URL of an empty PostgreSQL database (default: temp "
                    "SQLite); the baseline gets a new database beside it")
    args = ap.parse_args(argv or [])
    rows = generate(args.n)
    imp = bench_import(rows, min(args.baseline_n, args.n), args.db)
    db = imp.pop("_db")
    results = [imp] + bench_search(db)
    from bench.common import print_table

    print_table(results)
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
