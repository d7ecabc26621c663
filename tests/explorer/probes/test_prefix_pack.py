"""Packing sentences into prefix-tree rows: every scored token is one edge from the position of
its prefix, a shared prefix takes one position per row, and the attention mask lets a position
see exactly its own prefix."""

from __future__ import annotations

import random

import numpy as np
import pytest

from glasshouse.prefix_pack import pack

S = 0  # start token

SEQS = sorted([
    [S, 5, 6, 7, 8],
    [S, 5, 6, 7, 9, 10],
    [S, 5, 6],            # a prefix of the two above
    [S, 5, 6],            # the same sentence twice
    [S, 11],              # one token after the start token
    [S],                  # nothing to score
    [S, 12, 13, 14],
])


def prefix_of(packed, row: int, position: int) -> list[int]:
    """The tokens from the root to a position, followed through the parents."""
    out = []
    while position >= 0:
        out.append(packed.tokens[row][position])
        position = packed.parent[row][position]
    return out[::-1]


def check_edges(seqs, packed) -> None:
    """Edge k of a sentence predicts its token k+1 from the position holding tokens 0..k."""
    by_sentence: dict[int, list[tuple[int, int, int]]] = {}
    for index, row, position, target in packed.edges:
        by_sentence.setdefault(index, []).append((row, position, target))
    for index, seq in enumerate(seqs):
        edges = by_sentence.get(index, [])
        assert [t for _, _, t in edges] == list(seq[1:])
        for k, (row, position, _) in enumerate(edges):
            assert prefix_of(packed, row, position) == list(seq[:k + 1])
            assert packed.depth[row][position] == k


def test_every_token_is_scored_once_from_its_own_prefix() -> None:
    packed = pack(SEQS)
    check_edges(SEQS, packed)
    assert len(packed.edges) == sum(len(s) - 1 for s in SEQS)


def test_shared_prefixes_take_one_position_and_last_tokens_none() -> None:
    packed = pack(SEQS)
    assert len(packed.tokens) == 1
    # distinct prefixes that predict a next token: S; S5; S56; S567; S5679; S12; S12 13
    assert packed.positions == 7
    assert sorted(packed.tokens[0]) == sorted([S, 5, 6, 7, 9, 12, 13])
    # a plain pass per sentence feeds 24 positions (every token, the last ones included)
    assert sum(len(s) for s in SEQS) == 24


def test_mask_lets_a_position_see_exactly_its_prefix() -> None:
    packed = pack(SEQS)
    mask = packed.attention_mask()
    for row in range(len(packed.tokens)):
        for i in range(len(packed.tokens[row])):
            ancestors = set()
            j = i
            while j >= 0:
                ancestors.add(j)
                j = packed.parent[row][j]
            assert set(np.flatnonzero(mask[row, i])) == ancestors


@pytest.mark.parametrize("max_row", [3, 8, 20, 1000])
def test_rows_split_evenly_and_every_row_holds_its_own_prefixes(max_row) -> None:
    rng = random.Random(max_row)
    seqs = sorted([S] + [rng.choice([1, 2, 3]) for _ in range(rng.randint(0, 9))]
                  for _ in range(60))
    packed = pack(seqs, max_row)
    check_edges(seqs, packed)
    lengths = [len(t) for t in packed.tokens]
    if max_row < 1000:
        assert len(lengths) > 1
    # rows stay near the cap and near each other (a row re-holds the prefix it starts in)
    longest = max(len(s) for s in seqs)
    assert max(lengths) <= max_row + longest
    assert max(lengths) - min(lengths) <= 2 * longest
    # padding positions attend to themselves only
    mask = packed.attention_mask()
    for row, n in enumerate(lengths):
        for i in range(n, packed.width):
            assert list(np.flatnonzero(mask[row, i])) == [i]


def test_nothing_to_score_gives_no_rows() -> None:
    packed = pack([[S], []])
    assert packed.tokens == () and packed.edges == ()
