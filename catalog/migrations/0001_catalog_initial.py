"""catalog: entries, languages, lineage links, history, proposals

Revision ID: catalog_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "catalog_0001"
down_revision = None
branch_labels = ("catalog",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_entries",
        sa.Column("id", sa.String(120), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("license_class", sa.String(20), nullable=False),
        sa.Column("modality", sa.String(20), nullable=False),
        sa.Column("access", sa.String(16), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_entries")),
    )
    for col in ("name", "license_class", "modality", "access"):
        op.create_index(op.f(f"ix_catalog_entries_{col}"), "catalog_entries", [col])
    op.create_table(
        "catalog_entry_languages",
        sa.Column("entry_id", sa.String(120), nullable=False),
        sa.Column("tag", sa.String(40), nullable=False),
        sa.Column("base", sa.String(16), nullable=False),
        sa.Column("region", sa.String(8), nullable=True),
        sa.ForeignKeyConstraint(["entry_id"], ["catalog_entries.id"], ondelete="CASCADE",
                                name=op.f("fk_catalog_entry_languages_entry_id_catalog_entries")),
        sa.PrimaryKeyConstraint("entry_id", "tag", name=op.f("pk_catalog_entry_languages")),
    )
    op.create_index(op.f("ix_catalog_entry_languages_base"), "catalog_entry_languages", ["base"])
    op.create_index(op.f("ix_catalog_entry_languages_region"), "catalog_entry_languages",
                    ["region"])
    op.create_table(
        "catalog_links",
        sa.Column("child_id", sa.String(120), nullable=False),
        sa.Column("parent_id", sa.String(120), nullable=False),
        sa.ForeignKeyConstraint(["child_id"], ["catalog_entries.id"], ondelete="CASCADE",
                                name=op.f("fk_catalog_links_child_id_catalog_entries")),
        sa.PrimaryKeyConstraint("child_id", "parent_id", name=op.f("pk_catalog_links")),
    )
    op.create_index(op.f("ix_catalog_links_parent_id"), "catalog_links", ["parent_id"])
    op.create_table(
        "catalog_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_history")),
    )
    op.create_index(op.f("ix_catalog_history_entry_id"), "catalog_history", ["entry_id"])
    op.create_table(
        "catalog_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(120), nullable=True),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("proposed_by", sa.String(64), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comments", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_proposals")),
    )
    op.create_index(op.f("ix_catalog_proposals_entry_id"), "catalog_proposals", ["entry_id"])
    op.create_index(op.f("ix_catalog_proposals_status"), "catalog_proposals", ["status"])
    # The full-text table (catalog_entries_fts) is created on first use by
    # catalog.search.ensure_fts, on both dialects: its SQLite shadow tables and its PostgreSQL
    # GIN index would otherwise show up in the declared-vs-migrated schema comparison.


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS catalog_entries_fts")
    for table in ("catalog_proposals", "catalog_history", "catalog_links",
                  "catalog_entry_languages", "catalog_entries"):
        op.drop_table(table)
