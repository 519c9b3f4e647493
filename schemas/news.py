"""News as a second source: articles, the SPBE figures extracted from them, and reconciliation outputs."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import common as c
from schemas import vocab
from schemas.common import InstansiTable, Table, TableModel

FIGURE_KINDS = list(vocab.FIGURE_KINDS)


class NewsArticle(TableModel):
    """Every news article fetched, keyed by canonical URL, text stored verbatim (table spbe_news_article)."""

    _table = Table("spbe_news_article", key=("url",))

    url: Series[str] = pa.Field(description="Canonical article URL (rel=canonical, tracking parameters stripped).")
    discovered_url: Series[str] = pa.Field(description="URL as found in a feed, sitemap or listing.")
    site: Series[str] = pa.Field(description="Host of the news site.")
    title: Series[str] = pa.Field(nullable=True, description="Headline.")
    published: Series[pd.DatetimeTZDtype] = c.utc_timestamp("Publication date (from page metadata or the Indonesian dateline).", nullable=True)
    fetched_at: Series[pd.DatetimeTZDtype] = c.utc_timestamp("When the body was fetched.", run_stamp=True)
    text: Series[str] = pa.Field(description="Main text without boilerplate, verbatim.")
    content_sha256: Series[str] = pa.Field(str_length={"min_value": 64, "max_value": 64}, description="SHA-256 of the fetched body.")
    figure_count: Series[int] = pa.Field(ge=0, description="SPBE figures extracted from the article.")
    synthetic: Series[pd.BooleanDtype] | None = c.synthetic_flag()


class NewsFigure(InstansiTable):
    """One SPBE figure stated in a news article, with its evidence (table spbe_news_figure)."""

    _table = Table("spbe_news_figure", key=("figure_key",), indexes=(("instansi_id", "year"),))

    figure_key: Series[str] = pa.Field(description="Stable key: hash of article URL, instansi, year, kind and value.")
    article_url: Series[str] = pa.Field(description="Canonical URL of the article.")
    article_title: Series[str] = pa.Field(nullable=True, description="Headline of the article.")
    published: Series[pd.DatetimeTZDtype] = c.utc_timestamp("Publication date of the article.", nullable=True)
    year: Series[int] = c.year("Evaluation year the figure is about (a target's year for targets).")
    index_value: Series[float] = c.index_value("The figure, 1.00-5.00.")
    kind: Series[str] = pa.Field(isin=FIGURE_KINDS, description="evaluation (an official result as reported), self_assessment (penilaian mandiri or provisional), or target.")
    predikat: Series[str] = c.predikat("Predikat stated with the figure, if any.")
    evidence: Series[str] = pa.Field(description="The sentence the figure was read from.")
    status: Series[str] = pa.Field(
        isin=list(vocab.FIGURE_STATUSES),
        description="accepted (may be loaded) or review (held: never reaches spbe_index unless corroborated or accepted by a person).",
    )
    hold_reason: Series[str] = pa.Field(nullable=True, description="Why the figure is held (H-... reasons, '; '-joined); null when accepted.")
    cues: Series[str] = pa.Field(nullable=True, description="Which cue decided body, year and kind, and how far it was from the value.")
    index_name: Series[str] = pa.Field(
        isin=list(vocab.INDEX_NAMES),
        description="The index of the figure's year by its method (spbe/data/methods.toml): SPBE to 2025, PemDI from 2026; "
        "a sentence naming the other index holds the figure (H-INDEX-MISMATCH).",
    )
    synthetic: Series[pd.BooleanDtype] | None = c.synthetic_flag()


class NewsReview(TableModel):
    """A person's decision about a held news figure (table spbe_news_review), written by `spbe review`.

    Keyed by what identifies the figure in its article (canonical URL, evidence sentence, value),
    not by a row id: it survives re-extraction, reruns and full rebuilds, and applies on the next run.
    """

    _table = Table("spbe_news_review", key=("review_key",))

    review_key: Series[str] = pa.Field(description="Hash of article URL, evidence sentence and value (spbe review shows its first 12 characters).")
    article_url: Series[str] = pa.Field(description="Canonical URL of the article.")
    evidence: Series[str] = pa.Field(description="The sentence the figure was read from.")
    index_value: Series[float] = c.index_value("The value as read.")
    decision: Series[str] = pa.Field(isin=list(vocab.REVIEW_DECISIONS), description="accept (load it, with the corrections below) or reject.")
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="Corrected evaluation year (accept --year); null keeps the extractor's.")
    kind: Series[str] = pa.Field(nullable=True, isin=FIGURE_KINDS, description="Corrected kind (accept --kind); null keeps the extractor's.")
    instansi_id: Series[str] = pa.Field(nullable=True, description="Corrected body (accept --body); null keeps the extractor's.")
    reason: Series[str] = pa.Field(nullable=True, description="Why (required for reject).")
    decided_at: Series[pd.DatetimeTZDtype] = c.utc_timestamp("When the decision was recorded.")


class NewsRankClaim(InstansiTable):
    """A claim about a body's rank stated in a news article (table spbe_news_rank_claim): "masuk 3 besar
    di Lampung", "peringkat pertama se-Jawa Barat", "terendah di provinsi". View v_rank_claims checks
    each against the ranks spbe_index computes."""

    _table = Table("spbe_news_rank_claim", key=("claim_key",), indexes=(("instansi_id", "year"),))

    claim_key: Series[str] = pa.Field(description="Stable key: hash of article URL, instansi, year, scope, rank and bound.")
    article_url: Series[str] = pa.Field(description="Canonical URL of the article.")
    published: Series[pd.DatetimeTZDtype] = c.utc_timestamp("Publication date of the article.", nullable=True)
    year: Series[int] = c.year("Evaluation year the claim is about.")
    scope: Series[str] = pa.Field(isin=list(vocab.CLAIM_SCOPES), description="province (among the province's kabupaten/kota) or national (among bodies of its type; provinces among provinces).")
    scope_code: Series[str] = pa.Field(nullable=True, description="The province's code for a province scope.")
    claimed_rank: Series[int] = pa.Field(ge=0, description="The rank claimed (1 = first); 0 for 'lowest'.")
    bound: Series[str] = pa.Field(isin=list(vocab.CLAIM_BOUNDS), description="exact (peringkat ke-n), at_most (n besar) or lowest (terendah).")
    evidence: Series[str] = pa.Field(description="The sentence the claim was read from.")
    synthetic: Series[pd.BooleanDtype] | None = c.synthetic_flag()


class Target(InstansiTable):
    """Targets announced in the news, with attainment once that year's result is known (table spbe_target)."""

    _table = Table("spbe_target", indexes=(("instansi_id", "year"),))

    year: Series[int] = c.year("Evaluation year the target is for.")
    target_index_value: Series[float] = c.index_value("Target index value.")
    article_url: Series[str] = pa.Field(description="Article that states the target.")
    published: Series[pd.DatetimeTZDtype] = c.utc_timestamp("When the article was published.", nullable=True)
    evidence: Series[str] = pa.Field(description="The sentence stating the target.")
    result_index_value: Series[float] = c.index_value("The result for that year from spbe_index (its index_value), once known.", nullable=True)
    result_source: Series[str] = c.source("'official' or 'news': where result_index_value comes from (spbe_index.source).", nullable=True)
    attained: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="result_index_value >= target_index_value; null until the result is known.")
    gap: Series[float] = pa.Field(nullable=True, description="result_index_value minus target_index_value.", metadata=c.unit(c.INDEX_DIFFERENCE))
