"""What each derived table was last built from, so a run can tell a table left stale by a killed run."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class BuildState(pa.DataFrameModel):
    """One row per derived table: the fingerprint of the inputs it was built from, written in the same transaction as the table (table spbe_build_state)."""

    table_name: Series[str] = pa.Field(unique=True, description="The derived table, e.g. 'spbe_index'.")
    inputs_sha256: Series[str] = pa.Field(str_length=64, description="SHA-256 of the input rows (spbe_official_result and spbe_news_figure) the table was built from.")
    input_rows: Series[int] = pa.Field(ge=0, description="Number of input rows the table was built from.")
    built_at: Series[pd.DatetimeTZDtype] = pa.Field(dtype_kwargs={"unit": "ns", "tz": "UTC"}, description="When the table was built (UTC).")

    class Config:
        strict = True
        coerce = True
