"""Stage 4 (candidates): every number shaped like an index value, with its sentence context, and
the distractor rules that refuse it before any linking (not an index, a range, a delta, an
average, a threshold, another index, a domain score, a statement that is not an evaluation).

Each refusal names one rule; `spbe extract-news --explain` prints them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spbe.domain.numbers import ValueParseError, parse_index_value
from spbe.sources.news.extract.cues import (
    AVERAGE_AFTER_RE,
    AVERAGE_RE,
    BAND_FLOOR_AFTER_RE,
    BAND_FLOOR_TAIL_RE,
    BEFORE_NOT_INDEX_RE,
    CHANGE_RE,
    COMPARATIVE_TAIL_RE,
    DELTA_ANYWHERE_RE,
    DELTA_TAIL_RE,
    DIFFERENCE_RE,
    IC,
    NATIONAL_TAIL_RE,
    POINT_AFTER_RE,
    POST_YEAR_RE,
    RANGE_AFTER_RE,
    RANGE_BEFORE_RE,
    RANGE_CONTEXT_RE,
    RANGE_SOFT_AFTER_RE,
    UNIT_AFTER_RE,
    UPWARD_AFTER_RE,
    VALUE_RE,
    last_match,
)
from spbe.sources.news.extract.model import Sentence

_DASH_AFTER_RE = re.compile(r"^\s*[-–—]\s*[1-5][.,]\d")
_DIFFERENCE_NUMBER_RE = re.compile(r"\s+(?:(?:sebesar|hanya|sekitar|sekira)\s+)?\d+[.,]\d+", IC)
_LEVEL_AFTER_NAME_RE = re.compile(r"\s*(?:sendiri\s*)?\(\s*", IC)
WINDOW = 160  # characters of context looked at before a value (R-BOUNDED)
_TARGET_NEAR_RE = re.compile(r"\b(?:target|targetkan|ditargetkan|menargetkan|sasaran)\b", IC)
_NEW_LEVEL_RE = re.compile(r"\bdengan\s+(?:indeks|nilai|skor|angka)\s*$", IC)
_AT_LEVEL_RE = re.compile(r"\b(?:berada|ada|bertengger)\s+(?:di|pada)\s+level\s*:?\s*$", IC)
_TO_LEVEL_RE = re.compile(r"\b(?:menjadi|ke\s+angka|jadi)\s*$", IC)


@dataclass
class SentenceContext:
    """What every value of one sentence shares: its values, years, decrees and mentions."""

    s: Sentence
    values: list[tuple[int, int, float]]
    years: list
    sentence_decree: int | None
    rel_mentions: list
    post_years: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    consumed: set[int] = field(default_factory=set)
    flags: dict[str, bool] = field(default_factory=dict)  # sentence-wide evidence (evidence.sentence_flags)
    skip: list[bool] = field(default_factory=list)
    list_slots: dict = field(default_factory=dict)
    found: dict = field(default_factory=dict)  # value index -> Candidate emitted for it
    change_pairs: set[int] = field(default_factory=set)  # k: values k and k+1 are "X - Y" of a change
    refused: dict = field(default_factory=dict)  # value index -> rule that refused it
    aimed: set[int] = field(default_factory=set)  # values that are lower bounds of an aim (bounds.py)
    both_years: dict = field(default_factory=dict)  # value index -> (earlier, later) year it is given for (R-YEAR-BOTH)

    def is_series(self, year: int) -> bool:
        """Does the sentence also date a value with the year before (a year-by-year series)?"""
        bound = {y for _s, _e, y in self.post_years.values()} | {y for _s, _e, y, src in self.years if src == "explicit"}
        return year - 1 in bound and len(self.values) >= 2

    @property
    def text(self) -> str:
        return self.s.text

    def seg_start(self, k: int) -> int:
        """Start of the stretch that belongs to value k: after the previous value, within WINDOW."""
        a = self.values[k][0]
        prev = self.values[k - 1][1] if k > 0 else 0
        return max(prev, a - WINDOW)

    def before(self, k: int) -> str:
        a = self.values[k][0]
        return self.text[max(0, a - WINDOW) : a]

    def after(self, k: int, upto_next: bool = True) -> str:
        """Text after value k, up to the next value (or across it, for ranges), within WINDOW."""
        b = self.values[k][1]
        nxt = self.values[k + 1][0] if upto_next and k + 1 < len(self.values) else len(self.text)
        return self.text[b : min(nxt, b + WINDOW)]


# "rata-rata provinsi di Jawa Tengah 3,01", "rata-rata Jawa Tengah", "rerata kabupaten/kota se-Jawa
# Tengah": the noun phrase headed by "rata-rata" names the population averaged (grammar: its
# complement), so a body named inside it is the average's scope, not an owner of the value.
_AVERAGE_SCOPE_RE = re.compile(
    r"\s*(?:(?:indeks|nilai|skor|spbe|provinsi|kabupaten|kota|kabupaten/kota|kab/kota|daerah|pemda|pemerintah\s+daerah|"
    r"instansi|seluruh|semua|di|se-?|tingkat|wilayah|untuk|dari)\s*)*",
    IC,
)

def find_values(text: str) -> list[tuple[int, int, float]]:
    out = []
    for m in VALUE_RE.finditer(text):
        try:
            out.append((m.start(), m.end(), parse_index_value(m.group(0))))
        except ValueParseError:
            continue
    return out


def mark_ranges(ctx: SentenceContext) -> None:
    """R-RANGE: "3,50 - 4,20", "3,5 s.d. 4,2", "4,2 ke atas" are band definitions, not results."""
    values, text = ctx.values, ctx.text
    ctx.skip = [False] * len(values)
    change_before_first = bool(CHANGE_RE.search(text, max(0, values[0][0] - WINDOW), values[0][0]))
    for k in range(len(values)):
        after = ctx.after(k, upto_next=False)
        interval = RANGE_CONTEXT_RE.search(ctx.before(k)[-20:])  # "kisaran 2,9-3,1": an interval, whatever changes
        if RANGE_AFTER_RE.match(after) and _DASH_AFTER_RE.match(after) and CHANGE_RE.search(ctx.before(k)[-70:]) and not interval:
            # R-CHANGE-DASH: "berhasil menaikkan indeks SPBE (v1 – v2)": a change, not a band.
            ctx.change_pairs.add(k)
            continue
        if k in ctx.aimed and UPWARD_AFTER_RE.match(after):
            continue  # "target 3,5 lebih": the floor of a target (R-KIND-BOUND), not a band
        if RANGE_AFTER_RE.match(after) or UPWARD_AFTER_RE.match(after):
            ctx.skip[k] = True
            if k + 1 < len(values) and not UPWARD_AFTER_RE.match(after):
                ctx.skip[k + 1] = True
        elif RANGE_SOFT_AFTER_RE.match(after) and not change_before_first and RANGE_CONTEXT_RE.search(ctx.before(k)):
            ctx.skip[k] = True
            if k + 1 < len(values):
                ctx.skip[k + 1] = True


# "memenuhi syarat minimal 3,5 untuk predikat Sangat Baik": a requirement is a band's floor, not
# an aim of the body's (the "minimal" in it is no target).
_REQUIREMENT_TAIL_RE = re.compile(r"\b(?:syarat|persyaratan|prasyarat)\s+(?:minimal\s+|minimum\s+)?(?:nilai\s+|indeks\s+|skor\s+)?(?:sebesar\s+)?$", IC)


def bind_post_years(ctx: SentenceContext) -> None:
    """R-YEAR-POST: "3,49 pada tahun 2024", "3,49 (2024)": a year bound to the value just before."""
    for k, (_a, b, _v) in enumerate(ctx.values):
        m = POST_YEAR_RE.match(ctx.text[b : b + 60])
        if m:
            y = int(m.group(1) or m.group(2))
            ystart = b + (m.start(1) if m.group(1) else m.start(2))
            ctx.post_years[k] = (ystart, ystart + 4, y)
            ctx.consumed.add(ystart)


def _stated_difference_then_level(ctx: SentenceContext, k: int, seg: str) -> bool:
    """R-DELTA-LEVEL: "hanya selisih 0,02 poin dari Kota Palu (3,95)": once the difference has its
    own number, a value in parentheses right after a named body is that body's level."""
    diff = last_match(DIFFERENCE_RE, seg)
    if diff is None or not _DIFFERENCE_NUMBER_RE.match(seg, diff.end()):
        return False
    a = ctx.values[k][0]
    return any(
        mm.candidate and _LEVEL_AFTER_NAME_RE.fullmatch(ctx.text, me, a) for _ms, me, mm in ctx.rel_mentions if me <= a
    )


def surface_refusal(ctx: SentenceContext, k: int) -> str | None:
    """The rule that makes value k something else than an index result, or None."""
    a, _b, _v = ctx.values[k]
    text = ctx.text
    # Every *_TAIL_RE is anchored at the value: 80 characters are enough and keep the search short.
    before, after = ctx.before(k)[-80:], ctx.after(k)
    seg = text[ctx.seg_start(k) : a]
    if ctx.skip[k]:
        return "R-RANGE"
    # "berada di level 3,12" is the index's level; "level 3" alone is a maturity level or a rank.
    not_index_before = BEFORE_NOT_INDEX_RE.search(before[-30:]) and not _AT_LEVEL_RE.search(before[-40:])
    if UNIT_AFTER_RE.match(ctx.after(k, upto_next=False)) or not_index_before:
        return "R-SURFACE"
    if RANGE_BEFORE_RE.search(before) and k > 0 and ctx.values[k - 1][1] >= a - 6 and k - 1 not in ctx.change_pairs:
        return "R-RANGE"
    # "sempat mengalami penurunan (2.71)": a level in parentheses after the change word.
    level_in_parens = before.endswith("(") and after.lstrip().startswith(")")
    if DELTA_TAIL_RE.search(before) and not _NEW_LEVEL_RE.search(before) and not level_in_parens:
        return "R-DELTA"
    if DIFFERENCE_RE.search(seg) and not _stated_difference_then_level(ctx, k, seg):
        return "R-DELTA"
    aimed = k in ctx.aimed  # "berharap naik di atas v poin": a floor to reach, not a change
    if POINT_AFTER_RE.match(after) and DELTA_ANYWHERE_RE.search(seg) and not _TO_LEVEL_RE.search(seg) and not aimed:
        return "R-DELTA"
    if NATIONAL_TAIL_RE.search(before) or AVERAGE_AFTER_RE.match(after):
        return "R-AVERAGE"
    avg = last_match(AVERAGE_RE, seg)
    if avg is not None:
        seg0 = ctx.seg_start(k)
        owners_after_avg = [
            ms
            for ms, _me, mm in ctx.rel_mentions
            if mm.candidate and seg0 + avg.end() <= ms < a and not _AVERAGE_SCOPE_RE.fullmatch(text, seg0 + avg.end(), ms)
        ]
        if not owners_after_avg:
            return "R-AVERAGE"
    target_near = bool(_TARGET_NEAR_RE.search(text, max(0, a - 40), a))
    if COMPARATIVE_TAIL_RE.search(before[-50:]) and not target_near and not aimed:
        return "R-THRESHOLD"
    if BAND_FLOOR_TAIL_RE.search(before) or BAND_FLOOR_AFTER_RE.match(after) or _REQUIREMENT_TAIL_RE.search(before):
        return "R-THRESHOLD"
    return None
