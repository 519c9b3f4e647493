"""`spbe summary` lists only fallers as fallers and only risers as risers (issue 21: with fewer than
five bodies that fell, the "biggest fallers" list was filled with risers)."""

import pandas as pd

from spbe.cli import _movers


def test_fallers_are_only_bodies_that_fell():
    deltas = [0.40, 0.30, 0.20, 0.10, 0.05, -0.15, 0.0]
    index = pd.DataFrame({
        "year": [2024] * len(deltas),
        "yoy_delta": deltas,
        "instansi_name": [f"Pemerintah Kota {c}" for c in "ABCDEFG"],
        "province_name": ["Jawa Barat"] * len(deltas),
        "index_value": [3.0] * len(deltas),
    })
    lines = _movers(index, 5)
    fallers = lines[lines.index("biggest fallers 2023->2024:") + 1 :]
    assert fallers == ["  -0.15  3.00  Pemerintah Kota F (Jawa Barat)"]
    risers = lines[1 : lines.index("biggest fallers 2023->2024:")]
    assert len(risers) == 5 and all(line.startswith("  +") for line in risers)


def test_no_faller_says_none():
    index = pd.DataFrame({"year": [2024, 2024], "yoy_delta": [0.2, 0.1], "instansi_name": ["A", "B"],
                          "province_name": [None, None], "index_value": [3.0, 3.1]})
    lines = _movers(index, 5)
    assert lines[-2:] == ["biggest fallers 2023->2024:", "  none"]
