"""The warehouse table BI tools read: one row per instansi and evaluation year (table spbe_index)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from spbe.domain.instansi import INSTANSI_TYPES, REGIONAL_TYPES
from spbe.domain.predikat import INDEX_MAX, INDEX_MIN, PREDIKATS


class SpbeIndex(pa.DataFrameModel):
    """Every Indeks SPBE result, one row per instansi and evaluation year, with deltas and ranks (table spbe_index)."""

    instansi_id: Series[str] = pa.Field(description="Kemendagri code for regions ('18.09'), slug for central bodies ('kemenkeu').")
    instansi_name: Series[str] = pa.Field(description="Canonical name (Kemendagri spelling for regions).")
    instansi_type: Series[str] = pa.Field(isin=list(INSTANSI_TYPES), description="kementerian, lembaga, provinsi, kabupaten or kota.")
    province_code: Series[str] = pa.Field(nullable=True, description="Province code; null for central bodies.")
    province_name: Series[str] = pa.Field(nullable=True, description="Province name; null for central bodies.")
    year: Series[int] = pa.Field(ge=2018, le=2100, description="Evaluation year.")
    index_value: Series[float] = pa.Field(ge=INDEX_MIN, le=INDEX_MAX, description="Indeks SPBE, 1.00-5.00.")
    predikat: Series[str] = pa.Field(nullable=True, isin=list(PREDIKATS), description="Predikat as published; null when the source gave none.")
    predikat_expected: Series[str] = pa.Field(isin=list(PREDIKATS), description="Predikat implied by index_value and the bands.")
    predikat_mismatch: Series[bool] = pa.Field(description="True when a published predikat contradicts the bands (a data-quality finding).")
    method_version: Series[str] = pa.Field(description="Evaluation rule in force that year (PermenPANRB 5/2018 or 59/2020).")
    yoy_delta: Series[float] = pa.Field(nullable=True, description="index_value minus the previous year's; null when the previous year is missing.")
    prev_year: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="Year of the instansi's previous result, which may be more than one year back.")
    delta_since_prev: Series[float] = pa.Field(nullable=True, description="index_value minus the result of prev_year (spans a gap when prev_year < year-1).")
    yoy_note: Series[str] = pa.Field(nullable=True, description="Why a delta needs care: 'first result', 'gap: no result for YEARS ...', 'method change 2020->2021 ...'; null when the delta is like for like.")
    rank_in_province: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="Competition rank among the kabupaten/kota of the province that year.")
    rank_among_provinces: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="Competition rank among provinces that year (provinces only).")
    rank_in_type: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Competition rank nationally within instansi_type that year.")
    source: Series[str] = pa.Field(isin=["official", "news"], description="'official' (decree) or 'news' (a news figure filling a year the decree lacks).")
    source_url: Series[str] = pa.Field(description="Document the value came from.")
    loaded_at: Series[pd.DatetimeTZDtype] = pa.Field(dtype_kwargs={"unit": "ns", "tz": "UTC"}, description="When this row was written (UTC).")

    @pa.dataframe_check(description="One row per instansi and year.")
    def one_row_per_instansi_year(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(subset=["instansi_id", "year"], keep=False)

    @pa.dataframe_check(description="Every regional body has a province and a province rank context.")
    def regional_bodies_have_province(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df["instansi_type"].isin(REGIONAL_TYPES) | df["province_code"].notna()

    class Config:
        strict = True
        coerce = True
