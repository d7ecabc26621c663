"""A small pattern-based PII redactor for the "PII redaction" demo task.

Deliberately simple and self-contained (the dataset explorer has the Presidio-based scanner):
regular expressions plus checksums where a format has one (Luhn for card numbers, ISO 7064
mod 97 for IBANs), so that a demo shows people what a redactor catches and what it misses."""

from __future__ import annotations

import re
from dataclasses import dataclass

ENTITY_TYPES = ("EMAIL", "URL", "IP_ADDRESS", "CREDIT_CARD", "IBAN", "PHONE", "US_SSN")


@dataclass(frozen=True)
class Finding:
    entity_type: str
    start: int
    end: int


def _luhn_ok(text: str) -> bool:
    digits = [int(c) for c in text if c.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return total % 10 == 0


def _iban_ok(text: str) -> bool:
    s = re.sub(r"\s", "", text).upper()
    if not 15 <= len(s) <= 34:
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _ip_ok(text: str) -> bool:
    return all(0 <= int(p) <= 255 for p in text.split("."))


_PATTERNS: tuple[tuple[str, re.Pattern[str], object], ...] = (
    ("EMAIL", re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"),
     None),
    ("URL", re.compile(r"\bhttps?://[^\s<>\"']+|\bwww\.[^\s<>\"']+"), None),
    ("IBAN", re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b"),
     _iban_ok),
    ("CREDIT_CARD", re.compile(r"\b\d(?:[ -]?\d){12,18}\b"), _luhn_ok),
    ("US_SSN", re.compile(r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b"), None),
    ("IP_ADDRESS", re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b"), _ip_ok),
    ("PHONE", re.compile(r"(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?)?\d{2,4}"
                         r"(?:[ .-]\d{2,4}){2,4}(?!\w)"), None),
)


def find(text: str, entities: tuple[str, ...] | list[str] = ENTITY_TYPES) -> list[Finding]:
    """Non-overlapping findings, earlier patterns (more specific) winning overlaps."""
    taken: list[Finding] = []
    for name, pattern, check in _PATTERNS:
        if name not in entities:
            continue
        for m in pattern.finditer(text):
            if check is not None and not check(m.group(0)):  # type: ignore[operator]
                continue
            if name == "PHONE" and not 7 <= sum(c.isdigit() for c in m.group(0)) <= 15:
                continue
            if any(m.start() < f.end and f.start < m.end() for f in taken):
                continue
            taken.append(Finding(name, m.start(), m.end()))
    return sorted(taken, key=lambda f: f.start)


def redact(text: str, entities: tuple[str, ...] | list[str] = ENTITY_TYPES) -> tuple[
        str, list[Finding]]:
    """The text with each finding replaced by <TYPE>, and the findings (offsets in the input)."""
    from glasshouse.spans import mask_spans

    findings = find(text, entities)
    return mask_spans(text, [(f.start, f.end, f.entity_type) for f in findings]), findings
