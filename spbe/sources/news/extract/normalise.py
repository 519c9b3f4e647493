"""Stage 1: normalise the text (Unicode forms, spaces, line ends) and blank boilerplate lines."""

from __future__ import annotations

import datetime as dt
import unicodedata

from spbe.sources.news.extract.cues import BOILERPLATE_LINE_RE


def as_date(published) -> dt.date | None:
    if published is None:
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def clean_text(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    s = s.replace("\u200b", "")
    # R-BOILERPLATE: "Baca Juga: ..." lines are headlines of OTHER articles; their numbers are not ours.
    lines = ["" if BOILERPLATE_LINE_RE.match(line) else line for line in s.split("\n")]
    return "\n".join(lines)
