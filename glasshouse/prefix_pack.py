"""Packing token sequences that share prefixes into rows of a prefix tree, for scoring them
with a causal LM in one forward pass without computing any shared prefix twice.

A sentence's log-probability is a sum over its tokens of log p(token | the tokens before it).
Two sentences that start with the same tokens ask the model the same questions for that
prefix, so each row here holds a prefix tree: every distinct prefix is ONE position, at the
position id of its depth, and may attend to its ancestors only (a tree attention mask), which
gives every position exactly the hidden state it has in a plain left-to-right pass over its own
sentence. A sentence's last token is only ever a target (nothing is predicted after it), so it
takes no position at all.

Pure Python and numpy; the model code lives in glasshouse.models.CausalLM.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PackedRows:
    """Rows of prefix-tree positions and the scored edges between them.

    tokens[r][j] is the input token at position j of row r, depth[r][j] its position id and
    parent[r][j] the position of its parent in the same row (-1 for a root). Each edge
    (sentence, row, position, target) says: log p(target | the prefix ending at that position)
    is one term of that sentence's log-probability."""

    tokens: tuple[tuple[int, ...], ...]
    depth: tuple[tuple[int, ...], ...]
    parent: tuple[tuple[int, ...], ...]
    edges: tuple[tuple[int, int, int, int], ...]

    @property
    def width(self) -> int:
        return max((len(t) for t in self.tokens), default=0)

    @property
    def positions(self) -> int:
        """Positions in all rows together (what the model computes, padding aside)."""
        return sum(len(t) for t in self.tokens)

    def attention_mask(self) -> np.ndarray:
        """[rows, width, width] booleans: position i may attend to j iff j is i or an
        ancestor of i. A padding position attends to itself only (its output is unused)."""
        width = self.width
        mask = np.zeros((len(self.tokens), width, width), dtype=bool)
        for r, parents in enumerate(self.parent):
            for i, p in enumerate(parents):
                if p >= 0:
                    mask[r, i] = mask[r, p]
                mask[r, i, i] = True
            for i in range(len(parents), width):
                mask[r, i, i] = True
        return mask


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def pack(seqs: Sequence[Sequence[int]], max_row: int = 512) -> PackedRows:
    """Pack token sequences (each already starting with its start token) into prefix-tree rows
    of at most about `max_row` positions (a single long sequence may need more); when more
    than one row is needed, the rows get about equal numbers of positions, since every row
    is padded to the longest.

    Sequences are best given sorted (lexicographically by token ids), so that those sharing a
    prefix are next to each other: a prefix is shared with the previous sequence of the same
    row only. Edge sentence indices refer to positions in `seqs`."""
    max_row = max(1, int(max_row))
    # positions each sequence adds after the previous one (in one row)
    adds, prev = [], ()
    for seq in seqs:
        internal = max(len(seq) - 1, 0)
        adds.append(internal - min(_common_prefix(prev, seq), max(len(prev) - 1, 0), internal))
        if internal:
            prev = seq
    n_rows = max(1, -(-sum(adds) // max_row))
    target = sum(adds) / n_rows
    # row of each sequence: split where the running total passes k * target
    row_of, running = [], 0
    for add in adds:
        row_of.append(min(int(running // target) if target else 0, n_rows - 1))
        running += add

    rows_tok: list[list[int]] = [[] for _ in range(n_rows)]
    rows_dep: list[list[int]] = [[] for _ in range(n_rows)]
    rows_par: list[list[int]] = [[] for _ in range(n_rows)]
    edges: list[tuple[int, int, int, int]] = []
    prev, prev_pos, prev_row = (), [], -1  # prev_pos[d]: position of prev[d] in its row
    for index, (seq, row) in enumerate(zip(seqs, row_of)):
        internal = max(len(seq) - 1, 0)  # positions that predict a next token
        if internal == 0:
            continue  # nothing to score: an empty sequence or the start token alone
        shared = min(_common_prefix(prev, seq), len(prev_pos)) if row == prev_row else 0
        tok, dep, par = rows_tok[row], rows_dep[row], rows_par[row]
        pos = prev_pos[:shared]
        for d in range(shared, internal):
            par.append(pos[d - 1] if d > 0 else -1)
            pos.append(len(tok))
            tok.append(int(seq[d]))
            dep.append(d)
        for d in range(1, len(seq)):
            edges.append((index, row, pos[d - 1], int(seq[d])))
        prev, prev_pos, prev_row = seq, pos, row
    keep = [r for r in range(n_rows) if rows_tok[r]]
    renumber = {r: k for k, r in enumerate(keep)}
    return PackedRows(tuple(tuple(rows_tok[r]) for r in keep),
                      tuple(tuple(rows_dep[r]) for r in keep),
                      tuple(tuple(rows_par[r]) for r in keep),
                      tuple((i, renumber[r], p, t) for i, r, p, t in edges))
