"""synthetic flag on raw rows

Revision ID: 0007
Revises: 0006
Created: 2026-12-07 01:31:40.129261

Every raw table carries the synthetic flag per row (schemas.common.synthetic_flag), so a row read
from the demo mirror stays labelled wherever it goes. Rows already stored get the flag of the builds
that wrote their table (spbe_dataset names the tables of each build): true or false when those
builds agree, null when they disagree or none was recorded (nothing is claimed that the log does
not say). Nullable, so no row needs a value to be added.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


RAW_TABLES = ("spbe_indicator_level", "spbe_news_article", "spbe_news_figure", "spbe_news_rank_claim",
              "spbe_official_result", "spbe_reject", "spbe_source_result")
COMMENT = ("True when the run that wrote the row read synthetic data (the demo mirror): NOT an official result; "
           "false when it read the publishers; null for a row written outside a run.")


def upgrade() -> None:
    for table in RAW_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("synthetic", sa.Boolean(), nullable=True, comment=COMMENT))
        # The builds that wrote this table, from the write log: one answer when they all agree.
        op.execute(
            f"UPDATE {table} SET synthetic = (SELECT CASE WHEN MIN(s) = MAX(s) THEN MAX(s) = 1 END FROM "
            f"(SELECT CASE WHEN synthetic THEN 1 ELSE 0 END AS s FROM spbe_dataset "
            f"WHERE ',' || tables || ',' LIKE '%,{table},%') builds)"
        )


def downgrade() -> None:
    for table in reversed(RAW_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("synthetic")
