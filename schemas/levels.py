"""Indicator levels a body supplies from its own evaluation report (table spbe_indicator_level)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import common as c
from schemas.common import InstansiTable, Table


class IndicatorLevel(InstansiTable):
    """One indicator's level (1-5) for one body and evaluation year, from the body's own evaluation report dropped in the levels folder, with the indicator's aspect, domain and weight from the method of that year (table spbe_indicator_level)."""

    _table = Table("spbe_indicator_level", key=("instansi_id", "year", "indicator"), indexes=(("province_code", "year"),))

    year: Series[int] = c.year()
    method_version: Series[str] = pa.Field(description="Evaluation rule of the year, whose indicators and weights the levels are for (spbe/data/methods.toml).")
    indicator: Series[int] = pa.Field(ge=1, description="Indicator number in its method (1-47 under PermenPANRB 59/2020, 1-20 under 8/2026).")
    indicator_name: Series[str] = pa.Field(nullable=True, description="Indicator name; null where the method's names are not public (PemDI).")
    domain: Series[str] = pa.Field(nullable=True, description="Domain the indicator belongs to; null for a method without domains (PemDI).")
    aspect: Series[str] = pa.Field(description="Aspect the indicator belongs to.")
    weight: Series[float] = pa.Field(gt=0, le=100, description="The indicator's weight: its share of the index in percentage points.")
    level: Series[int] = pa.Field(ge=1, le=5, description="Maturity level 1-5 as the body's evaluation report gives it.")
    source_file: Series[str] = pa.Field(description="The dropped file the level was read from, relative to the levels folder.")
    loaded_at: Series[pd.DatetimeTZDtype] = c.utc_timestamp("When this row was written (UTC).", run_stamp=True)
    synthetic: Series[pd.BooleanDtype] | None = c.synthetic_flag()
