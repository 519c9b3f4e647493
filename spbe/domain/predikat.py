"""Predikat bands of the Indeks SPBE (unchanged 2018-2025, see docs/domain.md).

The published predikat is kept as published; `predikat_for` gives the band the index
value implies so a disagreement can be reported rather than silently "fixed".
"""

from __future__ import annotations

import re

# Lower bounds, highest first: a value belongs to the first band whose floor it reaches.
BANDS: tuple[tuple[str, float], ...] = (
    ("Memuaskan", 4.20),
    ("Sangat Baik", 3.50),
    ("Baik", 2.60),
    ("Cukup", 1.80),
    ("Kurang", 1.00),
)
PREDIKATS: tuple[str, ...] = tuple(name for name, _ in BANDS)
INDEX_MIN, INDEX_MAX = 1.0, 5.0

_CANONICAL = {re.sub(r"\s+", " ", p.lower()): p for p in PREDIKATS}


def predikat_for(value: float | None) -> str | None:
    """Band implied by an index value; None for a missing or out-of-scale value."""
    if value is None or value != value or not INDEX_MIN <= value <= INDEX_MAX:
        return None
    # Published values have two decimals; round first so 4.199999 (float noise) stays Sangat Baik
    # only if it really is below 4.20.
    v = round(value, 2)
    for name, floor in BANDS:
        if v >= floor:
            return name
    return None


def normalize_predikat(label: str | None) -> str | None:
    """Canonical spelling of one of the five bands, or None for anything else ("Sedang", "")."""
    if not label:
        return None
    key = re.sub(r"[\s\u00a0]+", " ", str(label).strip().strip("'\"‘’“”").lower())
    return _CANONICAL.get(key)
