"""Stage 3/5 (mentions, link): years, relative years and decree numbers, and the evaluation year a value belongs to."""

from __future__ import annotations

from spbe.domain.calendar import FIRST_EVALUATION_YEAR, LAST_SPBE_YEAR, evaluation_year_of_decree, release_of
from spbe.sources.news.extract.cues import (
    DATE_MASK_RE,
    DECREE_RE,
    NOT_EVALUATED_RE,
    REGULATION_MASK_RE,
    RELATIVE_YEAR_RE,
    YEAR_RE,
)


class YearsMixin:
    """Methods of `Document` (see document.py) for this stage."""

    # -- years --------------------------------------------------------------------------------
    @staticmethod
    def _decree_years(text: str) -> list[int]:
        out = []
        for m in DECREE_RE.finditer(text):
            number, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            ev = evaluation_year_of_decree(int(number), int(year))
            if ev is not None:
                out.append(ev)
        return out

    def _year_tokens(self, text: str) -> list[tuple[int, int, int | None, str]]:
        """(start, end, year, source) for every year reference in a sentence; year None = 'now'."""
        masked = [(m.start(), m.end()) for m in DATE_MASK_RE.finditer(text)]
        masked += [(m.start(), m.end()) for m in REGULATION_MASK_RE.finditer(text)]
        # "tidak dievaluasi pada 2020": a year the body has no result for cannot date its number.
        masked += [(m.start(1), m.end(1)) for m in NOT_EVALUATED_RE.finditer(text)]
        out: list[tuple[int, int, int | None, str]] = []
        for m in YEAR_RE.finditer(text):
            if any(a <= m.start() < b for a, b in masked):
                continue
            out.append((m.start(), m.end(), int(m.group(1)), "explicit"))
        for m in RELATIVE_YEAR_RE.finditer(text):
            if m.group("now"):
                out.append((m.start(), m.end(), None, "implicit"))
            elif m.group("before") or m.group("after"):
                # Relative to another year of the sentence, not to the publication date.
                out.append((m.start(), m.end(), None, "previous" if m.group("before") else "following"))
            elif self.pub is None:
                continue
            elif m.group("prev"):
                out.append((m.start(), m.end(), self.pub.year - 1, "relative"))
            elif m.group("this"):
                out.append((m.start(), m.end(), self.pub.year, "relative"))
            else:
                out.append((m.start(), m.end(), self.pub.year + 1, "relative"))
        out.sort()
        return out

    def _evaluation_year(
        self, year: int | None, source: str, sentence_decree: int | None, series: bool = False
    ) -> tuple[int, str] | None:
        """R-EVAL-YEAR: the evaluation year an official result is about, or None when unsure."""
        if year is None:  # implicit: "saat ini", or no year at all
            if sentence_decree is not None:
                return sentence_decree, "decree"
            if self.article_decree is not None:
                return self.article_decree, "decree"
            if self.latest is None:
                return None
            return self.latest, "implicit"
        if sentence_decree is not None:
            # R-DECREE: the press labels results by the decree's year ("SPBE 2024" = decree 13/2024).
            rel = release_of(sentence_decree)
            if year == sentence_decree:
                return year, source
            if rel is not None and rel.decree_year == year:
                return sentence_decree, "decree"
            return None
        if year < FIRST_EVALUATION_YEAR or year > LAST_SPBE_YEAR:
            return None
        if series and self.latest is not None and self.pub is not None and year == self.latest + 1 <= self.pub.year:
            # R-YEAR-SERIES: "2022 ... 1,82, 2023 ... 2,93 dan 2024 ... 3,55": years in a series are
            # evaluation years, and the newest one is the running evaluation (a provisional result).
            return year, "series"
        mid_year = self.pub is not None and self.pub.month >= 7
        if source == "explicit" and mid_year and self.latest is not None and year == self.latest + 1 == self.pub.year:
            # R-YEAR-PROVISIONAL: from mid-year the current round is being assessed (interviews,
            # asesor values): "di tahun 2023 nilai SPBE naik menjadi 2,66" in September 2023 is that
            # round's provisional result, not the decree-year label of the previous one.
            return year, "provisional"
        if self.latest is not None and year > self.latest and not series:
            # Not yet published on the article's date: either the decree-year label of the latest
            # result (published in that calendar year) or not a result at all.
            rel = release_of(self.latest)
            if rel is not None and rel.published.year == year:
                return self.latest, "decree"
            return None
        return year, source

    # -- figures ------------------------------------------------------------------------------
