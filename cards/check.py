"""`card check`: validate any README.md card offline.

huggingface_hub's `RepoCard.validate()` posts the card to the Hub; this runs our own checks:
YAML parses into a mapping that huggingface_hub accepts, licence id known (Hub licence list or
SPDX), language tags valid BCP-47, required sections present and non-empty, no placeholder text
left in, licence statements consistent, and a completeness score 0..1.
"""

from __future__ import annotations

import re
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from cards.licenses import HUB_LICENSES, conflict, hub_id_for, is_spdx, license_kind
from cards.readme import blocks, meaningful, placeholders, split
from cards.sections import Kind, sections_for
from cards.spec import GLASSHOUSE_KEY

DATASET_KEYS = {"task_categories", "size_categories", "pretty_name", "annotations_creators",
                "language_creators", "multilinguality", "source_datasets", "configs",
                "dataset_info", "task_ids"}
MODEL_KEYS = {"model-index", "base_model", "pipeline_tag", "library_name", "co2_eq_emissions"}
SPECIAL_LANGUAGES = {"multilingual", "code"}
META_KEYS: dict[Kind, tuple[str, ...]] = {
    "model": ("license", "language", "tags", "datasets", "metrics", "pipeline_tag",
              "co2_eq_emissions"),
    "dataset": ("license", "language", "pretty_name", "size_categories", "task_categories"),
}


class CheckResult(BaseModel):
    valid: bool
    completeness: float = Field(ge=0, le=1)
    missing: list[str]
    warnings: list[str]
    errors: list[str]
    kind: Literal["model", "dataset"]
    sections: dict[str, Literal["filled", "placeholder", "empty", "missing"]]


def detect_kind(meta: dict[str, Any], body: str) -> Kind:
    gh = meta.get(GLASSHOUSE_KEY)
    if isinstance(gh, dict) and gh.get("kind") in ("model", "dataset"):
        return gh["kind"]
    if DATASET_KEYS & set(meta):
        return "dataset"
    if MODEL_KEYS & set(meta):
        return "model"
    score = {k: sum(b.section is not None for b in blocks(body, k)) for k in ("model", "dataset")}
    return "dataset" if score["dataset"] > score["model"] else "model"


def _licenses(meta: dict[str, Any]) -> list[str]:
    lic = meta.get("license")
    if lic is None:
        return []
    return [str(x) for x in lic] if isinstance(lic, list) else [str(lic)]


def _languages(meta: dict[str, Any]) -> list[str]:
    lang = meta.get("language")
    if lang is None:
        return []
    return [str(x) for x in lang] if isinstance(lang, list) else [str(lang)]


_MENTION_CACHE: list[tuple[str, re.Pattern[str]]] = []


def _mentions(text: str) -> set[str]:
    if not _MENTION_CACHE:
        for lid in HUB_LICENSES:
            if lid in ("unknown", "other", "cc", "bsd", "gpl", "lgpl", "gfdl"):
                continue
            _MENTION_CACHE.append((lid, re.compile(
                r"(?<![a-z0-9.])" + re.escape(lid).replace(r"\-", r"[-\s]?") + r"(?![a-z0-9]|\.\d)",
                re.I)))
    found = set()
    for line in text.splitlines():
        if "licen" not in line.lower():
            continue
        norm = line.replace("Apache License 2.0", "apache-2.0").replace(
            "Apache License, Version 2.0", "apache-2.0").replace("MIT License", "mit")
        for lid, pat in _MENTION_CACHE:
            if pat.search(norm):
                found.add(lid)
    # a longer id contains a shorter one ("cc-by-nc-4.0" is not "cc-by-4.0" thanks to the
    # separators, but "lgpl-3.0" contains "gpl-3.0")
    return {m for m in found if not any(m != o and m in o for o in found)}


# sections that the Hub's own dataset template answers in the YAML metadata, not in a section
METADATA_SECTIONS = {"languages": "language", "licensing": "license"}


def _said_in_metadata(section_key: str, meta: dict[str, Any]) -> bool:
    key = METADATA_SECTIONS.get(section_key)
    return bool(key and meta.get(key) not in (None, "", [], {}))


def _as_list(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _hub_list_errors(meta: dict[str, Any], warnings: list[str]) -> list[str]:
    """Identifiers the Hub only accepts from its own lists (glasshouse/data/hub_lists.json)."""
    from glasshouse import hub_lists

    errors = []
    checks = (("pipeline_tag", hub_lists.pipeline_tags(), "a Hub pipeline tag"),
              ("task_categories", hub_lists.pipeline_tags(), "a Hub task category"),
              ("task_ids", hub_lists.task_ids(), "a Hub task id"),
              ("size_categories", frozenset(hub_lists.size_categories()),
               "a Hub size category (" + ", ".join(hub_lists.size_categories()) + ")"))
    for key, valid, what in checks:
        for value in _as_list(meta.get(key)):
            if value not in valid:
                errors.append(f"metadata.{key}: '{value}' is not {what}")
    for value in _as_list(meta.get("library_name")):
        if value not in hub_lists.library_names():
            warnings.append(f"metadata.library_name: '{value}' is not a library the Hub knows "
                            "(the Hub will not show a code snippet for it)")
    return errors


def check_text(text: str, *, kind: Kind | None = None) -> CheckResult:
    errors: list[str] = []
    warnings: list[str] = []
    missing: list[str] = []
    yaml_text, body = split(text)
    meta: dict[str, Any] = {}
    if yaml_text is None:
        errors.append("metadata: no YAML block at the top of the card (--- ... ---)")
    else:
        try:
            loaded = yaml.safe_load(yaml_text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            errors.append(f"metadata: YAML does not parse{where}: {problem}")
            loaded = {}
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            errors.append("metadata: the YAML block must be a mapping of keys to values")
            loaded = {}
        meta = loaded
    kind = kind or detect_kind(meta, body)

    if meta:  # what huggingface_hub itself refuses when loading the card
        from huggingface_hub import DatasetCardData, ModelCardData

        cls = ModelCardData if kind == "model" else DatasetCardData
        try:
            cls(**{k: v for k, v in meta.items() if k != "ignore_metadata_errors"})
        except (ValueError, TypeError) as exc:
            errors.append(f"metadata: huggingface_hub cannot load it: {str(exc).splitlines()[0]}")

    licenses = _licenses(meta)
    for lic in licenses:
        if hub_id_for(lic) is None:
            if is_spdx(lic):
                warnings.append(f"metadata.license: '{lic}' is a valid SPDX id but not one of "
                                "the Hub's licence ids; use 'other' with license_name and "
                                "license_link")
            else:
                errors.append(f"metadata.license: unknown licence '{lic}' (not a Hub licence id "
                              "nor SPDX)")
        elif lic != hub_id_for(lic):
            warnings.append(f"metadata.license: write '{hub_id_for(lic)}' (the Hub's spelling) "
                            f"instead of '{lic}'")
        if lic.lower() == "other" and not (meta.get("license_name") and meta.get("license_link")):
            errors.append("metadata.license: 'other' needs license_name and license_link")
        if lic.lower() == "unknown":
            warnings.append("metadata.license: the licence is 'unknown'; people cannot tell "
                            "what they may do with it")
    for tag in _languages(meta):
        import langcodes

        if tag not in SPECIAL_LANGUAGES and not langcodes.tag_is_valid(tag):
            errors.append(f"metadata.language: '{tag}' is not a valid BCP-47 language tag")

    for key in META_KEYS[kind]:
        if meta.get(key) in (None, "", [], {}):
            missing.append(f"metadata.{key}")
    errors.extend(_hub_list_errors(meta, warnings))

    # sections
    found = blocks(body, kind)
    states: dict[str, Literal["filled", "placeholder", "empty", "missing"]] = {}
    earned = total = 0.0
    for section in sections_for(kind):
        weight = 2.0 if section.required else 1.0
        total += weight
        match = [b for b in found if b.section is not None and b.section.key == section.key]
        if not match:
            states[section.key] = "missing"
        else:
            text_all = "\n".join(b.text for b in match)
            left = placeholders(text_all)
            if not meaningful(text_all):
                states[section.key] = "empty"
            elif left:
                states[section.key] = "placeholder"
                warnings.append(f"section '{section.heading}': placeholder text left in "
                                f"({', '.join(left)})")
            else:
                states[section.key] = "filled"
        if states[section.key] in ("missing", "empty") and _said_in_metadata(section.key, meta):
            states[section.key] = "filled"  # the Hub templates put these in the metadata
        earned += weight * {"filled": 1.0, "placeholder": 0.5}.get(states[section.key], 0.0)
        if states[section.key] in ("missing", "empty"):
            missing.append(section.heading)
            if section.required:
                errors.append(f"section '{section.heading}': "
                              f"{'missing' if states[section.key] == 'missing' else 'empty'}")
    for key in META_KEYS[kind]:
        total += 1
        earned += 0.0 if f"metadata.{key}" in missing else 1.0
    title_ok = any(b.level == 1 for b in found)
    if not title_ok:
        warnings.append("no title: start the text with '# Name of the model or dataset'")

    # licence consistency
    lic_text = "\n".join([body.split("\n## ", 1)[0]] + [
        b.text for b in found if "licen" in b.title.lower()
        or (b.section is not None and b.section.key == "licensing")])
    declared = {hub_id_for(lic) or lic.lower() for lic in licenses}
    named = _mentions(lic_text)
    if named and declared and not (named & declared):
        warnings.append(f"licence: the text names {', '.join(sorted(named))} but the metadata "
                        f"says {', '.join(sorted(declared))}")
    gh = meta.get(GLASSHOUSE_KEY) if isinstance(meta.get(GLASSHOUSE_KEY), dict) else {}
    if kind == "model":
        for src in gh.get("training_data") or []:
            if not isinstance(src, dict):
                continue
            why = conflict(licenses[0] if licenses else None,
                           src.get("effective_license_class", "unknown"))
            if why:
                warnings.append(f"licence: {src.get('name', src.get('id'))}: {why}")
        if licenses and license_kind(licenses[0]) == "unknown" and not errors:
            warnings.append("licence: the model's licence class cannot be determined")

    return CheckResult(valid=not errors, completeness=round(earned / total, 3) if total else 0.0,
                       missing=missing, warnings=warnings, errors=errors, kind=kind,
                       sections=states)


def check_file(path: str, *, kind: Kind | None = None) -> CheckResult:
    from pathlib import Path

    from glasshouse.errors import BadInput

    p = Path(path)
    if not p.is_file():
        raise BadInput("no such file", file=path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadInput("not a UTF-8 text file", file=path) from None
    return check_text(text, kind=kind)
