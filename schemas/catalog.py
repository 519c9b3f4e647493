"""The warehouse catalogue: every table model and every view, and the one way to learn a relation's
columns (`table_columns` for a table, `view_columns` for a view).

A view's column means what the same column means in the table it reads (type, description, unit),
unless the view derives it; then `schemas/views.py` declares its description and type. Every
consumer (the DDL and its comments, the Dagster column schema, the data dictionary, the
datapackage and Parquet field metadata, the Datasette metadata) reads columns through here.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemas.build_state import BuildState
from schemas.common import Column, TableModel, table_columns, table_name
from schemas.dataset import Dataset
from schemas.levels import IndicatorLevel
from schemas.news import NewsArticle, NewsFigure, NewsRankClaim, NewsReview, Target
from schemas.official_result import OfficialResult
from schemas.reject import Reject
from schemas.source_conflict import SourceConflict
from schemas.source_result import SourceResult
from schemas.spbe_index import SpbeIndex
from schemas.views import VIEWS, View

TABLE_MODELS: dict[str, type[TableModel]] = {
    table_name(model): model
    for model in (
        OfficialResult, SourceResult, SpbeIndex, Reject, NewsArticle, NewsFigure, NewsReview, NewsRankClaim, SourceConflict,
        Target, IndicatorLevel, Dataset, BuildState,
    )
}
VIEWS_BY_NAME: dict[str, View] = {view.name: view for view in VIEWS}


def view_columns(view: View, names: Sequence[str]) -> list[Column]:
    """A view's columns in the order SQL gives them (`names`): a derived column as the view declares
    it, any other as its base table declares it. A view can null any column through an outer join,
    so only derived columns are nullable by declaration; a column neither derived nor in the base
    table is an error naming where to declare it."""
    base = {c.name: c for c in table_columns(TABLE_MODELS[view.base_table])}
    out = []
    for name in names:
        if name in view.derived_columns or name not in base:
            dtype = view.derived_types.get(name)
            if dtype is None:
                raise ValueError(f"view {view.name}: column {name!r} has no type (add it to derived_types in schemas/views.py)")
            out.append(Column.derived(name, dtype, view.derived_columns.get(name, ""), view.derived_units.get(name)))
        else:
            b = base[name]
            out.append(Column(b.name, b.type, b.dtype, b.description, b.nullable, unit=b.unit))
    return out


def relation_description(name: str) -> str:
    """What a table or view holds, in one paragraph (a table's model docstring, a view's description)."""
    if name in TABLE_MODELS:
        return " ".join((TABLE_MODELS[name].__doc__ or "").split())
    return VIEWS_BY_NAME[name].description
