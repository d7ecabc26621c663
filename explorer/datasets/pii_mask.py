"""Personal data never leaves the scan in word lists (issue 14, item 9).

"Most frequent words" (UI), `top_terms` (scan API and CLI JSON) and saved profiles all read
`Profile.vocabulary`. It is counted here on the texts with every PII finding blanked out, and a
word is listed only when it also

- does not look like an identifier (digits, '@', '/', '+'), which catches pieces of numbers,
  addresses and handles the scan missed or was not asked to look for (`pii=False`), and
- occurs in at least `MIN_ROWS` different rows, so a rare name or handle repeated many times in
  one row is not listed (a frequent word is a property of the dataset, not of one person).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from explorer.datasets import stats

MIN_ROWS = 3
IDENTIFIER_LIKE = re.compile(r"[\d@/+#]|^_|_$")


def blank_findings(texts: Sequence[str | None], findings: Iterable[Any],
                   column: str | None = None, row_offset: int = 0) -> list[str | None]:
    """`texts` with each finding's span (of `column`, or of any column when findings carry
    none) replaced by spaces (same length: other offsets hold). Findings numbered from
    `row_offset` (a batch of a larger file)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for f in findings:
        if column is not None and f.column not in (None, column):
            continue
        spans.setdefault(f.row - row_offset, []).append((f.start, f.end))
    out = list(texts)
    for row, ss in spans.items():
        text = out[row] if 0 <= row < len(out) else None
        if text is None:
            continue
        chars = list(text)
        for start, end in ss:
            chars[start:end] = " " * (min(end, len(chars)) - start)
        out[row] = "".join(chars)
    return out


def is_listable(word: str) -> bool:
    return IDENTIFIER_LIKE.search(word) is None


def safe_vocabulary(texts: Sequence[str | None], findings: Iterable[Any] = (),
                    column: str | None = None, *, top: int = 25,
                    min_rows: int = MIN_ROWS,
                    stopwords: frozenset[str] = stats.STOPWORDS) -> stats.Vocabulary:
    """stats.vocabulary's counts on the PII-blanked texts, listing only safe words."""
    masked = blank_findings(texts, findings, column)
    counts: Counter = Counter()
    rows: Counter = Counter()
    for t in masked:
        if t is None:
            continue
        tokens = stats.tokenize(str(t))
        counts.update(tokens)
        rows.update(set(tokens))
    return listed_vocabulary(counts, rows, top=top, min_rows=min_rows, stopwords=stopwords)


def listed_vocabulary(counts: Counter, rows: Counter, *, top: int = 25,
                      min_rows: int = MIN_ROWS,
                      stopwords: frozenset[str] = stats.STOPWORDS) -> stats.Vocabulary:
    """The Vocabulary of word counts and per-word row counts (in-memory and batch scans)."""
    listed = [(w, c) for w, c in counts.most_common()
              if w not in stopwords and not w.isdigit() and is_listable(w)
              and rows[w] >= min_rows]
    return stats.Vocabulary(sum(counts.values()), len(counts), tuple(listed[:top]),
                            sum(1 for c in counts.values() if c == 1))
