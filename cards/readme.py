"""Reading a README.md card's structure: the YAML front matter and the markdown headings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cards.sections import Kind, Section, match_heading

YAML_BLOCK = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)
DRAFTED = re.compile(r"\n?<!-- glasshouse:drafted -->.*?<!-- /glasshouse:drafted -->\n?", re.S)
PLACEHOLDER = re.compile(
    r"\[More Information Needed\]|^[ \t]*More information needed\.?[ \t]*$|\{\{.*?\}\}|"
    r"\[(?:TODO|TBD|FIXME)\b[^\]]*\]|\bTODO\b|\bTBD\b|\bFIXME\b|lorem ipsum|"
    r"\[(?:your|insert|add|describe)\b[^\]]*\]",
    re.I | re.M)


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
    """(start, end, level, title) of real headings (not inside code fences or HTML comments:
    generated cards keep unused sections commented out)."""
    fenced = [(m.start(), m.end()) for m in FENCE.finditer(body)]
    fenced += [(m.start(), m.end()) for m in COMMENT.finditer(body)]
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


# a template's field line whose value is still a placeholder: "- **Developed by:** [More
# Information Needed]" (the label alone is not content)
LABEL_ONLY = re.compile(r"^[\s>*_\-|+]*(?:\*\*|__)?[^:\n]{1,80}?(?:\*\*|__)?\s*:\s*"
                        r"(?:\*\*|__)?[\s|]*$")


HEADING_LINE = re.compile(r"^#{1,6}[ \t]")


def _norm_paragraph(text: str) -> str:
    return " ".join(text.split()).strip().lower()


@lru_cache(maxsize=1)
def template_boilerplate() -> frozenset[str]:
    """Paragraphs that huggingface_hub's official model and dataset card templates write when
    nothing is filled in ("Use the code below to get started with the model.", the CO2
    calculator pointer...): text a person did not write, so not content."""
    from huggingface_hub import DatasetCard, DatasetCardData, ModelCard, ModelCardData

    out: set[str] = set()
    for card in (ModelCard.from_template(ModelCardData()),
                 DatasetCard.from_template(DatasetCardData())):
        _, body = split(str(card))
        for para in re.split(r"\n\s*\n", COMMENT.sub("", body)):
            para = para.strip()
            if para and not HEADING_LINE.match(para) and not PLACEHOLDER.search(para):
                out.add(_norm_paragraph(para))
    return frozenset(out)


def _drop_unfilled_fields(text: str) -> str:
    """Drop heading lines, label-only lines ("**BibTeX:**", "- **Developed by:** [More
    Information Needed]") and paragraphs that are the official template's boilerplate."""
    boiler = template_boilerplate()

    def stub(m: re.Match[str]) -> str:  # a code block holding only comments or placeholders
        inner = m.group(0).split("\n")[1:-1]
        real = [ln for ln in inner if ln.strip() and not PLACEHOLDER.search(ln)
                and not re.match(r"\s*(#|//)", ln)]
        return m.group(0) if real else ""

    text = FENCE.sub(stub, text)
    paragraphs = []
    for para in re.split(r"\n\s*\n", text):
        if _norm_paragraph(para) in boiler:
            continue
        lines = [ln for ln in para.splitlines()
                 if not HEADING_LINE.match(ln) and not LABEL_ONLY.match(PLACEHOLDER.sub("", ln))]
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def meaningful(text: str) -> str:
    """Text without HTML comments, placeholders, unfilled template field lines and markup-only
    lines."""
    t = COMMENT.sub("", text)
    t = _drop_unfilled_fields(t)
    t = PLACEHOLDER.sub("", t)
    t = re.sub(r"^[\s#>*_\-|:`]+$", "", t, flags=re.M)
    return t.strip()


def placeholders(text: str) -> list[str]:
    return sorted({m.group(0) for m in PLACEHOLDER.finditer(COMMENT.sub("", text))})
