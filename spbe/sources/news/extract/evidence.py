"""Stage 7 (outcome): the evidence each figure was decided on, and whether a warehouse may load it.

Every figure records which cue decided its body, its year and its kind, and how far that cue was
from the value. From that evidence a figure is

    accepted   loaded into the warehouse as it stands;
    review     held: stored and shown (`spbe review`), never loaded until a person accepts it;

(refused numbers never become figures: `Document.refusals`). On articles nobody had tuned on, no
single cue separated right figures from wrong ones (an explicit year was wrong about as often as an
implied one), so the hold rules combine what each cue says about how the figure was found, not
what the article is about. Each hold names its reason in words a reviewer can act on.

The rules, each a statement about how Indonesian press copy states a result:
    H-YEAR-IMPLIED     the year is not written for this value: the publication date, "tahun lalu",
                       the sentence before, or a step back along a change chain. Held unless the
                       article appeared in the quiet months after a release, when the press can only
                       mean the latest published result (no later year written in the article, and
                       no coming round, "evaluasi berikutnya", "tahun depan", in the sentence), or
                       the chain's end is a year the sentence writes.
    H-BODY-FALLBACK    no body is named in the value's sentence and the paragraph names none either:
                       the article's main body was assumed, while the article names other bodies too.
    H-BODY-FAR         the body named before the value is far from it and the sentence names others.
    H-BODY-PASSED      a body of the owner's tier (a regency or city, or a province) is named as a
                       place ("yang bertugas di Kota X") between the owner's name and the value: the
                       owner was chosen past a nearer body the value may belong to.
    H-CROWDED          the sentence holds more index values than bodies and they are not one
                       body's values of different years or kinds, a change chain, or a respective
                       list, and the value does not follow its owner's name directly: which
                       value is whose is a guess.
    H-YEAR-AMBIGUOUS   a year written after the value in its own clause is not the year it was
                       read as ("pada Y1 ... v1, meningkat menjadi v2 Kategori K pada Y2"), or a
                       change chain's step back overrides a year written before the value.
    H-BODY-PLACE       the owning name is a place phrase ("di Sumatera Barat", "se-Jawa Barat",
                       "Ibu Kota Lampung") after another body was named: the scope, not the owner.
    H-ROUND-UNPUBLISHED  an official result of a round the decree calendar does not know as
                       published today (the current round before its decree is registered).
    H-INDEX-MISMATCH   the sentence names one index (SPBE, PemDI) for a year the other's method
                       covers (methods.toml): the year or the index is wrong.
    H-QUESTION         the value's sentence is a question ("Mampukah ... raih 3,5?").
    H-TARGET-NEAR      an official result after a target word in its sentence (a result written
                       after a target clause, or a target read as a result).
    H-KIND-UNMARKED    an official result with no result word or predikat near it and no SPBE
                       label in its sentence: only the topic of the article made it one.
    H-DENIED-NEXT      the next sentence denies or corrects what this one says.
    H-CONFLICT         the article gives this body two values for one year: one of them is not
                       the body's result for that year (or not that year's), and a person (or the
                       decree, spbe/index/settle.py) chooses.
    H-PROVISIONAL      an evaluation value from before its round's decree: words in its sentence
                       mark it interim ("hasil sementara asesor", "desk evaluation", "tahap
                       wawancara", "belum final"), or the article appeared more than 30 days
                       before the round's results were released and cites no decree. The decree
                       may give another value.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spbe.infra.releases import calendar, release_of, round_published

IC = re.IGNORECASE

# Years a figure can be dated by without the text writing that year for the value.
IMPLIED_YEAR_RULES = frozenset(
    {"R-YEAR-IMPLICIT", "R-YEAR-RUNNING", "R-YEAR-RELATIVE", "R-YEAR-RELATIVE-SHIFT", "R-YEAR-COMPARED", "R-YEAR-CONTEXT", "R-YEAR-PAIR"}
)
# How long after a release the press's undated "indeks SPBE X meraih v" can only mean that
# release's result: the next round's provisional values are announced from mid-year on
# (calendar.py, R-YEAR-PROVISIONAL), and a decree is cited by the news within weeks.
QUIET_AFTER_RELEASE = dt.timedelta(days=150)
# How long before the calendar's release date (the lampiran's publication) a round's results are
# already final: bodies receive and cite the signed decree days to weeks before the lampiran is
# public (a decree number cited nine and sixteen days before it, on two sites). Earlier than this,
# a value of the round is the asesors' interim score.
DECREE_BEFORE_RELEASE = dt.timedelta(days=30)
FAR_BODY = 120  # characters between the owning body's name and its value
ADJACENT_BODY = 3  # "Blora 2,71", "Blora: 2,71": the name ends right before the value

_QUESTION_RE = re.compile(r"\?\s*[\"”’']?\s*$|\b(?:mampukah|bisakah|dapatkah|akankah|apakah|benarkah|sanggupkah)\b", IC)
TARGET_WORD_RE = re.compile(r"\b(?:target\w*|ditargetkan|menargetkan|sasaran|dipatok|mematok|rpjmd|renstra)\b", IC)
_DENIAL_RE = re.compile(
    r"\b(?:dibantah|membantah|bantahan|ditepis|menepis|tidak\s+benar|hoaks|hoax|keliru|diralat|meralat|ralat|"
    r"klarifikasi|meluruskan|diluruskan|dikoreksi|mengoreksi|direvisi|merevisi)\b",
    IC,
)
# A coming round: "evaluasi SPBE berikutnya", "penilaian mendatang", "tahun depan", "ke depan". An
# undated value in such a sentence may be an aim for that round, not the release just out.
_FORWARD_RE = re.compile(
    r"\b(?:(?:evaluasi|penilaian|tahun|periode)\s+(?:\w+\s+){0,2}?(?:berikutnya|mendatang|selanjutnya)|tahun\s+depan|ke\s+depan)\b", IC
)
_RESPECTIVE_RE = re.compile(r"\b(?:masing-masing|masing\s+masing|berturut-turut|secara\s+berurutan|berurutan)\b", IC)


@dataclass
class Cues:
    """What decided a figure, as recorded while it was read (distances in characters)."""

    body: str = ""  # the owner rule (R-NEAREST, R-LIST-PAIR, R-COREF, ...)
    body_via: str = "sentence"  # sentence | paragraph | recent | dominant (where R-COREF found it)
    body_distance: int = -1  # name end -> value start, -1 when the body is not named in the sentence
    year_distance: int = -1  # year token -> value, -1 when the year is not written in the sentence
    year_before: int | None = None  # the nearest year written before the value in its segment, no other value's
    year_after: int | None = None  # a year written after the value in its own clause
    body_place: bool = False  # the owning name follows a place word ("di", "se-", "tingkat")
    body_capital: bool = False  # the owning name follows "ibu kota": the region's capital city is meant
    body_passed_place: bool = False  # a body of the owner's tier is named as a place between the owner and the value
    body_province: bool = False  # the owner is a province (a place phrase naming one scopes its regions)
    index_label: str = "spbe"  # the index the sentence names for the value: spbe | pemdi
    kind_word: bool = True  # a word of the figure's own kind (or, for a result, a predikat) near the value
    label: str = ""  # the label rule (R-LABEL: the sentence names the SPBE index; R-TOPIC: the article does)
    values: int = 1  # index values in the sentence
    bodies: int = 1  # distinct bodies named in the sentence
    own_values: bool = False  # the sentence's figures are all one body's, each its own year or kind, or a change chain
    respective: bool = False  # "masing-masing", "secara berurutan": a respective list
    question: bool = False
    target_before: bool = False  # a target word before the value in its sentence
    denied_next: bool = False
    context_year: int | None = None  # the one year the sentence before writes
    sole_body: bool = False  # the article names no other body than this one
    decree_cited: bool = False  # the sentence cites the decree of a round (a final result)
    forward: bool = False  # the sentence speaks of a coming round ("evaluasi berikutnya", "tahun depan")
    provisional: str = ""  # the words that mark the value as interim ("hasil sementara asesor", "desk evaluation")
    conflict: tuple[float, ...] = ()  # other values the article gives the same body for the same year
    published: dt.date | None = None
    years_written: frozenset[int] = frozenset()  # the years the article writes (dates and regulations masked)

    def describe(self, year_rule: str, kind_rule: str) -> str:
        """One line a reviewer reads: which cue decided body, year and kind, and how far it was."""
        body = f"body={self.body}" + (f"@{self.body_distance}" if self.body_distance >= 0 else f"({self.body_via})")
        year = f"year={year_rule}" + (f"@{self.year_distance}" if self.year_distance >= 0 else "")
        kind = f"kind={kind_rule}" + ("" if self.kind_word else "(no cue word)")
        return f"{body}; {year}; {kind}; label={self.label}; values={self.values}; bodies={self.bodies}"


def fresh_release(cues: Cues) -> bool:
    """The article appeared within QUIET_AFTER_RELEASE after a release and writes no year after
    that release's (older years are history it dates itself; a later one is a round in progress):
    an undated result can then only be that release's."""
    if cues.published is None:
        return False
    for r in calendar().releases:
        if r.published <= cues.published <= r.published + QUIET_AFTER_RELEASE:
            return all(y <= r.published.year for y in cues.years_written)
    return False


def hold_reasons(cues: Cues, kind: str, year_rule: str, year: int, index_name: str = "SPBE") -> list[str]:
    """Why a figure must wait for a person; [] = accepted."""
    reasons: list[str] = []
    named = {"spbe": "SPBE", "pemdi": "PemDI"}.get(cues.index_label)
    if named is not None and named != index_name:
        reasons.append(f"H-INDEX-MISMATCH: the sentence names the {named} index, but {year} is a {index_name} year")
    if year_rule in IMPLIED_YEAR_RULES:
        # ... but not when the sentence before writes another year: the text may be going on
        # about that year's results ("Indeks SPBE 2023: A v1. Kemudian B v2, C v3").
        other_context = cues.context_year is not None and cues.context_year != year
        fresh = year_rule == "R-YEAR-IMPLICIT" and kind == "evaluation" and fresh_release(cues) and not other_context and not cues.forward
        # "naik dari v1 menjadi v2 pada 2023": the change runs from the previous evaluation, a
        # step back from a year the sentence writes (grammar of "dari ... menjadi").
        anchored = year_rule == "R-YEAR-PAIR" and cues.year_distance >= 0
        if not (fresh or anchored):
            reasons.append(
                "H-YEAR-IMPLIED: the year is not written for this value (" + year_rule.removeprefix("R-YEAR-").lower() + ")"
            )
    if kind == "evaluation" and not round_published(year):
        # A result of a round whose results the calendar does not know as out (no decree or release
        # date registered, or its date still ahead): the press reports results before or without a
        # decree (2025 had none), so it is kept, and loaded once the registry records the release.
        reasons.append(f"H-ROUND-UNPUBLISHED: the {year} round's results are not confirmed published (no release in the decree calendar)")
    if kind == "evaluation":
        reasons += _provisional(cues, year)
    if year_rule == "R-YEAR-FUTURE":
        # R-FUTURE read a result verb ("mencapai v pada <year>") for a year with no published round
        # as a target; the same words report a result once the round is out (a PemDI 2026 value
        # before the calendar knows its decree), so the kind is the reader's guess: a person decides.
        reasons.append(f"H-KIND-FUTURE: a result-worded value for {year}, a round not yet published: a target or an early result")
    if cues.year_after is not None and cues.year_after != year:
        reasons.append(f"H-YEAR-AMBIGUOUS: read as {year}, but {cues.year_after} is written after the value in its clause")
    elif year_rule == "R-YEAR-PAIR" and cues.year_before is not None and cues.year_before != year:
        reasons.append(f"H-YEAR-AMBIGUOUS: a change chain dates it {year}, but {cues.year_before} is written before it")
    if cues.body_capital:
        reasons.append("H-BODY-PLACE: the owner is named as 'ibu kota' of a region: the capital city, not the region")
    elif cues.body_place and cues.bodies > 1:
        reasons.append("H-BODY-PLACE: the owner is named as a place (scope of a rank or a capital), after another body")
    elif cues.body_place and cues.body_province:
        # "di Jawa Tengah", "se-Jawa Tengah" names the province's area, the set of its regions (an
        # average, a count, a best one); the provincial government is "Pemprov/Provinsi X" itself.
        reasons.append("H-BODY-PLACE: the province is named as a place ('di X', 'se-X'): its regions, not the provincial government")
    if cues.body_passed_place and not cues.body_capital:
        reasons.append("H-BODY-PASSED: a body of the owner's kind is named as a place between the owner and the value")
    # ... unless the article names no other body at all: then the unnamed owner can only be it.
    if cues.body == "R-COREF" and cues.body_via == "dominant" and not cues.sole_body:
        reasons.append("H-BODY-FALLBACK: no body named near the value, the article's main body was assumed")
    if cues.body_distance > FAR_BODY and cues.bodies > 1:
        reasons.append(f"H-BODY-FAR: the body is named {cues.body_distance} characters before the value")
    # ... a value right after its owner's name ("..., Blora 2,71, ...") is paired by adjacency.
    adjacent = cues.body == "R-NEAREST" and 0 <= cues.body_distance <= ADJACENT_BODY
    if cues.values > max(cues.bodies, 1) and not cues.own_values and not cues.respective and cues.body != "R-LIST-PAIR" and not adjacent:
        reasons.append(f"H-CROWDED: {cues.values} values but {cues.bodies} bodies named in the sentence")
    if cues.question:
        reasons.append("H-QUESTION: the sentence asks, it does not report")
    if kind == "evaluation" and cues.target_before:
        reasons.append("H-TARGET-NEAR: a target is stated before the value in its sentence")
    if kind == "evaluation" and not cues.kind_word and cues.label == "R-TOPIC":
        reasons.append("H-KIND-UNMARKED: no result word, no predikat and no SPBE label in the sentence")
    if cues.conflict:
        others = ", ".join(f"{v:.2f}" for v in cues.conflict)
        reasons.append(f"H-CONFLICT: the article also gives {others} for this body and year")
    if cues.denied_next:
        reasons.append("H-DENIED-NEXT: the next sentence denies or corrects this one")
    return reasons


def _provisional(cues: Cues, year: int) -> list[str]:
    """H-PROVISIONAL: an evaluation value from before the round's decree. The asesors' interim
    score, a desk-evaluation or interview-stage value is announced as the body's index, but the
    decree may give another (a first score raised after the interview): a person or the decree
    (spbe/index/settle.py: equal to the decree's value) settles it."""
    if cues.provisional:
        return [f"H-PROVISIONAL: '{cues.provisional}' marks an interim value, not the round's final result"]
    release = release_of(year)
    if cues.decree_cited or cues.published is None or release is None:
        return []
    if cues.published < release.published - DECREE_BEFORE_RELEASE:
        return [
            f"H-PROVISIONAL: the article appeared on {cues.published}, before the {year} round's results were "
            f"released ({release.published}): an interim value"
        ]
    return []


def sentence_flags(text: str, next_text: str | None) -> dict[str, bool]:
    """The sentence-wide cues (computed once per sentence)."""
    return {
        "question": bool(_QUESTION_RE.search(text)),
        "denied_next": bool(next_text and _DENIAL_RE.search(next_text)),
        "respective": bool(_RESPECTIVE_RE.search(text)),
        "forward": bool(_FORWARD_RE.search(text)),
    }
