"""Service functions of the bias-probes area: run a probe, store runs as `probe_run` evidence,
list/compare/export runs, and keep versioned probe sets. Writes check the actor's role."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select

from glasshouse import evidence
from glasshouse.evidence import EvidenceKind
from glasshouse.db import Database
from glasshouse.errors import BadInput, NotFound
from glasshouse.users import Actor, require

from explorer.probes import registry
from explorer.probes.base import ProbeResult, Progress, no_progress
from explorer.probes.builtin import BUILTIN_VERSION
from explorer.probes.tables import ProbeSetRow

EVIDENCE_KIND = EvidenceKind.PROBE_RUN


# ------------------------------------------------------------------ running


def run_probe(name: str, model: str, params: dict[str, Any] | BaseModel | None = None, *,
              language: str = "en", probe_set_version: str | None = None,
              progress: Progress = no_progress, file: str | None = None) -> dict[str, Any]:
    """Run a registered probe; returns the contract's JSON object."""
    probe = registry.get(name)
    parsed = probe.parse_params(params, file=file, language=language)
    result: ProbeResult = probe.run(parsed, model, progress)
    version = probe_set_version or (f"{BUILTIN_VERSION}/{name}-{parsed.language}"  # type: ignore[attr-defined]
                                    if params is None else "custom")
    return result.to_json(parameters=parsed.model_dump(), probe_set_version=version)


def run_title(payload: dict[str, Any]) -> str:
    probe = registry.get(payload["probe"])
    groups = payload.get("parameters", {}).get("groups")
    tag = " vs ".join(g["name"] for g in groups[:2]) if groups else payload.get(
        "parameters", {}).get("language", "")
    return f"{probe.title} ({tag}) on {payload['model']}"


def save_run(db: Database, payload: dict[str, Any], *, actor: Actor) -> str:
    """Store a run as `probe_run` evidence (who and when are recorded); returns its id."""
    require(actor, "curator", "saving probe runs")
    for key in ("probe", "model", "n", "effect", "ci", "details", "caveat"):
        if key not in payload:
            raise BadInput("not a probe run", field=key)
    return evidence.record(db, actor=actor, kind=EVIDENCE_KIND, title=run_title(payload),
                           payload=payload, subject=payload["model"])


@dataclass(frozen=True)
class StoredRun:
    id: str
    title: str
    created_by: str
    created_at: str
    payload: dict[str, Any]


def _stored(e: evidence.Evidence) -> StoredRun:
    return StoredRun(e.id, e.title, e.created_by, e.created_at.isoformat(), e.payload)


def list_runs(db: Database, *, model: str | None = None, limit: int = 200) -> list[StoredRun]:
    return [_stored(e) for e in evidence.find(db, kind=EVIDENCE_KIND, subject=model,
                                              limit=limit)]


def run_choices(runs: list[StoredRun]) -> list[tuple[str, str]]:
    """(readable label, id) for picking runs: title, when and who, never a bare id."""
    return [(f"{r.title} \u2014 {r.created_at[:16].replace('T', ' ')} by {r.created_by}", r.id)
            for r in runs]


def get_run(db: Database, run_id: str) -> StoredRun:
    e = evidence.get(db, run_id)
    if e.kind != EVIDENCE_KIND:
        raise NotFound(f"evidence '{run_id}' is a {e.kind}, not a probe run")
    return _stored(e)


def _group_key(g: dict[str, Any]) -> str:
    return str(g.get("group"))


def compare_runs(db: Database, first: str, second: str) -> dict[str, Any]:
    """Side-by-side headline numbers and per-group numbers of two stored runs."""
    a, b = get_run(db, first), get_run(db, second)
    pa, pb = a.payload, b.payload
    headline = {k: [pa.get(k), pb.get(k)] for k in ("probe", "model", "n", "effect", "ci",
                                                    "null", "p_value", "p_adjusted",
                                                    "significant", "probe_set_version")}
    ga = {_group_key(g): g for g in pa.get("groups", [])}
    gb = {_group_key(g): g for g in pb.get("groups", [])}
    groups = []
    for key in list(ga) + [k for k in gb if k not in ga]:
        row: dict[str, Any] = {"group": key}
        for field in sorted({f for g in (ga.get(key, {}), gb.get(key, {})) for f, v in g.items()
                             if isinstance(v, (int, float)) and not isinstance(v, bool)
                             and not f.startswith("p_") and f != "smallest_possible_p"}):
            va, vb = ga.get(key, {}).get(field), gb.get(key, {}).get(field)
            row[field] = [va, vb]
            if va is not None and vb is not None:
                row[f"{field}_change"] = vb - va
        groups.append(row)
    same = pa.get("probe") == pb.get("probe")
    change = (pb["effect"] - pa["effect"]) if same and None not in (pa.get("effect"),
                                                                    pb.get("effect")) else None
    return {"runs": [first, second], "titles": [a.title, b.title], "headline": headline,
            "effect_change": change, "comparable": same, "groups": groups}


def export_run(run: StoredRun, fmt: str) -> str:
    """The run as JSON (everything) or CSV (one row per detail, with the headline repeated)."""
    if fmt == "json":
        return json.dumps({"id": run.id, "title": run.title, "created_by": run.created_by,
                           "created_at": run.created_at, **run.payload}, ensure_ascii=False,
                          indent=2)
    if fmt != "csv":
        raise BadInput("format must be json or csv", field="format")
    details = run.payload.get("details", [])
    cols: list[str] = []
    for d in details:
        cols += [k for k in d if k not in cols]
    head = ["run_id", "probe", "model", "effect", "ci_low", "ci_high", "p_value"]
    p = run.payload
    fixed = [run.id, p["probe"], p["model"], p["effect"], p["ci"][0], p["ci"][1], p.get("p_value")]
    from glasshouse import safe_csv  # the one formula-safe CSV writer

    return safe_csv.to_text(head + cols, (fixed + [d.get(c) for c in cols] for d in details))


# ------------------------------------------------------------------ versioned probe sets


@dataclass(frozen=True)
class ProbeSet:
    name: str
    version: int
    probe: str
    language: str
    note: str
    content: dict[str, Any]
    created_by: str
    created_at: str

    @property
    def label(self) -> str:
        return f"{self.name}@v{self.version}"


def _set(row: ProbeSetRow) -> ProbeSet:
    return ProbeSet(row.name, row.version, row.probe, row.language, row.note, row.content,
                    row.created_by, row.created_at.isoformat())


def save_probe_set(db: Database, name: str, probe: str, content: dict[str, Any] | BaseModel, *,
                   actor: Actor, note: str = "") -> ProbeSet:
    """Save a new version of a named probe set (validated against the probe's parameters)."""
    require(actor, "curator", "saving probe sets")
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise BadInput("give the probe set a name (at most 120 characters)", field="name")
    params = registry.get(probe).parse_params(content)
    with db.session() as s:
        latest = s.scalar(select(func.max(ProbeSetRow.version)).where(ProbeSetRow.name == name))
        if latest is not None:
            other = s.scalar(select(ProbeSetRow.probe).where(ProbeSetRow.name == name).limit(1))
            if other != probe:
                raise BadInput(f"probe set '{name}' belongs to the {other} probe", field="name")
        row = ProbeSetRow(name=name, version=(latest or 0) + 1, probe=probe,
                          language=getattr(params, "language", "en"), note=note,
                          content=params.model_dump(), created_by=actor.username)
        s.add(row)
        s.flush()
        return _set(row)


def get_probe_set(db: Database, name: str, version: int | None = None) -> ProbeSet:
    q = select(ProbeSetRow).where(ProbeSetRow.name == name)
    q = q.where(ProbeSetRow.version == version) if version else q.order_by(
        ProbeSetRow.version.desc())
    with db.read() as s:
        row = s.scalars(q.limit(1)).first()
        if row is None:
            raise NotFound(f"no probe set '{name}'" + (f" version {version}" if version else ""))
        return _set(row)


def list_probe_sets(db: Database, probe: str | None = None) -> list[ProbeSet]:
    q = select(ProbeSetRow).order_by(ProbeSetRow.name, ProbeSetRow.version.desc())
    if probe:
        q = q.where(ProbeSetRow.probe == probe)
    with db.read() as s:
        return [_set(r) for r in s.scalars(q)]
