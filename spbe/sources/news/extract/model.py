"""The records the stages pass along: mentions, sentences, candidates, figures and refusals."""

from __future__ import annotations

from dataclasses import dataclass, field

from spbe.sources.news.extract.cues import index_labels
from spbe.sources.news.extract.evidence import Cues


@dataclass(frozen=True)
class NewsFigure:
    """One SPBE figure an article states about one instansi."""

    instansi_id: str
    name: str  # canonical name from the gazetteer (the name valid in `year` for renamed bodies)
    instansi_type: str
    province: str | None  # province name; None for central bodies
    year: int  # EVALUATION year (a target's year for targets)
    value: float  # 1.00-5.00, two decimals
    kind: str  # evaluation | self_assessment | target
    predikat: str | None  # canonical band, only when the text states it for this figure
    evidence: str  # the sentence the figure was read from
    rule: str = ""  # the rules that decided it, "+"-joined (R-... names)
    flags: str = ""  # data-quality notes, e.g. "predikat-contradicts-band"
    status: str = "accepted"  # accepted (loaded) | review (held for a person, never loaded as it stands)
    hold_reason: str = ""  # why it is held, "; "-joined H-... reasons (evidence.py)
    cues: str = ""  # which cue decided body, year and kind, and how far it was (evidence.Cues.describe)
    index_name: str = "SPBE"  # the index of the figure's year (methods.toml index_code): SPBE, or PemDI from 2026
    # P(right | evidence) from the learned model (confidence.py), None without a model file; and the
    # evidence it was computed from (for scripts/fit_news_confidence.py). Neither identifies the figure.
    confidence: float | None = field(default=None, compare=False)
    features: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    @property
    def rule_family(self) -> str:
        """The deciding entity rule's family (e.g. "R-LIST" for "R-LIST-PAIR"), for metadata counts."""
        first = self.rule.split("+")[0]
        return "-".join(first.split("-")[:2]) if first else ""


@dataclass(frozen=True)
class Refusal:
    """A number shaped like an index value that was not emitted, and why."""

    value: str  # as written
    reason: str  # R-... rule name
    detail: str  # a few words for a human
    evidence: str  # the sentence


@dataclass
class Mention:
    start: int
    end: int
    tok_start: int
    tok_end: int  # exclusive
    ids: frozenset[str]
    strength: str  # typed | alias | bare | central
    type_hint: str | None
    ordinary: bool = False
    org: bool = False  # a different organisation / geographic feature
    other_body: bool = False  # an organisation (not a place) that can own a number of its own
    qualifier: bool = False  # a location qualifier ("se-Jawa Barat", "Kabupaten X, Provinsi Y")
    dateline: bool = False
    typo: bool = False  # a misspelt name read as the one official name it misses (R-NAME-TYPO)
    resolved: str | None = None  # the one id, once homonyms are settled

    @property
    def candidate(self) -> bool:
        """Can this mention own a figure?"""
        return not (self.org or self.qualifier or self.dateline)


@dataclass
class Sentence:
    start: int
    end: int
    para: int
    index: int  # position in the document
    text: str
    mentions: list[Mention] = field(default_factory=list)
    _labels: list[tuple[int, int, str]] | None = None

    @property
    def labels(self) -> list[tuple[int, int, str]]:
        """(start, end, "spbe"|"other") index labels, relative to the sentence; computed on demand
        because only sentences with a number (and their neighbours) need them."""
        if self._labels is None:
            self._labels = index_labels(self.text)
        return self._labels


@dataclass
class Candidate:
    """A figure in the making, before the article-level checks."""

    instansi_id: str
    year: int
    value: float
    kind: str
    predikat: str | None
    evidence: str
    year_source: str  # explicit | relative | decree | implicit
    rules: list[str] = field(default_factory=list)  # the rules that decided it, in order
    cues: Cues = field(default_factory=Cues)  # the evidence for body, year and kind (evidence.py)
