"""R-AVERAGE: a body named inside the phrase "rata-rata ..." is the population averaged, not the
owner of the value (grammar: "rata-rata" heads a noun phrase whose complement, "provinsi di Jawa
Tengah", "kabupaten/kota se-Jawa Tengah", "Jawa Tengah", says what is averaged). The stress corpus
(tests/stress/news_cases.txt, case N02) found the province accepted with a regional average. The
sentences are written here (invented values)."""

from __future__ import annotations

import datetime as dt

import pytest

from spbe.sources.news.extract import extract_figures

PUB = dt.date(2024, 3, 20)


@pytest.mark.parametrize(
    "text",
    [
        "Rata-rata indeks SPBE nasional pada evaluasi 2023 tercatat 2,79, sementara rata-rata provinsi di Jawa Tengah 3,01.",
        "Pada evaluasi SPBE 2023, rata-rata kabupaten/kota se-Jawa Tengah mencapai 3,01.",
        "Pada evaluasi SPBE 2023 rata-rata Jawa Tengah adalah 3,01.",
    ],
)
def test_an_average_over_a_region_is_not_the_region_s_index(text):
    assert [f for f in extract_figures(text, PUB) if f.value == 3.01] == []


def test_an_owner_after_the_average_clause_still_owns_its_value():
    text = "Rata-rata nasional pada evaluasi 2023 hanya 2,79, sedangkan Kabupaten Sukoharjo meraih indeks SPBE 3,10 pada 2023."
    got = {(f.name, f.year, f.value, f.status) for f in extract_figures(text, PUB)}
    assert ("Kabupaten Sukoharjo", 2023, 3.10, "accepted") in got
    assert not [g for g in got if g[2] == 2.79]


def test_a_province_named_as_a_place_is_held_a_regency_named_so_is_its_own():
    # "di Jawa Tengah" names the province's area (its regions); "di Rembang" the regency itself.
    province = extract_figures("Pada evaluasi 2023, indeks SPBE di Jawa Tengah mencapai 3,70.", PUB)
    assert [(f.name, f.status) for f in province] == [("Provinsi Jawa Tengah", "review")]
    assert "H-BODY-PLACE" in province[0].hold_reason
    regency = extract_figures("Pada evaluasi 2023, indeks SPBE di Rembang mencapai 2,90.", PUB)
    assert [(f.name, f.status) for f in regency] == [("Kabupaten Rembang", "accepted")]
