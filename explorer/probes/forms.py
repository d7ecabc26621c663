"""Plain-text forms for the UI (one line per template, group or lexicon category) and
formatting of results; no gradio here."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

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
    from explorer.probes.charts import main_metric

    key, key_label = main_metric(p.probe)
    for g in payload.get("groups", []):
        main = (f"{key_label} {_fmt(g.get(key))} ({_ci(g.get('ci'))})" if key in g else
                f"({_ci(g.get('ci'))})")
        nums = "".join(f", {k.replace('_', ' ')} {_fmt(v)}" for k, v in g.items()
                       if isinstance(v, float) and k != key and not k.startswith("p_")
                       and k != "smallest_possible_p")
        test = ""
        if g.get("p_adjusted") is not None:
            test = (f"; adjusted p {fmt_p(g['p_adjusted'])}: "
                    + ("**finding**" if g.get("finding") else
                       "beyond chance, but too few examples to call a finding"
                       if g.get("significant") else "consistent with no difference"))
        note = f" ({g['note']})" if g.get("note") and "too few" in g["note"] else ""
        lines.append(f"- **{g['group']}** (n = {g['n']}): {main}{nums}{test}{note}")
    lines.append(f"\n> **What this can and cannot show.** {payload['caveat']}")
    return "\n".join(lines)


# ------------------------------------------------------------------ forms generated from the
# parameter model: each field becomes a widget description; values go back into the model.

FieldKind = Literal["text", "optional_text", "integer", "number", "checkbox", "choice", "list",
                    "table", "mapping", "json"]
CELL_SEPARATOR = "; "


@dataclass(frozen=True)
class FormField:
    """One form widget for one parameter. Tables have one column per field of the item model
    (list-valued cells are written 'a; b; c'); mappings are tables of (key, values)."""

    name: str
    label: str
    help: str
    kind: FieldKind
    columns: tuple[str, ...] = ()
    column_labels: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()


def _item_model(annotation: Any) -> type[BaseModel] | None:
    args = get_args(annotation)
    if get_origin(annotation) is list and args and isinstance(args[0], type) \
            and issubclass(args[0], BaseModel):
        return args[0]
    return None


def _kind(annotation: Any) -> FieldKind:
    origin, args = get_origin(annotation), get_args(annotation)
    if annotation is bool:
        return "checkbox"
    if origin is Literal:
        return "choice"
    if annotation is str:
        return "text"
    if annotation is int:
        return "integer"
    if annotation is float:
        return "number"
    if origin in (Union, UnionType) and set(args) == {str, type(None)}:
        return "optional_text"
    if origin is list and args == (str,):
        return "list"
    if _item_model(annotation) is not None:
        return "table"
    if origin is dict and args == (str, list[str]):
        return "mapping"
    return "json"  # anything else is edited as a small JSON value


def form_fields(probe: Any) -> list[FormField]:
    """The form of a probe, generated from its parameter model and its declared labels."""
    out = []
    for name, f in probe.Params.model_fields.items():
        label, help_ = probe.label(name)
        label, help_ = f.title or label, f.description or help_
        kind: FieldKind = "choice" if name == "language" else _kind(f.annotation)
        choices: tuple[str, ...] = ()
        if name == "language":
            choices = tuple(probe.languages)
        elif kind == "choice":
            choices = tuple(str(a) for a in get_args(f.annotation))
        columns: tuple[str, ...] = ()
        column_labels: tuple[str, ...] = ()
        if kind == "table":
            item = _item_model(f.annotation)
            assert item is not None
            columns = tuple(item.model_fields)
            column_labels = tuple(probe.label(c)[0] for c in columns)
        elif kind == "mapping":
            columns = ("key", "values")
            column_labels = ("Category", "Words (separated by ;)")
        out.append(FormField(name, label, help_, kind, columns, column_labels, choices))
    return out


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return CELL_SEPARATOR.join(str(v) for v in value)
    return "" if value is None else str(value)


def to_form(probe: Any, params: BaseModel) -> list[Any]:
    """Widget values (in form_fields order) showing `params`."""
    data = params.model_dump()
    values: list[Any] = []
    for f in form_fields(probe):
        v = data.get(f.name)
        if f.kind == "list":
            values.append("\n".join(v or []))
        elif f.kind == "table":
            values.append([[_cell(row.get(c)) for c in f.columns] for row in v or []])
        elif f.kind == "mapping":
            values.append([[k, _cell(words)] for k, words in (v or {}).items()])
        elif f.kind == "optional_text":
            values.append(v or "")
        elif f.kind == "json":
            values.append(json.dumps(v, ensure_ascii=False))
        else:
            values.append(v)
    return values


def _rows(value: Any) -> list[list[Any]]:
    if value is None:
        return []
    if hasattr(value, "values") and hasattr(value, "columns"):  # a pandas DataFrame
        value = value.values.tolist()
    return [list(r) for r in value
            if r is not None and any(str(c).strip() for c in r if c is not None)]


def _split(text: Any) -> list[str]:
    return [t.strip() for t in str(text or "").split(CELL_SEPARATOR.strip()) if t.strip()]


def from_form(probe: Any, values: Sequence[Any]) -> dict[str, Any]:
    """Raw parameters from widget values (validate with probe.parse_params). A table cell whose
    field is a list is split on ';'. Problems name the parameter and the table row."""
    fields = form_fields(probe)
    if len(values) != len(fields):
        raise BadInput(f"expected {len(fields)} form values, got {len(values)}", field="form")
    raw: dict[str, Any] = {}
    for f, v in zip(fields, values):
        if f.kind == "list":
            raw[f.name] = [ln.strip() for ln in str(v or "").splitlines() if ln.strip()]
        elif f.kind == "table":
            item = _item_model(probe.Params.model_fields[f.name].annotation)
            assert item is not None
            rows = []
            required = sum(item.model_fields[c].is_required() for c in f.columns)
            for i, row in enumerate(_rows(v), start=1):
                if len(row) > len(f.columns) or len(row) < max(required, 1):
                    raise BadInput(f"expected {required} to {len(f.columns)} columns "
                                   f"({', '.join(f.column_labels)})", row=i, field=f.name)
                row = list(row) + [""] * (len(f.columns) - len(row))  # optional ones at the end
                entry: dict[str, Any] = {}
                for col, cell in zip(f.columns, row):
                    kind = _kind(item.model_fields[col].annotation)
                    text = "" if cell is None else str(cell).strip()
                    if kind == "list":
                        entry[col] = _split(text)
                    elif text or kind == "text":
                        entry[col] = text
                rows.append(entry)
            raw[f.name] = rows
        elif f.kind == "mapping":
            raw[f.name] = {str(r[0]).strip(): _split(r[1] if len(r) > 1 else "")
                           for r in _rows(v) if str(r[0] or "").strip()}
        elif f.kind == "optional_text":
            raw[f.name] = str(v).strip() or None if v is not None else None
        elif f.kind in ("integer", "number"):
            if v is None or str(v).strip() == "":
                continue  # the model's default
            raw[f.name] = v
        elif f.kind == "json":
            try:
                raw[f.name] = json.loads(str(v or "null"))
            except json.JSONDecodeError as exc:
                raise BadInput(f"not valid JSON ({exc.msg})", field=f.name) from None
        else:
            raw[f.name] = v
    return raw
