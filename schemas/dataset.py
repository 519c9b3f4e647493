"""What built the warehouse (table spbe_dataset), so nobody mistakes demo data for official results."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import common as c
from schemas import vocab
from schemas.common import Table, TableModel


class Dataset(TableModel):
    """One row per write to the warehouse: which run, from which sources, by which code (table spbe_dataset).

    Written in the same transaction as the rows it describes, so it never claims a write that did not land.
    """

    _table = Table("spbe_dataset", key=("build_id", "tables"))

    build_id: Series[str] = pa.Field(description="Dagster run id of the run that wrote (a random id outside Dagster).")
    tables: Series[str] = pa.Field(description="The tables this write replaced or upserted, comma-separated.")
    built_at: Series[pd.DatetimeTZDtype] = c.utc_timestamp("When the write was committed (UTC).")
    source_mode: Series[str] = pa.Field(
        isin=list(vocab.SOURCE_MODES), description="'live': the publishers themselves; 'mirror': the local mirror (python -m mirror)."
    )
    synthetic: Series[bool] = pa.Field(description="True when the data is synthetic (the demo mirror): NOT official results.")
    code_version: Series[str] = pa.Field(description="spbe-warehouse package version, plus `git describe` of the checkout when there is one.")
    # Stored, not computed in the views: a view column that is a plain column of a table keeps its
    # declared type in SQLite (TEXT), which BI tools read; an expression's has none.
    note: Series[str] = pa.Field(description="What the data is, in words, as every view shows it in dataset_note (SYNTHETIC demo data, or data from the publishers).")
