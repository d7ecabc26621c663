"""Tables of the bias-probes area: versioned probe sets (runs are stored as evidence)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from glasshouse.db import Base, utcnow


class ProbeSetRow(Base):
    __tablename__ = "probe_sets"
    __table_args__ = (UniqueConstraint("name", "version", name="uq_probe_sets_name_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    version: Mapped[int] = mapped_column(Integer)
    probe: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[dict[str, Any]] = mapped_column()
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
