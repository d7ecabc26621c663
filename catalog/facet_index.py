"""An in-memory copy of the full-text index's facet tags and name order, for fast facet counts
and paging over large hit sets.

Counting facets by reading the `tags` of 50,000 hits out of the full-text table takes about half
a second; with this index the full-text engine only returns the hits' keys (SQLite rowid,
PostgreSQL entry id) and the counts are one sparse row-sum. The index is rebuilt when the
database's full-text index has changed since it was built, detected by a signature read in the
same transaction as the hits; while the copy is out of date, searches with few hits
(catalog.search.DIRECT_MAX) are answered from the full-text table alone and only a search with
many hits rebuilds it: on SQLite the FTS5 structure record (it changes on every write:
its write counter only grows) plus the newest history row; on PostgreSQL the newest history
row (id and time: every service write adds one in the same transaction, and writes commit one
at a time, so history ids follow commit order). Rebuilding costs one read of
the whole index (about 0.4 s at 100k entries on 2 cores).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from catalog.fulltext import fetch_rows, parse_token, token

if TYPE_CHECKING:
    import numpy as np

_cache: dict[str, FacetIndex] = {}


class IndexChanged(RuntimeError):
    """Hits were read from a newer index than the copy (PostgreSQL read committed)."""
_lock = threading.Lock()


@dataclass(frozen=True)
class FacetIndex:
    signature: tuple[Any, ...]
    keys: np.ndarray  # sorted: SQLite rowids (int64) or entry ids (str)
    entry_ids: np.ndarray  # entry id per position (object)
    name_rank: np.ndarray  # position of each row in (name, entry id) order
    by_name: np.ndarray  # positions in (name, entry id) order
    matrix: Any  # scipy CSR, rows x facet tokens, 1 where the row has the token
    columns: list[tuple[str, str]]  # (facet, value) of each matrix column
    totals: np.ndarray  # column sums (every entry)
    by_token: dict[str, int]  # facet token -> matrix column
    csc: Any  # the same matrix by column, sorted row indices: rows having a token
    names: np.ndarray  # (name, entry id) per position (object): the sort key of name order

    def _columns(self, tokens: list[str | tuple[str, ...]]) -> list[list[int]] | None:
        """Per filter, the matrix columns of its alternatives (None: a filter no entry has)."""
        out = []
        for t in tokens:
            cols = [c for a in (t if isinstance(t, tuple) else (t,))
                    if (c := self.by_token.get(a)) is not None]
            if not cols:
                return None
            out.append(cols)
        return out

    def _rows_of(self, cols: list[int]) -> np.ndarray:
        import numpy as np

        parts = [self.csc.indices[self.csc.indptr[c]:self.csc.indptr[c + 1]] for c in cols]
        return parts[0] if len(parts) == 1 else np.unique(np.concatenate(parts))

    def rows_with(self, tokens: list[str | tuple[str, ...]]) -> np.ndarray:
        """Positions, in key order, of the rows that match every facet filter (a token, or a
        tuple of alternative tokens)."""
        import numpy as np

        groups = self._columns(tokens)
        if groups is None:  # a value no entry has
            return np.zeros(0, dtype=np.int64)
        sets = sorted((self._rows_of(cols) for cols in groups), key=len)
        rows = sets[0] if sets else np.arange(len(self.keys))
        for other in sets[1:]:
            rows = np.intersect1d(rows, other, assume_unique=True)
        return rows.astype(np.int64)

    def has_all(self, positions: np.ndarray, tokens: list[str | tuple[str, ...]]
                ) -> np.ndarray:
        """For each position, whether its row matches every facet filter."""
        import numpy as np

        groups = self._columns(tokens)
        if groups is None:
            return np.zeros(len(positions), dtype=bool)
        keep = np.ones(len(positions), dtype=bool)
        if not groups:
            return keep
        sub = self.matrix[positions]
        if all(len(cols) == 1 for cols in groups):  # plain tokens: one slice
            return np.diff(sub[:, [c[0] for c in groups]].indptr) == len(groups)
        for cols in groups:
            keep &= np.diff(sub[:, cols].indptr) > 0
        return keep

    def positions(self, keys: list[Any]) -> np.ndarray:
        import numpy as np

        arr = np.asarray(keys, dtype=self.keys.dtype)
        pos = np.searchsorted(self.keys, arr)
        pos = np.minimum(pos, len(self.keys) - 1)
        if len(arr) and not np.array_equal(self.keys[pos], arr):
            raise IndexChanged("full-text index changed while it was read")
        return pos

    def counts(self, positions: np.ndarray | None) -> dict[str, dict[str, int]]:
        """facet -> {value: hits}, most frequent first (positions None: every entry)."""
        import numpy as np

        sums = self.totals if positions is None else np.asarray(
            self.matrix[positions].sum(axis=0)).ravel()
        out: dict[str, dict[str, int]] = {}
        for col in sorted(np.flatnonzero(sums), key=lambda c: (-sums[c], self.columns[c][1])):
            facet, value = self.columns[col]
            out.setdefault(facet, {})[value] = int(sums[col])
        return out


def _signature(s: Session, sqlite: bool) -> tuple[Any, ...]:
    # the newest history row's id AND time: ids restart after a TRUNCATE ... RESTART IDENTITY
    # (a wiped and reloaded database), its time does not repeat
    newest = tuple(s.execute(text(
        "SELECT id, at FROM catalog_history ORDER BY id DESC LIMIT 1")).first() or ())
    if sqlite:
        structure = s.execute(text(
            "SELECT block FROM catalog_entries_fts_data WHERE id = 10")).scalar()
        return newest, bytes(structure or b"")
    return (newest,)  # catalog writes commit one at a time (catalog.service._writing)


def current(s: Session, url: str, sqlite: bool) -> FacetIndex | None:
    """The cached index for the database at `url` if it is up to date as of the transaction of
    `s`, else None."""
    got = _cache.get(url)
    return got if got is not None and got.signature == _signature(s, sqlite) else None


def rebuild(s: Session, url: str, sqlite: bool) -> FacetIndex:
    """The index as of the transaction of `s`, cached: the cached one patched with the entries
    changed since (when they are few and the history goes on from it), else built anew."""
    sig = _signature(s, sqlite)
    with _lock:
        old = _cache.get(url)
        if old is not None and old.signature == sig:
            return old
        got = (_patch(s, old, sig, sqlite) if old is not None else None) or \
            _build(s, sig, sqlite)
        _cache[url] = got
    return got


def facet_counts(tag_texts: Any) -> dict[str, dict[str, int]]:
    """The same counts as FacetIndex.counts, straight from the hits' tags (for few hits)."""
    from collections import Counter

    by_token: Counter[str] = Counter()
    for tags in tag_texts:
        by_token.update(tags.split())
    out: dict[str, dict[str, int]] = {}
    parsed = [(p, n) for tok, n in by_token.items() if (p := parse_token(tok))]
    for (facet, value), n in sorted(parsed, key=lambda pn: (-pn[1], pn[0][1])):
        out.setdefault(facet, {})[value] = n
    return out


def _build(s: Session, sig: tuple[Any, ...], sqlite: bool) -> FacetIndex:
    import numpy as np

    # key order: rowid is SQLite's table order; "C" collation is Python's string order
    key_col, order = ("rowid", "rowid") if sqlite else ("entry_id", 'entry_id COLLATE "C"')
    sql = f"SELECT {key_col}, entry_id, name, tags FROM catalog_entries_fts ORDER BY {order}"
    rows = fetch_rows(s, sqlite, sql)
    n = len(rows)
    keys = np.array([r[0] for r in rows], dtype=np.int64 if sqlite else object)
    entry_ids = _objects([r[1] for r in rows])
    names = [(r[2], r[1]) for r in rows]
    by_name = np.array(sorted(range(n), key=names.__getitem__), dtype=np.int64)
    matrix, columns = _tag_matrix([r[3] for r in rows])
    return _assemble(sig, keys, entry_ids, _objects(names), by_name, matrix, columns)


def _objects(items: list[Any]) -> np.ndarray:
    import numpy as np

    return np.fromiter(items, dtype=object, count=len(items))


def _assemble(sig: tuple[Any, ...], keys: np.ndarray, entry_ids: np.ndarray, names: np.ndarray,
              by_name: np.ndarray, matrix: Any, columns: list[tuple[str, str]]) -> FacetIndex:
    import numpy as np

    name_rank = np.empty(len(keys), dtype=np.int64)
    name_rank[by_name] = np.arange(len(keys))
    totals = np.asarray(matrix.sum(axis=0)).ravel()
    by_token = {token(facet, value): i for i, (facet, value) in enumerate(columns)}
    csc = matrix.tocsc()
    csc.sort_indices()
    return FacetIndex(sig, keys, entry_ids, name_rank, by_name, matrix, columns, totals,
                      by_token, csc, names)


PATCH_MAX = 1000  # more changed entries than this since the cached index: build anew


def _patch(s: Session, old: FacetIndex, sig: tuple[Any, ...],
           sqlite: bool) -> FacetIndex | None:
    """`old` with the rows of the entries changed since it was built replaced by their current
    rows (deleted entries: removed). None when that is not safe or not worth it: the history
    does not go on from `old` (a wiped or restored database) or too many entries changed."""
    import bisect

    import numpy as np
    from scipy.sparse import csr_matrix, vstack

    from catalog.fulltext import sqlite_rowid

    if not old.signature[0] or not sig[0]:
        return None
    old_id, old_at = old.signature[0]
    if s.execute(text("SELECT at FROM catalog_history WHERE id = :i"),
                 {"i": old_id}).scalar() != old_at:
        return None
    changed = list(s.execute(text(
        "SELECT DISTINCT entry_id FROM catalog_history WHERE id > :i LIMIT :m"),
        {"i": old_id, "m": PATCH_MAX + 1}).scalars())
    if len(changed) > PATCH_MAX:
        return None
    changed_keys = [sqlite_rowid(e) for e in changed] if sqlite else changed
    rows: list[tuple[Any, ...]] = []
    key_col = "rowid" if sqlite else "entry_id"
    for i in range(0, len(changed_keys), 500):
        marks = {f"k{j}": k for j, k in enumerate(changed_keys[i:i + 500])}
        rows += [tuple(r) for r in s.execute(text(
            f"SELECT {key_col}, entry_id, name, tags FROM catalog_entries_fts "
            f"WHERE {key_col} IN ({', '.join(':' + m for m in marks)})"), marks)]
    n = len(old.keys)
    # drop the old rows of every changed entry
    ck = np.asarray(changed_keys, dtype=old.keys.dtype)
    pos = np.minimum(np.searchsorted(old.keys, ck), max(n - 1, 0))
    keep = np.ones(n, dtype=bool)
    if n:
        keep[pos[old.keys[pos] == ck]] = False
    kept = np.flatnonzero(keep)
    # combined = kept old rows, then the fetched rows; `perm` puts them in key order
    new_keys = np.asarray([r[0] for r in rows], dtype=old.keys.dtype)
    all_keys = np.concatenate([old.keys[kept], new_keys])
    perm = np.argsort(all_keys, kind="stable")
    final_of = np.empty(len(perm), dtype=np.int64)
    final_of[perm] = np.arange(len(perm))
    # name order: kept rows keep theirs, fetched rows go in by binary search
    combined_of_old = np.full(n, -1, dtype=np.int64)
    combined_of_old[kept] = np.arange(len(kept))
    kept_by_name = combined_of_old[old.by_name]
    kept_by_name = kept_by_name[kept_by_name >= 0]
    sorted_names = old.names[old.by_name[keep[old.by_name]]]
    new_names = sorted(((r[2], r[1]), len(kept) + i) for i, r in enumerate(rows))
    at = [bisect.bisect_left(sorted_names, nm) for nm, _ in new_names]
    merged = np.insert(kept_by_name, at, [ci for _, ci in new_names]).astype(np.int64)
    # tags: the fetched rows' tokens in the old columns, new values in new columns
    new_m, columns = _tag_matrix([r[3] for r in rows], old.columns)
    width = len(columns)
    kept_m = old.matrix[kept]
    kept_m = csr_matrix((kept_m.data, kept_m.indices, kept_m.indptr), shape=(len(kept), width))
    matrix = vstack([kept_m, new_m], format="csr")[perm]
    entry_ids = np.concatenate([old.entry_ids[kept], _objects([r[1] for r in rows])])[perm]
    names = np.concatenate([old.names[kept], _objects([(r[2], r[1]) for r in rows])])[perm]
    return _assemble(sig, all_keys[perm], entry_ids, names, final_of[merged], matrix, columns)


def _tag_matrix(tag_texts: list[str], known: list[tuple[str, str]] | None = None,
                ) -> tuple[Any, list[tuple[str, str]]]:
    """CSR matrix (rows x facet tokens) and the (facet, value) of each column: the `known`
    columns first, in their order, then the values they lack, in order of first appearance."""
    import numpy as np
    import pandas as pd
    from scipy.sparse import csr_matrix

    lengths = np.fromiter((t.count(" ") + 1 if t else 0 for t in tag_texts), dtype=np.int64,
                          count=len(tag_texts))
    codes, uniques = pd.factorize(pd.Series(" ".join(tag_texts).split(), dtype=object))
    columns = list(known or [])
    column_of = {token(facet, value): i for i, (facet, value) in enumerate(columns)}
    col_of_unique = np.full(len(uniques), -1, dtype=np.int64)  # -1: not a facet token
    for i, tok in enumerate(uniques):
        col = column_of.get(tok)
        if col is None and (parsed := parse_token(tok)) is not None:
            col = column_of[tok] = len(columns)
            columns.append(parsed)
        if col is not None:
            col_of_unique[i] = col
    cols = col_of_unique[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    # tokens that are not facets (none are written today) get a 0 in column 0, dropped below
    matrix = csr_matrix(((cols >= 0).astype(np.int32), np.maximum(cols, 0).astype(np.int32),
                         indptr), shape=(len(tag_texts), max(len(columns), 1)))
    matrix.eliminate_zeros()
    return matrix[:, :len(columns)].tocsr(), columns
