"""Batch-in/batch-out steps and the partial results that merge.

Each step takes a batch of rows (a pandas DataFrame, the rows of one unit) and returns per-row
results for that batch; none of them looks at other batches, so the same function runs
in-process, in a worker process or inside a Ray actor. What must see the whole corpus is kept
as partial aggregates (`StatsPartial`, `ScanPartial`) whose `merge` is exact: merged in unit
order, they give the numbers the in-memory scan (explorer.datasets.profile) gives.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from explorer.datasets import duplicates as dup
from explorer.datasets import column_stats as stats

_MULTIWORD = re.compile(r"\s\S+\s")
N_BANDS = dup.BANDS
_MIX = 0x9E3779B97F4A7C15


# ------------------------------------------------------------------ per-row steps


def texts_of(frame: Any, column: str) -> list[str | None]:
    """The column's values as the in-memory scan sees them (None for missing)."""
    if column not in frame.columns:
        return [None] * len(frame)
    return [None if v is None or (isinstance(v, float) and v != v) else str(v)
            for v in frame[column].tolist()]


def language_ids(texts: Sequence[str | None], candidates: Sequence[str]) -> Any:
    """Per row: language tag ('und' when too short), confidence, mixed-language flag."""
    import pandas as pd

    from explorer.datasets import languages as lid

    rep = lid.detect(texts, tuple(candidates), narrow=False)  # narrowed once on the sample
    return pd.DataFrame({"language": list(rep.tags), "confidence": list(rep.confidence),
                         "mixed": list(rep.mixed)})


def pii_findings(frame: Any, languages: Sequence[str], columns: Sequence[tuple[str, bool]],
                 pii_languages: Sequence[str], first_row: int = 0) -> list[Any]:
    """PII reports (explorer.datasets.pii.PiiReport, rows numbered from `first_row`), one per
    column of `columns` ((name, use NER) pairs), each row routed to its language; the scan
    merges them with pii.merge (findings, pattern-only rows, per-row notes)."""
    from explorer.datasets.pii import scan_texts

    return [scan_texts(texts_of(frame, col), list(languages), pii_languages=pii_languages,
                       column=col, ner=ner, row_offset=first_row) for col, ner in columns]


def _mix64(values: Any) -> Any:
    """Hash each row of a (n, k) uint64 array to one uint64 (multiply-xorshift)."""
    import numpy as np

    h = np.zeros(values.shape[0], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(values.shape[1]):
            h = (h ^ values[:, j]) * np.uint64(_MIX)
            h ^= h >> np.uint64(29)
    return h


def exact_key(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(dup.normalise(text).encode("utf-8"),
                                          digest_size=8).digest(), "little")


def duplicate_keys(texts: Sequence[str | None], first_row: int = 0) -> tuple[Any, Any, Any]:
    """For rows with text: (global rows, exact-text keys, MinHash band keys (n, bands)).

    Band keys hash the same MinHash signature rows the in-memory scan buckets on, so rows
    share a band key exactly when they share that band's bucket (up to 64-bit collisions)."""
    import numpy as np

    idx = [i for i, t in enumerate(texts) if t is not None and str(t).strip()]
    rows = np.asarray(idx, dtype=np.int64) + first_row
    keys = np.asarray([exact_key(str(texts[i])) for i in idx], dtype=np.uint64)
    if not idx:
        return rows, keys, np.zeros((0, N_BANDS), dtype=np.uint64)
    sig = dup._signatures([dup.shingles(str(texts[i])) for i in idx])
    per = dup.NUM_PERM // N_BANDS
    bands = np.stack([_mix64(sig[:, b * per:(b + 1) * per]) for b in range(N_BANDS)], axis=1)
    return rows, keys, bands


def embed_batch(texts: Sequence[str], embedder: Any, batch_size: int = 64) -> Any:
    """(n, dim) float32 L2-normalised vectors from a registry embedder."""
    import numpy as np

    return np.asarray(embedder.encode(list(texts), batch_size=batch_size), dtype=np.float32)


# ------------------------------------------------------------------ statistics partials


def _value_hashes(values: Any, numeric: bool) -> Any:
    import numpy as np
    import pandas as pd

    if len(values) == 0:
        return np.zeros(0, dtype=np.uint64)
    if numeric:
        h = pd.util.hash_pandas_object(values.astype(float), index=False).to_numpy()
    else:
        as_key = values.map(lambda v: f"n{float(v)!r}" if isinstance(v, (int, float))
                            and not isinstance(v, bool) else f"s{v}")
        h = pd.util.hash_pandas_object(as_key, index=False).to_numpy()
    return np.unique(h.astype(np.uint64))


def _dtype_class(values: Any) -> str:
    import pandas as pd

    if len(values) == 0:
        return "empty"
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind == "boolean":
        return "boolean"
    if kind in ("integer", "floating", "mixed-integer-float", "decimal"):
        return "number"
    return "other"


@dataclass
class ColumnPartial:
    nonnull: int = 0
    classes: set[str] = field(default_factory=set)
    str_len_sum: int = 0
    multiword: int = 0
    hashes: Any = None  # sorted unique uint64 value hashes
    pending: list[Any] = field(default_factory=list)  # hash arrays not yet folded in
    num_count: int = 0
    num_sum: float = 0.0
    num_min: float = float("inf")
    num_max: float = float("-inf")
    examples: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, series: Any) -> ColumnPartial:
        values = series.dropna()
        part = cls(nonnull=len(values))
        cls_ = _dtype_class(values)
        if cls_ != "empty":
            part.classes.add(cls_)
        as_text = values.astype(str)
        part.str_len_sum = int(as_text.str.len().sum())
        part.multiword = int(as_text.str.contains(_MULTIWORD, regex=True).sum())
        part.hashes = _value_hashes(values, cls_ == "number")
        if cls_ == "number":
            v = values.astype(float)
            part.num_count, part.num_sum = len(v), float(v.sum())
            part.num_min, part.num_max = float(v.min()), float(v.max())
        part.examples = [str(x)[:60] for x in as_text.head(3)]
        return part

    def merge(self, other: ColumnPartial) -> None:
        import numpy as np

        self.nonnull += other.nonnull
        self.classes |= other.classes
        self.str_len_sum += other.str_len_sum
        self.multiword += other.multiword
        self.num_count += other.num_count
        self.num_sum += other.num_sum
        self.num_min = min(self.num_min, other.num_min)
        self.num_max = max(self.num_max, other.num_max)
        if len(self.examples) < 3:
            self.examples += other.examples[:3 - len(self.examples)]
        self.pending += ([other.hashes] if other.hashes is not None else []) + other.pending
        # fold pending hashes in when they outgrow the folded set (amortised linear time)
        if sum(len(h) for h in self.pending) > max(65_536, 0 if self.hashes is None
                                                   else len(self.hashes)):
            self._fold(np)

    def _fold(self, np: Any) -> None:
        parts = ([self.hashes] if self.hashes is not None else []) + self.pending
        self.hashes = np.unique(np.concatenate(parts)) if parts else None
        self.pending = []

    def kind(self, n_rows: int) -> str:
        """As stats.column_kind decides on the whole column."""
        if self.nonnull == 0:
            return "empty"
        if self.classes == {"boolean"} and self.nonnull == n_rows:
            return "boolean"
        if self.classes == {"number"}:
            return "number"
        if self.str_len_sum / self.nonnull >= 25 or self.multiword / self.nonnull > .5:
            return "text"
        return "category"

    def finish(self, name: str, n_rows: int) -> stats.ColumnStats:
        import numpy as np

        self._fold(np)
        kind = self.kind(n_rows)
        numeric = None
        if kind == "number" and self.num_count:
            numeric = {"min": self.num_min, "max": self.num_max,
                       "mean": round(self.num_sum / self.num_count, 4)}
        unique = 0 if self.hashes is None else int(len(self.hashes))
        return stats.ColumnStats(name, kind, n_rows - self.nonnull, unique,
                                 tuple(self.examples), numeric)


def distribution_from_counts(counts: Counter) -> stats.Distribution:
    """stats.distribution over the multiset {value: count}, without expanding it."""
    import numpy as np

    n = sum(counts.values())
    if n == 0:
        return stats.Distribution(0, 0, 0, 0, 0, 0, ())
    values = np.asarray(sorted(counts), dtype=float)
    weights = np.asarray([counts[v] for v in sorted(counts)], dtype=float)
    hist, edges = np.histogram(values, bins=min(20, max(1, len(values))), weights=weights)
    cum = np.cumsum(weights)

    def kth(k: int) -> float:  # k-th smallest value (0-based)
        return float(values[int(np.searchsorted(cum, k + 1))])

    def percentile(q: float) -> float:
        pos = q / 100 * (n - 1)
        lo = int(np.floor(pos))
        a, b = kth(lo), kth(min(lo + 1, n - 1))
        return float(a + (b - a) * (pos - lo))

    mean = float((values * weights).sum() / n)
    return stats.Distribution(
        int(n), float(values[0]), float(values[-1]), mean, percentile(50), percentile(95),
        tuple((float(edges[i]), float(edges[i + 1]), int(round(c))) for i, c in enumerate(hist)))


@dataclass
class StatsPartial:
    """Column statistics, text lengths, vocabulary and labels of some rows."""

    n_rows: int = 0
    columns: dict[str, ColumnPartial] = field(default_factory=dict)
    char_lengths: Counter = field(default_factory=Counter)
    token_lengths: Counter = field(default_factory=Counter)
    vocabulary: Counter = field(default_factory=Counter)
    content: Counter = field(default_factory=Counter)  # top-term candidates (content words)
    content_rows: Counter = field(default_factory=Counter)  # rows each content word occurs in
    labels: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, frame: Any, text_column: str, label_column: str | None,
           texts: Sequence[str | None] | None = None,
           languages: Sequence[str] | None = None,
           vocabulary_texts: Sequence[str | None] | None = None) -> StatsPartial:
        """`languages`: each row's detected language (its function words are left out of the
        top terms); `vocabulary_texts`: the texts with PII blanked (explorer.datasets.pii_mask),
        for the word counts; lengths come from `texts`."""
        from explorer.datasets.pii_mask import count_vocabulary

        part = cls(n_rows=len(frame))
        for col in frame.columns:
            part.columns[str(col)] = ColumnPartial.of(frame[col])
        texts = texts if texts is not None else texts_of(frame, text_column)
        for t in texts:
            if t is None:
                continue
            tokens = stats.tokenize(t)
            part.char_lengths[len(t)] += 1
            part.token_lengths[len(tokens)] += 1
        counts, content, rows = count_vocabulary(
            vocabulary_texts if vocabulary_texts is not None else texts, languages)
        part.vocabulary.update(counts)
        part.content.update(content)
        part.content_rows.update(rows)
        if label_column and label_column in frame.columns:
            part.labels.update(frame[label_column].dropna().astype(str).tolist())
        return part

    def merge(self, other: StatsPartial) -> None:
        """Fold in the partial of the rows that come next (order matters only for ties)."""
        self.n_rows += other.n_rows
        for name, col in other.columns.items():
            if name in self.columns:
                self.columns[name].merge(col)
            else:
                self.columns[name] = col
        self.char_lengths.update(other.char_lengths)
        self.token_lengths.update(other.token_lengths)
        self.vocabulary.update(other.vocabulary)
        self.content.update(other.content)
        self.content_rows.update(other.content_rows)
        self.labels.update(other.labels)

    def column_stats(self) -> dict[str, stats.ColumnStats]:
        return {name: c.finish(name, self.n_rows) for name, c in self.columns.items()}

    def vocabulary_report(self, top: int = 25) -> stats.Vocabulary:
        """As the in-memory scan: PII blanked, function words of each row's language left out,
        only safe words in >= 3 rows listed."""
        from explorer.datasets.pii_mask import listed_vocabulary

        return listed_vocabulary(self.vocabulary, self.content, self.content_rows, top=top)

    def label_report(self) -> dict[str, int]:
        ordered = self.labels.most_common()
        out = {k: v for k, v in ordered[:stats.MAX_LABELS]}
        if len(ordered) > stats.MAX_LABELS:
            out["(other)"] = sum(v for _, v in ordered[stats.MAX_LABELS:])
        return out


@dataclass
class ScanPartial:
    """Everything a scan keeps from some rows: statistics, language counts, PII findings and
    duplicate keys (small per row; the texts themselves are not kept)."""

    stats: StatsPartial
    languages: Counter
    mixed_rows: int
    findings: list[Any]  # PiiReports of the rows (see pii_findings)
    dup_rows: list[Any]  # one array per unit: global rows with text
    dup_keys: list[Any]  # ... their exact-text keys
    dup_bands: list[Any]  # ... their MinHash band keys (n, bands)

    def merge(self, other: ScanPartial) -> None:
        self.stats.merge(other.stats)
        self.languages.update(other.languages)
        self.mixed_rows += other.mixed_rows
        self.findings.extend(other.findings)
        self.dup_rows += other.dup_rows
        self.dup_keys += other.dup_keys
        self.dup_bands += other.dup_bands
