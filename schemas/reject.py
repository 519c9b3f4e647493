"""Rows that were not loaded as published, with why and where (table spbe_reject)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class Reject(pa.DataFrameModel):
    """Rows not loaded as published (rejected) or loaded with a finding (flagged), with reason and location (table spbe_reject)."""

    source: Series[str] = pa.Field(isin=["official", "news"], description="Which pipeline met the row.")
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="Evaluation year of the run that met the row.")
    source_url: Series[str] = pa.Field(description="Document URL.")
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="PDF page, when there is one.")
    row_number: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="Row in the source table.")
    published_name: Series[str] = pa.Field(nullable=True, description="Name as printed.")
    raw: Series[str] = pa.Field(description="The row as read, JSON, stored verbatim.")
    reason: Series[str] = pa.Field(description="Why the row was rejected or flagged.")
    action: Series[str] = pa.Field(
        isin=["rejected", "flagged"],
        description="'rejected': not loaded; 'flagged': loaded, with a data-quality finding (e.g. predikat contradicts index).",
    )

    class Config:
        strict = True
        coerce = True
