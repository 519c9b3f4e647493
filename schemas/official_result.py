"""Official results: the rows as parsed from a lampiran, and the validated facts made from them."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import common as c
from schemas.common import InstansiTable, Table


class RawOfficialRow(pa.DataFrameModel):
    """One table row exactly as the published lampiran (PDF or HTML) has it, before any resolution."""

    year: Series[int] = c.year("Evaluation year the document reports.")
    source_url: Series[str] = c.source_url("URL of the document the row was read from.")
    page: Series[pd.Int64Dtype] = c.page()
    row_number: Series[int] = pa.Field(ge=1, description="Position of the row in the document's table, 1-based.")
    published_no: Series[str] = pa.Field(nullable=True, description="The 'No.' cell as printed.")
    published_name: Series[str] = pa.Field(str_length={"min_value": 1}, description="'Nama Instansi' as printed, wrapped lines joined.")
    index_text: Series[str] = pa.Field(nullable=True, description="The 'Indeks' cell as printed, e.g. '3,49'.")
    predikat_text: Series[str] = pa.Field(nullable=True, description="The 'Predikat' cell as printed.")
    method: Series[str] = pa.Field(isin=["text", "ocr", "html"], default="text", description="How the row was read: PDF text layer, OCR of a scanned page, or HTML.")
    confidence: Series[float] = pa.Field(nullable=True, ge=0, le=1, description="OCR confidence of the row's weakest deciding word (0-1); null unless OCR'd.")
    bbox: Series[str] = pa.Field(nullable=True, description="Where the row is on its page: 'x0,top,x1,bottom' in PDF points from the top-left; null for HTML.")

    class Config:
        strict = True
        coerce = True
        # Rows built before method/confidence/bbox existed (tests, callers) read as text-layer rows.
        add_missing_columns = True


class OfficialResult(InstansiTable):
    """Validated official result: one row per instansi and evaluation year (table spbe_official_result)."""

    _table = Table("spbe_official_result", key=("year", "instansi_id"))

    year: Series[int] = c.year()
    published_name: Series[str] = pa.Field(description="Name as the source printed it.")
    index_value: Series[float] = c.index_value()
    predikat: Series[str] = c.predikat()
    predikat_expected: Series[str] = c.predikat_expected()
    source_url: Series[str] = c.source_url()
    page: Series[pd.Int64Dtype] = c.page()
    row_number: Series[int] = pa.Field(ge=1, description="Row position in the source table.")
    synthetic: Series[pd.BooleanDtype] | None = c.synthetic_flag()
