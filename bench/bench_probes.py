"""Benchmark of the bias probes: batched candidate scoring (ours) against one forward pass per
candidate sentence with plain transformers (baseline), side by side in one run.

Run: python bench/bench_probes.py  (loads the packaged SmolLM2; prints a table, returns rows)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _baseline_scores(lm, sentences: list[str]) -> list[float]:
    """One plain forward pass per filled-in sentence."""
    import torch

    out = []
    for text in sentences:
        ids = lm.tokenizer(text, return_tensors="pt")["input_ids"]
        with torch.inference_mode():
            logits = lm.model(input_ids=ids).logits[0].float()
        logp = torch.log_softmax(logits[:-1], dim=-1)
        out.append(float(logp.gather(-1, ids[0, 1:].unsqueeze(-1)).sum()))
    return out


def main() -> list[dict]:
    from explorer.probes.registry import get
    from explorer.probes.scoring import CausalScorer, fill, load_causal_lm

    lm = load_causal_lm("smollm2-135m")
    scorer = CausalScorer(lm)
    params = get("template").default_params("en")
    prompts, cands = [], []
    for t in params.templates:
        for g in params.groups:
            for term in g.terms:
                prompts.append(t.text.replace("{group}", term))
                cands.append(t.candidates)
    sentences = [fill(p, c) for p, cs in zip(prompts, cands) for c in cs]
    scorer.blanks(prompts[:1], cands[:1])  # warm-up

    t0 = time.perf_counter()
    ours = [x for row in scorer.blanks(prompts, cands, batch_size=32) for x in row]
    ours_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    base = _baseline_scores(lm, sentences)
    base_s = time.perf_counter() - t0
    worst = max(abs(a - b) for a, b in zip(ours, base))
    rows = [{"benchmark": f"template probe scoring, {len(sentences)} candidate sentences "
                          f"(max |diff| {worst:.1e})",
             "ours_s": round(ours_s, 3), "baseline_s": round(base_s, 3),
             "ratio": round(base_s / ours_s, 2), "target": 5.0}]
    print(f"{'benchmark':<70} {'ours_s':>8} {'base_s':>8} {'ratio':>6} {'target':>6}")
    for r in rows:
        print(f"{r['benchmark']:<70} {r['ours_s']:>8} {r['baseline_s']:>8} {r['ratio']:>6} "
              f"{r['target']:>6}")
    return rows


if __name__ == "__main__":
    main()
