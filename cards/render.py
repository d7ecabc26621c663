"""Spec + evidence -> huggingface_hub ModelCard / DatasetCard; README.md -> spec; HTML/JSON export.

The YAML metadata is built with `ModelCardData` / `DatasetCardData` so that what we write is
what huggingface_hub loads back. Drafted text sits between `<!-- glasshouse:drafted -->`
markers so that importing the card again separates it from what the author wrote (it is
re-drafted from the evidence ids kept in the metadata).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cards import co2 as co2_mod
from cards.check import CheckResult, check_text, detect_kind
from cards.drafting import Drafted, draft_evidence, draft_sources
from cards.evidence_subjects import OtherModel, other_model_evidence
from cards.openness import COMPONENTS, Openness, rate
from cards.suggestions import Suggestion, suggest
from cards.readme import DRAFTED, blocks, split
from cards.sections import Kind, match_heading, sections_for
from cards.sources import DataSource
from cards.spec import GLASSHOUSE_KEY, CardSpec, ExtraSection
from glasshouse.errors import BadInput
from glasshouse.evidence import Evidence

PLACEHOLDER_TEXT = "[More Information Needed]"
GENERATED_HEADINGS = {"openness", "evidence"}
BEGIN, END = "<!-- glasshouse:drafted -->", "<!-- /glasshouse:drafted -->"


@dataclass(frozen=True)
class BuiltCard:
    card: Any  # ModelCard | DatasetCard
    spec: CardSpec
    drafted: tuple[Drafted, ...]
    warnings: tuple[str, ...]
    scorecard: Openness | None
    check: CheckResult
    suggestions: tuple[Suggestion, ...] = ()
    other_model: tuple[OtherModel, ...] = ()

    @property
    def readme(self) -> str:
        return str(self.card)


def anchor(source: str) -> str:
    return "evidence-" + source.replace(":", "-")


def short(source: str) -> str:
    if source.startswith("catalog:"):
        return "catalog " + source.split(":", 1)[1]
    return "ev-" + source[:8]


def _sentences(items: list[Drafted]) -> str:
    parts = []
    for d in items:
        link = f" [{short(d.source)}](#{anchor(d.source)})" if d.source else ""
        parts.append("- " + d.text + link)
    return "\n".join(parts)


def _card_classes(kind: Kind):
    from huggingface_hub import DatasetCard, DatasetCardData, ModelCard, ModelCardData

    return (ModelCard, ModelCardData) if kind == "model" else (DatasetCard, DatasetCardData)


def build(spec: CardSpec, evidence: list[Evidence], sources: list[DataSource]) -> BuiltCard:
    kind: Kind = spec.kind
    meta = dict(spec.metadata)
    lic = meta.get("license")
    model_license = lic[0] if isinstance(lic, list) and lic else lic if isinstance(lic, str) else None

    # evidence about another model than the card's stays out until the author confirms it;
    # additions that evidence suggests (languages, datasets, the model) are offered, not made
    others = other_model_evidence(spec, evidence)
    held_back = {o.evidence_id for o in others if not o.confirmed}
    drafted: list[Drafted] = []
    for ev in evidence:
        if ev.id not in held_back:
            drafted += draft_evidence(ev, kind)
    src_drafted, warnings = draft_sources(sources, kind, model_license)
    drafted += src_drafted
    offered = suggest(spec, evidence, sources)

    env_key = "environmental" if kind == "model" else None
    if spec.co2 is not None:
        est = co2_mod.estimate(spec.co2)
        meta["co2_eq_emissions"] = est.metadata()
        if env_key:
            drafted.append(Drafted(env_key, est.sentence, None))
    elif env_key and isinstance(meta.get("co2_eq_emissions"), dict):
        c = meta["co2_eq_emissions"]
        if isinstance(c.get("emissions"), (int, float)):
            drafted.append(Drafted(env_key, f"Training emitted {c['emissions'] / 1000:.3g} kg "
                                            f"CO2eq (source: {c.get('source', 'not stated')}).",
                                   None))

    scorecard = None
    if kind == "model" and (spec.openness or model_license):
        scorecard = rate(spec.openness, license_id=model_license)

    gh: dict[str, Any] = {"kind": kind}
    if spec.evidence:
        gh["evidence"] = list(spec.evidence)
    if spec.catalog_entries:
        gh["catalog_entries"] = list(spec.catalog_entries)
    if sources:
        gh["training_data"] = [{"id": s.id, "name": s.name, "licenses": list(s.licenses),
                                "effective_license_class": s.effective_license_class}
                               for s in sources]
    if spec.openness:
        gh["openness"] = dict(spec.openness)
    if spec.co2 is not None:
        gh["co2_input"] = spec.co2.model_dump(exclude_none=True)
    for key in ("models", "confirmed_evidence", "dismissed_suggestions"):
        if getattr(spec, key):
            gh[key] = list(getattr(spec, key))
    meta[GLASSHOUSE_KEY] = gh

    card_cls, data_cls = _card_classes(kind)
    try:
        data = data_cls(**meta)
    except (ValueError, TypeError) as exc:
        raise BadInput(f"huggingface_hub rejects the metadata: {str(exc).splitlines()[0]}",
                       field="metadata") from None
    body = _body(spec, drafted, scorecard, evidence, sources)
    card = card_cls("---\n" + data.to_yaml() + "\n---\n" + body)
    result = check_text(str(card), kind=kind)
    return BuiltCard(card, spec, tuple(drafted), tuple(warnings), scorecard, result,
                     tuple(offered), tuple(others))


def _body(spec: CardSpec, drafted: list[Drafted], scorecard: Openness | None,
          evidence: list[Evidence], sources: list[DataSource]) -> str:
    out = [f"# {spec.title.strip() or ('Untitled ' + spec.kind)}", ""]
    if spec.summary.strip():
        out += [spec.summary.strip(), ""]
    if scorecard is not None:
        out += [scorecard.badge_svg(), ""]
    for section in sections_for(spec.kind):
        own = spec.sections.get(section.key, "").strip()
        mine = [d for d in drafted if d.section == section.key]
        if not own and not mine and not section.required:
            continue
        out += [f"## {section.heading}", ""]
        if own:
            out += [own, ""]
        if mine:
            out += [BEGIN, _sentences(mine), END, ""]
        if not own and not mine:
            out += [PLACEHOLDER_TEXT, ""]
    for extra in spec.extra_sections:
        out += [f"## {extra.heading}", "", extra.text.strip(), ""]
    if scorecard is not None:
        out += ["## Openness", "", BEGIN,
                scorecard.sentence() + " Rated on the Model Openness Framework (Linux "
                "Foundation, White et al. 2024): each class needs the listed components "
                "published under an open licence; a component not stated counts as not "
                "published.", "", scorecard.table_markdown(), END, ""]
    cited = [e for e in evidence] + [s for s in sources]
    if cited:
        out += ["## Evidence", "", BEGIN,
                "Each drafted sentence above links to the stored result it came from.", ""]
        for ev in evidence:
            out.append(f'- <a id="{anchor(ev.id)}"></a>**{short(ev.id)}** `{ev.id}`: '
                       f"{ev.kind.replace('_', ' ')}, {ev.title} "
                       f"({ev.created_at:%Y-%m-%d}, by {ev.created_by})")
        for src in sources:
            ref = f"catalog:{src.id}"
            out.append(f'- <a id="{anchor(ref)}"></a>**{short(ref)}** `{ref}`: catalog entry '
                       f"{src.name}")
        out += [END, ""]
    return "\n".join(out)


def import_readme(text: str, *, kind: Kind | None = None, file: str | None = None) -> CardSpec:
    """An existing README.md card -> a spec to continue editing (drafted text is dropped and
    re-drafted from the evidence ids recorded in the metadata)."""
    import yaml

    yaml_text, body = split(text)
    meta: dict[str, Any] = {}
    if yaml_text is not None:
        try:
            meta = yaml.safe_load(yaml_text) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise BadInput(f"the YAML metadata does not parse: {getattr(exc, 'problem', exc)}",
                           file=file, row=(mark.line + 2) if mark is not None else None,
                           field="metadata") from None
        if not isinstance(meta, dict):
            raise BadInput("the YAML metadata must be a mapping", file=file, field="metadata")
    kind = kind or detect_kind(meta, body)
    card_cls, _ = _card_classes(kind)
    try:  # load it the way huggingface_hub does, so we keep exactly what it keeps
        meta = card_cls(text).data.to_dict() if yaml_text is not None else {}
    except ValueError as exc:
        raise BadInput(str(exc).splitlines()[0], file=file, field="metadata") from None
    gh = meta.pop(GLASSHOUSE_KEY, None) or {}
    co2_input = gh.get("co2_input")
    if co2_input:
        meta.pop("co2_eq_emissions", None)
    body = DRAFTED.sub("\n", body)
    title, summary = "", ""
    sections: dict[str, str] = {}
    extra: list[ExtraSection] = []
    found = blocks(body, kind)
    first_h2 = body.find("\n## ")
    head = body if first_h2 < 0 else body[:first_h2]
    for line in head.strip().splitlines():
        if line.startswith("# ") and not title:
            title = line[2:].strip()
    summary_lines = [ln for ln in head.strip().splitlines()
                     if not ln.startswith("# ") and not ln.startswith("![Openness")
                     and not (ln.startswith("<svg") and "Model Openness Framework" in ln)]
    summary = "\n".join(summary_lines).strip()
    for i, b in enumerate(found):
        if b.level != 2 and not (b.level == 3 and b.section is not None):
            continue
        if b.title.strip().lower() in GENERATED_HEADINGS:
            continue
        text = b.text if b.section is None else _until_next_section(found, i)
        text = text.strip()
        if text == PLACEHOLDER_TEXT:
            text = ""
        if b.section is not None and b.section.key not in sections:
            if text:
                sections[b.section.key] = text
        elif b.level == 2:
            extra.append(ExtraSection(heading=b.title, text=text))
    from cards.spec import parse_spec

    return parse_spec({
        "kind": kind, "title": title, "summary": summary, "metadata": meta,
        "sections": sections, "extra_sections": [e.model_dump() for e in extra],
        "evidence": gh.get("evidence") or [], "catalog_entries": gh.get("catalog_entries") or [],
        "co2": co2_input, "openness": gh.get("openness") or {},
        "models": gh.get("models") or [], "confirmed_evidence": gh.get("confirmed_evidence") or [],
        "dismissed_suggestions": gh.get("dismissed_suggestions") or []}, file=file)


def _until_next_section(found: list, i: int) -> str:
    """A matched section's text, stopping at a nested heading that is itself a section."""
    b = found[i]
    text = b.own_text
    for nxt in found[i + 1:]:
        if nxt.level <= b.level or nxt.section is not None:
            break
        text += f"\n\n{'#' * nxt.level} {nxt.title}\n\n{nxt.own_text}"
    return text


def to_html(built: BuiltCard) -> str:
    """A stand-alone HTML page of the card (metadata as a table, body rendered)."""
    import html

    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    meta = built.card.data.to_dict()
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td><code>{html.escape(json.dumps(v, default=str))}"
                   f"</code></td></tr>" for k, v in meta.items())
    _, body = split(built.readme)
    body = DRAFTED.sub(lambda m: m.group(0).replace(BEGIN, "").replace(END, ""), body)
    import re

    # the openness badge is our own SVG: kept as markup, not shown as escaped text
    badge = built.scorecard.badge_svg() if built.scorecard is not None else ""
    if badge:
        body = body.replace(badge, "")
    anchors = re.findall(r'<a id="([^"]+)"></a>', body)
    body = re.sub(r'<a id="[^"]+"></a>', "", body)
    rendered = md.render(body)
    for a in anchors:  # restore anchors as real ids on the evidence list items
        rendered = rendered.replace(f"<code>{a.replace('evidence-', '').replace('catalog-', 'catalog:', 1)}</code>",
                                    f'<code id="{a}">{a.replace("evidence-", "").replace("catalog-", "catalog:", 1)}</code>', 1)
    return ("<!doctype html><html><head><meta charset='utf-8'><title>"
            f"{html.escape(built.spec.title or 'Card')}</title></head><body>"
            f"<table class='metadata'>{rows}</table>{badge}{rendered}</body></html>")


def to_json(built: BuiltCard) -> dict[str, Any]:
    return {
        "kind": built.spec.kind, "metadata": built.card.data.to_dict(),
        "sections": {s.heading: built.spec.sections.get(s.key, "") for s in sections_for(built.spec.kind)},
        "drafted": [{"section": d.section, "text": d.text, "source": d.source}
                    for d in built.drafted],
        "openness": None if built.scorecard is None else {
            "ratings": built.scorecard.ratings, "mof_class": built.scorecard.reached,
            "label": built.scorecard.label,
            "missing_for_next": list(built.scorecard.missing_for_next)},
        "suggestions": [{"key": s.key, "field": s.field, "value": s.value, "source": s.source,
                         "reason": s.reason} for s in built.suggestions],
        "other_model_evidence": [o.warning() for o in built.other_model],
        "warnings": list(built.warnings), "check": built.check.model_dump(),
        "readme": built.readme,
    }


__all__ = ["BuiltCard", "build", "import_readme", "to_html", "to_json", "match_heading",
           "COMPONENTS"]
