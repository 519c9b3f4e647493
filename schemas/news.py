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
    fetched_at: Series[pd.DatetimeTZDtype] = c.utc_timestamp("When the body was fetched.")
    text: Series[str] = pa.Field(description="Main text without boilerplate, verbatim.")
    content_sha256: Series[str] = pa.Field(str_length={"min_value": 64, "max_value": 64}, description="SHA-256 of the fetched body.")
    figure_count: Series[int] = pa.Field(ge=0, description="SPBE figures extracted from the article.")


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


class SourceConflict(InstansiTable):
    """Two sources that disagree beyond rounding about one instansi and year (table spbe_source_conflict).

    The disagreeing side is always a news figure (news_*); the reference side (reference_*) is the
    decree where there is one, else the newest article about that instansi and year.
    """

    _table = Table("spbe_source_conflict", indexes=(("instansi_id", "year"),))

    year: Series[int] = c.year("Evaluation year.")
    reference_source: Series[str] = c.source("'official' (the decree) where there is one, else 'news' (the newest article).")
    reference_index_value: Series[float] = c.index_value("The reference source's index value.")
    reference_url: Series[str] = pa.Field(description="The reference document (decree lampiran or article).")
    news_index_value: Series[float] = c.index_value("The index value the disagreeing article states.")
    news_url: Series[str] = pa.Field(description="The disagreeing article.")
    news_evidence: Series[str] = pa.Field(description="The sentence news_index_value was read from.")
    difference: Series[float] = pa.Field(description="news_index_value minus reference_index_value.", metadata=c.unit(c.INDEX_DIFFERENCE))


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
