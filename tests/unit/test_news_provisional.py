"""Provisional values of an evaluation round (issue 18): the asesors' interim score, a desk-evaluation
or interview-stage value, a value said not to be final, or a value published well before its round's
results were released, is an evaluation held for review (H-PROVISIONAL), never an accepted result
nor a self-assessment.

Why: the press reports these as the body's index, and the decree may give another value. In the real
set (../shared/news-real, ids only): C027 (berandapost.com) and C060 (nu-demak.or.id) write "hasil
(penilaian) sementara asesor"; B015 (terbitmalut.com) "belum final"; B034 (setda.kaltimprov.go.id)
gives 3,28 for a province whose decree value is 3,79; B003 (swarakawanua.com), B023
(portal.gorutkab.go.id) and C040 (tribunmedan.cfd) state a round's value one to four months before
its decree. Bodies cite a signed decree days before the lampiran is public: C011 (intuisi.id) and
C021 (papua.antaranews.com), nine and sixteen days before, are not held. The sentences below are
written here (invented values for real bodies), never text from ../shared.
"""

from __future__ import annotations

import datetime as dt

import pytest

from spbe.sources.news.extract import extract_figures

INTERVIEW_STAGE = dt.date(2024, 10, 20)  # the 2024 round under assessment; its decree is dated 2024-12-31


def figures(text: str, published: dt.date = INTERVIEW_STAGE):
    return {(f.name, f.year, f.value, f.kind): f for f in extract_figures(text, published)}


@pytest.mark.parametrize(
    "text",
    [
        "Dari hasil sementara asesor pada tahap wawancara evaluasi 2024, indeks SPBE Kabupaten Sragen mencapai 3,52.",
        "Nilai sementara asesor untuk indeks SPBE Kabupaten Sragen pada evaluasi 2024 adalah 3,52.",
        "Pada tahap desk evaluation SPBE 2024, Kabupaten Sragen memperoleh nilai indeks 3,52.",
        "Indeks SPBE Kabupaten Sragen pada evaluasi 2024 mencapai 3,52, tetapi angka itu belum final.",
    ],
)
def test_an_interim_value_is_an_evaluation_held_not_a_self_assessment(text):
    found = figures(text)
    f = found[("Kabupaten Sragen", 2024, 3.52, "evaluation")]
    assert f.status == "review" and "H-PROVISIONAL" in f.hold_reason
    assert not [g for g in found.values() if g.status == "accepted"]


def test_an_undated_interim_value_belongs_to_the_round_being_assessed():
    # "hasil sementara" in October 2024: the 2024 round's interim score, even though the article
    # writes 2023 for another value (it used to be refused as R-IMPLICIT-YIELDS, or read as 2023).
    text = (
        "Kabupaten Kudus mencatat indeks SPBE 3,33 untuk evaluasi 2023. "
        "Dari hasil sementara tim asesor, indeks SPBE Kabupaten Kudus kini mencapai 3,90."
    )
    found = figures(text)
    f = found[("Kabupaten Kudus", 2024, 3.90, "evaluation")]
    assert f.status == "review" and "H-PROVISIONAL" in f.hold_reason and "R-YEAR-RUNNING" in f.rule
    assert found[("Kabupaten Kudus", 2023, 3.33, "evaluation")].status == "accepted"


def test_a_round_s_value_published_months_before_its_release_is_held():
    text = "Pada evaluasi SPBE 2024, indeks Kabupaten Klaten naik menjadi 3,41."
    early = figures(text, dt.date(2024, 10, 1))[("Kabupaten Klaten", 2024, 3.41, "evaluation")]
    assert early.status == "review" and "before the 2024 round's results were released" in early.hold_reason
    late = figures(text, dt.date(2025, 2, 1))[("Kabupaten Klaten", 2024, 3.41, "evaluation")]
    assert late.status == "accepted"


def test_a_value_citing_the_decree_weeks_before_the_release_date_is_final():
    text = "Kabupaten Klaten meraih indeks SPBE 3,41 menurut Kepmen PANRB Nomor 663 Tahun 2024."
    f = figures(text, dt.date(2024, 12, 20))[("Kabupaten Klaten", 2024, 3.41, "evaluation")]
    assert f.status == "accepted"


def test_sementara_itu_is_a_connective_not_an_interim_value():
    f = figures("Sementara itu, Kabupaten Klaten memperoleh indeks SPBE 3,12 pada evaluasi 2023.")
    assert f[("Kabupaten Klaten", 2023, 3.12, "evaluation")].status == "accepted"


def test_a_self_assessment_stays_a_self_assessment():
    f = figures("Hasil penilaian mandiri Kabupaten Klaten untuk SPBE 2024 menunjukkan angka 3,60.")
    assert ("Kabupaten Klaten", 2024, 3.60, "self_assessment") in f


def test_a_value_before_the_interview_or_said_to_change_is_interim():
    for text in (
        "Sebelum tahap interviu, asesor memberi Kabupaten Klaten skor indeks SPBE 3,52 untuk evaluasi 2024.",
        "Indeks SPBE Kabupaten Klaten pada evaluasi 2024 tercatat 3,52, tetapi masih bisa berubah setelah klarifikasi.",
    ):
        # Eleven days before the release date: the date alone does not hold it, the words do.
        f = figures(text, dt.date(2024, 12, 20))[("Kabupaten Klaten", 2024, 3.52, "evaluation")]
        assert f.status == "review" and "H-PROVISIONAL: '" in f.hold_reason, text


def test_an_interim_value_recalled_after_the_release_is_of_the_released_round():
    # January 2025, the 2024 decree just out: "hasil sementara" is the 2024 round's interim score,
    # not the 2025 round's (R-YEAR-RUNNING is for the assessment season, from July, only).
    text = "Menurut Kepmen PANRB Nomor 663 Tahun 2024, indeks SPBE Kabupaten Klaten 3,45, naik dari hasil sementara 3,30."
    years = {(f.value, f.year) for f in extract_figures(text, dt.date(2025, 1, 20))}
    assert years == {(3.45, 2024), (3.30, 2024)}
