"""Pandera models, one per table: the single truth about each table's columns.

The warehouse DDL (`spbe.infra.warehouse`) and the data dictionary (`docs/data_dictionary.md`) are both
generated from these models, so a column exists in exactly one place.
"""

from schemas.build_state import BuildState
from schemas.news import NewsArticle, NewsFigure, SourceConflict, Target
from schemas.official_result import OfficialResult, RawOfficialRow
from schemas.reject import Reject
from schemas.spbe_index import SpbeIndex

TABLE_MODELS = {
    "spbe_official_result": OfficialResult,
    "spbe_index": SpbeIndex,
    "spbe_reject": Reject,
    "spbe_news_article": NewsArticle,
    "spbe_news_figure": NewsFigure,
    "spbe_source_conflict": SourceConflict,
    "spbe_target": Target,
}
# Bookkeeping, not data: in the warehouse and the data dictionary, never in a data release.
BOOKKEEPING_MODELS = {
    "spbe_build_state": BuildState,
}
ALL_TABLE_MODELS = TABLE_MODELS | BOOKKEEPING_MODELS

__all__ = ["BuildState", "NewsArticle", "NewsFigure", "SourceConflict", "Target", "OfficialResult", "RawOfficialRow", "Reject", "SpbeIndex", "TABLE_MODELS", "BOOKKEEPING_MODELS", "ALL_TABLE_MODELS"]
