"""Pandera models, one per table: the single truth about each table.

Each model declares its columns (with their vocabularies) and, in `_table = Table(...)`, its
table name, primary key and indexes. The warehouse DDL and drift check (`spbe.infra.ddl`), the
uniqueness checks, the data dictionary (`docs/data_dictionary.md`), Dagster's column schema and
the datapackage are all derived from them through the functions exported here:

    table_columns(model) -> [Column(name, type, dtype, description, nullable, key, vocabulary)]
    primary_key(model) -> ("instansi_id", "year")
    validate(model, df) -> Validation(frame, failure_cases)   # lazy; never raises a Pandera error
"""

from schemas.build_state import BuildState
from schemas.common import (
    Column,
    InstansiTable,
    Table,
    TableModel,
    Validation,
    column_names,
    conform,
    empty_frame,
    primary_key,
    table_columns,
    table_indexes,
    table_name,
    table_spec,
    validate,
)
from schemas.dataset import Dataset
from schemas.levels import IndicatorLevel
from schemas.news import NewsArticle, NewsFigure, NewsRankClaim, NewsReview, SourceConflict, Target
from schemas.official_result import OfficialResult, RawOfficialRow
from schemas.reject import Reject
from schemas.spbe_index import SpbeIndex
from schemas.views import VIEWS, View

TABLE_MODELS: dict[str, type[TableModel]] = {
    table_name(model): model
    for model in (
        OfficialResult, SpbeIndex, Reject, NewsArticle, NewsFigure, NewsReview, NewsRankClaim, SourceConflict, Target,
        IndicatorLevel, Dataset, BuildState,
    )
}

__all__ = [
    "TABLE_MODELS",
    "VIEWS",
    "BuildState",
    "Column",
    "IndicatorLevel",
    "InstansiTable",
    "Dataset",
    "NewsArticle",
    "NewsFigure",
    "NewsRankClaim",
    "NewsReview",
    "OfficialResult",
    "RawOfficialRow",
    "Reject",
    "SourceConflict",
    "SpbeIndex",
    "Table",
    "TableModel",
    "Target",
    "Validation",
    "View",
    "column_names",
    "conform",
    "empty_frame",
    "primary_key",
    "table_columns",
    "table_indexes",
    "table_name",
    "table_spec",
    "validate",
]
