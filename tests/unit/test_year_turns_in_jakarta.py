"""The evaluation year turns at midnight WIB, whatever the server's clock zone.

The nightly schedule runs at 02:00 WIB and on 1 January asks for the new year's partition. On a
UTC server that is still 31 December 19:00: a future-year check by the server's date failed that
run every 1 January. Each test freezes the clock the domain reads (spbe.domain.calendar._utcnow).
"""

import datetime as dt

import pytest

from pipelines.jobs import years_to_refresh
from spbe.domain import calendar
from spbe.ingest_file import check_year

UTC = dt.UTC
NEW_YEAR_02_WIB = dt.datetime(2026, 12, 31, 19, 0, tzinfo=UTC)  # 2027-01-01 02:00 in Jakarta
EVE_23_WIB = dt.datetime(2026, 12, 31, 16, 0, tzinfo=UTC)  # 2026-12-31 23:00 in Jakarta


@pytest.fixture
def clock(monkeypatch):
    def freeze(at: dt.datetime) -> None:
        monkeypatch.setattr(calendar, "_utcnow", lambda: at)

    return freeze


def test_the_schedule_and_the_year_check_agree_on_new_years_night(clock):
    clock(NEW_YEAR_02_WIB)
    asked = max(int(y) for y in years_to_refresh(NEW_YEAR_02_WIB))
    assert asked == 2027
    assert calendar.today_in_jakarta() == dt.date(2027, 1, 1)
    assert calendar.year_problem(asked) is None  # the current year: a normal skip, not a failure
    assert check_year(asked) is None


def test_the_next_year_is_still_the_future_before_midnight_in_jakarta(clock):
    clock(EVE_23_WIB)
    assert "in the future" in calendar.year_problem(2027)
    assert "not an evaluation year" in check_year(2027)
    assert calendar.year_problem(2026) is None
