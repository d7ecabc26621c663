"""Cards benchmarks, ours vs the plain huggingface_hub baseline in the same run.

1. `card check` on 200 README.md cards (a 9-section drafted card): our offline checks (YAML,
   licence, BCP-47, sections, placeholders, licence consistency, completeness) vs just loading
   the card with `huggingface_hub.ModelCard(text)` (parsing only; the library's own `validate()`
   needs the Hub). Target: ours within 10x of parsing alone (interactive: < 20 ms per card).
2. Drafting a card from 3 evidence rows + 1 catalog source vs `ModelCard.from_template` with
   the same metadata (the library's Jinja template, no evidence). Target: within 10x.

Usage: python bench/bench_cards.py
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import best_of, print_table, row  # noqa: E402

N_CARDS = 200


def _inputs():
    from cards.sources import DataSource
    from cards.spec import CardSpec
    from glasshouse.evidence import Evidence

    now = datetime.now(timezone.utc)
    probe = {"probe": "template-gender", "model": "m", "n": 120, "effect": 0.31,
             "ci": [0.12, 0.5], "p_value": 0.004, "caveat": "English only"}
    profile = {"rows": 400, "pii": {"entities": {"PERSON": 30, "EMAIL_ADDRESS": 12},
                                    "rows_with_pii": 37}, "file": "t.csv"}
    feedback = {"demo": "d", "demo_title": "Demo", "model": "m", "counts": {"biased": 3, "fine": 9},
                "items": [{"category": "biased", "group": "women", "comment": "stereotype"}] * 3}
    evidence = [Evidence(f"{i}" * 8 + "-0000-0000-0000-000000000000", kind, kind, None, payload,
                         "bench", now)
                for i, (kind, payload) in enumerate((("probe_run", probe),
                                                     ("dataset_profile", profile),
                                                     ("demo_feedback", feedback)), start=1)]
    sources = [DataSource("faq", "Library FAQ", ("en",), ("CC-BY-NC-4.0",), "non-commercial",
                          "non-commercial")]
    meta = {"license": "apache-2.0", "language": ["en"], "tags": ["chat"],
            "metrics": ["exact_match"], "pipeline_tag": "text-generation"}
    sections = {k: f"Text for {k}." for k in ("model_details", "uses", "out_of_scope",
                                              "evaluation", "technical", "citation")}
    spec = CardSpec(kind="model", title="Bench", metadata=meta, sections=sections,
                    evidence=[e.id for e in evidence], catalog_entries=["faq"],
                    co2={"hardware": "a100-sxm", "hours": 4, "region": "fr"},
                    openness={"weights": "open"})
    return spec, evidence, sources, meta


def main() -> list[dict]:
    from huggingface_hub import ModelCard, ModelCardData

    from cards.check import check_text
    from cards.render import build

    spec, evidence, sources, meta = _inputs()
    text = build(spec, evidence, sources).readme
    texts = [text.replace("Bench", f"Bench {i}") for i in range(N_CARDS)]

    ours = best_of(lambda: [check_text(t) for t in texts])
    base = best_of(lambda: [ModelCard(t) for t in texts])
    rows = [row(f"card check x{N_CARDS} vs ModelCard() parse", ours, base,
                "ratio >= 0.1 (within 10x), < 20 ms/card",
                f"{ours / N_CARDS * 1000:.1f} ms/card")]

    ours = best_of(lambda: [build(spec, evidence, sources) for _ in range(50)])
    base = best_of(lambda: [ModelCard.from_template(ModelCardData(**meta), model_id="Bench")
                            for _ in range(50)])
    rows.append(row("draft card x50 (3 evidence, 1 source) vs from_template", ours, base,
                    "ratio >= 0.1 (within 10x)", f"{ours / 50 * 1000:.1f} ms/card"))
    print_table(rows)
    return rows


if __name__ == "__main__":
    main()
