"""Demos tables: the current demo (spec JSON + indexed columns), every published version, each
output shown to a visitor (so feedback stores the exact input and output), feedback, and
fixed-window rate-limit counters per client."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from glasshouse.db import Base, utcnow


class DemoRow(Base):
    __tablename__ = "demos"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(64), index=True)
    public: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer)
    spec: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class DemoVersionRow(Base):
    __tablename__ = "demo_versions"
    __table_args__ = (UniqueConstraint("demo_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    demo_id: Mapped[int] = mapped_column(ForeignKey("demos.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    spec: Mapped[dict[str, Any]] = mapped_column()
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DemoRunRow(Base):
    __tablename__ = "demo_runs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    demo_id: Mapped[int] = mapped_column(ForeignKey("demos.id", ondelete="CASCADE"), index=True)
    demo_version: Mapped[int] = mapped_column(Integer)
    model: Mapped[str] = mapped_column(String(200))
    input: Mapped[str] = mapped_column(Text)
    output: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column()
    client: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DemoFeedbackRow(Base):
    __tablename__ = "demo_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("demo_runs.id", ondelete="CASCADE"),
                                        unique=True)
    demo_id: Mapped[int] = mapped_column(ForeignKey("demos.id", ondelete="CASCADE"), index=True)
    demo_version: Mapped[int] = mapped_column(Integer)
    model: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(16), index=True)
    affected_group: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(35))
    comment: Mapped[str] = mapped_column(Text)
    input: Mapped[str] = mapped_column(Text)
    output: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[Any]] = mapped_column()
    client: Mapped[str] = mapped_column(String(128))
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DemoRateRow(Base):
    __tablename__ = "demo_rate_limits"

    client: Mapped[str] = mapped_column(String(128), primary_key=True)
    action: Mapped[str] = mapped_column(String(16), primary_key=True)
    window_start: Mapped[datetime] = mapped_column()
    count: Mapped[int] = mapped_column(Integer)
