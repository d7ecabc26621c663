"""Demo service functions: every read and write of shared state goes through here, with the
acting user checked here (every Gradio event is an HTTP endpoint, and demo pages are public).

Who may do what:
- build / edit a demo: a curator or admin (the builder becomes its owner);
- open, run and comment on a demo: anyone for a public demo (actor None = anonymous visitor),
  any signed-in user for a restricted one;
- review, tag, export and send feedback to evidence: the demo's owner or an admin.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import timedelta, timezone
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from demos import tasks
from demos.spec import (MAX_TEXT, SLUG_RE, Demo, DemoSpec, Feedback, FeedbackFilter,
                        FeedbackIn, Run, Submitted, slugify)
from demos.tables import (DemoFeedbackRow, DemoRateRow, DemoRow, DemoRunRow,
                          DemoVersionRow)
from glasshouse import evidence
from glasshouse.db import Database, utcnow
from glasshouse.errors import BadInput, Conflict, GlasshouseError, NotFound, PermissionDenied
from glasshouse.validation import bad_input
from glasshouse.users import Actor, require

MAX_TAGS = 10


class RateLimited(GlasshouseError):
    """A client sent more requests than its window allows."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class RateLimits:
    runs: int = 60
    feedback: int = 20
    window_s: int = 600

    @classmethod
    def from_env(cls) -> RateLimits:
        def num(name: str, default: int) -> int:
            try:
                return max(1, int(os.environ.get(name, default)))
            except ValueError:
                return default

        return cls(num("GLASSHOUSE_DEMO_RUN_LIMIT", cls.runs),
                   num("GLASSHOUSE_DEMO_FEEDBACK_LIMIT", cls.feedback),
                   num("GLASSHOUSE_DEMO_WINDOW_S", cls.window_s))


# ---------------------------------------------------------------- helpers


def _bad_spec(exc: ValidationError) -> BadInput:
    return bad_input(exc, default="spec")


def parse_spec(spec: DemoSpec | dict[str, Any]) -> DemoSpec:
    """Validate a spec: fields, the task, its model and its parameters."""
    try:
        parsed = spec if isinstance(spec, DemoSpec) else DemoSpec.model_validate(spec)
    except ValidationError as exc:
        raise _bad_spec(exc) from None
    task = tasks.get(parsed.task)
    task.check_model(parsed.model)
    params = task.parse_params(parsed.params).model_dump()
    return parsed.model_copy(update={"params": params, "model": parsed.model.strip()})


def _to_demo(row: DemoRow) -> Demo:
    return Demo(row.id, row.slug, row.owner, row.version, DemoSpec.model_validate(row.spec),
                row.created_at, row.updated_at)


def _row(s: Session, slug: str) -> DemoRow:
    row = s.scalar(select(DemoRow).where(DemoRow.slug == (slug or "").strip().lower()))
    if row is None:
        raise NotFound(f"no demo called '{slug}'")
    return row


def _require_owner(actor: Actor | None, row: DemoRow, action: str) -> Actor:
    actor = require(actor, "viewer", action)
    if actor.username != row.owner and not actor.can("admin"):
        raise PermissionDenied(f"{action} is for the demo's owner ('{row.owner}') or an admin")
    return actor


def _require_visitor(actor: Actor | None, row: DemoRow) -> None:
    if not row.public and actor is None:
        raise PermissionDenied(f"the demo '{row.slug}' is only open to signed-in users")


def _aware(dt: Any) -> Any:
    return dt.replace(tzinfo=timezone.utc) if dt is not None and dt.tzinfo is None else dt


def _consume(s: Session, db: Database, client: str, action: str, limit: int,
             window_s: int) -> None:
    """Count one request of `client` in its fixed window, or raise RateLimited. Runs inside the
    caller's write transaction: SQLite serialises writers (BEGIN IMMEDIATE); on PostgreSQL the
    counter row is locked FOR UPDATE, so concurrent requests of one client queue on it."""
    if db.is_sqlite:
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    now = utcnow()
    s.execute(insert(DemoRateRow).values(client=client, action=action, window_start=now, count=0)
              .on_conflict_do_nothing())
    row = s.execute(select(DemoRateRow).where(DemoRateRow.client == client,
                                              DemoRateRow.action == action)
                    .with_for_update()).scalar_one()
    start = _aware(row.window_start)
    if now - start >= timedelta(seconds=window_s):
        row.window_start, row.count = now, 0
        start = now
    if row.count >= limit:
        wait = int((start + timedelta(seconds=window_s) - now).total_seconds()) + 1
        raise RateLimited(f"too many requests from this connection ({limit} per "
                          f"{window_s // 60 or 1} min); please try again in {wait} s", wait)
    row.count += 1


def _client(client: str | None) -> str:
    return (client or "unknown").strip()[:128] or "unknown"


# ---------------------------------------------------------------- building


def create_demo(db: Database, spec: DemoSpec | dict[str, Any], *, actor: Actor,
                slug: str | None = None) -> Demo:
    """Build a demo; its owner is the actor. The slug (its URL name) comes from the title unless
    given, and never changes."""
    require(actor, "curator", "building demos")
    parsed = parse_spec(spec)
    wanted = (slug or "").strip().lower()
    if wanted and not SLUG_RE.match(wanted):
        raise BadInput("use 1-64 lower-case letters, digits and '-' (not at either end)",
                       field="slug")
    base = wanted or slugify(parsed.title)
    with db.session() as s:
        taken = set(s.scalars(select(DemoRow.slug).where(
            or_(DemoRow.slug == base, DemoRow.slug.like(base + "-%")))))
        if wanted and wanted in taken:
            raise Conflict(f"a demo called '{wanted}' exists already; choose another slug")
        final, n = base, 2
        while final in taken:
            final, n = f"{base[:58]}-{n}", n + 1
        now = utcnow()
        row = DemoRow(slug=final, title=parsed.title, owner=actor.username, public=parsed.public,
                      version=1, spec=parsed.model_dump(), created_at=now, updated_at=now)
        s.add(row)
        s.flush()
        s.add(DemoVersionRow(demo_id=row.id, version=1, spec=row.spec,
                             created_by=actor.username))
        return _to_demo(row)


def update_demo(db: Database, slug: str, spec: DemoSpec | dict[str, Any], *, actor: Actor,
                expected_version: int | None = None) -> Demo:
    """Publish a new version of a demo (owner or admin). Feedback keeps the version it was
    given on. `expected_version` guards against overwriting somebody else's edit."""
    parsed = parse_spec(spec)
    with db.session() as s:
        row = _row(s, slug)
        _require_owner(actor, row, "editing a demo")
        if expected_version is not None and row.version != expected_version:
            raise Conflict(f"the demo '{row.slug}' changed since you opened it (now version "
                           f"{row.version}); reload it and edit again")
        row.version += 1
        row.spec, row.title, row.public = parsed.model_dump(), parsed.title, parsed.public
        row.updated_at = utcnow()
        s.add(DemoVersionRow(demo_id=row.id, version=row.version, spec=row.spec,
                             created_by=actor.username))
        s.flush()
        return _to_demo(row)


def list_demos(db: Database, *, actor: Actor) -> list[Demo]:
    """The actor's own demos (an admin sees every demo)."""
    require(actor, "viewer", "listing demos")
    q = select(DemoRow).order_by(DemoRow.updated_at.desc())
    if not actor.can("admin"):
        q = q.where(DemoRow.owner == actor.username)
    with db.read() as s:
        return [_to_demo(r) for r in s.scalars(q)]


def owner_demo(db: Database, slug: str, *, actor: Actor | None) -> Demo:
    """The current version of a demo, for its owner (or an admin) to edit."""
    with db.read() as s:
        row = _row(s, slug)
        _require_owner(actor, row, "editing a demo")
        return _to_demo(row)


def demo_versions(db: Database, slug: str, *, actor: Actor) -> list[tuple[int, DemoSpec]]:
    with db.read() as s:
        row = _row(s, slug)
        _require_owner(actor, row, "reading a demo's history")
        rows = s.scalars(select(DemoVersionRow).where(DemoVersionRow.demo_id == row.id)
                         .order_by(DemoVersionRow.version)).all()
        return [(r.version, DemoSpec.model_validate(r.spec)) for r in rows]


# ---------------------------------------------------------------- visiting


def open_demo(db: Database, slug: str, *, actor: Actor | None) -> Demo:
    """The demo as a visitor sees it (anonymous visitors: public demos only)."""
    with db.read() as s:
        row = _row(s, slug)
        _require_visitor(actor, row)
        return _to_demo(row)


def run_demo(db: Database, slug: str, texts: list[str], *, actor: Actor | None,
             client: str | None, limits: RateLimits | None = None) -> list[Run]:
    """Run the demo's model on the visitor's text (and variants); each output is stored so that
    feedback on it records exactly what was shown."""
    limits = limits or RateLimits.from_env()
    cleaned = [(t or "").strip() for t in texts]
    if not cleaned or any(not t for t in cleaned):
        raise BadInput("write some text first", field="text")
    for i, text in enumerate(cleaned):
        if len(text) > MAX_TEXT:
            raise BadInput(f"text {i + 1} is longer than {MAX_TEXT} characters", field="text")
    if len(cleaned) > 13:
        raise BadInput("at most 13 texts at once (one plus 12 variants)", field="text")
    client = _client(client)
    with db.session() as s:
        row = _row(s, slug)
        _require_visitor(actor, row)
        _consume(s, db, client, "run", limits.runs, limits.window_s)
        demo = _to_demo(row)
    spec = demo.spec
    outputs = tasks.get(spec.task).run(spec.model, cleaned, spec.params)
    runs = [Run(str(uuid.uuid4()), demo.slug, demo.version, spec.model, text, out.text, out.data)
            for text, out in zip(cleaned, outputs, strict=True)]
    with db.session() as s:
        s.add_all(DemoRunRow(id=r.id, demo_id=demo.id, demo_version=r.demo_version, model=r.model,
                             input=r.input, output=r.output, data=r.data, client=client)
                  for r in runs)
    return runs


def submit_feedback(db: Database, feedback: FeedbackIn | dict[str, Any], *,
                    actor: Actor | None, client: str | None,
                    limits: RateLimits | None = None) -> Submitted:
    """Store feedback on one shown output, exactly once: a second submission on the same output
    returns the first one's id (created=False) and stores nothing."""
    try:
        fb = feedback if isinstance(feedback, FeedbackIn) else FeedbackIn.model_validate(feedback)
    except ValidationError as exc:
        raise _bad_spec(exc) from None
    limits = limits or RateLimits.from_env()
    client = _client(client)
    if db.is_sqlite:
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    with db.session() as s:
        run = s.get(DemoRunRow, fb.run_id)
        if run is None:
            raise NotFound("that answer is unknown here; run the demo again and comment on "
                           "the new answer")
        row = s.get(DemoRow, run.demo_id)
        _require_visitor(actor, row)
        existing = s.scalar(select(DemoFeedbackRow.id).where(DemoFeedbackRow.run_id == run.id))
        if existing is not None:
            return Submitted(existing, False)
        _consume(s, db, client, "feedback", limits.feedback, limits.window_s)
        new_id = s.scalar(insert(DemoFeedbackRow).values(
            run_id=run.id, demo_id=run.demo_id, demo_version=run.demo_version, model=run.model,
            category=fb.category, affected_group=fb.group, language=fb.language,
            comment=fb.comment, input=run.input, output=run.output, tags=[], client=client,
            submitted_by=actor.username if actor else None, created_at=utcnow(),
        ).on_conflict_do_nothing(index_elements=["run_id"]).returning(DemoFeedbackRow.id))
        if new_id is None:  # a concurrent submission on the same output won
            return Submitted(s.scalar(select(DemoFeedbackRow.id).where(
                DemoFeedbackRow.run_id == run.id)), False)
        return Submitted(int(new_id), True)


# ---------------------------------------------------------------- reviewing (owner)


def _to_feedback(r: DemoFeedbackRow, slug: str) -> Feedback:
    return Feedback(r.id, r.run_id, slug, r.demo_version, r.model, r.category, r.affected_group,
                    r.language, r.comment, r.input, r.output, tuple(r.tags or ()),
                    _aware(r.created_at))


def list_feedback(db: Database, slug: str, *, actor: Actor | None,
                  filters: FeedbackFilter | dict[str, Any] | None = None) -> list[Feedback]:
    """The review queue of one demo, oldest first, filtered (owner or admin)."""
    try:
        f = filters if isinstance(filters, FeedbackFilter) else FeedbackFilter.model_validate(
            filters or {})
    except ValidationError as exc:
        raise _bad_spec(exc) from None
    with db.read() as s:
        row = _row(s, slug)
        _require_owner(actor, row, "reviewing feedback")
        q = select(DemoFeedbackRow).where(DemoFeedbackRow.demo_id == row.id)
        if f.categories:
            q = q.where(DemoFeedbackRow.category.in_(f.categories))
        if f.group:
            q = q.where(func.lower(DemoFeedbackRow.affected_group).contains(f.group.lower(),
                                                                            autoescape=True))
        if f.language:
            q = q.where(func.lower(DemoFeedbackRow.language) == f.language.lower())
        if f.text:
            needle = f.text.lower()
            q = q.where(or_(*(func.lower(c).contains(needle, autoescape=True) for c in (
                DemoFeedbackRow.comment, DemoFeedbackRow.input, DemoFeedbackRow.output))))
        items = [_to_feedback(r, row.slug) for r in s.scalars(q.order_by(DemoFeedbackRow.id))]
    if f.tag:
        items = [i for i in items if f.tag.strip().lower() in i.tags]
    return items


def _clean_tags(tags: list[str]) -> list[str]:
    out: list[str] = []
    for t in tags:
        t = " ".join((t or "").strip().lower().split())[:40]
        if t and t not in out:
            out.append(t)
    return out


def tag_feedback(db: Database, slug: str, ids: list[int], tags: list[str], *,
                 actor: Actor | None, remove: bool = False) -> int:
    """Add (or remove) tags on feedback items of this demo; returns how many items changed."""
    tags = _clean_tags(tags)
    if not tags:
        raise BadInput("write at least one tag", field="tags")
    if not ids:
        raise BadInput("select at least one feedback item", field="ids")
    changed = 0
    with db.session() as s:
        row = _row(s, slug)
        _require_owner(actor, row, "tagging feedback")
        items = s.scalars(select(DemoFeedbackRow).where(
            DemoFeedbackRow.demo_id == row.id, DemoFeedbackRow.id.in_(ids))).all()
        missing = sorted(set(ids) - {i.id for i in items})
        if missing:
            raise NotFound(f"feedback {missing} does not belong to the demo '{row.slug}'")
        for item in items:
            before = list(item.tags or [])
            after = [t for t in before if t not in tags] if remove else _clean_tags(before + tags)
            if len(after) > MAX_TAGS:
                raise BadInput(f"at most {MAX_TAGS} tags per item", field="tags")
            if after != before:
                item.tags = after
                changed += 1
    return changed


def export_feedback(db: Database, slug: str, fmt: str, *, actor: Actor | None,
                    filters: FeedbackFilter | dict[str, Any] | None = None) -> str:
    """The (filtered) review queue as formula-safe CSV or as JSON text."""
    from demos import export

    items = list_feedback(db, slug, actor=actor, filters=filters)
    if fmt == "csv":
        return export.to_csv(items)
    if fmt == "json":
        return export.to_json(items, slug)
    raise BadInput("format must be csv or json", field="format")


def send_to_evidence(db: Database, slug: str, ids: list[int], *, actor: Actor | None) -> str:
    """Store the selected feedback as evidence kind "demo_feedback" (for a model card's
    limitations/bias section); returns the evidence id. Items are tagged "sent to card"."""
    if not ids:
        raise BadInput("select at least one feedback item", field="ids")
    with db.read() as s:
        row = _row(s, slug)
        owner = _require_owner(actor, row, "sending feedback to a card")
        spec = DemoSpec.model_validate(row.spec)
    items = [i for i in list_feedback(db, slug, actor=owner) if i.id in set(ids)]
    missing = sorted(set(ids) - {i.id for i in items})
    if missing:
        raise NotFound(f"feedback {missing} does not belong to the demo '{slug}'")
    counts: dict[str, int] = {}
    for i in items:
        counts[i.category] = counts.get(i.category, 0) + 1
    models = sorted({i.model for i in items})
    payload = {
        "demo": row.slug, "demo_title": spec.title,
        "model": models[0] if len(models) == 1 else ", ".join(models),
        "demo_versions": sorted({i.demo_version for i in items}),
        "items": [{"id": i.id, "category": i.category, "group": i.group,
                   "language": i.language, "comment": i.comment, "input": i.input,
                   "output": i.output} for i in items],
        "counts": counts,
        "caveat": "Feedback comes from the people who chose to try the demo and to comment; "
                  "it is not a representative sample.",
    }
    eid = evidence.record(db, actor=owner, kind=evidence.EvidenceKind.DEMO_FEEDBACK,
                          title=f"Feedback on the demo '{spec.title}' ({len(items)} items)",
                          payload=payload, subject=payload["model"])
    tag_feedback(db, slug, [i.id for i in items], ["sent to card"], actor=owner)
    return eid
