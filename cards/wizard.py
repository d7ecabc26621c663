"""The wizard's form <-> card spec, and the choices it offers. Pure: no gradio here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cards.openness import COMPONENTS
from cards.sections import sections_for
from cards.spec import CardSpec, parse_spec
from glasshouse.db import Database
from glasshouse.evidence import EvidenceKind

N_SECTIONS = 9
OPENNESS_KEYS = tuple(COMPONENTS)
EVIDENCE_KINDS = tuple(k.value for k in EvidenceKind)
KIND_LABELS = {k.value: k.label for k in EvidenceKind}


def _csv(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").replace(";", ",").split(",") if t.strip()]


@dataclass(frozen=True)
class Form:
    """The wizard's fields, in the order the UI passes them."""

    kind: str
    title: str
    summary: str
    license: str | None
    language: str
    tags: str
    datasets: str
    metrics: str
    evidence: list[str]
    catalog: list[str]
    sections: list[str]
    co2_mode: str  # "none" | "estimate" | "measured"
    hardware: str | None
    count: float | None
    hours: float | None
    region: str | None
    pue: float | None
    measured_kg: float | None
    measured_source: str
    openness: list[str | None]
    task: str | None = None  # model: pipeline_tag; data card: task_categories
    library_name: str | None = None  # model cards
    size_category: str | None = None  # data cards
    models: str = ""  # model cards: the model(s) described, comma-separated
    confirmed: list[str] = field(default_factory=list)  # evidence about another model, confirmed
    dismissed: list[str] = field(default_factory=list)  # suggestion keys the author dismissed


def form_to_spec(f: Form) -> CardSpec:
    kind = f.kind if f.kind in ("model", "dataset") else "model"
    meta: dict[str, Any] = {}
    if f.license:
        meta["license"] = f.license.strip()
    for key, text in (("language", f.language), ("tags", f.tags), ("datasets", f.datasets),
                      ("metrics", f.metrics)):
        values = _csv(text)
        if values:
            meta[key] = values
    if kind == "model":
        if f.task:
            meta["pipeline_tag"] = f.task.strip()
        if f.library_name:
            meta["library_name"] = f.library_name.strip()
    else:
        if f.task:
            meta["task_categories"] = [f.task.strip()]
        if f.size_category:
            meta["size_categories"] = [f.size_category.strip()]
    sections = {s.key: text for s, text in zip(sections_for(kind), f.sections) if text and
                text.strip()}
    co2 = None
    if kind == "model" and f.co2_mode == "measured" and f.measured_kg is not None:
        co2 = {"measured_kg": f.measured_kg, "measured_source": f.measured_source or None}
    elif kind == "model" and f.co2_mode == "estimate":
        co2 = {"hardware": f.hardware, "count": int(f.count or 1), "hours": f.hours,
               "region": f.region, "pue": f.pue or 1.0}
    openness = {k: v for k, v in zip(OPENNESS_KEYS, f.openness) if v} if kind == "model" else {}
    return parse_spec({"kind": kind, "title": f.title or "", "summary": f.summary or "",
                       "metadata": meta, "sections": sections, "evidence": list(f.evidence or []),
                       "catalog_entries": list(f.catalog or []), "co2": co2,
                       "openness": openness,
                       "models": _csv(f.models) if kind == "model" else [],
                       "confirmed_evidence": [e for e in f.confirmed or []
                                              if e in (f.evidence or [])],
                       "dismissed_suggestions": list(f.dismissed or [])})


# the order in which the UI passes the form's fields (flat): see form_from_values
HEAD_FIELDS = ("kind", "title", "summary", "license", "language", "tags", "datasets", "metrics",
               "evidence", "catalog")
CO2_FIELDS = ("co2_mode", "hardware", "count", "hours", "region", "pue", "measured_kg",
              "measured_source")
TAIL_FIELDS = ("task", "library_name", "size_category", "models", "confirmed", "dismissed")
N_FIELDS = len(HEAD_FIELDS) + N_SECTIONS + len(CO2_FIELDS) + len(OPENNESS_KEYS) + len(TAIL_FIELDS)


def form_from_values(values: Any) -> Form:
    """The wizard's flat list of field values (HEAD, sections, CO2, openness, TAIL) -> Form."""
    v = list(values)
    if len(v) != N_FIELDS:
        from glasshouse.errors import BadInput

        raise BadInput(f"the wizard sent {len(v)} fields, expected {N_FIELDS}", field="form")
    i = len(HEAD_FIELDS)
    head = dict(zip(HEAD_FIELDS, v[:i]))
    sections, i = v[i:i + N_SECTIONS], i + N_SECTIONS
    co2 = dict(zip(CO2_FIELDS, v[i:i + len(CO2_FIELDS)]))
    i += len(CO2_FIELDS)
    openness, i = v[i:i + len(OPENNESS_KEYS)], i + len(OPENNESS_KEYS)
    tail = dict(zip(TAIL_FIELDS, v[i:]))
    co2["measured_source"] = co2["measured_source"] or ""
    tail["models"] = tail["models"] or ""
    tail["confirmed"] = list(tail["confirmed"] or [])
    tail["dismissed"] = list(tail["dismissed"] or [])
    head["evidence"] = list(head["evidence"] or [])
    head["catalog"] = list(head["catalog"] or [])
    return Form(**head, sections=[s or "" for s in sections], **co2, openness=list(openness),
                **tail)


def form_values(form: Form) -> list[Any]:
    """Form -> the flat list, in the order of form_from_values."""
    return [*(getattr(form, k) for k in HEAD_FIELDS), *form.sections,
            *(getattr(form, k) for k in CO2_FIELDS), *form.openness,
            *(getattr(form, k) for k in TAIL_FIELDS)]


def _join(value: Any) -> str:
    if value is None:
        return ""
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def spec_to_form(spec: CardSpec) -> Form:
    m = spec.metadata
    co2 = spec.co2
    mode = "none" if co2 is None else "measured" if co2.measured_kg is not None else "estimate"
    lic = m.get("license")
    return Form(
        kind=spec.kind, title=spec.title, summary=spec.summary,
        license=lic[0] if isinstance(lic, list) and lic else lic,
        language=_join(m.get("language")), tags=_join(m.get("tags")),
        datasets=_join(m.get("datasets")), metrics=_join(m.get("metrics")),
        evidence=list(spec.evidence), catalog=list(spec.catalog_entries),
        sections=[spec.sections.get(s.key, "") for s in sections_for(spec.kind)],
        co2_mode=mode, hardware=co2.hardware if co2 else None,
        count=co2.count if co2 else 1, hours=co2.hours if co2 else None,
        region=co2.region if co2 else None, pue=co2.pue if co2 else 1.0,
        measured_kg=co2.measured_kg if co2 else None,
        measured_source=(co2.measured_source or "") if co2 else "",
        openness=[spec.openness.get(k) for k in OPENNESS_KEYS],
        task=m.get("pipeline_tag") if spec.kind == "model" else _first(m.get("task_categories")),
        library_name=m.get("library_name"),
        size_category=_first(m.get("size_categories")),
        models=", ".join(spec.models), confirmed=list(spec.confirmed_evidence),
        dismissed=list(spec.dismissed_suggestions))


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        return str(value[0]) if value else None
    return None if value in (None, "") else str(value)


def evidence_choices(db: Database, limit: int = 300) -> list[tuple[str, str]]:
    from glasshouse import evidence

    out = []
    for kind in EVIDENCE_KINDS:
        for ev in evidence.find(db, kind=kind, limit=limit):
            out.append((f"{KIND_LABELS[kind]}: {ev.title} ({ev.created_at:%Y-%m-%d}, "
                        f"{ev.id[:8]})", ev.id))
    return out


def catalog_choices(db: Database, limit: int = 2000) -> list[tuple[str, str]]:
    try:
        from catalog import service
    except ImportError:
        return []
    return [(f"{e.name} ({', '.join(lic.spdx for lic in e.licenses) or 'no licence'})", e.id)
            for e in service.list_entries(db, limit=limit)]


def task_choices() -> list[str]:
    from glasshouse import hub_lists

    return sorted(hub_lists.pipeline_tags())


def library_choices() -> list[str]:
    from glasshouse import hub_lists

    return sorted(hub_lists.library_names())


def size_choices() -> list[str]:
    from glasshouse import hub_lists

    return list(hub_lists.size_categories())


def hardware_choices() -> list[tuple[str, str]]:
    """GPUs (vendor datasheet power) and a few common CPUs (codecarbon's TDP table); the
    dropdown also takes any CPU name codecarbon knows."""
    from cards import co2_data

    out = [(f"{label} ({w:g} W)", key) for key, (label, w) in co2_data.GPU_WATTS.items()]
    for name in co2_data.COMMON_CPUS:
        try:
            hw = co2_data.hardware(name)
        except Exception:  # noqa: BLE001 - a CPU missing from this codecarbon version
            continue
        out.append((f"{hw.label} ({hw.watts:g} W, CPU)", hw.key))
    return out


def region_choices() -> list[tuple[str, str]]:
    """Countries and cloud regions with their grid intensity from codecarbon's data."""
    from cards import co2_data

    return [(f"{r.label} ({r.g_per_kwh:.4g} g/kWh)", key)
            for key, r in co2_data.regions().items()]
