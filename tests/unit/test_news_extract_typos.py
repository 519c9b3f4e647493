"""R-NAME-TYPO (misspelt region names), R-YEAR-COMPARED and the parenthesised value of a compared
body: each rule with a sentence where it must fire and one where it must not.

All sentences are written here in the style of Indonesian local news (invented values), never text
from ../shared/news-real.
"""

from __future__ import annotations

import datetime as dt

import pytest

from spbe.sources.news.extract import extract_figures
from spbe.sources.news.extract.typos import NearNames, within_one_edit

PUB = dt.date(2024, 5, 1)  # latest published evaluation: 2023


def figs(text: str, published: dt.date = PUB) -> set[tuple[str, int, float]]:
    return {(f.name, f.year, f.value) for f in extract_figures(text, published)}


def names(text: str, published: dt.date = PUB) -> set[str]:
    return {f.name for f in extract_figures(text, published)}


# -- the edit distance and the index -------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("tanggumus", "tanggamus", True),  # substitution
        ("tanggamuss", "tanggamus", True),  # insertion
        ("tangamus", "tanggamus", True),  # deletion
        ("jawatenagh", "jawatengah", True),  # adjacent swap
        ("tangamuss", "tanggamus", False),  # two edits
        ("tanggamus", "tanggamus", False),  # the same name is no near miss
        ("jokyakarta", "yogyakarta", False),  # two substitutions
    ],
)
def test_within_one_edit(a, b, near):
    assert within_one_edit(a, b) is near
    assert within_one_edit(b, a) is near


def test_near_names_ignores_short_names_and_finds_every_candidate():
    idx = NearNames()
    for key in ("alor", "badung", "bandung", "sleman"):
        idx.add("kabupaten", key)
    assert idx.near("kabupaten", "alorr") == set()  # "alor" is too short to be a target
    assert idx.near("kabupaten", "baddung") == {"badung", "bandung"}  # two candidates: the caller refuses
    assert idx.near("kabupaten", "slemann") == {"sleman"}
    assert idx.near("kota", "slemann") == set()  # another group


# -- R-NAME-TYPO after a government prefix --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pemprov Lampung mencatat kemajuan. Indeks SPBE Kabupaten Tanggamuss tahun 2023 mencapai 2,75.",
            ("Kabupaten Tanggamus", 2023, 2.75),
        ),
        (
            "Pemprov Lampung mengapresiasi. Pemkot Bandar Lampug meraih indeks SPBE 2,40 pada 2023.",
            ("Kota Bandar Lampung", 2023, 2.4),
        ),
        ("Kota Semarang ikut hadir. Indeks SPBE Provinsi Jawa Tenagh tahun 2023 sebesar 3,45.", ("Provinsi Jawa Tengah", 2023, 3.45)),
    ],
)
def test_a_name_one_letter_off_after_its_prefix_is_corrected(text, expected):
    assert expected in figs(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # "Binjai" and "Sabang" are real names (kota), one letter from Kabupaten Sinjai and Kabupaten
        # Subang: a wrong type word before a real name is never "corrected" into another body.
        ("Provinsi Sulawesi Selatan hadir. Indeks SPBE Kabupaten Binjai tahun 2023 sebesar 3,10.", "Kabupaten Sinjai"),
        ("Provinsi Jawa Barat hadir. Indeks SPBE Kabupaten Sabang tahun 2023 sebesar 3,10.", "Kabupaten Subang"),
        # "Kendiri" is one letter from both Kota Kediri and Kota Kendari: no unique correction.
        ("Provinsi Jawa Timur hadir. Indeks SPBE Kota Kendiri tahun 2023 sebesar 3,10.", "Kota Kediri"),
        ("Provinsi Sulawesi Tenggara hadir. Indeks SPBE Kota Kendiri tahun 2023 sebesar 3,10.", "Kota Kendari"),
        # Too short: "Alor" has four letters, many words are one letter from it.
        ("Provinsi Nusa Tenggara Timur hadir. Indeks SPBE Kabupaten Alorr tahun 2023 sebesar 2,10.", "Kabupaten Alor"),
        # After an office title the next word is as often the holder's name.
        ("Provinsi Lampung hadir. Bupati Tanggamuss menyebut nilai indeks SPBE 2023 sebesar 2,64.", "Kabupaten Tanggamus"),
        # A headline verb one letter from a region of another province (no body of it is named).
        ("Indeks SPBE Kota Metro Naik, Pemkot Pasang Target 3,30 pada 2025", "Kota Padang"),
        # Punctuation between the prefix and the word: not a name.
        ("Provinsi Jawa Tengah hadir. Ada 40 aplikasi di Pemkot. Sekarang indeks SPBE tahun 2023 sebesar 3,10.", "Kota Semarang"),
    ],
)
def test_no_correction_where_a_wrong_one_is_possible(text, absent):
    assert absent not in names(text)


# -- R-NAME-TYPO in a list slot --------------------------------------------------------------------


def test_a_misspelt_name_in_a_list_next_to_a_neighbour_is_corrected():
    text = "Indeks SPBE 2023 di Sulawesi Tenggara: Kabupaten Konawe 2,45, Bombana 2,41 dan Kolakaa 2,35."
    assert ("Kabupaten Kolaka", 2023, 2.35) in figs(text)
    # "setelah X (v)": the ranking's slot, the value in parentheses is X's own.
    text = "Indeks SPBE Kota Kendari tahun 2023 sebesar 2,60, di urutan ketiga setelah Konawee (2,80)."
    assert figs(text) == {("Kota Kendari", 2023, 2.6), ("Kabupaten Konawe", 2023, 2.8)}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # The neighbour named before is in Sulawesi Tenggara, Sleman in DIY: not a list of one province.
        ("Indeks SPBE 2023: Kabupaten Konawe 2,45 dan Slemann 3,90.", "Kabupaten Sleman"),
        # ... even when the article names a body of Sleman's province elsewhere.
        ("Kota Yogyakarta ikut hadir. Indeks SPBE 2023: Kabupaten Konawe 2,45 dan Slemann 3,90.", "Kabupaten Sleman"),
        # A sentence-initial word is no list slot ("Angka" is one letter from Bangka).
        ("Indeks SPBE Kabupaten Bangka Barat tahun 2023 sebesar 2,50. Angka 2,14 tercatat tahun lalu.", "Kabupaten Bangka"),
    ],
)
def test_no_list_correction_without_slot_and_neighbour(text, absent):
    assert absent not in names(text)


# -- R-YEAR-COMPARED --------------------------------------------------------------------------------

NOV_2023 = dt.date(2023, 11, 22)  # latest published evaluation: 2022


def test_bodies_compared_with_the_result_just_reported_share_its_year():
    text = (
        "Indeks SPBE Kota Kendari tahun 2021 hanya 1,90. "
        "Capaian tersebut tertinggal dari Kabupaten Konawe yang meraih 2,05 dan Kolaka 2,20."
    )
    assert figs(text, NOV_2023) == {
        ("Kota Kendari", 2021, 1.9),
        ("Kabupaten Konawe", 2021, 2.05),
        ("Kabupaten Kolaka", 2021, 2.2),
    }


@pytest.mark.parametrize(
    "text",
    [
        # No anaphor: the other body's undated value is the calendar's latest result.
        "Indeks SPBE Kota Kendari tahun 2021 hanya 1,90. Kabupaten Konawe meraih indeks SPBE 2,05.",
        # The anaphor is not about the sentence just before.
        "Indeks SPBE Kota Kendari tahun 2021 hanya 1,90. Pelatihan terus digelar. "
        "Capaian tersebut tertinggal dari Kabupaten Konawe yang meraih 2,05.",
    ],
)
def test_without_an_anaphor_to_the_last_result_the_year_is_the_calendars(text):
    assert ("Kabupaten Konawe", 2022, 2.05) in figs(text, NOV_2023)


def test_the_same_body_after_the_anaphor_is_a_new_result_not_the_old_year():
    text = "Indeks SPBE Kota Kendari tahun 2021 hanya 1,90. Capaian tersebut kemudian naik menjadi 2,40."
    assert ("Kota Kendari", 2021, 2.4) not in figs(text, NOV_2023)


# -- a compared body's own value in parentheses -----------------------------------------------------


def test_a_value_in_parentheses_after_a_compared_body_is_its_own():
    text = "Indeks SPBE Kota Kendari tahun 2023 sebesar 2,60, di bawah Kabupaten Konawe (2,95)."
    assert figs(text) == {("Kota Kendari", 2023, 2.6), ("Kabupaten Konawe", 2023, 2.95)}
    # Without parentheses the value after the compared body stays the subject's (R-COMPARED).
    text = "Pemkot Kendari berada di urutan kedua di bawah Kabupaten Konawe dengan indeks SPBE 2,60 pada 2023."
    assert figs(text) == {("Kota Kendari", 2023, 2.6)}
