"""The one span masker: a text with each (start, end, TYPE) span replaced by `<TYPE>`, for
showing rows without revealing what was found (dataset previews, demo redaction)."""

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
