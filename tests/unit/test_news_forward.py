"""An undated value in a sentence about a coming round ("evaluasi SPBE berikutnya", "penilaian
mendatang", "tahun depan", "ke depan") is not accepted as the release just out: the quiet months
after a release (evidence.fresh_release) date an undated result by that release only when the
sentence does not point past it (grammar: these adverbs name a later time). The stress corpus
(tests/stress/news_cases.txt, case K08) found a threshold "to be passed at the next evaluation"
accepted as the latest result. The sentences are written here (invented values)."""

from __future__ import annotations

import datetime as dt

import pytest

from spbe.sources.news.extract import extract_figures

WEEKS_AFTER_THE_2023_RELEASE = dt.date(2024, 3, 20)


@pytest.mark.parametrize(
    "text",
    [
        "Skor 3,5 dari skala 5 menjadi batas yang ingin dilampaui Pemkab Batanghari dalam evaluasi SPBE berikutnya.",
        "Nilai 3,5 menjadi patokan Pemkab Batanghari untuk indeks SPBE tahun depan.",
    ],
)
def test_an_undated_value_about_the_next_round_is_not_the_latest_result(text):
    assert [f for f in extract_figures(text, WEEKS_AFTER_THE_2023_RELEASE) if f.status == "accepted" and f.kind == "evaluation"] == []


def test_an_undated_result_weeks_after_a_release_is_still_accepted():
    f = extract_figures("Pemkab Batanghari meraih indeks SPBE 2,85 dengan predikat Baik.", WEEKS_AFTER_THE_2023_RELEASE)
    assert [(x.year, x.value, x.status) for x in f] == [(2023, 2.85, "accepted")]
