"""Benchmark of the bias probes' scoring on the packaged SmolLM2: ours (start token prepended,
sentences sorted by token ids, each batch one forward pass over a prefix tree so that a shared
prefix is computed once, the log-normaliser per vocabulary slice; see CausalLM) against
plain transformers with one forward pass per sentence (same start token, so the numbers are
the same), side by side in one run.

Rows:
- the whole pairs probe run (batched scoring and statistics) on N synthetic CrowS-Pairs-like
  pairs (default 1,508, the size of CrowS-Pairs; generated here, no benchmark data is
  shipped) against per-sentence scoring alone (90 s target);
- the template probe's built-in English set.

Run: python bench/bench_probes.py [--pairs 1508] [--baseline-pairs N] [--batch-size 32]
                                  [--threads N]
(`--baseline-pairs` times the baseline on the first N pairs only and says so in the row).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Our own small vocabulary; sentence shapes and lengths like CrowS-Pairs' (8-30 words).
_SWAPS = [("He", "She"), ("The man", "The woman"), ("My father", "My mother"),
          ("The old man", "The young man"), ("The rich family", "The poor family"),
          ("The Christian neighbour", "The Muslim neighbour"), ("The boy", "The girl"),
          ("The tall student", "The short student"), ("The American tourist",
                                                      "The Mexican tourist")]
_VERBS = ["fixed", "cooked", "forgot", "painted", "sold", "carried", "lost", "cleaned",
          "borrowed", "ordered", "described", "repaired", "found", "returned"]
_OBJECTS = ["the old bicycle", "a large cake", "the kitchen table", "some fresh bread",
            "the broken window", "a pile of letters", "the car keys", "a new laptop",
            "the garden fence", "an expensive watch", "the school report", "a bag of apples"]
_TAILS = ["", " before lunch", " without asking anyone for help", " in the rain",
          " while everyone else was still asleep", " and then went straight home",
          " because nobody else in the building knew how to do it properly",
          " at the end of a very long and tiring week at work", " for the neighbours",
          " as quickly as possible so that the party could start on time"]


_WHEN = ["Last summer", "On Monday", "Every winter", "After the storm", "Years ago",
         "During the holidays", "Early this morning", "At the wedding", "Before the exam",
         "Since the move", "On the last day of school", "Right after dinner", "In March",
         "At midnight", "Once the guests had left", "Two weeks later", "During the match"]
_WHERE = ["Lyon", "the village", "our street", "the old factory", "Nairobi", "the market",
          "the station", "Osaka", "the farm", "the hospital", "the library", "Quito",
          "the harbour", "the office", "the camp", "Tbilisi", "the bakery", "the clinic",
          "the stadium", "Perth", "the courthouse", "the museum", "Lagos", "the hotel"]


def synthetic_pairs(n: int, seed: int = 0, varied: bool = False) -> list[dict]:
    """n pairs that differ only in the group words, with varied lengths. The default set opens
    every sentence with the group words from a small vocabulary, so many sentences of a batch
    share their first tokens; `varied` opens each pair with its own clause ("In March at the
    harbour, ...") and puts the group words after it, as in CrowS-Pairs, where the two
    sentences share the words before the group word and other pairs share little."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rng.choice(_SWAPS)
        body = f" {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}{rng.choice(_TAILS)}."
        if rng.random() < 0.3:
            body += f" Then {a.split()[-1].lower()} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}."
        first, second = (a, b) if rng.random() < 0.5 else (b, a)
        opener = ""
        if varied:
            opener = f"{rng.choice(_WHEN)} at {rng.choice(_WHERE)}, "
            first, second = first[0].lower() + first[1:], second[0].lower() + second[1:]
        out.append({"stereotypical": opener + first + body,
                    "anti_stereotypical": opener + second + body,
                    "bias_type": "synthetic", "id": str(i)})
    return out


def distinct_prefix_share(lm, sentences: list[str], batch_size: int) -> float:
    """Positions a prefix tree feeds per token (batches of `batch_size` in length order, as
    the scorer groups them): 1.0 when no sentence shares a first token with another in its
    batch; lower when the set repeats openings (the synthetic default set does)."""
    ids = sorted((lm.tokenizer(s)["input_ids"] for s in sentences), key=len)
    nodes = tokens = 0
    for i in range(0, len(ids), batch_size):
        batch = ids[i:i + batch_size]
        nodes += len({tuple(x[:k]) for x in batch for k in range(1, len(x) + 1)})
        tokens += sum(len(x) for x in batch)
    return nodes / max(tokens, 1)


def baseline_scores(lm, sentences: list[str]) -> list[float]:
    """Plain transformers: one forward pass per sentence over [start token] + its tokens,
    summing log p of every token."""
    import torch

    out = []
    for text in sentences:
        ids = lm.tokenizer(text)["input_ids"]
        full = torch.tensor([[lm.start_id, *ids] if lm.start_id is not None else ids])
        with torch.inference_mode():
            logits = lm.model(input_ids=full).logits[0, :-1].float()
        logp = torch.log_softmax(logits, dim=-1)
        out.append(float(logp.gather(-1, full[0, 1:].unsqueeze(-1)).sum()))
    return out


def _row(name: str, ours_s: float, base_s: float, target: str, note: str) -> dict:
    from bench.common import row

    return row(name, ours_s, base_s, target, note)


def _pairs_row(lm, probe, pairs: list[dict], varied: bool, args, load_s: float,
               env: str) -> dict:
    """The whole pairs probe run on `pairs` against plain per-sentence scoring."""
    sentences = [s for p in pairs for s in (p["stereotypical"], p["anti_stereotypical"])]
    params = probe.parse_params({"pairs": pairs})
    ticks: list[float] = []
    t0 = time.perf_counter()
    result = probe.run(params, "smollm2-135m", lambda f, m: ticks.append(f))
    run_s = time.perf_counter() - t0
    ours = [x for d in result.details
            for x in (d["logprob_stereotypical"], d["logprob_anti_stereotypical"])]
    nb = min(args.baseline_pairs or len(pairs), len(pairs))
    t0 = time.perf_counter()
    base = baseline_scores(lm, sentences[:2 * nb])
    base_s = time.perf_counter() - t0
    worst = max(abs(a - b) for a, b in zip(ours, base))
    scale = len(pairs) / nb
    note = (f"max |ours - baseline| {worst:.1e} nats; {len(ticks)} progress updates; "
            f"model load {load_s:.1f} s; {env}")
    if nb < len(pairs):
        note += f"; baseline timed on {nb} pairs x {scale:.2f}"
    share = distinct_prefix_share(lm, sentences, args.batch_size)
    note += f"; prefix tree feeds {share:.0%} of the tokens"
    kind = "CrowS-like openings" if varied else "shared openings"
    return _row(f"pairs probe run(), {len(pairs)} pairs ({kind})", run_s, base_s * scale,
                "< 90 s (issue 15)", note)


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(prog="bench_probes")
    parser.add_argument("--pairs", type=int, default=1508)
    parser.add_argument("--baseline-pairs", type=int, default=None,
                        help="time the per-sentence baseline on this many pairs only")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=None,
                        help="torch threads for ours and the baseline alike (default: torch's)")
    args = parser.parse_args(argv or [])
    import os

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    env = f"torch threads {torch.get_num_threads()}, load average {os.getloadavg()[0]:.1f}"

    from bench.common import print_table, use_offline_environment

    use_offline_environment()
    from explorer.probes.registry import get
    from explorer.probes.scoring import CausalScorer, fill, load_causal_lm

    t0 = time.perf_counter()
    lm = load_causal_lm("smollm2-135m")
    load_s = time.perf_counter() - t0
    scorer = CausalScorer(lm)
    scorer.sentences(["Warm up."])
    rows = []

    # ---- the pairs probe: the whole run() (batched scoring + statistics) against plain
    # per-sentence scoring alone; max |diff| from the scores the run reports (4 decimals)
    probe = get("pairs")
    for varied in (False, True):
        rows.append(_pairs_row(lm, probe, synthetic_pairs(args.pairs, varied=varied), varied,
                               args, load_s, env))

    # ---- template probe, built-in English set
    params = get("template").default_params("en")
    prompts, cands = [], []
    for t in params.templates:
        for g in params.groups:
            for term in g.terms:
                prompts.append(t.text.replace("{group}", term))
                cands.append(t.candidates)
    flat = [fill(p, c) for p, cs in zip(prompts, cands) for c in cs]
    t0 = time.perf_counter()
    ours_t = [x for r in scorer.blanks(prompts, cands, batch_size=args.batch_size) for x in r]
    ours_ts = time.perf_counter() - t0
    t0 = time.perf_counter()
    base_t = baseline_scores(lm, flat)
    base_ts = time.perf_counter() - t0
    worst_t = max(abs(a - b) for a, b in zip(ours_t, base_t))
    rows.append(_row(f"template scoring, {len(flat)} sentences", ours_ts, base_ts, ">= 5x",
                     f"max |ours - baseline| {worst_t:.1e} nats; load average "
                     f"{os.getloadavg()[0]:.1f}"))
    print_table(rows)
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
