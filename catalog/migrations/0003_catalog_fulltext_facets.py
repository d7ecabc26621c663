"""catalog: the full-text index with facet tokens (name, body, tags), built from the entries

Revision ID: catalog_0003
Revises: catalog_0002

Before this revision the index (entry_id, body) was created on first use by the search module;
it is dropped and rebuilt here with the facet tokens described in catalog.fulltext.
"""

from alembic import op

revision = "catalog_0003"
down_revision = "catalog_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from catalog.fulltext import index_rows, rows_from_database

    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    op.execute("DROP TABLE IF EXISTS catalog_entries_fts")
    if sqlite:
        op.execute("CREATE VIRTUAL TABLE catalog_entries_fts USING fts5(entry_id UNINDEXED, "
                   "name UNINDEXED, body, tags, tokenize='unicode61 remove_diacritics 2')")
    else:
        op.execute("CREATE TABLE catalog_entries_fts (entry_id VARCHAR(120) PRIMARY KEY "
                   "REFERENCES catalog_entries(id) ON DELETE CASCADE, name VARCHAR(300) NOT NULL, "
                   "tsv TSVECTOR NOT NULL, tags TEXT NOT NULL)")
        op.execute("CREATE INDEX catalog_entries_fts_tsv ON catalog_entries_fts USING GIN (tsv)")
        op.execute("CREATE INDEX catalog_entries_fts_tags ON catalog_entries_fts "
                   "USING GIN (to_tsvector('simple', tags))")
    for batch in list(rows_from_database(conn)):
        index_rows(conn, sqlite, batch, replace=False)


def downgrade() -> None:
    # the revision before this one had no index table (the search module made it on first use)
    op.execute("DROP TABLE IF EXISTS catalog_entries_fts")
