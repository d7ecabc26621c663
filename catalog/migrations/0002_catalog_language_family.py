"""catalog: language family and branch on entry languages (family facet)

Revision ID: catalog_0002
Revises: catalog_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "catalog_0002"
down_revision = "catalog_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("catalog_entry_languages") as batch:
        batch.add_column(sa.Column("family", sa.String(60), nullable=False,
                                   server_default="Unknown family"))
        batch.add_column(sa.Column("branch", sa.String(120), nullable=False,
                                   server_default="Unknown family"))
    with op.batch_alter_table("catalog_entry_languages") as batch:
        batch.alter_column("family", server_default=None)
        batch.alter_column("branch", server_default=None)
    op.create_index(op.f("ix_catalog_entry_languages_family"), "catalog_entry_languages",
                    ["family"])
    op.create_index(op.f("ix_catalog_entry_languages_branch"), "catalog_entry_languages",
                    ["branch"])
    # fill the rows already there from the family table (as it is when this migration runs)
    from catalog.families import family_of

    conn = op.get_bind()
    bases = [r[0] for r in conn.execute(sa.text(
        "SELECT DISTINCT base FROM catalog_entry_languages"))]
    for base in bases:
        family, branch = family_of(base)
        conn.execute(sa.text("UPDATE catalog_entry_languages SET family = :f, branch = :b "
                             "WHERE base = :base"), {"f": family, "b": branch, "base": base})


def downgrade() -> None:
    op.drop_index(op.f("ix_catalog_entry_languages_branch"), "catalog_entry_languages")
    op.drop_index(op.f("ix_catalog_entry_languages_family"), "catalog_entry_languages")
    with op.batch_alter_table("catalog_entry_languages") as batch:
        batch.drop_column("branch")
        batch.drop_column("family")
