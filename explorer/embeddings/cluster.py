"""Group points into clusters (k-means or HDBSCAN) and name each cluster by its top terms."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from glasshouse.errors import BadInput

NOISE = -1
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


@dataclass(frozen=True)
class Clustering:
    method: str
    labels: Any  # (n,) int, -1 = not in any cluster (HDBSCAN noise)
    names: dict[int, str]  # cluster id -> label from its top terms
    terms: dict[int, list[str]]
    sizes: dict[int, int]


def default_k(n: int) -> int:
    return max(2, min(20, round(math.sqrt(n / 2))))


def cluster_points(vectors: Any, method: Literal["kmeans", "hdbscan"] = "kmeans",
                   k: int | None = None, min_cluster_size: int | None = None,
                   seed: int = 0) -> Any:
    """Cluster labels for each row of `vectors` (the embeddings, not the 2-D map)."""
    import numpy as np

    x = np.asarray(vectors, dtype=np.float32)
    n = x.shape[0]
    if n < 2:
        raise BadInput(f"clustering needs at least 2 texts; got {n}")
    if method == "kmeans":
        k = default_k(n) if k is None else int(k)
        if not 2 <= k <= n:
            raise BadInput(f"number of clusters must be between 2 and {n}", field="clusters")
        if n > 20_000:
            from sklearn.cluster import MiniBatchKMeans

            model = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=4096)
        else:
            from sklearn.cluster import KMeans

            model = KMeans(n_clusters=k, random_state=seed, n_init=4)
        return model.fit_predict(x).astype(int)
    if method == "hdbscan":
        from sklearn.cluster import HDBSCAN

        # density clustering degrades in hundreds of dimensions: cluster a 10-D PCA view
        dims = min(10, x.shape[1], max(2, n - 1))
        reduced = pca_reduce(x, dims) if n > dims else x
        size = min_cluster_size or max(5, n // 100)
        size = max(2, min(size, n))
        return HDBSCAN(min_cluster_size=size, copy=True).fit_predict(reduced).astype(int)
    raise BadInput(f"unknown clustering '{method}'; use kmeans or hdbscan", field="clusters")


def pca_reduce(x: Any, dims: int) -> Any:
    import numpy as np

    xc = x - x.mean(axis=0)
    values, vecs = np.linalg.eigh(xc.T.astype(np.float64) @ xc.astype(np.float64))
    return (xc @ vecs[:, np.argsort(values)[::-1][:dims]]).astype(np.float32)


def tokens(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text) if len(w) > 1]


def content_words(words: Sequence[str], drop: frozenset[str]) -> set[str]:
    """`words` without the function words and placeholders in `drop`."""
    out = set()
    for w in words:
        bare = w.strip("'’-")
        if w not in drop and bare not in drop and len(bare) > 1:
            out.add(bare)
    return out


def top_terms(texts: Sequence[str], labels: Sequence[int], n_terms: int = 3) -> dict[int, list[str]]:
    """The words most typical of each cluster compared with the whole collection.

    Function words are removed per text in the language the text is in (a German cluster would
    otherwise be labelled "die / das / und": typical of the cluster, but not of its topic), then a
    word's score in a cluster is p(w|c) * log(p(w|c) / p(w)): frequent in the cluster but much
    rarer overall scores high."""
    from glasshouse.stop_words import stop_words_for_text

    tokenised: dict[int, list[list[str]]] = {}
    for text, label in zip(texts, labels, strict=True):
        if label != NOISE:
            tokenised.setdefault(int(label), []).append(tokens(text))
    per: dict[int, Counter[str]] = {}
    overall: Counter[str] = Counter()
    for label, docs in tokenised.items():
        # the cluster's languages, guessed from all its texts (one short text says too little)
        drop = stop_words_for_text([w for doc in docs for w in doc])
        for doc in docs:
            words = content_words(doc, drop)  # each word once per text (document frequency)
            per.setdefault(label, Counter()).update(words)
            overall.update(words)
    n_docs_total = sum(1 for lab in labels if lab != NOISE) or 1
    sizes = Counter(int(lab) for lab in labels if lab != NOISE)
    out: dict[int, list[str]] = {}
    for c, counts in per.items():
        size = sizes[c]
        scored = []
        for w, cnt in counts.items():
            if size >= 10 and cnt < 2:
                continue
            p_c = cnt / size
            p = overall[w] / n_docs_total
            scored.append((p_c * math.log(p_c / p), cnt, w))
        scored.sort(key=lambda t: (-t[0], -t[1], -len(t[2]), t[2]))
        out[c] = [w for s, _, w in scored[:n_terms] if s > 0]
    return out


def cluster_and_label(vectors: Any, texts: Sequence[str], method: str = "kmeans",
                      k: int | None = None, min_cluster_size: int | None = None) -> Clustering:
    labels = cluster_points(vectors, method, k, min_cluster_size)  # type: ignore[arg-type]
    terms = top_terms(texts, labels.tolist())
    sizes = Counter(int(v) for v in labels)
    names: dict[int, str] = {}
    for c in sorted(sizes):
        if c == NOISE:
            names[c] = "no cluster"
        else:
            words = terms.get(c) or []
            names[c] = f"{c}: " + (" / ".join(words) if words else "(no typical words)")
    return Clustering(method, labels, names, terms, dict(sizes))
