"""The one home of span masking: `mask_spans` replaces each (start, end, TYPE) span by `<TYPE>`,
for showing rows without revealing what was found (dataset previews, demo redaction);
`blank_spans` replaces spans by spaces of the same length, so that other offsets still hold
(vocabulary counted on PII-blanked texts)."""

from __future__ import annotations

from collections.abc import Iterable


def mask_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each span replaced by <TYPE>; overlapping spans keep the first (earliest)."""
    out, last = [], 0
    for start, end, etype in sorted(spans):
        if start < last:
            continue
        out.append(text[last:start])
        out.append(f"<{etype}>")
        last = end
    out.append(text[last:])
    return "".join(out)


def blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with each (start, end) span replaced by as many spaces (spans past the end are cut)."""
    chars = list(text)
    for start, end in spans:
        start, end = max(0, start), min(end, len(chars))
        if start < end:
            chars[start:end] = " " * (end - start)
    return "".join(chars)
