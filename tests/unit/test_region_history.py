"""History-aware geography: the province of the evaluation year, and bodies that did not exist then."""

import re

import pandas as pd
import pytest

from schemas import RawOfficialRow
from spbe.domain.instansi import gazetteer
from spbe.domain.region_history import Period, _check_periods
from spbe.index.table import build_spbe_index
from spbe.sources.news.extract import NewsFigure
from spbe.sources.news.ingest import split_impossible
from spbe.sources.official.facts import build_official_facts
from tests.paths import SHARED
from tests.unit.test_index_table import LOADED, fact

URL = "https://jdih.menpan.go.id/storage/lampiran.pdf"


def raw_rows(year: int, rows: list[tuple[str, str]]) -> pd.DataFrame:
    return RawOfficialRow.validate(pd.DataFrame([
        {"year": year, "source_url": URL, "page": 1, "row_number": i, "published_no": str(i), "published_name": name,
         "index_text": value, "predikat_text": None}
        for i, (name, value) in enumerate(rows, start=1)
    ]))


def test_the_2022_papua_split_moves_regencies_in_2022_and_not_before():
    gaz = gazetteer()
    assert gaz.province_in("93.01", 2021) == ("91", "Papua")  # Merauke
    assert gaz.province_in("93.01", 2022) == ("93", "Papua Selatan")
    assert gaz.province_in("96.71", 2018) == ("92", "Papua Barat")  # Kota Sorong
    assert gaz.province_in("96.71", 2025) == ("96", "Papua Barat Daya")
    assert gaz.province_in("91.03", 2018) == ("91", "Papua")  # Kabupaten Jayapura stayed
    assert gaz.province_in("18.09", 2019) == ("18", "Lampung")  # no recorded change: today's province
    assert gaz.province_in("kemenkeu", 2024) is None


def test_a_province_before_its_creation_and_a_body_after_its_dissolution_did_not_exist():
    gaz = gazetteer()
    assert not gaz.existed_in("93", 2021) and gaz.existed_in("93", 2022)
    assert "did not exist in 2021" in gaz.absence_reason("96", 2021) and "UU 29/2022" in gaz.absence_reason("96", 2021)
    assert not gaz.existed_in("batan", 2022) and gaz.existed_in("batan", 2020)
    assert "after 2020" in gaz.absence_reason("batan", 2022)
    assert not gaz.existed_in("brin", 2018)
    assert gaz.existed_in("18.09", 2018) and gaz.existed_in("kemenkeu", 2025)


def test_official_rows_for_a_body_that_did_not_exist_are_rejected_with_the_reason():
    rows = raw_rows(2021, [
        ("Pemerintah Kabupaten Merauke", "2,10"),
        ("Pemerintah Provinsi Papua Selatan", "2,20"),
        ("Badan Tenaga Nuklir Nasional", "3,00"),
        ("Badan Pengkajian dan Penerapan Teknologi", "3,10"),
    ])
    result = build_official_facts(rows, gazetteer())
    facts = result.facts.set_index("instansi_id")
    assert facts.loc["93.01", ["province_code", "province_name"]].tolist() == ["91", "Papua"]
    rejected = result.rejected.set_index("row_number")["reason"]
    assert set(rejected.index) == {2, 3, 4}
    assert "Papua Selatan did not exist in 2021: created 2022" in rejected[2]
    assert "did not exist in 2021" in rejected[3] and "after 2020" in rejected[3]


def test_ranks_in_province_use_that_years_membership():
    papua = ("91", "Papua")
    facts = pd.DataFrame([
        # Stored before history was known: Merauke carries today's province for 2021 as well.
        fact(2021, "93.01", "Kabupaten Merauke", "kabupaten", 2.50, province=("93", "Papua Selatan")),
        fact(2021, "91.03", "Kabupaten Jayapura", "kabupaten", 2.00, province=papua),
        fact(2024, "93.01", "Kabupaten Merauke", "kabupaten", 2.50, province=("93", "Papua Selatan")),
        fact(2024, "91.03", "Kabupaten Jayapura", "kabupaten", 2.00, province=papua),
    ])
    out = build_spbe_index(facts, loaded_at=LOADED).set_index(["instansi_id", "year"])
    assert out.loc[("93.01", 2021), "province_code"] == "91"
    assert out.loc[("93.01", 2021), "rank_in_province"] == 1 and out.loc[("91.03", 2021), "rank_in_province"] == 2
    assert out.loc[("93.01", 2024), "province_code"] == "93"
    assert out.loc[("93.01", 2024), "rank_in_province"] == 1 and out.loc[("91.03", 2024), "rank_in_province"] == 1


def test_news_figures_for_a_body_that_did_not_exist_are_rejected():
    figs = [
        NewsFigure("93", "Provinsi Papua Selatan", "provinsi", "Papua Selatan", 2020, 2.1, "evaluation", None, "..."),
        NewsFigure("93", "Provinsi Papua Selatan", "provinsi", "Papua Selatan", 2024, 2.1, "evaluation", None, "..."),
        NewsFigure("lipi", "Lembaga Ilmu Pengetahuan Indonesia", "lembaga", None, 2023, 3.0, "evaluation", None, "..."),
    ]
    kept, rejects = split_impossible("https://news.example/a", figs)
    assert [(f.instansi_id, f.year) for f in kept] == [("93", 2024)]
    assert [r["year"] for r in rejects] == [2020, 2023] and all(r["source"] == "news" for r in rejects)
    assert "did not exist in 2020" in rejects[0]["reason"]


def test_overlapping_or_inconsistent_history_fails_at_load():
    with pytest.raises(ValueError, match="overlap"):
        _check_periods("93.01", [Period("91", None, 2022, ""), Period("93", 2022, None, "")], "93")
    with pytest.raises(ValueError, match="gazetteer puts it in 93"):
        _check_periods("93.01", [Period("91", None, 2021, ""), Period("94", 2022, None, "")], "93")


@pytest.mark.skipif(not (SHARED / "reference" / "README.md").exists(), reason="needs ../shared/reference")
def test_every_move_in_the_reference_table_is_recorded():
    # Rows like "| 93.01 | Kabupaten Merauke | 91.01 | Papua |" in the reference's Papua table.
    text = (SHARED / "reference" / "README.md").read_text(encoding="utf-8")
    moves = re.findall(r"^\s*\| (9[3-6]\.\d\d) \| [^|]+ \| (9[12])\.\d\d \| [^|]+ \|$", text, flags=re.M)
    assert len(moves) == 26
    gaz = gazetteer()
    for new_code, old_province in moves:
        assert gaz.province_in(new_code, 2021)[0] == old_province, new_code
        assert gaz.province_in(new_code, 2022)[0] == new_code.split(".")[0], new_code
