"""One derivation of column metadata: every consumer says what schemas/ says about a column.

The DDL (its column comments), Dagster's column schema, the data dictionary, the datapackage's
Table Schema and the Datasette metadata all describe each column of each table and view with the
same text (`schemas.Column.described`: the description and its unit) and the same type.
"""

from __future__ import annotations

import pytest

from assets.metadata import table_schema, view_schemas
from schemas import TABLE_MODELS, VIEWS, table_columns
from spbe.infra import datasette
from spbe.infra.ddl import METADATA, described_views
from spbe.infra.dictionary import render_dictionary
from spbe.release.datapackage import schema_field

VIEW_COLUMNS = described_views()
RELATIONS = {name: list(table_columns(model)) for name, model in TABLE_MODELS.items()} | {v.name: list(VIEW_COLUMNS[v.name]) for v in VIEWS}
DATASETTE = datasette.datasette_metadata(
    "warehouse", datasette.warehouse_relations(dict(VIEW_COLUMNS)), datasette.DatasetStatus("v", True, "r", "s", "o")
)["databases"]["warehouse"]["tables"]
DAGSTER = {name: table_schema(name) for name in TABLE_MODELS} | view_schemas()
DICTIONARY = render_dictionary()


@pytest.mark.parametrize("name", sorted(RELATIONS))
def test_every_consumer_describes_a_column_as_the_schema_does(name):
    columns = RELATIONS[name]
    assert columns and all(c.description for c in columns), f"{name}: a column without a description"
    dagster = {c.name: c for c in DAGSTER[name].columns}
    for column in columns:
        text = column.described
        assert DATASETTE[name]["columns"][column.name] == text
        assert dagster[column.name].description == text and dagster[column.name].type == column.dtype
        field = schema_field(column, ())
        assert field["description"] == text and field["type"] == column.type
        assert f"| `{column.name}` | {column.dtype} |" in DICTIONARY
        if name in METADATA.tables:
            assert METADATA.tables[name].c[column.name].comment == text
    assert [c.name for c in DAGSTER[name].columns] == [c.name for c in columns]


def test_units_reach_every_consumer():
    index_value = next(c for c in RELATIONS["spbe_index"] if c.name == "index_value")
    assert index_value.unit and index_value.unit in index_value.described
    assert index_value.unit in DATASETTE["spbe_index"]["columns"]["index_value"]
    prev_value = next(c for c in RELATIONS["v_spbe_yoy"] if c.name == "prev_value")
    assert prev_value.unit == index_value.unit  # a derived column declares its unit in schemas/views.py


def test_there_is_one_column_class():
    import spbe.release.tables as release_tables
    from schemas import Column

    assert release_tables.Column is Column
