"""Scale benchmark (issue 9): the same corpus scan (language ID, PII, statistics, duplicates) on
each batch engine, and the memory of a long scan.

1. Throughput: one generated multilingual corpus (default 20,000 rows in 8 Parquet files, about
   one row in six with personal data) scanned with engine local (this process), processes with
   1 and 2 workers, and ray with 1 and 2 workers. Printed: seconds, rows/s, speed-up over the
   local engine and parallel efficiency (speed-up / workers). Every engine's report must equal
   the local one (rows, languages, PII counts, duplicates); the bench fails loudly if not.
   Timings are end to end for a user (planning, worker start and model loading, the scan, the
   near-duplicate check), except that a Ray cluster is started before the clock starts (on a
   real cluster it is already running; its start time is printed separately).
2. Memory: peak RSS (resource.getrusage, in a fresh process each) of a batch scan of 10,000 and
   of 100,000 short rows, next to the in-memory scan (explorer.datasets.profile.scan_file, the
   plain path that loads the whole table) of the same rows. Bounded = the batch scan's peak is
   about the same for 10x the rows.

Run: python bench/bench_scale.py [--rows 20000] [--memory-rows 100000] [--no-ray]
     [--no-memory] [--format parquet|jsonl]
main() returns rows {"benchmark", "ours_s", "baseline_s", "ratio", "target"} for bench.run:
for throughput, baseline = the local engine's seconds, ratio = speed-up; for memory the two
"seconds" columns hold megabytes (the row's name says so).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import print_table, row, use_offline_environment  # noqa: E402

use_offline_environment()

LABELLED = ROOT / "tests" / "explorer" / "datasets" / "data" / "pii_multilingual.jsonl"
LANGUAGES = "en,es,fr,de"

# Sentence parts written for this benchmark (subject, predicate, object, time) per language;
# combined at random they give thousands of distinct, plausible short rows.
PARTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("The delivery", "Our new neighbour", "The support team", "My old laptop",
            "The city library", "This recipe", "The train to Leeds"),
           ("arrived", "worked", "was praised", "broke down", "was closed", "changed a lot",
            "surprised everyone"),
           ("without any explanation", "after the long weekend", "during the storm",
            "for the third time", "in front of the station", "despite the warnings"),
           ("last Monday.", "this morning.", "two years ago.", "yesterday evening.",
            "every winter.")),
    "es": (("El pedido", "La vecina del tercero", "El equipo de soporte", "Mi portátil viejo",
            "La biblioteca municipal", "Esta receta", "El tren a Sevilla"),
           ("llegó", "funcionó", "fue elogiado", "se estropeó", "estuvo cerrado",
            "cambió mucho", "sorprendió a todos"),
           ("sin ninguna explicación", "después del puente", "durante la tormenta",
            "por tercera vez", "delante de la estación", "a pesar de los avisos"),
           ("el lunes pasado.", "esta mañana.", "hace dos años.", "ayer por la tarde.",
            "cada invierno.")),
    "fr": (("La livraison", "Notre nouveau voisin", "Le service client", "Mon vieil ordinateur",
            "La médiathèque", "Cette recette", "Le train pour Lyon"),
           ("est arrivée", "a fonctionné", "a été saluée", "est tombée en panne",
            "était fermée", "a beaucoup changé", "a surpris tout le monde"),
           ("sans aucune explication", "après le long week-end", "pendant la tempête",
            "pour la troisième fois", "devant la gare", "malgré les avertissements"),
           ("lundi dernier.", "ce matin.", "il y a deux ans.", "hier soir.", "chaque hiver.")),
    "de": (("Die Lieferung", "Unser neuer Nachbar", "Das Support-Team", "Mein alter Laptop",
            "Die Stadtbibliothek", "Dieses Rezept", "Der Zug nach Bremen"),
           ("kam an", "funktionierte", "wurde gelobt", "ging kaputt", "war geschlossen",
            "hat sich sehr verändert", "überraschte alle"),
           ("ohne jede Erklärung", "nach dem langen Wochenende", "während des Sturms",
            "zum dritten Mal", "vor dem Bahnhof", "trotz der Warnungen"),
           ("letzten Montag.", "heute Morgen.", "vor zwei Jahren.", "gestern Abend.",
            "jeden Winter.")),
}
CONTACT = {"en": "Write to {e} or call {p}.", "es": "Escribe a {e} o llama al {p}.",
           "fr": "Écrivez à {e} ou appelez le {p}.", "de": "Schreib an {e} oder ruf {p} an."}


def _sentence(rng: random.Random, lang: str) -> str:
    subj, pred, obj, when = PARTS[lang]
    if lang == "de":  # verb-final order is not needed for a benchmark; keep it readable
        return f"{rng.choice(subj)} {rng.choice(pred)} {rng.choice(obj)}, {rng.choice(when)}"
    return f"{rng.choice(subj)} {rng.choice(pred)} {rng.choice(obj)} {rng.choice(when)}"


def corpus_rows(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """n multilingual rows: generated sentences (en/es/fr/de), ~10% with a generated email and
    phone number, ~5% the team's labelled PII sentences (names, IBANs, cards, ids), ~3% exact
    repeats of earlier rows and ~2% near repeats (one word added)."""
    rng = random.Random(seed)
    labelled = []
    for line in LABELLED.read_text("utf-8").splitlines():
        try:
            item = json.loads(line)
        except ValueError:  # blank or comment lines
            continue
        if isinstance(item, dict) and item.get("text"):
            labelled.append(item["text"])
    langs = list(PARTS)
    out: list[dict[str, Any]] = []
    for i in range(n):
        lang = langs[i % len(langs)]
        roll = rng.random()
        if out and roll < 0.03:
            text = out[rng.randrange(len(out))]["text"]
        elif out and roll < 0.05:  # a near repeat: one word more at the end
            text = out[rng.randrange(len(out))]["text"] + " " + \
                rng.choice(["Really.", "Vraiment.", "De verdad.", "Wirklich."])
        elif roll < 0.10:
            text = rng.choice(labelled)
        elif roll < 0.20:
            email = f"{rng.choice(['ana', 'li', 'jo', 'max', 'eva'])}.{rng.randrange(10**5)}" \
                    f"@example.{rng.choice(['org', 'com', 'de', 'fr', 'es'])}"
            phone = f"+{rng.choice(['44', '34', '33', '49'])} {rng.randrange(100, 999)} " \
                    f"{rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"
            text = _sentence(rng, lang) + " " + CONTACT[lang].format(e=email, p=phone)
        else:
            text = _sentence(rng, lang)
        out.append({"id": i, "text": text, "label": rng.choice(["pos", "neg", "neutral"]),
                    "source": rng.choice(["forum", "reviews", "support"])})
    return out


def write_corpus(folder: Path, n: int, *, files: int = 8, fmt: str = "parquet",
                 seed: int = 0) -> Path:
    """The corpus split over `files` files (Parquet or JSON lines) in `folder`."""
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    rows = corpus_rows(n, seed)
    per = -(-n // files)
    for k in range(files):
        part = pd.DataFrame(rows[k * per:(k + 1) * per])
        if part.empty:
            continue
        if fmt == "parquet":
            part.to_parquet(folder / f"part-{k:03d}.parquet", index=False)
        else:
            part.to_json(folder / f"part-{k:03d}.jsonl", orient="records", lines=True,
                         force_ascii=False)
    return folder


def _comparable(report: dict[str, Any]) -> dict[str, Any]:
    """What every engine must agree on."""
    pii = report["pii"] or {}
    return {"rows": report["rows"], "languages": report["languages"],
            "mixed": report.get("mixed_language_rows"),
            "duplicates": {k: report["duplicates"][k] for k in ("exact", "near", "exact_groups",
                                                                "near_groups")},
            "pii_entities": pii.get("entities"), "rows_with_pii": pii.get("rows_with_pii"),
            "findings": len(pii.get("findings") or [])}


def time_scan(folder: Path, engine: str, workers: int) -> tuple[float, dict[str, Any], Any]:
    from explorer.batch.scan import scan_source

    info: list[Any] = []
    start = time.perf_counter()
    prof = scan_source(folder, engine=engine, workers=workers, text_column="text",
                       languages=LANGUAGES, info=info)
    return time.perf_counter() - start, prof.to_json(), info[0] if info else None


def throughput(folder: Path, n: int, with_ray: bool) -> list[dict[str, Any]]:
    configs = [("local", 1), ("processes", 1), ("processes", 2)]
    if with_ray:
        configs += [("ray", 1), ("ray", 2)]
    results, reference = [], None
    base = None
    for engine, workers in configs:
        ray_start = None
        if engine == "ray":
            import ray

            t0 = time.perf_counter()
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                     object_store_memory=150 * 1024**2, logging_level="ERROR",
                     runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}})
            ray_start = time.perf_counter() - t0
        try:
            seconds, report, _info = time_scan(folder, engine, workers)
        finally:
            if engine == "ray":
                import ray

                ray.shutdown()
        same = _comparable(report)
        if reference is None:
            reference = same
        elif same != reference:
            raise AssertionError(f"engine {engine} x{workers} disagrees with local:\n"
                                 f"{same}\nvs\n{reference}")
        base = base or seconds
        speedup = base / seconds
        results.append({"engine": engine, "workers": workers, "seconds": seconds,
                        "rows_per_s": n / seconds, "speedup": speedup,
                        "efficiency": speedup / workers, "ray_start_s": ray_start})
        print(f"  {engine:<10} x{workers}: {seconds:7.1f} s  {n / seconds:7.0f} rows/s  "
              f"speed-up {speedup:4.2f}  efficiency {speedup / workers:4.2f}"
              + (f"  (Ray start {ray_start:.1f} s, not timed)" if ray_start else ""),
              file=sys.stderr, flush=True)
    return results


_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
t = time.perf_counter()
if {batch!r}:
    from explorer.batch.scan import scan_source
    prof = scan_source({path!r}, engine="local", text_column="text", languages={langs!r})
else:
    from explorer.datasets.profile import scan_file
    prof = scan_file({path!r}, text_column="text", languages={langs!r}, max_bytes=1 << 31)
rep = prof.to_json()
print(json.dumps({{"rows": rep["rows"], "seconds": time.perf_counter() - t,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def peak_rss(path: Path, batch: bool) -> dict[str, Any]:
    code = _CHILD.format(root=str(ROOT), batch=batch, path=str(path), langs=LANGUAGES)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, env=os.environ.copy())
    if done.returncode != 0:
        raise RuntimeError(f"memory child failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def memory(tmp: Path, big: int) -> list[dict[str, Any]]:
    small = max(1, big // 10)
    out = []
    for n in (small, big):
        jsonl = tmp / f"short-{n}.jsonl"
        write_corpus(tmp / f"short-{n}", n, files=1, fmt="jsonl", seed=1)
        (tmp / f"short-{n}" / "part-000.jsonl").rename(jsonl)
        for batch in (True, False):
            r = peak_rss(jsonl, batch)
            r.update({"n": n, "path": "batch (local engine)" if batch else "in-memory scan"})
            out.append(r)
            print(f"  {r['path']:<22} {n:>7} rows: peak RSS {r['peak_rss_mb']:7.0f} MB, "
                  f"{r['seconds']:6.1f} s", file=sys.stderr, flush=True)
    return out


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    p = argparse.ArgumentParser(prog="python bench/bench_scale.py")
    p.add_argument("--rows", type=int, default=20_000)
    p.add_argument("--memory-rows", type=int, default=100_000)
    p.add_argument("--format", choices=("parquet", "jsonl"), default="parquet")
    p.add_argument("--no-ray", action="store_true")
    p.add_argument("--no-memory", action="store_true")
    p.add_argument("--json", metavar="FILE", help="also write the raw measurements as JSON")
    args = p.parse_args(argv if argv is not None else [])
    rows: list[dict[str, Any]] = []
    raw: dict[str, Any] = {"cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder = write_corpus(Path(tmp) / "corpus", args.rows, fmt=args.format)
        print(f"scan of {args.rows} rows ({args.format}, 8 files), {os.cpu_count()} CPUs:",
              file=sys.stderr, flush=True)
        tp = throughput(folder, args.rows, not args.no_ray)
        raw["throughput"] = tp
        base = tp[0]["seconds"]
        for r in tp[1:]:
            rows.append(row(f"scan {args.rows // 1000}k rows: {r['engine']} x{r['workers']} "
                            "vs local", r["seconds"], base,
                            "speed-up ~ workers (efficiency >= 0.7) on free cores",
                            note=f"{r['rows_per_s']:.0f} rows/s, efficiency "
                                 f"{r['efficiency']:.2f}"))
        if not args.no_memory:
            mem = memory(Path(tmp), args.memory_rows)
            raw["memory"] = mem
            by = {(m["n"], m["path"].startswith("batch")): m for m in mem}
            small, big = args.memory_rows // 10, args.memory_rows
            b_small, b_big = by[(small, True)], by[(big, True)]
            i_small, i_big = by[(small, False)], by[(big, False)]
            rows.append(row(f"peak RSS MB, batch scan {big // 1000}k vs {small // 1000}k rows",
                            b_big["peak_rss_mb"], b_small["peak_rss_mb"],
                            "bounded: ratio ~ 1",
                            note=f"in-memory scan: {i_big['peak_rss_mb']:.0f} vs "
                                 f"{i_small['peak_rss_mb']:.0f} MB"))
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=2))
    print_table(rows)
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
