"""Pandera models, one per table: the single truth about each table.

Each model declares its columns (with their vocabularies) and, in `_table = Table(...)`, its
table name, primary key and indexes. The warehouse DDL and drift check (`spbe.infra.ddl`), the
uniqueness checks, the data dictionary (`docs/data_dictionary.md`), Dagster's column schema and
the datapackage are all derived from them through the functions exported here:

    table_columns(model) -> [Column(name, type, dtype, description, nullable, key, vocabulary, unit)]
    view_columns(view, names) -> the same Columns for a view (derived ones from schemas/views.py)
    primary_key(model) -> ("instansi_id", "year")
    validate(model, df) -> Validation(frame, failure_cases)   # lazy; never raises a Pandera error
"""

from schemas.build_state import BuildState
from schemas.catalog import TABLE_MODELS, VIEWS_BY_NAME, relation_description, view_columns
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
from schemas.news import NewsArticle, NewsFigure, NewsRankClaim, NewsReview, Target
from schemas.official_result import OfficialResult, RawOfficialRow
from schemas.reject import Reject
from schemas.source_conflict import SourceConflict
from schemas.source_result import SourceResult
from schemas.spbe_index import SpbeIndex
from schemas.views import VIEWS, View

__all__ = [
    "TABLE_MODELS",
    "VIEWS",
    "VIEWS_BY_NAME",
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
    "SourceResult",
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
    "relation_description",
    "table_columns",
    "table_indexes",
    "table_name",
    "table_spec",
    "validate",
    "view_columns",
]
