"""Embedding-map benchmarks, ours vs the plain library in the same run, same data, same process.

1. Embedding throughput: `explorer.embeddings.embed.embed_texts` (cache off: dedupe, chunking,
   progress) vs plain `SentenceTransformer.encode` at its best batch size of (32, 64, 128), both on
   the packaged MiniLM. Target (issue #5): ours >= 0.9x the plain throughput (ratio >= 0.9).
2. Cached re-run: the same texts again through the disk cache vs the first (uncached) run.
   Target: >= 50x faster.
3. PCA first view of N x 384 (default 100k) float32 vectors: ours (covariance eigendecomposition)
   vs scikit-learn `PCA(n_components=2)` (its default solver). Target: ours < 2 s.
   Also: the ONNX backends ("onnx", "onnx-int8") vs the same plain baseline, with the cosine of
   their vectors to PyTorch's (min and mean) on the benchmark sentences and on 1-3-word texts
   in several languages (where int8 errors weigh most). Target: cosine >= 0.99.
4. UMAP fit of N points (default 50,000, the issue's size; --quick: 3,000) vs plain `umap.UMAP(...)
   .fit_transform` with identical parameters. numba is compiled once before either is timed
   (both the exact small-data path and NNDescent, used above 4,096 rows). Target: ours within
   1.2x (ratio >= 0.83). For information also plain umap-learn without a seed (parallel).
Also printed: the JSON payload size of a 100k-point map figure (what the browser receives).

Synthetic data, stated sizes: short generated English sentences for 1-2; Gaussian clusters in 384
dimensions (L2-normalised, like sentence embeddings) for 3-4.
Usage: python bench/bench_embeddings.py [--n-embed 1000] [--n-pca 100000] [--n-umap 50000]
       [--only embed|pca|umap ...] [--quick]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import print_table, row  # noqa: E402

SUBJECTS = "the cat|a farmer|my neighbour|the committee|a small child|the old train|our team|" \
           "the river|a journalist|the new phone".split("|")
VERBS = "watched|sold|painted|described|forgot|followed|repaired|celebrated|questioned|carried" \
    .split("|")
OBJECTS = "the red boat|an empty house|the final match|a long letter|the morning news|" \
          "a broken bicycle|the city budget|a quiet garden|the winter market|an old song" \
    .split("|")
TAILS = ["", " yesterday", " in the rain", " with great care", " before dinner",
         " for the third time", " without a word"]
# 1-3-word texts, several languages and scripts: the hardest case for int8 quality
SHORT_TEXTS = ["Thanks!", "ok", "Yes", "no", "Why?", ":)", "hello", "red boat", "the cat",
               "city budget", "old song", "bonjour", "merci", "la maison", "danke", "Guten Abend",
               "perro", "buenas noches", "grazie", "да", "большое спасибо", "书", "谢谢",
               "さようなら", "شكرا", "صباح الخير", "धन्यवाद", "감사합니다", "karibu", "ευχαριστώ",
               "תודה", "teşekkürler", "cześć", "good job", "awful", "not bad"]
PARTS = ("embed", "pca", "umap")


def sentences(n: int, seed: int = 3) -> list[str]:
    import random

    rng = random.Random(seed)
    return [f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            f"{rng.choice(TAILS)} ({i})." for i in range(n)]


def clustered(n: int, dim: int = 384, k: int = 20, seed: int = 0) -> Any:
    import numpy as np

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, dim))
    x = centres[rng.integers(0, k, n)] + rng.normal(scale=0.8, size=(n, dim))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32)


def timed(fn: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(prog="bench_embeddings")
    parser.add_argument("--n-embed", type=int, default=1000)
    parser.add_argument("--n-pca", type=int, default=100_000)
    parser.add_argument("--n-umap", type=int, default=50_000)
    parser.add_argument("--quick", action="store_true",
                        help="small sizes for CI/development (also GLASSHOUSE_BENCH_QUICK=1)")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS),
                        help="run only these parts (embed: throughput, ONNX, cache; pca: PCA and "
                             "map payload; umap: UMAP fit)")
    args = parser.parse_args(argv if argv is not None else [])
    if args.quick or os.environ.get("GLASSHOUSE_BENCH_QUICK") not in (None, "", "0"):
        args.n_embed, args.n_pca, args.n_umap = 300, 20_000, 3000
    os.environ["GLASSHOUSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-emb-cache-")

    rows: list[dict[str, Any]] = []
    notes = []
    if "embed" in args.only:
        rows += bench_embed(args.n_embed)
        notes.append(f"embed {args.n_embed} texts")
    if "pca" in args.only:
        pca_rows, payload_mb = bench_pca(args.n_pca)
        rows += pca_rows
        notes.append(f"PCA {args.n_pca:,} x 384; {args.n_pca:,}-point map figure JSON payload: "
                     f"{payload_mb:.1f} MB")
    if "umap" in args.only:
        rows += bench_umap(args.n_umap)
        notes.append(f"UMAP {args.n_umap:,} x 384")
    print("sizes: " + "; ".join(notes), file=sys.stderr)
    return rows


def cosines(got: Any, ref: Any) -> str:
    cos = (got * ref).sum(axis=1)
    return f"min {cos.min():.4f} mean {cos.mean():.4f}"


def bench_embed(n_embed: int) -> list[dict[str, Any]]:
    from explorer.embeddings.embed import embed_texts
    from glasshouse import models

    rows = []
    texts = sentences(n_embed)
    st = models.load("minilm-en").model
    st.encode(texts[:64], batch_size=64, normalize_embeddings=True)  # warm both paths
    plain = {}
    for bs in (32, 64, 128):
        _, plain[bs] = timed(lambda bs=bs: st.encode(texts, batch_size=bs, normalize_embeddings=True,
                                                     convert_to_numpy=True,
                                                     show_progress_bar=False))
    best_bs = min(plain, key=plain.get)
    # then ours and plain at its best batch size, alternately, twice each (best of two): on a
    # shared machine a single run of one against the best of three of the other is unfair
    ours_times, plain_times = [], []
    for _ in range(2):
        ours_res, t = timed(lambda: embed_texts(texts, "minilm-en", use_cache=False))
        ours_times.append(t)
        plain_times.append(timed(lambda: st.encode(
            texts, batch_size=best_bs, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False))[1])
    ours_s, plain[best_bs] = min(ours_times), min(plain_times)
    rows.append(row(f"embed {len(texts)} texts, MiniLM (texts/s: "
                    f"{len(texts) / ours_s:.0f} vs {len(texts) / plain[best_bs]:.0f})",
                    ours_s, plain[best_bs], ">= 0.9", f"plain best batch {best_bs}; best of 2"))

    short_ref = embed_texts(SHORT_TEXTS, "minilm-en", use_cache=False).vectors
    for backend in ("onnx", "onnx-int8"):
        embed_texts(texts[:8], "minilm-en", use_cache=False, backend=backend)  # export + load
        got, onnx_s = timed(lambda b=backend: embed_texts(texts, "minilm-en", use_cache=False,
                                                          backend=b))
        short = embed_texts(SHORT_TEXTS, "minilm-en", use_cache=False, backend=backend)
        rows.append(row(f"embed {len(texts)} texts, MiniLM {backend}", onnx_s, plain[best_bs],
                        "> 1 (faster); cosine >= 0.99",
                        f"cosine to fp32 torch: sentences {cosines(got.vectors, ours_res.vectors)}"
                        f"; {len(SHORT_TEXTS)} short texts {cosines(short.vectors, short_ref)}"))

    _, first_s = timed(lambda: embed_texts(texts, "minilm-en"))
    again, cached_s = timed(lambda: embed_texts(texts, "minilm-en"))
    assert again.n_from_cache == len(set(texts))
    rows.append(row(f"cached re-run, {len(texts)} texts", cached_s, first_s, ">= 50",
                    "baseline = first run, ours = second run"))
    return rows


def bench_pca(n_pca: int) -> tuple[list[dict[str, Any]], float]:
    from sklearn.decomposition import PCA

    from explorer.embeddings.plot import map_figure
    from explorer.embeddings.project import pca

    x = clustered(n_pca)
    proj, pca_s = timed(lambda: pca(x, 2))
    _, sk_s = timed(lambda: PCA(n_components=2).fit_transform(x))
    rows = [row(f"PCA 2-D of {n_pca:,} x 384", pca_s, sk_s, "ours < 2 s",
                "baseline = scikit-learn PCA")]
    labels = (proj.coords[:, 0] > 0).astype(int).tolist()
    fig = map_figure(proj.coords, [f"text {i}" for i in range(len(x))], colour=labels)
    return rows, len(fig.to_json()) / 1e6


def bench_umap(n_umap: int) -> list[dict[str, Any]]:
    from explorer.embeddings.project import UmapParams, fit_umap, warm_up_umap

    warm_up_umap(background=False)  # numba compiled once, outside both timings
    import umap

    y = clustered(n_umap, seed=1)
    params = UmapParams()
    _, ours_u = timed(lambda: fit_umap(y, params))
    _, plain_u = timed(lambda: umap.UMAP(n_neighbors=params.n_neighbors, min_dist=params.min_dist,
                                         metric=params.metric, random_state=params.random_state,
                                         low_memory=True).fit_transform(y))
    # for information: umap-learn as people often call it, without a seed (a seed makes it
    # single-threaded; our default keeps one so the same data gives the same map)
    _, free_u = timed(lambda: umap.UMAP(n_neighbors=params.n_neighbors, min_dist=params.min_dist,
                                        metric=params.metric).fit_transform(y))
    return [row(f"UMAP fit of {n_umap:,} x 384", ours_u, plain_u, ">= 0.83 (1.2x)",
                "same parameters, seed 42"),
            row(f"UMAP fit of {n_umap:,} x 384, vs unseeded", ours_u, free_u, "info",
                f"ours seed 42 vs plain random_state=None (parallel, {os.cpu_count()} cores)")]


if __name__ == "__main__":
    print_table(main(sys.argv[1:]))
