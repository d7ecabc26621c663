"""Evidence: stored results (probe runs, dataset profiles, demo feedback summaries, ...) that a
card can cite by id. Areas record; cards read. One table for every kind keeps citation uniform."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from datetime import datetime
from typing import Any

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from glasshouse.db import Base, Database, utcnow
from glasshouse.errors import BadInput, NotFound
from glasshouse.users import Actor, require


class EvidenceKind(StrEnum):
    """The kinds of evidence an area records and cards cite. Their payload models live with the
    producers (explorer.probes.base.ProbePayload, explorer.datasets.evidence_payload.ProfilePayload,
    demos.evidence_payload.FeedbackPayload); cards import them from there."""

    PROBE_RUN = "probe_run"
    DATASET_PROFILE = "dataset_profile"
    DEMO_FEEDBACK = "demo_feedback"

    @property
    def label(self) -> str:
        return {"probe_run": "Bias probe", "dataset_profile": "Dataset scan",
                "demo_feedback": "Demo feedback"}[self.value]


class EvidenceRow(Base):
    __tablename__ = "evidence"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(String(255), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column()
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class Evidence:
    id: str
    kind: str
    title: str
    subject: str | None
    payload: dict[str, Any]
    created_by: str
    created_at: datetime


def _to(row: EvidenceRow) -> Evidence:
    return Evidence(row.id, row.kind, row.title, row.subject, row.payload, row.created_by,
                    row.created_at)


def record(db: Database, *, actor: Actor, kind: EvidenceKind | str, title: str,
           payload: dict[str, Any], subject: str | None = None) -> str:
    """Store a result as evidence; returns its id. Needs the curator role. `kind` must be one
    of EvidenceKind."""
    require(actor, "curator", "saving evidence")
    try:
        kind = EvidenceKind(kind).value
    except ValueError:
        raise BadInput(f"unknown evidence kind '{kind}'; kinds are "
                       f"{', '.join(k.value for k in EvidenceKind)}", field="kind") from None
    eid = str(uuid.uuid4())
    with db.session() as s:
        s.add(EvidenceRow(id=eid, kind=kind, title=title, subject=subject, payload=payload,
                          created_by=actor.username))
    return eid


def get(db: Database, evidence_id: str) -> Evidence:
    with db.read() as s:
        row = s.get(EvidenceRow, evidence_id)
        if row is None:
            raise NotFound(f"no evidence with id '{evidence_id}'")
        return _to(row)


def find(db: Database, *, kind: str | None = None, subject: str | None = None,
         limit: int = 200) -> list[Evidence]:
    q = select(EvidenceRow).order_by(EvidenceRow.created_at.desc()).limit(limit)
    if kind:
        q = q.where(EvidenceRow.kind == kind)
    if subject:
        q = q.where(EvidenceRow.subject == subject)
    with db.read() as s:
        return [_to(r) for r in s.scalars(q)]
