"""Exact and near-duplicate rows. Near duplicates: MinHash signatures over word 3-gram shingles
(character 5-grams for texts of fewer than 3 words), locality-sensitive hashing in bands to find
candidate pairs, then the candidates' Jaccard similarity computed exactly."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

NUM_PERM = 64
BANDS = 16  # 16 bands x 4 rows: pairs with Jaccard >= ~0.5 become candidates
THRESHOLD = 0.7
_PRIME = (1 << 61) - 1
_MAX_HASH = (1 << 32) - 1


@dataclass(frozen=True)
class DuplicateReport:
    exact_groups: tuple[tuple[int, ...], ...]
    near_groups: tuple[tuple[int, ...], ...]
    threshold: float

    @property
    def exact_rows(self) -> int:  # rows that repeat an earlier row
        return sum(len(g) - 1 for g in self.exact_groups)

    @property
    def near_rows(self) -> int:
        return sum(len(g) - 1 for g in self.near_groups)

    def to_json(self, max_groups: int = 20) -> dict:
        return {"exact": self.exact_rows, "exact_groups": len(self.exact_groups),
                "near": self.near_rows, "near_groups": len(self.near_groups),
                "near_threshold": self.threshold,
                "examples": {"exact": [list(g[:10]) for g in self.exact_groups[:max_groups]],
                             "near": [list(g[:10]) for g in self.near_groups[:max_groups]]}}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    if len(words) >= 3:
        grams = (" ".join(words[i:i + 3]) for i in range(len(words) - 2))
    else:
        s = " ".join(words)
        grams = (s[i:i + 5] for i in range(max(1, len(s) - 4)))
    return {zlib.crc32(g.encode("utf-8")) for g in grams}


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _signatures(sets: Sequence[set[int]]):
    import numpy as np

    rng = np.random.default_rng(1)
    a = rng.integers(1, _PRIME, size=NUM_PERM, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=NUM_PERM, dtype=np.uint64)
    sig = np.full((len(sets), NUM_PERM), _MAX_HASH, dtype=np.uint64)
    for i, s in enumerate(sets):
        if not s:
            continue
        h = np.fromiter(s, dtype=np.uint64, count=len(s))[:, None]
        # (a*h + b) mod 2^32 is enough for ranking; uint64 wraps, which is fine for hashing
        sig[i] = ((h * a + b) & np.uint64(_MAX_HASH)).min(axis=0)
    return sig


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[tuple[int, ...]]:
        out: dict[int, list[int]] = {}
        for x in self.parent:
            out.setdefault(self.find(x), []).append(x)
        return sorted((tuple(sorted(g)) for g in out.values() if len(g) > 1), key=lambda g: g[0])


def find_duplicates(texts: Sequence[str | None], threshold: float = THRESHOLD) -> DuplicateReport:
    exact: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        if t is not None and str(t).strip():
            exact.setdefault(normalise(str(t)), []).append(i)
    exact_groups = tuple(tuple(g) for g in exact.values() if len(g) > 1)
    # near duplicates among distinct texts (one representative per exact group)
    reps = [g[0] for g in exact.values()]
    sets = [shingles(str(texts[i])) for i in reps]
    uf = _UnionFind()
    if len(reps) > 1:
        sig = _signatures(sets)
        rows = NUM_PERM // BANDS
        for band in range(BANDS):
            buckets: dict[bytes, list[int]] = {}
            block = sig[:, band * rows:(band + 1) * rows]
            for k in range(len(reps)):
                if sets[k]:
                    buckets.setdefault(block[k].tobytes(), []).append(k)
            for members in buckets.values():
                if len(members) < 2 or len(members) > 500:
                    continue  # huge buckets are boilerplate; pairs inside are checked below
                first = members[0]
                for other in members[1:]:
                    if uf.find(first) != uf.find(other) and \
                            jaccard(sets[first], sets[other]) >= threshold:
                        uf.union(first, other)
    near_groups = tuple(tuple(reps[k] for k in g) for g in uf.groups())
    return DuplicateReport(exact_groups, near_groups, threshold)
