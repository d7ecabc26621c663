"""Plain-text forms for the UI (one line per template, group or lexicon category) and
formatting of results; no gradio here."""

from __future__ import annotations

from typing import Any

from glasshouse.errors import BadInput

from explorer.probes.template import TemplateParams


def templates_to_text(params: TemplateParams) -> str:
    return "\n".join(f"{t.text} | {', '.join(t.candidates)}" for t in params.templates)


def groups_to_text(params: TemplateParams) -> str:
    return "\n".join(f"{g.name}: {'; '.join(g.terms)}" for g in params.groups)


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
        out.append({"name": name.strip(),
                    "terms": [t.strip() for t in terms.split(";") if t.strip()]})
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


def _ci(ci: Any, kind: str = "test") -> str:
    if not ci or ci[0] is None or ci[1] is None:
        return "no interval: too few examples to show their spread"
    return (f"95% interval {_fmt(ci[0])} to {_fmt(ci[1])}"
            + (", descriptive" if kind == "descriptive" else ""))


def summary_markdown(payload: dict[str, Any]) -> str:
    """Plain-language summary of a run, judged against the probe's declared null (the contract
    travels in the payload, so old stored runs without it get no verdict)."""
    from explorer.probes.base import ProbePayload, fmt_p, verdict

    p = ProbePayload.model_validate(payload)
    label = payload.get("effect_label") or "effect"
    lines = [
        f"**{label[:1].upper() + label[1:]}:** {_fmt(p.effect)} ({_ci(p.ci, p.ci_kind)})",
        f"- **Verdict:** {verdict(p)}",
        f"- Based on **n = {p.n}**; model `{p.model}`; probe set "
        f"`{payload.get('probe_set_version')}`",
    ]
    if p.test:
        lines.append(f"- How this is tested: {p.test}.")
    if p.groups:
        lines.append(f"\n**Per group** (a group counts as a finding only when its adjusted p is "
                     f"at most {p.alpha} and it has at least {p.min_n} examples):")
    for g in payload.get("groups", []):
        nums = ", ".join(f"{k.replace('_', ' ')} {_fmt(v)}" for k, v in g.items()
                         if isinstance(v, float) and not k.startswith("p_")
                         and k != "smallest_possible_p")
        test = ""
        if g.get("p_adjusted") is not None:
            test = (f"; adjusted p {fmt_p(g['p_adjusted'])}: "
                    + ("**finding**" if g.get("finding") else
                       "beyond chance, but too few examples to call a finding"
                       if g.get("significant") else "consistent with no difference"))
        note = f" ({g['note']})" if g.get("note") and "too few" in g["note"] else ""
        lines.append(f"- **{g['group']}** (n = {g['n']}): {nums} ({_ci(g.get('ci'))}){test}"
                     f"{note}")
    lines.append(f"\n> **What this can and cannot show.** {payload['caveat']}")
    return "\n".join(lines)
