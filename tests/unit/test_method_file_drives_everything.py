"""One band edit in a copy of spbe/data/methods.toml (SPBE_METHODS_FILE) moves every layer that
judges a predikat: decree facts, OCR checks, spbe_index, the report's charts and the news decision.

The edit: under PermenPANRB 59/2020, Memuaskan starts at 4.10 instead of 4.20. A 2024 value of
4.15 printed "Sangat Baik" is right with the packaged file and contradicts the copy.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pandas as pd
import pytest

from spbe.domain import methods as m
from spbe.domain.instansi import gazetteer
from spbe.index.table import build_spbe_index
from spbe.release.report import charts
from spbe.sources.news.extract import extract_figures
from spbe.sources.official.facts import build_official_facts
from spbe.sources.official.ocr_checks import ocr_problem
from tests.unit.test_index_table import LOADED, fact

PACKAGED = resources.files("spbe.data").joinpath("methods.toml").read_text(encoding="utf-8")
SPBE_2020 = PACKAGED.split('id = "PermenPANRB 59/2020"', 1)
OLD_BANDS = (
    '{ predikat = "Sangat Baik", from = 3.50, from_inclusive = true, to = 4.20, to_inclusive = false },\n'
    '    { predikat = "Memuaskan", from = 4.20, from_inclusive = true, to = 5.00, to_inclusive = true },'
)
NEW_BANDS = OLD_BANDS.replace("4.20", "4.10")


@pytest.fixture(params=["packaged", "edited"])
def bands(request, tmp_path, monkeypatch) -> str:
    """The packaged file, or a copy whose 59/2020 Memuaskan floor is 4.10 (only that method's)."""
    if request.param == "edited":
        head, tail = SPBE_2020
        assert OLD_BANDS in tail
        path = tmp_path / "methods.toml"
        path.write_text(head + 'id = "PermenPANRB 59/2020"' + tail.replace(OLD_BANDS, NEW_BANDS, 1), encoding="utf-8")
        monkeypatch.setenv(m.METHODS_FILE_ENV, str(path))
    return request.param


def _expected(bands: str) -> str:
    return "Memuaskan" if bands == "edited" else "Sangat Baik"


def _raw(method: str = "pdf") -> dict:
    return {
        "year": 2024, "row_number": 1, "page": 1, "published_name": "Pemerintah Kabupaten Pesawaran",
        "index_text": "4,15", "predikat_text": "Sangat Baik", "source_url": "https://example.invalid/x.pdf",
        "method": method, "confidence": 0.95, "bbox": "0,0,1,1",
    }


def test_the_edit_touches_only_the_one_method(bands):
    assert m.method_for_year(2024).predikat_for(4.15) == _expected(bands)
    assert m.method_for_year(2019).predikat_for(4.15) == "Sangat Baik"  # 5/2018 keeps its own bands
    assert m.method_for_year(2026).predikat_for(4.15) == "Memuaskan"


def test_decree_facts_follow(bands):
    result = build_official_facts(pd.DataFrame([_raw()]), gazetteer())
    assert result.facts["predikat_expected"].tolist() == [_expected(bands)]
    flagged = list(result.flagged["reason"]) if not result.flagged.empty else []
    assert bool(flagged) == (bands == "edited"), flagged


def test_ocr_checks_follow(bands):
    problem = ocr_problem(_raw("ocr"), 4.15)
    assert (problem is not None and problem.startswith("ocr_band_mismatch")) == (bands == "edited"), problem


def test_spbe_index_follows(bands):
    index = build_spbe_index(pd.DataFrame([fact(2024, "18.09", "Kabupaten Pesawaran", "kabupaten", 4.15, predikat="Sangat Baik")]),
                             loaded_at=LOADED)
    assert index["predikat_expected"].tolist() == [_expected(bands)]
    assert index["predikat_mismatch"].tolist() == [bands == "edited"]


def test_the_report_follows(bands):
    index = build_spbe_index(pd.DataFrame([fact(y, "18.09", "Kabupaten Pesawaran", "kabupaten", 3.0) for y in (2023, 2024)]),
                             loaded_at=LOADED)
    floors = {round(s.y0, 2) for s in charts.distribution_by_year(index).layout.shapes if s.type == "rect"}
    assert (4.1 in floors, 4.2 in floors) == ((True, False) if bands == "edited" else (False, True))


def test_the_news_decision_follows(bands):
    (f,) = extract_figures("Indeks SPBE Kabupaten Pesawaran tahun 2024 sebesar 4,15 dengan predikat Sangat Baik.", dt.date(2025, 2, 10))
    assert (f.year, f.value, f.predikat) == (2024, 4.15, "Sangat Baik")
    assert f.flags == ("predikat-contradicts-band" if bands == "edited" else "")
