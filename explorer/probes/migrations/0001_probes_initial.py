"""probes: versioned probe sets

Revision ID: probes_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "probes_0001"
down_revision = None
branch_labels = ("probes",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "probe_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("probe", sa.String(64), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_probe_sets")),
        sa.UniqueConstraint("name", "version", name="uq_probe_sets_name_version"),
    )
    op.create_index(op.f("ix_probe_sets_name"), "probe_sets", ["name"])


def downgrade() -> None:
    op.drop_table("probe_sets")
