"""The warehouse table BI tools read: one row per instansi and evaluation year (table spbe_index)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import common as c
from schemas import vocab
from schemas.common import InstansiTable, Table


class SpbeIndex(InstansiTable):
    """Every Indeks SPBE result, one row per instansi and evaluation year, with deltas and ranks (table spbe_index)."""

    _table = Table("spbe_index", key=("instansi_id", "year"), indexes=(("year", "province_code"),))

    year: Series[int] = c.year("Evaluation year.")
    index_value: Series[float] = c.index_value("Indeks SPBE (to 2025) or Indeks Pemerintah Digital (PemDI, from 2026): the index of the year's method_version, 1.00-5.00.")
    predikat: Series[str] = c.predikat()
    predikat_expected: Series[str] = c.predikat_expected()
    predikat_mismatch: Series[bool] = pa.Field(description="True when a published predikat contradicts the bands (a data-quality finding).")
    method_version: Series[str] = pa.Field(isin=list(vocab.METHOD_VERSIONS), description="Evaluation method (regulation) of the year, from spbe/data/methods.toml: PermenPANRB 5/2018, 59/2020 (Indeks SPBE) or 8/2026 (Indeks Pemerintah Digital, PemDI).")
    yoy_delta: Series[float] = pa.Field(nullable=True, description="index_value minus the previous year's; null when the previous year is missing.", metadata=c.unit(c.INDEX_DIFFERENCE))
    prev_year: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="Year of the instansi's previous result, which may be more than one year back.")
    delta_since_prev: Series[float] = pa.Field(nullable=True, description="index_value minus the result of prev_year (spans a gap when prev_year < year-1).", metadata=c.unit(c.INDEX_DIFFERENCE))
    yoy_note: Series[str] = pa.Field(nullable=True, description="Why a delta needs care: 'first result', 'gap: no result for YEARS ...', 'method change 2020->2021 ...'; null when the delta is like for like.")
    rank_in_province: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="Competition rank among the kabupaten/kota of the province that year.", metadata=c.unit(c.RANK))
    rank_among_provinces: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="Competition rank among provinces that year (provinces only).", metadata=c.unit(c.RANK))
    rank_in_type: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Competition rank nationally within instansi_type that year.", metadata=c.unit(c.RANK))
    source: Series[str] = c.source()
    source_url: Series[str] = c.source_url("Document the value came from.")
    loaded_at: Series[pd.DatetimeTZDtype] = c.utc_timestamp("When this row was written (UTC).", run_stamp=True)
