"""Official results: the rows as parsed from a lampiran, and the validated facts made from them."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from spbe.domain.instansi import INSTANSI_TYPES, REGIONAL_TYPES
from spbe.domain.predikat import INDEX_MAX, INDEX_MIN, PREDIKATS


class RawOfficialRow(pa.DataFrameModel):
    """One table row exactly as the published lampiran (PDF or HTML) has it, before any resolution."""

    year: Series[int] = pa.Field(ge=2018, description="Evaluation year the document reports.")
    source_url: Series[str] = pa.Field(description="URL of the document the row was read from.")
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="PDF page (1-based); null for HTML.")
    row_number: Series[int] = pa.Field(ge=1, description="Position of the row in the document's table, 1-based.")
    published_no: Series[str] = pa.Field(nullable=True, description="The 'No.' cell as printed.")
    published_name: Series[str] = pa.Field(str_length={"min_value": 1}, description="'Nama Instansi' as printed, wrapped lines joined.")
    index_text: Series[str] = pa.Field(nullable=True, description="The 'Indeks' cell as printed, e.g. '3,49'.")
    predikat_text: Series[str] = pa.Field(nullable=True, description="The 'Predikat' cell as printed.")
    method: Series[str] = pa.Field(isin=["text", "ocr", "html"], description="How the row was read: PDF text layer, OCR of a scanned page, or HTML.")
    confidence: Series[float] = pa.Field(nullable=True, ge=0, le=1, description="OCR confidence of the row's weakest deciding word (0-1); null unless OCR'd.")
    bbox: Series[str] = pa.Field(nullable=True, description="Where the row is on its page: 'x0,top,x1,bottom' in PDF points from the top-left; null for HTML.")

    class Config:
        strict = True
        coerce = True


class OfficialResult(pa.DataFrameModel):
    """Validated official result: one row per instansi and evaluation year (table spbe_official_result)."""

    year: Series[int] = pa.Field(ge=2018, le=2100, description="Evaluation year (not the decree's year).")
    instansi_id: Series[str] = pa.Field(description="Kemendagri code for regions ('18.09'), slug for central bodies ('kemenkeu').")
    instansi_name: Series[str] = pa.Field(description="Canonical name (Kemendagri spelling for regions).")
    instansi_type: Series[str] = pa.Field(isin=list(INSTANSI_TYPES), description="kementerian, lembaga, provinsi, kabupaten or kota.")
    province_code: Series[str] = pa.Field(nullable=True, description="Province code; null for central bodies.")
    province_name: Series[str] = pa.Field(nullable=True, description="Province name; null for central bodies.")
    published_name: Series[str] = pa.Field(description="Name as the source printed it.")
    index_value: Series[float] = pa.Field(ge=INDEX_MIN, le=INDEX_MAX, description="Indeks SPBE, 1.00-5.00, two decimals.")
    predikat: Series[str] = pa.Field(nullable=True, isin=list(PREDIKATS), description="Predikat as published (canonical spelling).")
    predikat_expected: Series[str] = pa.Field(isin=list(PREDIKATS), description="Predikat implied by index_value and the bands.")
    source_url: Series[str] = pa.Field(description="Document the value was read from.")
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="PDF page of the row; null for HTML.")
    row_number: Series[int] = pa.Field(ge=1, description="Row position in the source table.")

    @pa.dataframe_check(description="One row per instansi and year.")
    def one_row_per_instansi_year(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(subset=["instansi_id", "year"], keep=False)

    @pa.dataframe_check(description="Every regional body has a province.")
    def regional_bodies_have_province(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df["instansi_type"].isin(REGIONAL_TYPES) | df["province_code"].notna()

    class Config:
        strict = True
        coerce = True
