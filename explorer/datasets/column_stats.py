"""Per-column statistics, text length distributions, vocabulary and label distribution."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# Tokenising and the short stop-word list live with the rest of the word filtering; imported
# here too because other modules (explorer.batch) use them from stats.
from explorer.datasets.wordfilter import STOPWORDS, TOKEN_RE, tokenize  # noqa: F401
from glasshouse.errors import BadInput

LABEL_NAMES = ("label", "labels", "target", "class", "category", "sentiment", "gold", "y")
MAX_LABELS = 50


@dataclass(frozen=True)
class ColumnStats:
    name: str
    kind: str  # text | number | category | boolean | empty
    missing: int
    unique: int
    examples: tuple[str, ...]
    numeric: dict[str, float] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "missing": self.missing, "unique": self.unique}
        if self.numeric:
            out["numeric"] = self.numeric
        return out


@dataclass(frozen=True)
class Distribution:
    n: int
    min: float
    max: float
    mean: float
    median: float
    p95: float
    histogram: tuple[tuple[float, float, int], ...]  # (low, high, count)

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "min": self.min, "max": self.max, "mean": round(self.mean, 2),
                "median": self.median, "p95": self.p95}


@dataclass(frozen=True)
class Vocabulary:
    n_tokens: int
    size: int
    top_terms: tuple[tuple[str, int], ...]
    hapax: int  # words seen once


def column_kind(series: Any) -> str:
    import pandas as pd

    values = series.dropna()
    if len(values) == 0:
        return "empty"
    if pd.api.types.is_bool_dtype(values):
        return "boolean"
    if pd.api.types.is_numeric_dtype(values):
        return "number"
    as_text = values.astype(str)
    if as_text.str.len().mean() >= 25 or as_text.str.contains(r"\s\S+\s", regex=True).mean() > .5:
        return "text"
    return "category"


def column_stats(frame: Any) -> dict[str, ColumnStats]:
    out = {}
    for col in frame.columns:
        s = frame[col]
        kind = column_kind(s)
        try:
            unique = int(s.nunique(dropna=True))
        except TypeError:  # lists/dicts in JSON cells
            unique = int(s.dropna().astype(str).nunique())
        numeric = None
        if kind == "number":
            v = s.dropna().astype(float)
            numeric = {"min": float(v.min()), "max": float(v.max()),
                       "mean": round(float(v.mean()), 4)}
        ex = tuple(str(x)[:60] for x in s.dropna().astype(str).head(3))
        out[col] = ColumnStats(col, kind, int(s.isna().sum()), unique, ex, numeric)
    return out


def pick_text_column(frame: Any, requested: str | None, file: str | None = None) -> str:
    if requested:
        if requested not in frame.columns:
            names = ", ".join(map(str, frame.columns))
            raise BadInput(f"no column '{requested}'; columns are: {names}",
                           file=file, field=requested)
        return requested
    best, best_len = None, -1.0
    for col in frame.columns:
        s = frame[col].dropna()
        if len(s) == 0 or column_kind(frame[col]) not in ("text", "category"):
            continue
        mean_len = float(s.astype(str).str.len().mean())
        if mean_len > best_len:
            best, best_len = col, mean_len
    if best is None:
        raise BadInput("no text column found; name one with --text-column", file=file)
    return str(best)


def pick_label_column(frame: Any, text_column: str, requested: str | None = None) -> str | None:
    if requested:
        if requested not in frame.columns:
            raise BadInput(f"no column '{requested}'", field=requested)
        return requested
    for col in frame.columns:
        if str(col).lower() in LABEL_NAMES and col != text_column:
            return str(col)
    return None


def distribution(values: Sequence[float], bins: int = 20) -> Distribution:
    import numpy as np

    arr = np.asarray(values, dtype=float)
    if arr.size == 0:
        return Distribution(0, 0, 0, 0, 0, 0, ())
    counts, edges = np.histogram(arr, bins=min(bins, max(1, len(np.unique(arr)))))
    hist = tuple((float(edges[i]), float(edges[i + 1]), int(c)) for i, c in enumerate(counts))
    return Distribution(int(arr.size), float(arr.min()), float(arr.max()), float(arr.mean()),
                        float(np.median(arr)), float(np.percentile(arr, 95)), hist)


def text_lengths(texts: Iterable[str | None]) -> tuple[Distribution, Distribution]:
    chars, tokens = [], []
    for t in texts:
        if t is None:
            continue
        t = str(t)
        chars.append(len(t))
        tokens.append(len(tokenize(t)))
    return distribution(chars), distribution(tokens)


def vocabulary_tokens(text: str) -> list[str]:
    """Tokens counted for the vocabulary: links, e-mails, @handles, HTML entities and
    <PLACEHOLDER>s are not words."""
    from explorer.datasets.wordfilter import clean_text  # wordfilter imports nothing of stats

    return tokenize(clean_text(text))


def content_words(tokens: Iterable[str], language: str | None = None,
                  stopwords: frozenset[str] = STOPWORDS) -> list[str]:
    """Tokens that may be top terms: not placeholders, numbers, single letters or function
    words (ours, plus spaCy's stop words of the row's detected `language`)."""
    from explorer.datasets.wordfilter import PLACEHOLDERS, stop_words

    stop = stop_words(language) if language and language != "und" else stopwords
    return [w for w in tokens if w not in stop and w not in stopwords and w not in PLACEHOLDERS
            and len(w) > 1 and not w.isdigit()]


def vocabulary(texts: Iterable[str | None], top: int = 25,
               stopwords: frozenset[str] = STOPWORDS,
               languages: Sequence[str | None] | None = None) -> Vocabulary:
    """Token counts (vocabulary_tokens); the top terms are content_words, with each row's
    function words when `languages` gives each row's detected language."""
    counts: Counter = Counter()
    content: Counter = Counter()
    for i, t in enumerate(texts):
        if t is None:
            continue
        toks = vocabulary_tokens(str(t))
        counts.update(toks)
        lang = languages[i] if languages is not None and i < len(languages) else None
        content.update(content_words(toks, lang, stopwords))
    return Vocabulary(sum(counts.values()), len(counts), tuple(content.most_common(top)),
                      sum(1 for c in counts.values() if c == 1))


def label_distribution(series: Any) -> dict[str, int]:
    values = series.dropna().astype(str)
    counts = values.value_counts()
    out = {str(k): int(v) for k, v in counts.head(MAX_LABELS).items()}
    if len(counts) > MAX_LABELS:
        out["(other)"] = int(counts.iloc[MAX_LABELS:].sum())
    return out
