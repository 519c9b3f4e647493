"""One article as the stages see it: normalised text, sentences, mentions and the document context
(main body, cited decree, publication date) that linking uses.

    normalise -> segment -> mentions -> candidates -> link -> decide -> article checks

`Document` combines the stage modules (each a mixin of methods over the same state), so each
stage lives in its own module while sharing one pass over the article.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from spbe.infra.releases import latest_published_evaluation_year
from spbe.sources.news.extract.article_checks import ArticleChecksMixin
from spbe.sources.news.extract.claims import ClaimsMixin
from spbe.sources.news.extract.cues import YEAR_RE as YEAR_HINT_RE
from spbe.sources.news.extract.decide import DecideMixin
from spbe.sources.news.extract.lexicon import TOKEN_RE, lexicon, norm_token
from spbe.sources.news.extract.link import LinkMixin
from spbe.sources.news.extract.mentions import MentionsMixin
from spbe.sources.news.extract.model import Refusal, Sentence
from spbe.sources.news.extract.normalise import clean_text
from spbe.sources.news.extract.segment import split_sentences
from spbe.sources.news.extract.years import YearsMixin


class Document(MentionsMixin, YearsMixin, LinkMixin, DecideMixin, ArticleChecksMixin, ClaimsMixin):
    def __init__(self, text: str, published: dt.date | None) -> None:
        self.lex = lexicon()
        self.text = clean_text(text)
        self.pub = published
        self.latest = latest_published_evaluation_year(published) if published else None
        self.tokens = [(m.start(), m.end(), m.group(), norm_token(m.group())) for m in TOKEN_RE.finditer(self.text)]
        self.sentences = split_sentences(self.text)
        self.mentions = self._scan_mentions()
        self._flag_mentions()
        self._resolve_mentions()
        self._assign_to_sentences()
        self.dominant = self._dominant()
        # The one body the article names at all (no other candidate anywhere): an unnamed owner can
        # only be that body (evidence.Cues.sole_body).
        self.sole_body = len({m.resolved for m in self.mentions if m.resolved and m.candidate}) == 1
        self._para_sizes = Counter(s.para for s in self.sentences)
        self._header_cache: dict[int, Sentence | None] = {}
        self._eval_years: set[int] = set()  # evaluation years of the figures read so far
        self._last_eval_year: int | None = None  # year of the last evaluation figure read (R-YEAR-TARGET-BEATEN)
        self._last_eval_at: tuple[str, int] | None = None  # (body, sentence index) of that figure (R-YEAR-COMPARED)
        self.refusals: list[Refusal] = []
        self._found_in: set[int] = set()  # sentences that gave a figure (R-CONTINUATION)
        self._coref_via = "paragraph"  # where the last R-COREF found its body (evidence.Cues.body_via)
        # The years the article writes (dates and regulations masked): evidence for an implied year.
        self._years_written = frozenset(
            t[2] for s in self.sentences if YEAR_HINT_RE.search(s.text) for t in self._year_tokens(s.text) if t[3] == "explicit"
        )
        decrees = {y for s in self.sentences for y in self._decree_years(s.text)}
        self.article_decree = next(iter(decrees)) if len(decrees) == 1 else None
