"""spbe_source_conflict between any two sources

Revision ID: 0008
Revises: 0007
Created: 2026-12-07 04:03:47.210068

A conflict is no longer always a news figure against a reference: any two sources that state
different values for a body and year are recorded (the decree against a body's own result too),
with which one spbe_index kept and why (schemas.source_conflict.SourceConflict). The news_* columns
become other_* (renamed, so the rows keep their values); other_evidence becomes nullable (a result
document has no sentence). Rows already stored are news conflicts: other_source = 'news'; against
another source (reference_source other than 'news') that source's value was kept by precedence,
against the newest article (two articles disagreeing) neither was kept (unsettled).

Downgrade keeps the news conflicts and deletes the others, which the old columns cannot hold (a
body's own result is not an article); the next spbe_index run rebuilds the table either way.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

TABLE = "spbe_source_conflict"
RENAMED = (("news_index_value", "other_index_value", sa.Float()), ("news_url", "other_url", sa.Text()),
           ("news_evidence", "other_evidence", sa.Text()))
# Comments are set from the models at every start (spbe.infra.migrations.refresh_comments).
ADDED = (("other_source", "The source whose value disagrees with the reference."),
         ("kept_source", "The source whose value spbe_index holds for this body and year; null when neither was kept."),
         ("resolution", "Why kept_source: precedence or unsettled."))


def upgrade() -> None:
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        for old, new, kind in RENAMED:
            batch_op.alter_column(old, new_column_name=new, existing_type=kind, existing_nullable=False,
                                  nullable=new == "other_evidence")
        for name, comment in ADDED:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=True, comment=comment))
    op.execute(
        f"UPDATE {TABLE} SET other_source = 'news', "
        "kept_source = CASE WHEN reference_source = 'news' THEN NULL ELSE reference_source END, "
        "resolution = CASE WHEN reference_source = 'news' THEN 'unsettled' ELSE 'precedence' END"
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.alter_column("other_source", existing_type=sa.Text(), nullable=False)
        batch_op.alter_column("resolution", existing_type=sa.Text(), nullable=False)


def downgrade() -> None:
    op.execute(f"DELETE FROM {TABLE} WHERE other_source <> 'news' OR other_evidence IS NULL")
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        for name, _ in reversed(ADDED):
            batch_op.drop_column(name)
        for old, new, kind in RENAMED:
            batch_op.alter_column(new, new_column_name=old, existing_type=kind, existing_nullable=new == "other_evidence",
                                  nullable=False)
