"""Write a run's official facts and rejects to the warehouse, all years in one transaction."""

from __future__ import annotations

import pandas as pd

from spbe.infra.warehouse import Warehouse


def write_official_years(warehouse: Warehouse, years: list[int], facts: pd.DataFrame, rejects: pd.DataFrame) -> int:
    slices = []
    for year in years:
        slices.append(("spbe_official_result", facts[facts["year"] == year] if not facts.empty else facts, {"year": year}))
        year_rejects = rejects[rejects["year"] == year] if not rejects.empty else rejects
        slices.append(("spbe_reject", year_rejects, {"source": "official", "year": year}))
    written = warehouse.replace_slices(slices) if slices else {}
    return written.get("spbe_official_result", 0)
