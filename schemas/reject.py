"""Rows that were not loaded as published, with why and where (table spbe_reject)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import common as c
from schemas import vocab
from schemas.common import Table, TableModel


class Reject(TableModel):
    """Rows not loaded as published (rejected) or loaded with a finding (flagged), with reason and location (table spbe_reject)."""

    _table = Table("spbe_reject", indexes=(("source", "year"),))

    source: Series[str] = c.source("Which pipeline met the row.")
    year: Series[pd.Int64Dtype] = c.year("Evaluation year of the run that met the row.", nullable=True)
    source_url: Series[str] = c.source_url("Document URL.")
    page: Series[pd.Int64Dtype] = c.page()
    row_number: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="Row in the source table.")
    published_name: Series[str] = pa.Field(nullable=True, description="Name as printed.")
    raw: Series[str] = pa.Field(description="The row as read, JSON, stored verbatim.")
    reason: Series[str] = pa.Field(description="Why the row was rejected or flagged.")
    action: Series[str] = pa.Field(
        isin=list(vocab.REJECT_ACTIONS),
        description="'rejected': not loaded; 'flagged': loaded, with a data-quality finding (e.g. predikat contradicts index).",
    )
    synthetic: Series[pd.BooleanDtype] | None = c.synthetic_flag()
