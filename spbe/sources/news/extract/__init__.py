"""SPBE figures stated in Indonesian news: who, which evaluation year, which value, what kind.

`extract_figures(text, published)` returns one `NewsFigure` per (instansi, year, value, kind) the
article states; `explain(text, published)` also returns every refused number with its rule.
The extractor is conservative: a wrong figure in the warehouse is worse than a missing one, so a
doubt (no resolvable instansi, no SPBE context, no evaluation year, a statement that is not a
result) refuses the number instead of guessing.

Stages, one module each:
    normalise.py   text forms, boilerplate lines
    segment.py     paragraphs, sentences (bounded length), clauses
    lexicon.py, mentions.py   instansi mentions through the project gazetteer (spbe.instansi)
    cues.py        cue words: index labels, kind, predikat, deltas, averages, thresholds, years
    candidates.py  every index-shaped number and the distractor rules that refuse it
    modality.py    negated/failed/almost/predicted/conditional/denied/hoped statements
    link.py, years.py   value -> label, kind, instansi, year, predikat (with document context)
    decide.py      the decision per value, in its sentence
    article_checks.py   the article-level checks (duplicates, year conflicts, conflicts) and each
                   figure's outcome: accepted, or held for review
"""

from __future__ import annotations

import datetime as dt

from schemas.vocab import FIGURE_KINDS  # the warehouse's vocabulary, re-exported for the extractor's users
from spbe.sources.news.extract.claims import RankClaim
from spbe.sources.news.extract.document import Document
from spbe.sources.news.extract.model import NewsFigure, Refusal
from spbe.sources.news.extract.normalise import as_date

__all__ = ["FIGURE_KINDS", "NewsFigure", "RankClaim", "Refusal", "explain", "extract_figures", "extract_figures_and_claims", "extract_rank_claims"]


def explain(text: str, published: dt.date | str | None = None) -> tuple[list[NewsFigure], list[Refusal]]:
    """The figures of an article and every index-shaped number refused, with the refusing rule."""
    if not text or not str(text).strip():
        return [], []
    doc = Document(str(text), as_date(published))
    figures = doc.figures()
    return figures, doc.refusals


def extract_figures(text: str, published: dt.date | str | None = None) -> list[NewsFigure]:
    """Every SPBE figure the article states, or [] when there is nothing certain enough.

    `published` (the article's publication date) resolves implicit years ("saat ini", "tahun
    lalu", no year) against the decree calendar; without it such figures are dropped.
    """
    return explain(text, published)[0]


def extract_rank_claims(text: str, published: dt.date | str | None = None) -> list[RankClaim]:
    """What the article claims about bodies' ranks ("masuk 3 besar di Lampung"), see claims.py."""
    if not text or not str(text).strip():
        return []
    return Document(str(text), as_date(published)).rank_claims()


def extract_figures_and_claims(text: str, published: dt.date | str | None = None) -> tuple[list[NewsFigure], list[RankClaim]]:
    """`extract_figures` and `extract_rank_claims` over one reading of the article (the pipeline's call)."""
    if not text or not str(text).strip():
        return [], []
    doc = Document(str(text), as_date(published))
    return doc.figures(), doc.rank_claims()
