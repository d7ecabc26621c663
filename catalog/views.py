"""What the catalog tab shows, without gradio: form parsing, inline validation messages,
markdown for an entry page, the lineage graph and the coverage chart (plotly)."""

from __future__ import annotations


from typing import Any

from catalog.licenses import CLASS_ORDER, LICENSE_CLASSES
from catalog.schema import Entry, entry_errors
from catalog.worldmap import CAVEAT as MAP_CAVEAT  # noqa: F401 - the UI reads views only
from catalog.worldmap import world_map_figure  # noqa: F401

# one colour per licence class, least to most restrictive (green, grey, orange, red): the keys
# come from catalog.licenses, so a new class without a colour fails here, at import
CLASS_COLOURS: dict[str, str] = dict(zip(CLASS_ORDER, ("#2e7d32", "#9e9e9e", "#ef6c00",
                                                       "#c62828"), strict=True))
if set(CLASS_COLOURS) != set(LICENSE_CLASSES):
    raise RuntimeError("catalog.licenses.CLASS_ORDER must rank every licence class once")
FORM_FIELDS = ("name", "id", "description", "homepage", "languages", "licenses", "access",
               "modality", "derived_from", "custodians", "citation", "collection_method",
               "contains_pii", "quality_notes")
FIELD_LABELS = {"name": "Name", "id": "Id", "description": "Description",
                "homepage": "Homepage", "languages": "Languages", "licenses": "Licences",
                "access": "Access", "modality": "Modality", "derived_from": "Built from",
                "custodians": "Custodians", "citation": "Citation", "entry": "Entry",
                "collection_method": "How it was collected", "risks": "Personal data",
                "quality_notes": "Quality notes"}


def form_to_data(values: dict[str, Any], *, previous_validation: dict[str, str] | None = None,
                 checker: str | None = None) -> dict[str, Any]:
    """Form strings -> entry dict (lists are comma or semicolon separated). Sections ticked in
    `verified_sections` become "verified" (licences then record `checker` as verified_by);
    unticked ones keep a previous "needs-review", else are left unverified."""
    def items(text: Any) -> list[str]:
        return [p.strip() for p in str(text or "").replace(";", ",").split(",") if p.strip()]

    data: dict[str, Any] = {
        "name": (values.get("name") or "").strip(),
        "description": values.get("description") or "",
        "homepage": (values.get("homepage") or "").strip() or None,
        "languages": items(values.get("languages")),
        "licenses": [p.strip() for p in str(values.get("licenses") or "").split(";")
                     if p.strip()],
        "access": values.get("access") or "unknown",
        "modality": values.get("modality") or "text",
        "derived_from": items(values.get("derived_from")),
        "custodians": items(values.get("custodians")),
        "citation": values.get("citation") or "",
        "collection_method": values.get("collection_method") or "",
        "quality_notes": values.get("quality_notes") or "",
        "risks": {"contains_pii": values.get("contains_pii") or "unknown"},
    }
    if (values.get("id") or "").strip():
        data["id"] = values["id"].strip()
    ticked = set(values.get("verified_sections") or [])
    validation = {k: v for k, v in (previous_validation or {}).items()
                  if v == "needs-review" and k not in ticked}
    validation.update({k: "verified" for k in ticked})
    data["validation"] = validation
    if "licences" in ticked and checker:
        data["licenses"] = [{"spdx": lic, "verified_by": checker} for lic in data["licenses"]]
    return data


def entry_to_form(entry: Entry) -> dict[str, Any]:
    return {"name": entry.name, "id": entry.id, "description": entry.description,
            "homepage": entry.homepage or "", "languages": ", ".join(entry.languages),
            "licenses": "; ".join(lic.spdx for lic in entry.licenses), "access": entry.access,
            "modality": entry.modality, "derived_from": ", ".join(entry.derived_from),
            "custodians": ", ".join(entry.custodians), "citation": entry.citation,
            "collection_method": entry.collection_method,
            "contains_pii": entry.risks.contains_pii, "quality_notes": entry.quality_notes,
            "verified_sections": [k for k, v in entry.validation.items() if v == "verified"]}


def validation_report(data: dict[str, Any]) -> tuple[bool, str]:
    """(ok, markdown) for the form: every problem in plain words, or what will be saved."""
    errors = entry_errors(data)
    if errors:
        lines = [f"- **{FIELD_LABELS.get(f.split('.')[0], f)}**: {m}" for f, m in errors]
        return False, "**Please fix before saving:**\n" + "\n".join(lines)
    e = Entry.model_validate(data)
    langs = ", ".join(e.languages) or "none yet"
    lics = ", ".join(f"{lic.spdx} ({lic.license_class})" for lic in e.licenses) or "none yet"
    warnings = [f"- **{FIELD_LABELS.get('licenses', 'Licences')}**: {lic.note}"
                for lic in e.licenses if lic.note and lic.note.startswith("licence not recognised")]
    warnings += [f"- **{FIELD_LABELS.get('licenses', 'Licences')}**: `{lic.spdx}` names no "
                 "version; it is kept without one (add the version if you know it)"
                 for lic in e.licenses if lic.version_unknown]
    note = ("\n\n**Check:**\n" + "\n".join(warnings)) if warnings else ""
    return True, (f"Looks good. It will be saved as **{e.id}** with languages **{langs}** and "
                  f"licences **{lics}** (class: {e.license_class}).{note}")


def entry_markdown(entry: Entry, version: int, updated_by: str, lineage: dict[str, Any]) -> str:
    lics = "\n".join(
        f"- `{lic.spdx}` — {lic.license_class}"
        f"{', attribution required' if lic.attribution else ''}"
        f"{', share-alike' if lic.share_alike else ''}"
        f"{f' ([text]({lic.url}))' if lic.url else ''}"
        f"{f' — {lic.note}' if lic.note else ''}"
        f"{f' — checked by {lic.verified_by}' if lic.verified_by else ''}"
        for lic in entry.licenses) or "- none recorded (treat as *unspecified*)"
    size = (f"{entry.size.value:,.0f} {entry.size.unit or ''}" if entry.size.value is not None
            else "unknown")
    status = ", ".join(f"{k}: {v}" for k, v in entry.validation.items()) or "nothing checked yet"
    conflicts = "\n".join(f"- ⚠️ {c['message']}" for c in lineage["conflicts"]) \
        or "- none found"
    pii = "".join(part for part in (
        entry.risks.pii_notes and f" — {entry.risks.pii_notes}",
        entry.risks.sensitive_notes and f" · **Sensitive data:** {entry.risks.sensitive_notes}")
        if part)
    return (
        f"### {entry.name}\n`{entry.id}` · version {version} · last saved by {updated_by}\n\n"
        f"{entry.description or '*No description yet.*'}\n\n"
        f"**Languages:** {', '.join(entry.languages) or 'none recorded'} · "
        f"**Modality:** {entry.modality} · **Access:** {entry.access} · **Size:** {size}\n\n"
        f"**Homepage:** {entry.homepage or 'unknown'} · **Custodians:** "
        f"{', '.join(entry.custodians) or 'unknown'}\n\n"
        f"**Licences** (own class: {entry.license_class}):\n{lics}\n\n"
        f"**Effective licence class, counting everything it was built from:** "
        f"**{lineage['effective_license_class']}** "
        f"({len(lineage['ancestors'])} source(s) traced)\n\n**Licence conflicts:**\n{conflicts}\n\n"
        f"**Personal data:** {entry.risks.contains_pii}{pii}"
        f" · **Checked sections:** {status}\n\n"
        f"{_subsets_markdown(entry)}{_extra_markdown(entry)}"
        "*The licence class is a reading aid, not legal advice: check the licence text.*")


def _subsets_markdown(entry: Entry) -> str:
    if not entry.subsets:
        return ""
    rows = "\n".join(f"- {s.name or s.label} (`{s.language}`"
                     f"{f', labelled {s.label}' if s.label and s.label != s.name else ''})"
                     + (f": {plain_value(s.size.model_dump())}" if s.size.value is not None
                        else "")
                     for s in entry.subsets)
    return f"**Per-dialect subsets:**\n{rows}\n\n"


def _extra_markdown(entry: Entry, limit: int = 300) -> str:
    """The source's fields that have no field of their own here (kept from the import)."""
    if not entry.extra:
        return ""
    rows = []
    for key, value in entry.extra.items():
        text = plain_value(value).replace("\n", " ")
        rows.append(f"- *{key}*: {text[:limit] + '…' if len(text) > limit else text}")
    return "**Other fields from the source:**\n" + "\n".join(rows) + "\n\n"


def lineage_figure(lineage: dict[str, Any]) -> Any:
    """The provenance graph: the entry on the right, its sources to the left by depth,
    coloured by licence class; arrows point from a source to what was built from it."""
    import plotly.graph_objects as go

    nodes = [{"id": lineage["id"], "name": lineage.get("name") or lineage["id"], "depth": 0,
              "license_class": lineage["license_class"], "catalogued": True}]
    nodes += [{"id": a["id"], "name": a["name"] or a["id"], "depth": a["depth"],
               "license_class": a["license_class"], "catalogued": a["catalogued"]}
              for a in lineage["ancestors"]]
    by_depth: dict[int, list[dict[str, Any]]] = {}
    for n in nodes:
        by_depth.setdefault(n["depth"], []).append(n)
    pos = {}
    for depth, group in by_depth.items():
        for i, n in enumerate(group):
            pos[n["id"]] = (-depth, (i - (len(group) - 1) / 2))
    fig = go.Figure()
    for child, parent in lineage["edges"]:
        (x1, y1), (x0, y0) = pos[child], pos[parent]
        fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y",
                           showarrow=True, arrowhead=3, arrowsize=1.2, arrowwidth=1.5,
                           arrowcolor="#607d8b", standoff=14, startstandoff=14, text="")
    for cls in CLASS_ORDER:
        group = [n for n in nodes if n["license_class"] == cls]
        if not group:
            continue
        fig.add_trace(go.Scatter(
            x=[pos[n["id"]][0] for n in group], y=[pos[n["id"]][1] for n in group],
            mode="markers+text", name=cls, text=[n["name"] for n in group],
            textposition="top center",
            marker={"size": 22, "color": CLASS_COLOURS[cls],
                    "symbol": ["circle" if n["catalogued"] else "circle-open" for n in group],
                    "line": {"width": 2, "color": CLASS_COLOURS[cls]}},
            hovertext=[f"{n['id']}<br>{cls}{'' if n['catalogued'] else ' (not catalogued)'}"
                       for n in group], hoverinfo="text"))
    depth = max(by_depth)
    fig.update_layout(
        title=f"Where {nodes[0]['name']} comes from ({len(nodes) - 1} source(s))",
        xaxis={"visible": False, "range": [-depth - 0.7, 0.7]},
        yaxis={"visible": False}, height=360, margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"title": "Licence class"}, plot_bgcolor="white")
    return fig


def coverage_figure(per_language: dict[str, int], total_entries: int, top: int = 25) -> Any:
    """Entries per language (dialects folded into their language; an entry counts once per
    language), the `top` most covered."""
    import plotly.graph_objects as go

    from catalog.languages import language_info

    names: dict[str, str] = {}
    for base in per_language:
        try:
            names[base] = language_info(base).name
        except (ValueError, LookupError):
            names[base] = base
    ranked = sorted(per_language.items(), key=lambda kv: -kv[1])[:top]
    fig = go.Figure(go.Bar(
        x=[v for _, v in ranked][::-1], y=[f"{names[k]} ({k})" for k, _ in ranked][::-1],
        orientation="h", marker_color="#3f51b5",
        hovertemplate="%{y}: %{x} entries<extra></extra>"))
    fig.update_layout(
        title=f"Languages covered: top {len(ranked)} of {len(per_language)} "
              f"(n = {total_entries} entries; one entry can cover many languages)",
        height=max(300, 22 * len(ranked) + 120), margin={"l": 10, "r": 10, "t": 60, "b": 40},
        xaxis_title="catalog entries")
    return fig


def facet_markdown(facets: dict[str, dict[str, int]], total: int) -> str:
    if not facets:
        return ""
    parts = [f"**{total} match(es).**"]
    for name, label in (("license_class", "Licence class"), ("language", "Language"),
                        ("family", "Language family"), ("branch", "Branch"),
                        ("modality", "Modality"), ("access", "Access"), ("region", "Region")):
        counts = facets.get(name) or {}
        if counts:
            shown = (_region_label if name == "region" else str)
            parts.append(f"**{label}:** " + ", ".join(f"{shown(k)} ({v})" for k, v in
                                                     list(counts.items())[:12]))
    if facets.get("region"):
        parts.append("*A dialect counts for the countries where it is spoken (Egyptian Arabic "
                     "for Egypt, Levantine for Lebanon, Syria, Jordan, Palestine...).*")
    if facets.get("family"):
        parts.append("*Families from Glottolog and Wikipedia (a small table the team keeps); "
                     "an entry counts once per family it covers.*")
    return "  \n".join(parts)




def _region_label(code: str) -> str:
    """'EG' -> 'Egypt EG', '015' -> 'Northern Africa 015'."""
    import langcodes

    try:
        name = langcodes.Language.get(f"und-{code}").territory_name()
    except (ValueError, LookupError):
        return code
    return f"{name} {code}" if name and name != code else code


def proposal_markdown(number: int, data: dict[str, Any], current: dict[str, Any] | None,
                      comments: list[dict[str, Any]], proposed_by: str) -> str:
    """What a proposal would change: every field that differs from the saved entry."""
    head = f"### Proposal {number} by {proposed_by}\n"
    if current is None:
        head += f"A **new entry** `{data.get('id')}`:\n\n"
        changed = [k for k, v in data.items() if v not in (None, "", [], {})]
    else:
        head += f"An **edit** of `{data.get('id')}`:\n\n"
        changed = [k for k in data if data.get(k) != current.get(k)]

    def short(v: Any) -> str:
        text = plain_value(v)
        return (text[:200] + "…") if len(text) > 200 else text

    rows = ["| field | now | proposed |", "|---|---|---|"]
    for k in changed:
        now = "" if current is None else short(current.get(k))
        rows.append(f"| {FIELD_LABELS.get(k, k.replace('_', ' '))} | {_cell(now)} | "
                    f"{_cell(short(data.get(k)))} |")
    if not changed:
        rows.append("| (nothing changes) | | |")
    talk = "\n".join(f"- **{c['by']}**: {c['text']}" for c in comments) or "- no comments yet"
    return head + "\n".join(rows) + "\n\n**Comments:**\n" + talk


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "/").replace("\n", " ") or "—"


def plain_value(v: Any) -> str:
    """A stored value in plain words for people (no Python reprs): lists joined with commas,
    licences as 'SPDX (class)', objects as 'key: value' pairs, nothing as an empty string."""
    if v is None or v == "" or v == [] or v == {}:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float) and v.is_integer():
        return f"{v:,.0f}"
    if isinstance(v, (int, float)):
        return f"{v:,}"
    if isinstance(v, str):
        return v
    if isinstance(v, dict):
        if "spdx" in v:  # a licence
            cls = v.get("license_class")
            return f"{v['spdx']}" + (f" ({cls})" if cls else "")
        if set(v) <= {"value", "unit"}:  # a size
            return " ".join(p for p in (plain_value(v.get("value")), v.get("unit") or "") if p)
        if "language" in v and "size" in v:  # a dialect subset
            return " ".join(p for p in (v.get("name") or "", f"[{v['language']}]",
                                        plain_value(v.get("size"))) if p)
        return "; ".join(f"{str(k).replace('_', ' ')}: {plain_value(x)}" for k, x in v.items()
                         if plain_value(x))
    if isinstance(v, (list, tuple)):
        return ", ".join(plain_value(x) for x in v if plain_value(x))
    return str(v)


# which form field a validation problem or lineage conflict is shown next to
_FIELD_OF = {"languages": "languages", "licenses": "licenses", "derived_from": "derived_from"}


def field_messages(data: dict[str, Any], conflicts: list[dict[str, Any]] | None = None
                   ) -> dict[str, str]:
    """Messages to show next to the form's languages, licences and built-from fields: their
    validation problems and the lineage conflicts found before saving (an ancestor that is
    non-commercial or share-alike, a source not in the catalog)."""
    out: dict[str, list[str]] = {k: [] for k in set(_FIELD_OF.values())}
    for fld, msg in entry_errors(data):
        key = _FIELD_OF.get(fld.split(".")[0])
        if key:
            out[key].append(f"❌ {msg}")
    for c in conflicts or []:
        key = _FIELD_OF.get(c.get("field", ""), "licenses")
        out[key].append(f"⚠️ {c['message']}")
        if c.get("kind") in ("licence-class", "share-alike"):
            out["derived_from"].append(f"⚠️ {c['message']}")
    return {k: "\n".join(f"- {m}" for m in dict.fromkeys(v)) for k, v in out.items()}


def column_rows(plan_rows: list[dict[str, Any]]) -> list[list[str]]:
    """The import preview table: column, the field it fills, an example value."""
    return [[r["column"], r["field"], r["example"]] for r in plan_rows]
