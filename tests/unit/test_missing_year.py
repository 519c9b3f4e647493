"""A year the calendar says was published whose source is absent is a failure; a year not yet published is a skip."""

import datetime as dt

from assets.sources.official.results import published_but_absent

TODAY = dt.date(2026, 12, 6)


def test_a_published_year_without_its_source_is_a_failure_with_the_reason():
    gap = published_but_absent(2025, "place the file in data/manual_drop/official/2025/", TODAY)
    assert gap == ("evaluation year 2025 was published on 2026-01-07, but its source is absent: "
                   "place the file in data/manual_drop/official/2025/")


def test_a_year_not_yet_published_is_a_normal_skip():
    assert published_but_absent(2026, "no official source registered", TODAY) is None
    assert published_but_absent(2025, "no file", dt.date(2025, 12, 31)) is None  # before the calendar's date
