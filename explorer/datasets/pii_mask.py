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

from explorer.datasets import column_stats as stats
from glasshouse.spans import blank_spans

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
        out[row] = blank_spans(text, ss)
    return out


def is_listable(word: str) -> bool:
    return IDENTIFIER_LIKE.search(word) is None


def count_vocabulary(texts: Sequence[str | None], languages: Sequence[str | None] | None = None,
                     stopwords: frozenset[str] = stats.STOPWORDS
                     ) -> tuple[Counter, Counter, Counter]:
    """(token counts, content-word counts, rows per content word) of PII-blanked texts: tokens
    as stats.vocabulary_tokens counts them; content words without the function words of each
    row's detected language (`languages`, one per row) and placeholders."""
    counts: Counter = Counter()
    content: Counter = Counter()
    rows: Counter = Counter()
    for i, t in enumerate(texts):
        if t is None:
            continue
        tokens = stats.vocabulary_tokens(str(t))
        counts.update(tokens)
        lang = languages[i] if languages is not None and i < len(languages) else None
        words = stats.content_words(tokens, lang, stopwords)
        content.update(words)
        rows.update(set(words))
    return counts, content, rows


def safe_vocabulary(texts: Sequence[str | None], findings: Iterable[Any] = (),
                    column: str | None = None, *, top: int = 25,
                    min_rows: int = MIN_ROWS, languages: Sequence[str | None] | None = None,
                    stopwords: frozenset[str] = stats.STOPWORDS) -> stats.Vocabulary:
    """The vocabulary of the PII-blanked texts, listing only safe content words (issue 14.9:
    no personal data in word lists; issue 17.4: no function words of the row's language)."""
    counts, content, rows = count_vocabulary(blank_findings(texts, findings, column),
                                             languages, stopwords)
    return listed_vocabulary(counts, content, rows, top=top, min_rows=min_rows)


def listed_vocabulary(counts: Counter, content: Counter, rows: Counter, *, top: int = 25,
                      min_rows: int = MIN_ROWS) -> stats.Vocabulary:
    """The Vocabulary from count_vocabulary's counters (in-memory and batch scans): content
    words in at least `min_rows` rows that do not look like identifiers."""
    listed = [(w, c) for w, c in content.most_common()
              if is_listable(w) and rows[w] >= min_rows]
    return stats.Vocabulary(sum(counts.values()), len(counts), tuple(listed[:top]),
                            sum(1 for c in counts.values() if c == 1))
