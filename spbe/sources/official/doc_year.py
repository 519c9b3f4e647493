"""Which evaluation year a lampiran says it is, from three places of its own.

- The title: "HASIL EVALUASI SPBE TAHUN 2023", "INDEKS SPBE 2023" (the decree's own "NOMOR 13
  TAHUN 2024", and any other "Nomor N Tahun Y" it cites, are not the evaluation year).
- The decree number, via the calendar: KepmenPANRB 13/2024 published evaluation year 2023. A
  number the calendar does not know must at least be of the evaluation year or the year after.
- The index column's header: "Indeks SPBE 2023".

A document that names another year than the one asked for is refused (a decree of the wrong year
would load all its rows under the wrong year), unless the run says it knows better.
"""

from __future__ import annotations

import re

from spbe.infra.releases import evaluation_year_of_decree
from spbe.sources.official.columns import header_year

_DECREE = re.compile(r"\bkeputusan\b[\s\S]{0,160}?\bnomor\s*:?\s*(\d{1,4})\s+tahun\s+((?:19|20)\d\d)\b", re.I)
_CITED = re.compile(r"\bnomor\s*:?\s*[\w./-]{1,12}\s+tahun\s+(?:19|20)\d\d\b", re.I)
_EVAL_YEAR = re.compile(r"\b(?:evaluasi|pemantauan|indeks|spbe|pemdi)\b[^.\n]{0,120}?\b(?:tahun|spbe|pemdi)\s+((?:19|20)\d\d)\b", re.I)


def year_claims(titles: list[str], index_header: str) -> list[tuple[int, str]]:
    """(year, what said it) for every place the document names its evaluation year."""
    text = "\n".join(titles)
    claims: list[tuple[int, str]] = []
    decree = _DECREE.search(text)
    if decree:
        number, year = int(decree.group(1)), int(decree.group(2))
        known = evaluation_year_of_decree(number, year)
        said = f"decree number {number}/{year}"
        if known is not None:
            claims.append((known, f"{said}, which published evaluation year {known} (calendar)"))
        else:
            claims.append((-year, said))  # unknown to the calendar: of year Y or Y-1
    # A title wraps ("HASIL EVALUASI SPBE" / "TAHUN 2023"): its lines are read as one.
    for m in _EVAL_YEAR.finditer(_CITED.sub(" ", " ".join(titles))):
        claims.append((int(m.group(1)), f"title {' '.join(m.group(0).split())!r}"))
    header = header_year(index_header) if index_header else None
    if header is not None:
        claims.append((header, f"index column header {index_header!r}"))
    return claims


def year_conflict(titles: list[str], index_header: str, year: int) -> str | None:
    """One line naming what says another year than `year`, or None when nothing does."""
    wrong = []
    for claimed, said in year_claims(titles, index_header):
        if claimed < 0:
            if -claimed not in (year, year + 1):
                wrong.append(f"{said}, not a decree of {year} or {year + 1}")
        elif claimed != year:
            wrong.append(f"{said} names {claimed}")
    if not wrong:
        return None
    seen = list(dict.fromkeys(wrong))
    return f"the document is not of evaluation year {year}: {'; '.join(seen)}"
