"""Rank claims: what the press says about a body's place instead of (or beside) its value.

    "masuk 3 besar di Lampung", "tiga besar kabupaten ... tertinggi di Provinsi X"  -> rank <= 3 (at_most)
    "peringkat pertama se-Jawa Barat", "peringkat ke-5 nasional", "urutan kedua"  -> rank = n (exact)
    "tertinggi di Provinsi X" (no number)                                          -> rank = 1 (exact)
    "terendah di provinsi"                                                         -> last place (lowest)

A claim needs a scope the warehouse ranks over: a province (named after the cue, or "di provinsi",
the body's own) or the nation ("nasional", "se-Indonesia"). A cue without a scope is no claim.
The body is the sentence's first named body (not the scope), else the paragraph's or the
article's (coreference). The year is the one year the sentence writes, else the decree the
article cites, else the latest result published on the article's date.

The pipeline checks each claim against the ranks spbe_index computes (view v_rank_claims).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spbe.sources.news.extract.model import Sentence

IC = re.IGNORECASE
_NUMBER_WORDS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10,
    "pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6, "ketujuh": 7, "kedelapan": 8,
    "kesembilan": 9, "kesepuluh": 10,
}
_NUM = r"(\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_TOP_K_RE = re.compile(r"\b" + _NUM + r"\s+besar\b", IC)
_ORDINAL_RE = re.compile(r"\b(?:peringkat|urutan|posisi|ranking|rangking)\s+(?:ke-?\s*)?" + _NUM + r"\b", IC)
_HIGHEST_RE = re.compile(r"\btertinggi\b", IC)
_LOWEST_RE = re.compile(r"\bterendah\b", IC)
_NATIONAL_RE = re.compile(r"\b(?:nasional|se-?\s*indonesia|tingkat\s+nasional|di\s+indonesia|seluruh\s+indonesia)\b", IC)
_OWN_PROVINCE_RE = re.compile(r"\b(?:di|se-?|tingkat)\s*provinsi\b(?!\s+[A-Z])", re.UNICODE)
_NEGATED_RE = re.compile(r"\b(?:tidak|belum|bukan|gagal)\s+(?:\w+\s+){0,2}$", IC)
_SCOPE_REACH = 90  # characters after the cue where its scope is named


@dataclass(frozen=True)
class RankClaim:
    instansi_id: str
    year: int
    scope: str  # province | national
    scope_code: str | None  # the province's code for a province scope
    claimed_rank: int
    bound: str  # exact | at_most | lowest
    evidence: str


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _cue(text: str) -> tuple[int, str, int] | None:
    """(rank, bound, end of the cue) of the sentence's rank statement, or None."""
    for pattern, bound in ((_TOP_K_RE, "at_most"), (_ORDINAL_RE, "exact")):
        m = pattern.search(text)
        if m and not _NEGATED_RE.search(text[: m.start()]):
            return _number(m.group(1)), bound, m.end()
    for pattern, rank, bound in ((_HIGHEST_RE, 1, "exact"), (_LOWEST_RE, 0, "lowest")):
        m = pattern.search(text)
        if m and not _NEGATED_RE.search(text[: m.start()]):
            return rank, bound, m.end()
    return None


class ClaimsMixin:
    """Methods of `Document` (see document.py) for rank claims."""

    def rank_claims(self) -> list[RankClaim]:
        out: dict[tuple, RankClaim] = {}
        for s in self.sentences:
            claim = self._sentence_claim(s)
            if claim is not None:
                out.setdefault((claim.instansi_id, claim.year, claim.scope, claim.scope_code, claim.claimed_rank, claim.bound), claim)
        return list(out.values())

    def _sentence_claim(self, s: Sentence) -> RankClaim | None:
        cue = _cue(s.text)
        if cue is None:
            return None
        rank, bound, end = cue
        if rank < 0 or rank > 600:
            return None
        rel = [(m.start - s.start, m) for m in s.mentions if m.resolved]
        scope_window = s.text[end : end + _SCOPE_REACH]
        provinces = [m for ms, m in rel if end <= ms < end + _SCOPE_REACH and "." not in m.resolved and m.type_hint in (None, "provinsi")]
        owners = [m for ms, m in rel if m.candidate and m not in provinces]
        owner = owners[0].resolved if owners else self._coreference(s)
        if owner is None:
            return None
        if provinces:
            scope, code = "province", provinces[0].resolved
        elif _NATIONAL_RE.search(scope_window):
            scope, code = "national", None
        elif _OWN_PROVINCE_RE.search(scope_window) and "." in owner:
            scope, code = "province", owner.split(".")[0]
        else:
            return None
        year = self._claim_year(s)
        if year is None:
            return None
        return RankClaim(owner, year, scope, code, rank, bound, s.text)

    def _claim_year(self, s: Sentence) -> int | None:
        written = {t[2] for t in self._year_tokens(s.text) if t[3] == "explicit"}
        if len(written) == 1:
            year = next(iter(written))
            ev = self._evaluation_year(year, "explicit", None)
            return ev[0] if ev else None
        if self.article_decree is not None:
            return self.article_decree
        return self.latest
