"""Nearest neighbours in embedding space (cosine on L2-normalised vectors), model comparison by
k-NN overlap, and translation retrieval for the cross-lingual view."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from glasshouse.errors import BadInput
from glasshouse.stats import wilson

BLOCK = 2048


def _normalise(x: Any) -> Any:
    import numpy as np

    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms == 0, 1, norms)


def knn(vectors: Any, k: int, queries: Any = None, rows: Any = None) -> tuple[Any, Any]:
    """(indices, similarities), each (q, k), best first. Without `queries`, the queries are the
    rows of `vectors` (or the subset `rows`) and a point is never its own neighbour."""
    import numpy as np

    base = _normalise(vectors)
    n = base.shape[0]
    self_query = queries is None
    if self_query:
        rows = np.arange(n) if rows is None else np.asarray(rows)
        q = base[rows]
    else:
        q = _normalise(queries)
    kk = min(k, n - 1 if self_query else n)
    if kk < 1:
        raise BadInput("need at least 2 texts to find neighbours")
    idx = np.empty((q.shape[0], kk), dtype=np.int64)
    sim = np.empty((q.shape[0], kk), dtype=np.float32)
    for s in range(0, q.shape[0], BLOCK):
        block = q[s:s + BLOCK] @ base.T
        if self_query:
            block[np.arange(block.shape[0]), rows[s:s + BLOCK]] = -np.inf
        part = np.argpartition(-block, kk - 1, axis=1)[:, :kk]
        vals = np.take_along_axis(block, part, axis=1)
        order = np.argsort(-vals, axis=1)
        idx[s:s + BLOCK] = np.take_along_axis(part, order, axis=1)
        sim[s:s + BLOCK] = np.take_along_axis(vals, order, axis=1)
    return idx, sim


def knn_overlap(a: Any, b: Any, k: int = 10, max_points: int = 5000, seed: int = 0) -> Any:
    """For each point (a random sample of at most `max_points`), the share of its k nearest
    neighbours under model A that are also among its k nearest under model B (0..1).
    Returns (rows, overlap)."""
    import numpy as np

    if len(a) != len(b):
        raise BadInput(f"the two models embedded different numbers of texts ({len(a)} vs {len(b)})")
    n = len(a)
    rows = np.arange(n)
    if n > max_points:
        rows = np.sort(np.random.default_rng(seed).choice(n, max_points, replace=False))
    ia, _ = knn(a, k, rows=rows)
    ib, _ = knn(b, k, rows=rows)
    kk = ia.shape[1]
    overlap = np.array([len(set(x) & set(y)) / kk for x, y in zip(ia, ib, strict=True)])
    return rows, overlap



@dataclass(frozen=True)
class PairScore:
    source: str
    target: str
    n: int
    hits: int
    accuracy: float
    ci: tuple[float, float]


def translation_retrieval(vectors: Any, groups: Sequence[Any], languages: Sequence[str]
                          ) -> list[PairScore]:
    """For every ordered pair of languages (A, B): among sentences in A that have a translation in
    B (same group id), the share whose nearest B sentence is that translation, with a 95% Wilson
    interval. Chance level is 1 / (number of B sentences)."""
    import numpy as np

    x = _normalise(vectors)
    groups = list(groups)
    languages = [str(lang) for lang in languages]
    if not (len(x) == len(groups) == len(languages)):
        raise BadInput("vectors, groups and languages differ in length")
    langs = sorted(set(languages))
    if len(langs) < 2:
        raise BadInput("the cross-lingual view needs texts in at least 2 languages")
    lang_arr = np.asarray(languages)
    group_arr = np.asarray([str(g) for g in groups])
    out: list[PairScore] = []
    for a in langs:
        ia = np.flatnonzero(lang_arr == a)
        for b in langs:
            if a == b:
                continue
            ib = np.flatnonzero(lang_arr == b)
            has = np.isin(group_arr[ia], group_arr[ib])
            qa = ia[has]
            if len(qa) == 0:
                continue
            best = ib[np.argmax(x[qa] @ x[ib].T, axis=1)]
            hits = int((group_arr[best] == group_arr[qa]).sum())
            out.append(PairScore(a, b, len(qa), hits, hits / len(qa), wilson(hits, len(qa))))
    return out
