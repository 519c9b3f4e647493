"""The decree calendar: when each evaluation year's results became public, and by which decree.

Used to turn "saat ini" or "Keputusan Menteri PANRB Nomor 13 Tahun 2024" into an evaluation
year, and to mark year-over-year deltas that cross a method change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spbe.domain.methods import method_for_year, methods

# The evaluation rules, oldest first (method_version says which one a year was evaluated under):
# the ids of spbe/data/methods.toml.
METHOD_VERSIONS: tuple[str, ...] = tuple(m.id for m in methods())
FIRST_EVALUATION_YEAR = methods()[0].first_year
# The last year of the Indeks SPBE: from 2026 the PemDI index replaces it (methods.toml).
LAST_SPBE_YEAR = max(m.last_year or m.first_year for m in methods() if m.index_code == "SPBE")


@dataclass(frozen=True)
class Release:
    evaluation_year: int
    published: dt.date
    decree_number: int | None
    decree_year: int | None
    national_average: float | None


RELEASES: tuple[Release, ...] = (
    Release(2018, dt.date(2019, 3, 28), None, None, None),
    # 2019's release date is not in our sources; results were out by the 2020 budget cycle.
    Release(2019, dt.date(2020, 2, 1), None, None, None),
    Release(2020, dt.date(2021, 2, 26), 153, 2021, None),
    Release(2021, dt.date(2021, 12, 24), 1503, 2021, None),
    Release(2022, dt.date(2023, 1, 31), 108, 2023, 2.35),
    Release(2023, dt.date(2024, 1, 11), 13, 2024, 2.79),
    Release(2024, dt.date(2024, 12, 31), 663, 2024, 3.12),
    Release(2025, dt.date(2026, 1, 7), None, None, 3.23),
)
_BY_DECREE = {(r.decree_number, r.decree_year): r.evaluation_year for r in RELEASES if r.decree_number}
_BY_YEAR = {r.evaluation_year: r for r in RELEASES}


def evaluation_year_of_decree(number: int, year: int) -> int | None:
    """Evaluation year a KepmenPANRB decree published, e.g. (663, 2024) -> 2024, (13, 2024) -> 2023."""
    return _BY_DECREE.get((number, year))


def latest_published_evaluation_year(on: dt.date) -> int | None:
    """The newest evaluation year whose results were public on a given date."""
    published = [r.evaluation_year for r in RELEASES if r.published <= on]
    return max(published) if published else None


def release_of(evaluation_year: int) -> Release | None:
    return _BY_YEAR.get(evaluation_year)


def method_version(evaluation_year: int) -> str:
    """Evaluation rule in force: deltas across different versions are not like for like."""
    return method_for_year(evaluation_year).id
