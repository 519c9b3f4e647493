"""Stage 3/5 (mentions, link): years, relative years and decree numbers, and the evaluation year a value belongs to."""

from __future__ import annotations

import re

from spbe.domain.calendar import FIRST_EVALUATION_YEAR, today_in_jakarta
from spbe.domain.methods import method_for_year
from spbe.infra.releases import evaluation_year_of_decree, release_of
from spbe.sources.news.extract.cues import (
    CHANGE_RE,
    CLAUSE_BREAK_RE,
    DATE_MASK_RE,
    DECREE_RE,
    IC,
    NOT_EVALUATED_RE,
    REGULATION_MASK_RE,
    RELATIVE_CLAUSE_RE,
    RELATIVE_YEAR_RE,
    YEAR_RE,
)

# Where a target's clause ends: a clause break, or a conjunction that opens what was already
# reached ("menargetkan 4,7, padahal capaian 2023 baru 4,59"; "..., setelah pada 2023 meraih").
_TARGET_CLAUSE_END_RE = re.compile(r";|\b(?:sedangkan|sementara|adapun|namun|tetapi|sebaliknya|padahal|setelah|sesudah|usai)\b", IC)
_FROM_YEAR_RE = re.compile(r"\bdari\s+(?:tahun\s+)?$", IC)
_CHANGE_TO_RE = re.compile(r"\b(?:menjadi|jadi|naik|turun|meningkat|menurun|merosot|melonjak)\b", IC)


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
        self, year: int | None, source: str, sentence_decree: int | None, series: bool = False, label: str | None = None
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
            # R-DECREE-EARLIER: a decree on round R cannot be about an earlier year, and the press
            # never labels a round by a year before it: "Menurut Kepmen PANRB 663/2024, indeks X
            # bergerak dari 2,5 di tahun 2022 ke 3,1 tahun ini" dates 2,5 by its own year.
            if source == "explicit" and FIRST_EVALUATION_YEAR <= year < sentence_decree:
                return year, source
            return None
        if year < FIRST_EVALUATION_YEAR or year > (self.pub or today_in_jakarta()).year:
            return None  # before the first evaluation, or after the article (or today): no result yet
        if series and self.latest is not None and self.pub is not None and year == self.latest + 1 <= self.pub.year:
            # R-YEAR-SERIES: "2022 ... 1,82, 2023 ... 2,93 dan 2024 ... 3,55": years in a series are
            # evaluation years, and the newest one is the running evaluation (a provisional result).
            return year, "series"
        mid_year = self.pub is not None and self.pub.month >= 7
        if source == "explicit" and mid_year and self.latest is not None and year == self.latest + 1 == self.pub.year:
            # R-YEAR-PROVISIONAL: from mid-year the current round is being assessed (interviews,
            # asesor values): "pada tahun Y indeks SPBE X naik menjadi v" in August of Y is that
            # round's provisional result, not the decree-year label of the previous one.
            return year, "provisional"
        if self.latest is not None and year > self.latest and not series:
            # Not yet published on the article's date: the decree-year label of the latest result
            # (published in that calendar year), unless the sentence names the other method's
            # index ("Indeks PemDI 2026" is never the SPBE 2025 result published in 2026) ...
            rel = release_of(self.latest)
            if rel is not None and rel.published.year == year and self._index_fits(self.latest, label):
                return self.latest, "decree"
            # ... R-YEAR-ROUND-DUE: or the round evaluated last calendar year, right after the
            # latest published one, whose results are due but not in the calendar on the article's
            # date ("Indeks PemDI 2026 ... 3,12" in February 2027). A result of it is real data
            # once announced, and held until the calendar knows the round (H-ROUND-UNPUBLISHED).
            if self.pub is not None and year == self.latest + 1 < self.pub.year and self._index_fits(year, label):
                return year, "due"
            return None
        return year, source

    @staticmethod
    def _index_fits(year: int, label: str | None) -> bool:
        """The index the sentence names (spbe, pemdi; None: none named) is the one of the year's method."""
        return label not in ("spbe", "pemdi") or method_for_year(year).index_code.lower() == label

    # -- figures ------------------------------------------------------------------------------

    def _year_for(self, text, a, b, k, kind, years, post_years, consumed, list_slots, values, context_year=None, sentence=None):
        slot = list_slots.get(k)
        if slot is not None and slot.get("year") is not None:
            return slot["year"], "explicit"
        if k in post_years:
            return post_years[k][2], "explicit"
        seg_start = values[k - 1][1] if k > 0 else 0
        clause_start = max(0, a - 250)
        for m in CLAUSE_BREAK_RE.finditer(text, clause_start, a):
            clause_start = m.end()
        # A year inside a closed relative clause (", yang sebelumnya ..., ") is that clause's.
        hidden = [(m.start(), m.end()) for m in RELATIVE_CLAUSE_RE.finditer(text, max(0, a - 200), a)]
        prior = [t for t in years if t[1] <= a and t[0] not in consumed and not any(x <= t[0] < y for x, y in hidden)]
        in_seg = [t for t in prior if t[0] >= seg_start]
        pick = in_seg[-1] if in_seg else None
        if pick is None and prior:
            cand = prior[-1]
            # Targets take their year from their own clause only; results may share the
            # sentence's year ("Indeks SPBE 2023: A 3,1, sedangkan B 2,9").
            # A relative "sebelumnya" belongs to the value right after it, not to later ones.
            if (kind != "target" or cand[0] >= clause_start) and cand[3] not in ("previous", "following"):
                pick = cand
        if pick is None:
            # The sentence's only year, stated after all its values ("... 2,90 dan IKM 3,4 pada
            # 2023"), unless it dates the baseline of a change ("dari 2,91 pada 2023 menjadi 3,49").
            explicit = [t for t in years if t[3] == "explicit"]
            # A target takes its year from its own clause only ("target ... 3,5, sedangkan capaian
            # 2023 sebesar 3,3": 2023 is the result's).
            other_clause = explicit and kind == "target" and _TARGET_CLAUSE_END_RE.search(text, b, max(b, explicit[0][0]))
            if len({t[2] for t in explicit}) == 1 and not other_clause:
                t = explicit[0]
                owner_k = next((j for j, py in post_years.items() if py[0] == t[0]), None)
                baseline = _FROM_YEAR_RE.search(text, max(0, t[0] - 20), t[0])
                if not baseline and (owner_k is None or not CHANGE_RE.search(text[values[min(owner_k, k)][1] : values[max(owner_k, k)][0]])):
                    pick = t
        if pick is None:
            nxt = values[k + 1][0] if k + 1 < len(values) else len(text)
            later = [t for t in years if b <= t[0] < min(nxt, b + 60) and t[0] not in consumed]
            # "... 2,30, lalu pada tahun 2023 naik menjadi 2,75": a year that opens the next value's change
            # clause dates that value, not the one before it.
            opens_next = later and k + 1 < len(values) and _CHANGE_TO_RE.search(text, later[0][1], nxt)
            # "... adalah 3,5, sedangkan capaian 2023 ...": a year past a clause break is the next clause's.
            crossed = later and (_TARGET_CLAUSE_END_RE if kind == "target" else CLAUSE_BREAK_RE).search(text, b, later[0][0])
            if later and later[0][3] == "explicit" and not opens_next and not crossed:
                pick = later[0]
        if pick is None:
            header = self._list_header(sentence) if sentence is not None else None
            if header is not None:
                header_years = {t[2] for t in self._year_tokens(header.text) if t[3] == "explicit"}
                if len(header_years) == 1:
                    return next(iter(header_years)), "explicit"
            return None, "implicit"
        if pick[3] in ("previous", "following"):
            # "naik dari tahun sebelumnya yang hanya 2,45": one year before the year of the
            # sentence's other figure (or its explicit year); unknown otherwise.
            ref = context_year
            if ref is None:
                explicit = [t[2] for t in years if t[3] == "explicit" and t[0] != pick[0]]
                ref = explicit[0] if len(set(explicit)) == 1 else None
            if ref is None:
                ref = self._previous_reference(years)
            if ref is None:
                return None
            return (ref - 1 if pick[3] == "previous" else ref + 1), "explicit"
        return pick[2], pick[3]

    def _previous_reference(self, years) -> int | None:
        """R-YEAR-PREVIOUS: the year "tahun sebelumnya" counts back from when the sentence names no
        other year: the current evaluation when it says "saat ini" (or the article cites one decree),
        else the year after the article's previous calendar year, capped by what was published."""
        if any(src == "implicit" for _s, _e, _y, src in years) and self.latest is not None:
            return self.latest
        if self.article_decree is not None:
            return self.article_decree
        if self.pub is None or self.latest is None:
            return None
        return min(self.pub.year, self.latest + 1)
