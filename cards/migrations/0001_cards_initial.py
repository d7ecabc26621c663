"""cards: card drafts

Revision ID: cards_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "cards_0001"
down_revision = None
branch_labels = ("cards",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_drafts",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("completeness", sa.Float(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_drafts")),
    )
    op.create_index(op.f("ix_card_drafts_kind"), "card_drafts", ["kind"])


def downgrade() -> None:
    op.drop_table("card_drafts")
