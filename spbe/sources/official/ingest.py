"""Write a run's official facts and rejects to the warehouse, all years in one transaction."""

from __future__ import annotations

import pandas as pd

from spbe.infra.provenance import Build, with_provenance
from spbe.infra.warehouse import Warehouse


def write_official_years(
    warehouse: Warehouse, years: list[int], facts: pd.DataFrame, rejects: pd.DataFrame, *, build: Build | None = None
) -> int:
    """Replace each year's facts and rejects; with a `build`, its spbe_dataset row lands in the same transaction."""
    slices = []
    for year in years:
        slices.append(("spbe_official_result", facts[facts["year"] == year] if not facts.empty else facts, {"year": year}))
        year_rejects = rejects[rejects["year"] == year] if not rejects.empty else rejects
        slices.append(("spbe_reject", year_rejects, {"source": "official", "year": year}))
    if slices and build is not None:
        slices = with_provenance(slices, build)
    written = warehouse.replace_slices(slices) if slices else {}
    return written.get("spbe_official_result", 0)
