"""News as a second source: articles, the SPBE figures extracted from them, and reconciliation outputs."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from spbe.domain.instansi import INSTANSI_TYPES
from spbe.domain.predikat import INDEX_MAX, INDEX_MIN, PREDIKATS

FIGURE_KINDS = ["evaluation", "self_assessment", "target"]


class NewsArticle(pa.DataFrameModel):
    """Every news article fetched, keyed by canonical URL, text stored verbatim (table spbe_news_article)."""

    url: Series[str] = pa.Field(description="Canonical article URL (rel=canonical, tracking parameters stripped).")
    discovered_url: Series[str] = pa.Field(description="URL as found in a feed, sitemap or listing.")
    site: Series[str] = pa.Field(description="Host of the news site.")
    title: Series[str] = pa.Field(nullable=True, description="Headline.")
    published: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs={"unit": "ns", "tz": "UTC"}, description="Publication date (from page metadata or the Indonesian dateline).")
    fetched_at: Series[pd.DatetimeTZDtype] = pa.Field(dtype_kwargs={"unit": "ns", "tz": "UTC"}, description="When the body was fetched.")
    text: Series[str] = pa.Field(description="Main text without boilerplate, verbatim.")
    content_sha256: Series[str] = pa.Field(str_length={"min_value": 64, "max_value": 64}, description="SHA-256 of the fetched body.")
    figure_count: Series[int] = pa.Field(ge=0, description="SPBE figures extracted from the article.")

    @pa.dataframe_check(description="One row per canonical URL.")
    def one_row_per_url(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(subset=["url"], keep=False)

    class Config:
        strict = True
        coerce = True


class NewsFigure(pa.DataFrameModel):
    """One SPBE figure stated in a news article, with its evidence (table spbe_news_figure)."""

    figure_key: Series[str] = pa.Field(description="Stable key: hash of article URL, instansi, year, kind and value.")
    article_url: Series[str] = pa.Field(description="Canonical URL of the article.")
    article_title: Series[str] = pa.Field(nullable=True, description="Headline of the article.")
    published: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs={"unit": "ns", "tz": "UTC"}, description="Publication date of the article.")
    instansi_id: Series[str] = pa.Field(description="Same ids as the official rows.")
    instansi_name: Series[str] = pa.Field(description="Canonical name.")
    instansi_type: Series[str] = pa.Field(isin=list(INSTANSI_TYPES), description="kementerian, lembaga, provinsi, kabupaten or kota.")
    province_code: Series[str] = pa.Field(nullable=True, description="Province code; null for central bodies.")
    province_name: Series[str] = pa.Field(nullable=True, description="Province name; null for central bodies.")
    year: Series[int] = pa.Field(ge=2018, le=2100, description="Evaluation year the figure is about (a target's year for targets).")
    index_value: Series[float] = pa.Field(ge=INDEX_MIN, le=INDEX_MAX, description="The figure, 1.00-5.00.")
    kind: Series[str] = pa.Field(isin=FIGURE_KINDS, description="evaluation (an official result as reported), self_assessment (penilaian mandiri or provisional), or target.")
    predikat: Series[str] = pa.Field(nullable=True, isin=list(PREDIKATS), description="Predikat stated with the figure, if any.")
    evidence: Series[str] = pa.Field(description="The sentence the figure was read from.")

    @pa.dataframe_check(description="One row per figure key.")
    def one_row_per_key(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(subset=["figure_key"], keep=False)

    class Config:
        strict = True
        coerce = True


class SourceConflict(pa.DataFrameModel):
    """Two sources that disagree beyond rounding about one instansi and year (table spbe_source_conflict).

    The disagreeing side is always a news figure (news_*); the reference side (reference_*) is the
    decree where there is one, else the newest article about that instansi and year.
    """

    instansi_id: Series[str] = pa.Field(description="The instansi both sources speak of.")
    instansi_name: Series[str] = pa.Field(description="Canonical name.")
    instansi_type: Series[str] = pa.Field(isin=list(INSTANSI_TYPES), description="kementerian, lembaga, provinsi, kabupaten or kota.")
    province_code: Series[str] = pa.Field(nullable=True, description="Province code; null for central bodies.")
    province_name: Series[str] = pa.Field(nullable=True, description="Province name; null for central bodies.")
    year: Series[int] = pa.Field(description="Evaluation year.")
    reference_source: Series[str] = pa.Field(isin=["official", "news"], description="'official' (the decree) where there is one, else 'news' (the newest article).")
    reference_index_value: Series[float] = pa.Field(description="The reference source's index value.")
    reference_url: Series[str] = pa.Field(description="The reference document (decree lampiran or article).")
    news_index_value: Series[float] = pa.Field(description="The index value the disagreeing article states.")
    news_url: Series[str] = pa.Field(description="The disagreeing article.")
    news_evidence: Series[str] = pa.Field(description="The sentence news_index_value was read from.")
    difference: Series[float] = pa.Field(description="news_index_value minus reference_index_value.")

    class Config:
        strict = True
        coerce = True


class Target(pa.DataFrameModel):
    """Targets announced in the news, with attainment once that year's result is known (table spbe_target)."""

    instansi_id: Series[str] = pa.Field(description="The instansi that set the target.")
    instansi_name: Series[str] = pa.Field(description="Canonical name.")
    instansi_type: Series[str] = pa.Field(isin=list(INSTANSI_TYPES), description="kementerian, lembaga, provinsi, kabupaten or kota.")
    province_code: Series[str] = pa.Field(nullable=True, description="Province code; null for central bodies.")
    province_name: Series[str] = pa.Field(nullable=True, description="Province name; null for central bodies.")
    year: Series[int] = pa.Field(description="Evaluation year the target is for.")
    target_index_value: Series[float] = pa.Field(ge=INDEX_MIN, le=INDEX_MAX, description="Target index value.")
    article_url: Series[str] = pa.Field(description="Article that states the target.")
    published: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs={"unit": "ns", "tz": "UTC"}, description="When the article was published.")
    evidence: Series[str] = pa.Field(description="The sentence stating the target.")
    result_index_value: Series[float] = pa.Field(nullable=True, description="The result for that year from spbe_index (its index_value), once known.")
    result_source: Series[str] = pa.Field(nullable=True, description="'official' or 'news': where result_index_value comes from (spbe_index.source).")
    attained: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="result_index_value >= target_index_value; null until the result is known.")
    gap: Series[float] = pa.Field(nullable=True, description="result_index_value minus target_index_value.")

    class Config:
        strict = True
        coerce = True
