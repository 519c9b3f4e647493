"""What each derived table was last built from, so a run can tell a table left stale by a killed run."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import common as c
from schemas.common import Table, TableModel


class BuildState(TableModel):
    """One row per derived table: the fingerprint of the inputs it was built from, written in the same transaction as the table (table spbe_build_state)."""

    _table = Table("spbe_build_state", key=("table_name",))

    table_name: Series[str] = pa.Field(description="The derived table, e.g. 'spbe_index'.")
    inputs_sha256: Series[str] = pa.Field(str_length=64, description="SHA-256 of the input rows (spbe_official_result and spbe_news_figure) the table was built from.")
    input_rows: Series[int] = pa.Field(ge=0, description="Number of input rows the table was built from.")
    built_at: Series[pd.DatetimeTZDtype] = c.utc_timestamp("When the table was built (UTC).")
