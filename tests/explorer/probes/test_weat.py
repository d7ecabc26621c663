"""WEAT effect size and p-value against an independent, loop-based reference computation."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from explorer.probes import weat


def _cos(u, v):
    dot = sum(a * b for a, b in zip(u, v))
    return dot / (math.sqrt(sum(a * a for a in u)) * math.sqrt(sum(b * b for b in v)))


def _s(w, A, B):
    return sum(_cos(w, a) for a in A) / len(A) - sum(_cos(w, b) for b in B) / len(B)


def reference(X, Y, A, B):
    """Caliskan et al. (2017): d and the exact permutation p, written out plainly, made two-sided
    (|statistic| at least as large as observed; the observed partition is one of those counted)."""
    sx = [_s(x, A, B) for x in X]
    sy = [_s(y, A, B) for y in Y]
    allv = sx + sy
    mean = sum(allv) / len(allv)
    std = math.sqrt(sum((v - mean) ** 2 for v in allv) / (len(allv) - 1))
    d = (sum(sx) / len(sx) - sum(sy) / len(sy)) / std
    observed = sum(sx) - sum(sy)
    words = list(X) + list(Y)
    bigger = total = 0
    for idx in itertools.combinations(range(len(words)), len(X)):
        xi = [words[i] for i in idx]
        yi = [words[i] for i in range(len(words)) if i not in idx]
        stat = sum(_s(w, A, B) for w in xi) - sum(_s(w, A, B) for w in yi)
        bigger += abs(stat) >= abs(observed) - 1e-9
        total += 1
    return d, bigger / total


@pytest.mark.parametrize("seed,shift", [(0, 0.0), (1, 0.8), (2, -0.5), (3, 2.0)])
def test_effect_size_and_p_value_match_reference(seed, shift) -> None:
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(5, 6)), rng.normal(size=(4, 6))
    direction = A.mean(0) - B.mean(0)
    X = rng.normal(size=(5, 6)) + shift * direction
    Y = rng.normal(size=(5, 6)) - shift * direction
    d_ref, p_ref = reference(X.tolist(), Y.tolist(), A.tolist(), B.tolist())
    assert weat.effect_size(X, Y, A, B) == pytest.approx(d_ref, rel=1e-9)
    assert weat.p_value(X, Y, A, B) == pytest.approx(p_ref, abs=1e-12)
    assert p_ref >= 2 / math.comb(10, 5)  # never 0: the observed split and its mirror count


def test_strong_association_gives_large_d_and_small_p() -> None:
    rng = np.random.default_rng(5)
    A, B = rng.normal(size=(6, 8)) + 3, rng.normal(size=(6, 8)) - 3
    X, Y = rng.normal(size=(6, 8)) + 3, rng.normal(size=(6, 8)) - 3
    assert weat.effect_size(X, Y, A, B) > 1.5
    assert weat.p_value(X, Y, A, B) < 0.01
    assert weat.effect_size(Y, X, A, B) == pytest.approx(-weat.effect_size(X, Y, A, B))
    # two-sided: swapping the targets flips d but keeps the evidence (it was p = 0.98+ before)
    assert weat.p_value(Y, X, A, B) < 0.01


def test_sampled_p_value_is_close_to_exact() -> None:
    rng = np.random.default_rng(9)
    A, B = rng.normal(size=(5, 6)), rng.normal(size=(5, 6))
    X, Y = rng.normal(size=(8, 6)) + 0.3, rng.normal(size=(8, 6))
    exact = weat.p_value(X, Y, A, B, n_perm=20000)  # C(16, 8) = 12870: enumerated
    sampled = weat.p_value(X, Y, A, B, n_perm=3000)
    assert sampled == pytest.approx(exact, abs=0.03)


@pytest.mark.slow
def test_weat_on_a_registry_model_uses_its_vectors() -> None:
    from glasshouse.models import load
    from explorer.probes.registry import get

    probe = get("weat")
    params = probe.default_params("en")
    result = probe.run(params, "minilm-en")
    emb = load("minilm-en")
    vec = lambda ws: np.asarray(emb.encode(ws), dtype=float)  # noqa: E731
    X, Y = vec(params.target_x).tolist(), vec(params.target_y).tolist()
    A, B = vec(params.attribute_a).tolist(), vec(params.attribute_b).tolist()
    sx, sy = [_s(x, A, B) for x in X], [_s(y, A, B) for y in Y]
    d_ref = (np.mean(sx) - np.mean(sy)) / np.std(sx + sy, ddof=1)
    assert result.effect == pytest.approx(d_ref, rel=1e-5)
    assert result.n == len(params.target_x) + len(params.target_y)
    assert 0 < result.p_value < 1
