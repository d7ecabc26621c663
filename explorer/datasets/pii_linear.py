"""Scan time that stays linear in the input, whatever the input (issue 14, item 3).

Presidio runs its patterns with the backtracking `regex` engine. A pattern with an unbounded
repetition (the e-mail and URL patterns: `[...]{0,}`, `+`, `*`) restarts its scan at every
position of a long run that ends in a near-miss, so one 8 KB row such as "a.a.a...a.@ www.x"
takes seconds and a long line minutes (quadratic time).

Three guards, applied by the batch scanner (explorer.datasets.pii):

1. **Linear pre-filter** (`linear_recognizer`). Each pattern is translated for RE2 (google-re2,
   linear time: no backtracking) into a *superset* of itself: word boundaries dropped and
   ASCII-only classes widened to Unicode (RE2's `\\w`, `\\d`, `\\s` and `\\b` are ASCII). RE2
   finds the candidate spans; Presidio's own pattern then runs only on a short window around each
   candidate, so its results (spans, scores, checksum validation) are Presidio's own, and a text
   without candidates costs one linear RE2 pass. A pattern RE2 cannot compile must have only
   bounded repetitions (`{m,n}`), which keep backtracking to a constant per position; a test
   checks every registered pattern is one or the other.
2. **Cell length cap** (`MAX_CELL_CHARS`): longer cells are checked up to the cap, and the
   report names each such row.
3. **Time budget per row** (`ROW_BUDGET_S`): the scanner stops running further recognizers on a
   row once its budget is spent, and the report names the row.
"""

from __future__ import annotations

import os
import re
import time
from contextvars import ContextVar
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

MAX_CELL_CHARS = int(os.environ.get("GLASSHOUSE_PII_MAX_CELL_CHARS", "100000"))
ROW_BUDGET_S = float(os.environ.get("GLASSHOUSE_PII_ROW_BUDGET_S", "5"))
WINDOW_MARGIN = 64  # characters of context around an RE2 candidate given to the real pattern
MAX_WINDOW = 2048  # neighbouring windows merge up to this length
# Patterns with an unbounded repetition that RE2 cannot express, and why they stay linear.
BOUNDED_IN_PRACTICE = {
    "IPv6": "the one unbounded part, a zone id after '%', follows an address of at most 39 "
            "characters, so each '%' is reached from a bounded number of start positions",
}

_UNBOUNDED = re.compile(r"(?<!\\)(?:[*+]|\{\d*,\})")
_WORD = r"\p{L}\p{M}\p{N}_"


def translate_for_re2(pattern: str) -> str:
    """A pattern for RE2 that matches wherever `pattern` (Python `regex` syntax, Unicode) does:
    `\\b`/`\\B` dropped, `\\w`, `\\d`, `\\s` widened to Unicode classes."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in "bB" and not in_class:
                i += 2
                continue
            if nxt == "w":
                out.append(_WORD if in_class else f"[{_WORD}]")
            elif nxt == "d":
                out.append(r"\p{Nd}" if in_class else r"\p{Nd}")
            elif nxt == "s":
                out.append(r"\s\p{Z}" if in_class else r"[\s\p{Z}]")
            else:
                out.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            out.append(ch)
            # a ']' right after '[' or '[^' is a literal
            if pattern[i + 1:i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1:i + 2] == "]":
                out.append(r"\]")
                i += 1
        elif ch == "]" and in_class:
            in_class = False
            out.append(ch)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")  # a character class ('+' in it is a literal)


def has_unbounded_repetition(pattern: str) -> bool:
    return _UNBOUNDED.search(_CLASS.sub("x", pattern)) is not None


@lru_cache(maxsize=256)
def compile_re2(pattern: str, ignore_case: bool = True) -> Any | None:
    """The RE2 superset of a Presidio pattern, or None when RE2 cannot express it
    (look-arounds, back-references)."""
    import re2

    opts = re2.Options()
    opts.log_errors = False
    opts.case_sensitive = not ignore_case
    opts.dot_nl = True
    try:
        return re2.compile(translate_for_re2(pattern), opts)
    except Exception:  # noqa: BLE001 - re2.error: not expressible in RE2
        return None


def candidate_windows(text: str, prefilters: Iterable[Any]
                      ) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Windows around the RE2 candidates: (start, end, [candidate spans]). Overlapping windows
    merge while the merged window stays under MAX_WINDOW characters, so the real pattern runs
    once per neighbourhood (not once per pattern and candidate) and never on a long stretch."""
    n = len(text)
    cands = sorted({m.span() for rx in prefilters for m in rx.finditer(text)
                    if m.end() > m.start()})
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    for s, e in cands:
        a, b = max(0, s - WINDOW_MARGIN), min(n, e + WINDOW_MARGIN)
        if out and a < out[-1][1] and max(b, out[-1][1]) - out[-1][0] <= MAX_WINDOW:
            prev = out[-1]
            out[-1] = (prev[0], max(b, prev[1]), prev[2] + [(s, e)])
        else:
            out.append((a, b, [(s, e)]))
    return out


def linear_recognizer(cls: type) -> type:
    """A subclass of a Presidio PatternRecognizer whose patterns run only on windows around
    RE2 candidates (see the module notes). Recognizers with a pattern RE2 cannot express keep
    Presidio's own matching (their patterns are bounded; see `check_patterns`)."""

    class Linear(cls):  # type: ignore[misc, valid-type]
        def _prefilters(self) -> list[Any] | None:
            cached = getattr(self, "_gh_prefilters", False)
            if cached is not False:
                return cached
            compiled = [compile_re2(p.regex) for p in getattr(self, "patterns", [])]
            value = None if not compiled or any(c is None for c in compiled) else compiled
            self._gh_prefilters = value
            return value

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None,
                    regex_flags: int | None = None) -> list[Any]:
            prefilters = self._prefilters()
            if prefilters is None:
                if out_of_time():
                    return []
                return super().analyze(text, entities, nlp_artifacts, regex_flags)
            seen, results = set(), []
            for a, b, spans in candidate_windows(text, prefilters):
                if out_of_time():
                    break
                for r in super().analyze(text[a:b], entities, None, regex_flags):
                    start, end = r.start + a, r.end + a
                    if not any(start < e and s < end for s, e in spans):
                        continue  # cut by the window's edge: another window's business
                    key = (start, end, r.entity_type)
                    if key in seen:
                        continue
                    seen.add(key)
                    r.start, r.end = start, end
                    results.append(r)
            return results

    Linear.__name__ = Linear.__qualname__ = f"Linear{cls.__name__}"
    return Linear


def check_patterns(recognizers: Iterable[Any]) -> list[str]:
    """Names of patterns that could take quadratic time: unbounded repetition and no RE2
    pre-filter. The scanner's recognizers must give an empty list (tested)."""
    bad = []
    for rec in recognizers:
        for p in getattr(rec, "patterns", []) or []:
            if (has_unbounded_repetition(p.regex) and compile_re2(p.regex) is None
                    and p.name not in BOUNDED_IN_PRACTICE):
                bad.append(f"{rec.name}: {p.name}")
    return bad


def context_enhancer() -> Any:
    """Presidio's LemmaContextAwareEnhancer with the same results in linear time: Presidio
    looks each surrounding word up in a *list* of the text's keywords and walks the tokens
    from the start to find a match's token, so a row with many findings costs
    findings x tokens x keywords (an 8 KB row with 100 phone numbers took 40 s)."""
    from bisect import bisect_left, bisect_right

    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

    class LinearContextEnhancer(LemmaContextAwareEnhancer):
        def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers,
                                  context=None):  # noqa: ANN001 - Presidio's signature
            # the positions are read per result only: most calls (rows without findings)
            # have none, and skip computing them
            if raw_results and nlp_artifacts is not None and nlp_artifacts.tokens is not None:
                tokens = nlp_artifacts.tokens
                self._ends = [idx + len(tok) for idx, tok in
                              zip(nlp_artifacts.tokens_indices, tokens, strict=False)]
                keywords = set(nlp_artifacts.keywords or ())
                self._kw_pos = [i for i, lemma in enumerate(nlp_artifacts.lemmas or ())
                                if lemma.lower() in keywords]
            return super().enhance_using_context(text, _ShallowCopied(raw_results),
                                                 nlp_artifacts, recognizers, context)

        def _find_index_of_match_token(self, word, start, tokens, tokens_indices):  # noqa: ANN001
            i = bisect_right(self._ends, start)  # first token ending after `start`
            if i >= len(self._ends):
                raise ValueError(f"no token at offset {start}")
            return i

        # Presidio walks from the match until n+1 keywords are collected (to the end of the
        # text when there are none); the keyword positions, computed once, give the same words.
        def _add_n_words_forward(self, index, n_words, lemmas, keywords):  # noqa: ANN001
            j = bisect_left(self._kw_pos, index)
            return [lemmas[k].lower() for k in self._kw_pos[j:j + n_words + 1]]

        def _add_n_words_backward(self, index, n_words, lemmas, keywords):  # noqa: ANN001
            j = bisect_right(self._kw_pos, index)
            return [lemmas[k].lower() for k in reversed(self._kw_pos[max(0, j - n_words - 1):j])]

    return LinearContextEnhancer()


class _ShallowCopied(list):
    """Results handed to Presidio's enhancer, which deep-copies them before raising scores
    (a tenth of the scan time: each result carries its explanation and metadata). Copying
    each result and its metadata dict is enough: the analyzer keeps only the enhanced copies
    and drops the raw results (their explanations are shared, and dropped too)."""

    def __deepcopy__(self, memo: dict) -> list:
        import copy

        out = []
        for r in self:
            c = copy.copy(r)
            c.recognition_metadata = dict(r.recognition_metadata or {})
            out.append(c)
        return out


# ---------------------------------------------------------------- time budget per row
_DEADLINE: ContextVar[list[float] | None] = ContextVar("pii_row_deadline", default=None)


class RowBudget:
    """`with RowBudget(seconds) as budget:` around one row's checks; recognizers call
    `out_of_time()` before each unit of work and skip it once the deadline has passed."""

    def __init__(self, seconds: float = ROW_BUDGET_S) -> None:
        self.seconds = seconds
        self.exceeded = False
        self._state: list[float] = []
        self._token: Any = None

    def __enter__(self) -> RowBudget:
        self._state = [time.monotonic() + self.seconds, 0.0]
        self._token = _DEADLINE.set(self._state)
        return self

    def __exit__(self, *exc: object) -> None:
        self.exceeded = self._state[1] > 0
        _DEADLINE.reset(self._token)


def out_of_time() -> bool:
    state = _DEADLINE.get()
    if state is None:
        return False
    if time.monotonic() > state[0]:
        state[1] = 1.0
        return True
    return False
