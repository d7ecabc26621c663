"""k nearest neighbours, model agreement (k-NN overlap) and translation retrieval."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.embeddings.neighbours import knn, knn_overlap, translation_retrieval


def test_knn_excludes_self_and_sorts_by_similarity() -> None:
    x = np.array([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9], [-1, 0]], dtype=np.float32)
    idx, sim = knn(x, 2)
    assert idx[0].tolist() == [1, 3] and idx[2].tolist() == [3, 1]
    assert (np.diff(sim, axis=1) <= 0).all()
    assert all(i not in row for i, row in enumerate(idx.tolist()))


def test_knn_for_queries_and_k_capped_at_n() -> None:
    x = np.eye(3, dtype=np.float32)
    idx, sim = knn(x, 10, queries=np.array([[0, 0.2, 1.0]]))
    assert idx.shape == (1, 3) and idx[0, 0] == 2 and sim[0, 0] == pytest.approx(0.98, abs=0.01)


def test_knn_overlap_is_one_for_the_same_space_and_low_for_unrelated() -> None:
    rng = np.random.default_rng(0)
    a = rng.normal(size=(200, 16))
    rows, same = knn_overlap(a, a * 3.0, k=5)
    assert len(rows) == 200 and same.min() == 1.0
    _, other = knn_overlap(a, rng.normal(size=(200, 16)), k=5)
    assert other.mean() < 0.15  # chance is 5/199


def test_knn_overlap_samples_large_inputs() -> None:
    rng = np.random.default_rng(1)
    a = rng.normal(size=(300, 8))
    rows, overlap = knn_overlap(a, a, k=3, max_points=50)
    assert len(rows) == len(overlap) == 50 and len(set(rows.tolist())) == 50


def test_translation_retrieval_counts_hits_per_language_pair() -> None:
    rng = np.random.default_rng(2)
    base = rng.normal(size=(10, 32))
    en = base
    fr = base + rng.normal(scale=0.05, size=base.shape)
    es = rng.normal(size=base.shape)  # a "model" that does not know Spanish at all
    vectors = np.vstack([en, fr, es])
    groups = list(range(10)) * 3
    langs = ["en"] * 10 + ["fr"] * 10 + ["es"] * 10
    scores = {(s.source, s.target): s for s in translation_retrieval(vectors, groups, langs)}
    assert scores[("en", "fr")].accuracy == 1.0 and scores[("en", "fr")].n == 10
    assert scores[("en", "es")].accuracy <= 0.3
    lo, hi = scores[("en", "fr")].ci
    assert lo < 1.0 == hi
