"""Results a source other than the decree publishes as results (table spbe_source_result).

One table for every such source (a body's own published result, and any later one): each row says
which source it belongs to, and the index takes a source's rows by that name
(spbe.infra.fact_sources). Provenance is the loaded file's name and SHA-256, never a local path.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import common as c
from schemas.common import InstansiTable, Table


class SourceResult(InstansiTable):
    """One body's result for one year as a source other than the decree published it (table spbe_source_result)."""

    _table = Table("spbe_source_result", key=("source", "year", "instansi_id"))

    source: Series[str] = c.source("The source the row belongs to, e.g. 'published_by_body'.")
    year: Series[int] = c.year()
    published_name: Series[str] = pa.Field(description="The body's name (or code) as the file gave it.")
    index_value: Series[float] = c.index_value()
    predikat: Series[str] = c.predikat()
    source_url: Series[str] = c.source_url("Where the value came from, as the file states (a URL or a document's name); "
                                           "else the file's name.")
    file_name: Series[str] = pa.Field(description="Name of the file the row was loaded from (no directory).")
    file_sha256: Series[str] = pa.Field(str_length={"min_value": 64, "max_value": 64}, description="SHA-256 of that file.")
    row_number: Series[int] = pa.Field(ge=1, description="Row (or table row) of the file the value is on.")
    synthetic: Series[pd.BooleanDtype] | None = c.synthetic_flag()
