"""The warehouse's tables and views, derived from the models in `schemas/`, and the check that a
live database still matches them.

`create_all` alone creates missing tables and says nothing about existing ones, so a model that
gained or renamed a column broke old warehouses at insert time, after part of a run had been
written. `schema_drift` instead compares every live table with its model and names each missing,
extra or changed column and each missing table; `spbe.infra.migrations` creates a fresh database,
upgrades an older one through its revisions, and refuses (SchemaDriftError) whatever drift remains.
"""

from __future__ import annotations

import functools

import sqlalchemy as sa

from schemas import TABLE_MODELS, VIEWS, Column, View, primary_key, table_columns, table_indexes
from schemas import view_columns as declared_view_columns
from spbe.infra.timestamps import UtcDateTime

_SQL_TYPES: dict[str, type[sa.types.TypeEngine]] = {
    "integer": sa.Integer,
    "number": sa.Float,
    "boolean": sa.Boolean,
    "datetime": sa.DateTime,
    "string": sa.Text,
}


class SchemaDriftError(RuntimeError):
    """The live database does not match the models: nothing was written."""


def _sql_type(logical: str) -> sa.types.TypeEngine:
    return UtcDateTime() if logical == "datetime" else _SQL_TYPES[logical]()


def build_metadata() -> sa.MetaData:
    """SQLAlchemy tables derived from the Pandera models: columns, key, indexes, comments."""
    metadata = sa.MetaData()
    for name, model in TABLE_MODELS.items():
        columns = [
            sa.Column(c.name, _sql_type(c.type), primary_key=c.key, nullable=c.nullable, comment=c.described)
            for c in table_columns(model)
        ]
        table = sa.Table(name, metadata, *columns, comment=(model.__doc__ or "").strip() or None)
        for cols in table_indexes(model):
            sa.Index(f"ix_{name}_{'_'.join(cols)}", *(table.c[c] for c in cols))
    return metadata


METADATA = build_metadata()


def _python_type(sql_type: sa.types.TypeEngine) -> type | None:
    try:
        return sql_type.python_type
    except NotImplementedError:  # a type the dialect cannot map: compare by name instead
        return None


def _table_drift(inspector: sa.Inspector, table: sa.Table) -> list[str]:
    live = {c["name"]: c for c in inspector.get_columns(table.name)}
    problems = []
    for column in table.columns:
        found = live.get(column.name)
        if found is None:
            problems.append(f"{table.name}.{column.name}: missing (model: {column.type}{'' if column.nullable else ' NOT NULL'})")
            continue
        want, have = _python_type(column.type), _python_type(found["type"])
        if want is not have:
            problems.append(f"{table.name}.{column.name}: type {found['type']} in the database, model says {column.type}")
        if bool(found["nullable"]) != bool(column.nullable):
            problems.append(
                f"{table.name}.{column.name}: {'nullable' if found['nullable'] else 'NOT NULL'} in the database, "
                f"model says {'nullable' if column.nullable else 'NOT NULL'}"
            )
    problems += [f"{table.name}.{name}: in the database but not in the model" for name in live if name not in table.c]
    live_key = tuple(inspector.get_pk_constraint(table.name).get("constrained_columns") or ())
    want_key = tuple(c.name for c in table.primary_key.columns)
    if live_key != want_key:
        problems.append(f"{table.name}: primary key ({', '.join(live_key)}) in the database, model says ({', '.join(want_key)})")
    return problems


def schema_drift(conn: sa.Connection, metadata: sa.MetaData = METADATA) -> list[str]:
    """Every difference between the live tables and `metadata` (the models), one line each; [] when they match."""
    inspector = sa.inspect(conn)
    existing = set(inspector.get_table_names())
    problems = [f"{name}: table missing" for name in metadata.tables if name not in existing]
    for name, table in metadata.tables.items():
        if name in existing:
            problems += _table_drift(inspector, table)
    return problems


def primary_key_of(table: str) -> tuple[str, ...]:
    return primary_key(TABLE_MODELS[table])


def _literal(text: str) -> str:
    # COMMENT takes no bind parameters; these strings are ours, quoted as SQL literals.
    return "'" + text.replace("'", "''") + "'"


def ensure_views(conn: sa.Connection) -> None:
    """Create or update the BI views; unchanged definitions are left alone on SQLite (no DDL churn)."""
    for view in VIEWS:
        body = view.sql.strip()
        if conn.dialect.name == "sqlite":
            current = conn.execute(
                sa.text("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = :n"), {"n": view.name}
            ).scalar()
            wanted = f"CREATE VIEW {view.name} AS {body}"
            if current != wanted:
                conn.execute(sa.text(f"DROP VIEW IF EXISTS {view.name}"))
                conn.execute(sa.text(wanted))
            continue
        try:
            with conn.begin_nested():
                conn.execute(sa.text(f"CREATE OR REPLACE VIEW {view.name} AS {body}"))
        except sa.exc.ProgrammingError:
            # CREATE OR REPLACE cannot drop or rename a column; the view holds no data, so rebuild it.
            conn.execute(sa.text(f"DROP VIEW {view.name}"))
            conn.execute(sa.text(f"CREATE VIEW {view.name} AS {body}"))
        _comment_view(conn, view)


def view_columns(view: View, conn: sa.Connection) -> list[Column]:
    """The view's columns in its own column order, as the database reports them, each described as
    `schemas.view_columns` declares it (a base table's column keeps its meaning)."""
    result = conn.execute(sa.text(f"SELECT * FROM {view.name} WHERE 1 = 0"))
    return declared_view_columns(view, list(result.keys()))


@functools.cache
def described_views() -> dict[str, tuple[Column, ...]]:
    """Every view's columns, from its SQL run on a scratch SQLite database (no warehouse needed):
    what the data dictionary, Dagster's column schema and the Datasette metadata describe."""
    scratch = sa.create_engine("sqlite://")
    try:
        with scratch.begin() as conn:
            METADATA.create_all(conn)
            ensure_views(conn)
            return {view.name: tuple(view_columns(view, conn)) for view in VIEWS}
    finally:
        scratch.dispose()


def _comment_view(conn: sa.Connection, view: View) -> None:
    conn.execute(sa.text(f"COMMENT ON VIEW {view.name} IS {_literal(view.description)}"))
    for column in view_columns(view, conn):
        conn.execute(sa.text(f'COMMENT ON COLUMN {view.name}."{column.name}" IS {_literal(column.described)}'))
