"""Predikat: the band an index value falls in, under the method of its evaluation year.

The bands live in spbe/data/methods.toml (SPBE's 2018-2025, PemDI's from 2026 are different);
`predikat_for(value, year)` asks the year's method. The published predikat is kept as published;
the band the value implies is computed next to it so a disagreement is reported, never "fixed".
"""

from __future__ import annotations

import re

from spbe.domain.methods import all_predikats, index_scale, method_for_year

# Every band name any method uses (the five names are shared by SPBE and PemDI) and the widest
# scale: the warehouse's closed vocabulary and range check. Per-year bands: `predikat_for`.
PREDIKATS: tuple[str, ...] = all_predikats()
INDEX_MIN, INDEX_MAX = index_scale()

_CANONICAL = {re.sub(r"\s+", " ", p.lower()): p for p in PREDIKATS}


def predikat_for(value: float | None, year: int) -> str | None:
    """Band implied by an index value under the method of evaluation year `year`; None for a
    missing or out-of-scale value."""
    return method_for_year(year).predikat_for(value)


def normalize_predikat(label: str | None) -> str | None:
    """Canonical spelling of a band name, or None for anything else ("Sedang", "")."""
    if not label:
        return None
    key = re.sub(r"[\s\u00a0]+", " ", str(label).strip().strip("'\"‘’“”").lower())
    return _CANONICAL.get(key)
