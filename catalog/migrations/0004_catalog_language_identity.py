"""catalog: language rows and facet tokens after the language identity change

Revision ID: catalog_0004
Revises: catalog_0003

Base languages now come from the IANA registry's macrolanguages (not a short table), and a
dialect's countries are facet tokens of the region facet (arz counts for EG). The language rows'
base/family/branch are recomputed from their tags and the full-text index's tags rebuilt.
"""

import sqlalchemy as sa
from alembic import op

revision = "catalog_0004"
down_revision = "catalog_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from catalog.families import family_of
    from catalog.fulltext import index_rows, rows_from_database
    from catalog.languages import base_language

    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    tags = [r[0] for r in conn.execute(sa.text(
        "SELECT DISTINCT tag FROM catalog_entry_languages"))]
    for tag in tags:
        base = base_language(tag)
        family, branch = family_of(base)
        conn.execute(sa.text("UPDATE catalog_entry_languages SET base = :base, family = :f, "
                             "branch = :b WHERE tag = :tag"),
                     {"base": base[:16], "f": family, "b": branch, "tag": tag})
    for batch in list(rows_from_database(conn)):
        index_rows(conn, sqlite, batch, replace=True)


def downgrade() -> None:
    # the old rows differ only in derived values; a re-save of an entry recomputes them
    pass
