"""Reading a README.md card's structure: the YAML front matter and the markdown headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cards.sections import Kind, Section, match_heading

YAML_BLOCK = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)
DRAFTED = re.compile(r"\n?<!-- glasshouse:drafted -->.*?<!-- /glasshouse:drafted -->\n?", re.S)
PLACEHOLDER = re.compile(
    r"\[More Information Needed\]|\{\{.*?\}\}|\bTODO\b|\bTBD\b|\bFIXME\b|lorem ipsum|"
    r"\[(?:your|insert|add|describe)\b[^\]]*\]", re.I)


@dataclass(frozen=True)
class Block:
    level: int
    title: str
    text: str  # content up to the next heading of the same or a higher level
    own_text: str  # content up to the next heading of any level
    section: Section | None


def split(text: str) -> tuple[str | None, str]:
    """(YAML text or None, markdown body)."""
    m = YAML_BLOCK.search(text)
    if not m:
        return None, text
    return m.group(2), text[m.end():]


def _heading_spans(body: str) -> list[tuple[int, int, int, str]]:
    """(start, end, level, title) of real headings (not inside code fences)."""
    fenced = [(m.start(), m.end()) for m in FENCE.finditer(body)]
    out = []
    for m in HEADING.finditer(body):
        if any(a <= m.start() < b for a, b in fenced):
            continue
        out.append((m.start(), m.end(), len(m.group(1)), m.group(2).strip()))
    return out


def blocks(body: str, kind: Kind) -> list[Block]:
    spans = _heading_spans(body)
    out = []
    for i, (start, end, level, title) in enumerate(spans):
        nxt_any = spans[i + 1][0] if i + 1 < len(spans) else len(body)
        nxt_same = next((s for s, _, lv, _ in spans[i + 1:] if lv <= level), len(body))
        out.append(Block(level, title, body[end:nxt_same].strip("\n"),
                         body[end:nxt_any].strip("\n"), match_heading(kind, title)))
    return out


def meaningful(text: str) -> str:
    """Text without HTML comments, placeholders and markup-only lines."""
    t = COMMENT.sub("", text)
    t = PLACEHOLDER.sub("", t)
    t = re.sub(r"^[\s#>*_\-|:`]+$", "", t, flags=re.M)
    return t.strip()


def placeholders(text: str) -> list[str]:
    return sorted({m.group(0) for m in PLACEHOLDER.finditer(COMMENT.sub("", text))})
