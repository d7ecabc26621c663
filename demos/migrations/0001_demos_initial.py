"""demos: demos, versions, runs, feedback, rate limits

Revision ID: demos_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "demos_0001"
down_revision = None
branch_labels = ("demos",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "demos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demos")),
        sa.UniqueConstraint("slug", name=op.f("uq_demos_slug")),
    )
    op.create_index(op.f("ix_demos_owner"), "demos", ["owner"])
    op.create_table(
        "demo_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("demo_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["demo_id"], ["demos.id"], ondelete="CASCADE",
                                name=op.f("fk_demo_versions_demo_id_demos")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demo_versions")),
        sa.UniqueConstraint("demo_id", "version", name=op.f("uq_demo_versions_demo_id")),
    )
    op.create_table(
        "demo_runs",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("demo_id", sa.Integer(), nullable=False),
        sa.Column("demo_version", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("input", sa.Text(), nullable=False),
        sa.Column("output", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("client", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["demo_id"], ["demos.id"], ondelete="CASCADE",
                                name=op.f("fk_demo_runs_demo_id_demos")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demo_runs")),
    )
    op.create_index(op.f("ix_demo_runs_demo_id"), "demo_runs", ["demo_id"])
    op.create_table(
        "demo_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(36), nullable=False),
        sa.Column("demo_id", sa.Integer(), nullable=False),
        sa.Column("demo_version", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("affected_group", sa.String(120), nullable=False),
        sa.Column("language", sa.String(35), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("input", sa.Text(), nullable=False),
        sa.Column("output", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("client", sa.String(128), nullable=False),
        sa.Column("submitted_by", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["demo_runs.id"], ondelete="CASCADE",
                                name=op.f("fk_demo_feedback_run_id_demo_runs")),
        sa.ForeignKeyConstraint(["demo_id"], ["demos.id"], ondelete="CASCADE",
                                name=op.f("fk_demo_feedback_demo_id_demos")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demo_feedback")),
        sa.UniqueConstraint("run_id", name=op.f("uq_demo_feedback_run_id")),
    )
    op.create_index(op.f("ix_demo_feedback_demo_id"), "demo_feedback", ["demo_id"])
    op.create_index(op.f("ix_demo_feedback_category"), "demo_feedback", ["category"])
    op.create_table(
        "demo_rate_limits",
        sa.Column("client", sa.String(128), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("client", "action", name=op.f("pk_demo_rate_limits")),
    )


def downgrade() -> None:
    op.drop_table("demo_rate_limits")
    op.drop_table("demo_feedback")
    op.drop_table("demo_runs")
    op.drop_table("demo_versions")
    op.drop_table("demos")
