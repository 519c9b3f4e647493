"""R-RANGE before R-CHANGE-DASH: "kisaran v1-v2", "antara v1-v2", "rentang v1-v2" name an interval
(grammar: the noun says so), even when a change word ("kenaikan", "naik") comes before it, which
otherwise makes "(v1 – v2)" a change's start and end (R-CHANGE-DASH). The stress corpus
(tests/stress/news_cases.txt, case F03) found both ends of such an interval accepted as targets.
The sentences are written here (invented values)."""

from __future__ import annotations

import datetime as dt

import pytest

from spbe.sources.news.extract import extract_figures

PUB = dt.date(2025, 2, 15)


@pytest.mark.parametrize("noun", ["kisaran", "rentang", "antara"])
def test_an_interval_after_a_change_word_is_no_figure(noun):
    text = f"Kabupaten Blitar menargetkan kenaikan indeks SPBE pada 2025, dari {noun} 2,9-3,1 saat ini."
    assert [f for f in extract_figures(text, PUB) if f.value in (2.9, 3.1)] == []

