"""The decree calendar: when each evaluation year's results became public, and by which decree.

Used to turn "saat ini" or "Keputusan Menteri PANRB Nomor 13 Tahun 2024" into an evaluation
year, to tell whether a round's results are out yet, and to mark year-over-year deltas that cross
a method change.

What was released is data: the years up to 2025 are a recorded history (the `[[release]]` entries
of spbe/data/methods.toml, the file of the evaluation methods), and every later round is learned
from the source registry (`[[official]]` entries stating a decree or a signing
date, spbe/data/sources.toml and its overlays), so registering the 2026 decree there is what makes
the calendar, the news extractor and the presence check see 2026 as published. This module is the
domain's part (a Calendar learns from entries it is given); reading the registry is infra's
(spbe/infra/releases.py: the process's calendar), so the domain imports nothing above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from spbe.domain.methods import method_for_year, methods, releases

# The evaluation rules, oldest first (method_version says which one a year was evaluated under):
# the ids of spbe/data/methods.toml.
METHOD_VERSIONS: tuple[str, ...] = tuple(m.id for m in methods())
FIRST_EVALUATION_YEAR = methods()[0].first_year
# The last year of the Indeks SPBE: from 2026 the PemDI index replaces it (methods.toml).
LAST_SPBE_YEAR = max(m.last_year or m.first_year for m in methods() if m.index_code == "SPBE")

# The evaluation year turns at midnight in Jakarta, not in the server's zone: the nightly schedule
# (02:00 WIB) asks for year N on 1 January while a UTC server still reads 31 December, and a check
# by the server's date would fail that run as "in the future".
JAKARTA = ZoneInfo("Asia/Jakarta")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today_in_jakarta(now: dt.datetime | None = None) -> dt.date:
    """Today's date where the evaluation calendar runs (WIB), whatever the server's zone."""
    return (now or _utcnow()).astimezone(JAKARTA).date()


@dataclass(frozen=True)
class Release:
    evaluation_year: int
    published: dt.date
    decree_number: int | None
    decree_year: int | None
    national_average: float | None


def recorded_releases() -> tuple[Release, ...]:
    """The record from before the source registry stated release facts: the dates, decrees and national
    averages the methods file holds (`[[release]]`, docs/domain.md's table of decrees). A new round is
    never added there: it is registered in spbe/data/sources.toml (decree, signed, each with its
    source) and the calendar learns it from there (`Calendar.learn`), so no code changes when a
    year's results come out. Read from the methods file in force (SPBE_METHODS_FILE) at each call."""
    return tuple(Release(r.evaluation_year, r.published, r.decree_number, r.decree_year, r.national_average) for r in releases())


@dataclass(frozen=True)
class Calendar:
    """The releases known: when each evaluation year's results became public, and by which decree."""

    releases: tuple[Release, ...] = field(default_factory=recorded_releases)

    def learn(self, entries: Iterable[object]) -> Calendar:
        """This calendar with the registry's `[[official]]` entries' release facts on top: an entry
        that states its decree or its signing date is a published round. Its date is `signed`; a
        decree registered without one was public at the latest when its sources were `checked`
        (the recorded date, or that fallback, is what a year without a registered date keeps)."""
        by_year = {r.evaluation_year: r for r in self.releases}
        for e in entries:
            year, decree, signed = e.evaluation_year, getattr(e, "decree", None), getattr(e, "signed", None)
            if decree is None and signed is None:
                continue  # registered, but nothing says its results are out (2026 until its decree is known)
            known = by_year.get(year)
            number, decree_year = (int(x) for x in decree.split("/")) if decree else (None, None)
            published = signed or (known.published if known else getattr(e, "checked", None))
            if published is None:
                continue
            by_year[year] = Release(
                year,
                published,
                number if decree else (known.decree_number if known else None),
                decree_year if decree else (known.decree_year if known else None),
                known.national_average if known else None,
            )
        return Calendar(tuple(sorted(by_year.values(), key=lambda r: r.evaluation_year)))

    def release_of(self, evaluation_year: int) -> Release | None:
        return next((r for r in self.releases if r.evaluation_year == evaluation_year), None)

    def evaluation_year_of_decree(self, number: int, year: int) -> int | None:
        return next((r.evaluation_year for r in self.releases if (r.decree_number, r.decree_year) == (number, year)), None)

    def latest_published(self, on: dt.date) -> int | None:
        published = [r.evaluation_year for r in self.releases if r.published <= on]
        return max(published) if published else None

    def published(self, evaluation_year: int, on: dt.date) -> bool:
        """Whether the year's results were public on a date (a release known, its date passed)."""
        release = self.release_of(evaluation_year)
        return release is not None and release.published <= on


def method_version(evaluation_year: int) -> str:
    """Evaluation rule in force: deltas across different versions are not like for like."""
    return method_for_year(evaluation_year).id


def year_problem(evaluation_year: int, today: dt.date | None = None) -> str | None:
    """Why a year asked for cannot be an evaluation year (None when it can): before the first
    evaluation, or in the future. The current year is a year: its results may not be out yet."""
    today = today or today_in_jakarta()
    if evaluation_year < FIRST_EVALUATION_YEAR:
        return f"outside the calendar: the first evaluation year is {FIRST_EVALUATION_YEAR}"
    if evaluation_year > today.year:
        return f"outside the calendar: {evaluation_year} is in the future (today is {today.isoformat()})"
    return None
