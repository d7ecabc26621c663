"""Plain-text forms for the UI (one line per template, group or lexicon category) and
formatting of results; no gradio here."""

from __future__ import annotations

import re
from typing import Any

from glasshouse.errors import BadInput

from explorer.probes.template import TemplateParams


def templates_to_text(params: TemplateParams) -> str:
    return "\n".join(f"{t.text} | {', '.join(t.candidates)}" for t in params.templates)


def groups_to_text(params: TemplateParams) -> str:
    """One line per group, 'name: term; term', or 'name (f): ...' with a grammatical gender."""
    return "\n".join(f"{g.name}{f' ({g.gender})' if g.gender else ''}: {'; '.join(g.terms)}"
                     for g in params.groups)


def lexicon_to_text(lexicon: dict[str, list[str]]) -> str:
    return "\n".join(f"{cat}: {', '.join(words)}" for cat, words in lexicon.items())


def _lines(text: str) -> list[tuple[int, str]]:
    return [(i, ln.strip()) for i, ln in enumerate((text or "").splitlines(), start=1)
            if ln.strip() and not ln.strip().startswith("#")]


def parse_templates(text: str) -> list[dict[str, Any]]:
    out = []
    for i, line in _lines(text):
        if "|" not in line:
            raise BadInput("write 'template | word, word, ...'", row=i, field="templates")
        tpl, cands = line.split("|", 1)
        out.append({"text": tpl.strip(),
                    "candidates": [c.strip() for c in cands.split(",") if c.strip()]})
    if not out:
        raise BadInput("add at least one template", field="templates")
    return out


def parse_groups(text: str) -> list[dict[str, Any]]:
    out = []
    for i, line in _lines(text):
        if ":" not in line:
            raise BadInput("write 'group name: term; term'", row=i, field="groups")
        name, terms = line.split(":", 1)
        group: dict[str, Any] = {"terms": [t.strip() for t in terms.split(";") if t.strip()]}
        gender = re.fullmatch(r"(.*?)\s*\((m|f)\)", name.strip())
        if gender:
            name, group["gender"] = gender.group(1), gender.group(2)
        out.append({"name": name.strip(), **group})
    return out


def parse_lexicon(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for i, line in _lines(text):
        if ":" not in line:
            raise BadInput("write 'category: word, word'", row=i, field="lexicon")
        cat, words = line.split(":", 1)
        out[cat.strip()] = [w.strip() for w in words.split(",") if w.strip()]
    return out


def template_form(language: str, templates: str, groups: str, lexicon: str) -> dict[str, Any]:
    return {"language": language, "templates": parse_templates(templates),
            "groups": parse_groups(groups), "lexicon": parse_lexicon(lexicon)}


def _fmt(x: Any) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def summary_markdown(payload: dict[str, Any]) -> str:
    lo, hi = payload["ci"]
    p = payload.get("p_value")
    lines = [
        f"**{payload['effect_label'][:1].upper() + payload['effect_label'][1:]}:** "
        f"{_fmt(payload['effect'])} (95% interval {_fmt(lo)} to {_fmt(hi)})",
        f"- Based on **n = {payload['n']}**" + (f"; permutation-test p-value **{p:.3g}** (how "
                                               "often a result this large appears when group "
                                               "labels are shuffled)" if p is not None else ""),
        f"- Model: `{payload['model']}`; probe set: `{payload.get('probe_set_version')}`",
    ]
    for g in payload.get("groups", []):
        nums = ", ".join(f"{k.replace('_', ' ')} {_fmt(v)}" for k, v in g.items()
                         if isinstance(v, float))
        ci = g.get("ci")
        lines.append(f"- **{g['group']}** (n = {g['n']}): {nums}"
                     + (f" (95% interval {_fmt(ci[0])} to {_fmt(ci[1])})" if ci else ""))
    lines.append(f"\n> **What this can and cannot show.** {payload['caveat']}")
    return "\n".join(lines)
