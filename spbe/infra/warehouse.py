"""Warehouse writes and reads through SQLAlchemy, the same code for SQLite and PostgreSQL.

Tables are generated from the Pandera models in `schemas/` (types, nullability, comments), so the
models stay the single truth about columns. Every write replaces a slice (a year, or the whole
table) inside one transaction: readers see the old rows or the new rows, never a mix, and a
failure anywhere rolls back to the previous contents.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from schemas import TABLE_MODELS
from schemas.views import VIEWS, View

DEFAULT_WAREHOUSE_URL = "sqlite:///data/warehouse.sqlite"
WAREHOUSE_URL_ENV = "SPBE_WAREHOUSE_URL"

# Natural keys; the tables have no surrogate ids so BI joins stay obvious.
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "spbe_official_result": ("year", "instansi_id"),
    "spbe_index": ("instansi_id", "year"),
    "spbe_news_article": ("url",),
    "spbe_news_figure": ("figure_key",),
}
TABLE_INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "spbe_reject": (("source", "year"),),
    "spbe_index": (("year", "province_code"),),
    "spbe_news_figure": (("instansi_id", "year"),),
    "spbe_target": (("instansi_id", "year"),),
}


def warehouse_url_from_env() -> str:
    return os.environ.get(WAREHOUSE_URL_ENV) or DEFAULT_WAREHOUSE_URL


def redact_url(url: str) -> str:
    """The URL with any password masked: safe for logs and Dagster metadata."""
    return make_url(url).render_as_string(hide_password=True)


def _sql_type(dtype: str) -> sa.types.TypeEngine:
    d = dtype.lower()
    if d.startswith("int"):
        return sa.Integer()
    if d.startswith("float"):
        return sa.Float()
    if d.startswith("bool"):
        return sa.Boolean()
    if d.startswith("datetime"):
        return sa.DateTime(timezone=True)
    return sa.Text()


def build_metadata() -> sa.MetaData:
    """SQLAlchemy tables derived from the Pandera models."""
    metadata = sa.MetaData()
    for name, model in TABLE_MODELS.items():
        schema = model.to_schema()
        key = TABLE_KEYS.get(name, ())
        columns = [
            sa.Column(
                col,
                _sql_type(str(spec.dtype)),
                primary_key=col in key,
                nullable=spec.nullable and col not in key,
                comment=spec.description,
            )
            for col, spec in schema.columns.items()
        ]
        table = sa.Table(name, metadata, *columns, comment=(model.__doc__ or "").strip() or None)
        for cols in TABLE_INDEXES.get(name, ()):
            sa.Index(f"ix_{name}_{'_'.join(cols)}", *(table.c[c] for c in cols))
    return metadata


METADATA = build_metadata()


def _to_sql_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars -> Python, so every driver accepts them
        return value.item()
    return value


def _records(df: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    cols = list(columns)
    return [
        {c: _to_sql_value(v) for c, v in zip(cols, row, strict=True)}
        for row in df[cols].itertuples(index=False, name=None)
    ]


class Warehouse:
    """A handle on one warehouse database. Cheap to create; holds a pooled engine."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or warehouse_url_from_env()
        parsed = make_url(self.url)
        connect_args: dict[str, Any] = {}
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            # Wait for a concurrent writer instead of failing with "database is locked".
            connect_args["timeout"] = 60
        self.engine = sa.create_engine(self.url, connect_args=connect_args)
        self.dialect = self.engine.dialect.name

    def __repr__(self) -> str:
        return f"Warehouse({redact_url(self.url)})"

    def table(self, name: str) -> sa.Table:
        return METADATA.tables[name]

    def ensure_schema(self) -> None:
        METADATA.create_all(self.engine, checkfirst=True)
        self.ensure_views()

    def ensure_views(self) -> None:
        """Create or update the BI views; unchanged definitions are left alone (no DDL churn)."""
        with self.engine.begin() as conn:
            for view in VIEWS:
                body = view.sql.strip()
                if self.dialect == "sqlite":
                    current = conn.execute(
                        sa.text("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = :n"), {"n": view.name}
                    ).scalar()
                    wanted = f"CREATE VIEW {view.name} AS {body}"
                    if current != wanted:
                        conn.execute(sa.text(f"DROP VIEW IF EXISTS {view.name}"))
                        conn.execute(sa.text(wanted))
                else:
                    conn.execute(sa.text(f"CREATE OR REPLACE VIEW {view.name} AS {body}"))
                    self._comment_view(conn, view)

    def _comment_view(self, conn: sa.Connection, view: View) -> None:
        from spbe.infra.dictionary import view_columns

        # COMMENT takes no bind parameters; these strings are ours, quoted as SQL literals.
        def literal(text: str) -> str:
            return "'" + text.replace("'", "''") + "'"

        conn.execute(sa.text(f"COMMENT ON VIEW {view.name} IS {literal(view.description)}"))
        for column, description in view_columns(view, conn):
            conn.execute(sa.text(f'COMMENT ON COLUMN {view.name}."{column}" IS {literal(description)}'))

    def _lock(self, conn: sa.Connection, name: str) -> None:
        # Serialise writers of one table so overlapping runs (a backfill and the nightly refresh)
        # cannot interleave a delete and an insert; readers are not blocked.
        if self.dialect == "postgresql":
            conn.execute(sa.text(f'LOCK TABLE "{name}" IN SHARE ROW EXCLUSIVE MODE'))

    def replace_rows(
        self, name: str, df: pd.DataFrame, where: Mapping[str, Any] | None = None
    ) -> int:
        """Replace the rows matching `where` (all rows when None) with `df`, atomically."""
        return self.replace_slices([(name, df, where)])[name]

    def replace_slices(
        self, slices: Iterable[tuple[str, pd.DataFrame, Mapping[str, Any] | None]]
    ) -> dict[str, int]:
        """Several `replace_rows` in one transaction: all of them land, or none does."""
        slices = list(slices)
        written: dict[str, int] = {}
        with self.engine.begin() as conn:
            # All locks first, in one fixed order, so two writers can never deadlock.
            for name in sorted({name for name, _, _ in slices}):
                self._lock(conn, name)
            for name, df, where in slices:
                table = self.table(name)
                delete = table.delete()
                for col, value in (where or {}).items():
                    delete = delete.where(table.c[col] == value)
                conn.execute(delete)
                rows = _records(df, [c.name for c in table.columns])
                if rows:
                    conn.execute(table.insert(), rows)
                written[name] = written.get(name, 0) + len(rows)
        return written

    def upsert_rows(self, name: str, df: pd.DataFrame) -> int:
        """Insert or replace rows by the table's key: reruns with the same rows add nothing."""
        return self.upsert_slices([(name, df)])[name]

    def upsert_slices(self, slices: Iterable[tuple[str, pd.DataFrame]]) -> dict[str, int]:
        """Several upserts in one transaction: all land, or none does."""
        slices = list(slices)
        written: dict[str, int] = {}
        with self.engine.begin() as conn:
            for name in sorted({name for name, _ in slices}):
                self._lock(conn, name)
            for name, df in slices:
                key, table = TABLE_KEYS[name], self.table(name)
                rows = _records(df, [c.name for c in table.columns])
                keys = [tuple(r[k] for k in key) for r in rows]
                for start in range(0, len(keys), 500):  # stay under SQLite's bound-parameter limit
                    chunk = keys[start : start + 500]
                    conn.execute(table.delete().where(sa.tuple_(*(table.c[k] for k in key)).in_(chunk)))
                if rows:
                    conn.execute(table.insert(), rows)
                written[name] = len(rows)
        return written

    def news_seen_urls(self) -> set[str]:
        """Every article URL already stored, canonical or as discovered: those are never fetched again."""
        table = self.table("spbe_news_article")
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(table.c.url, table.c.discovered_url)).all()
        return {u for row in rows for u in row if u}

    def read(self, name: str, where: Mapping[str, Any] | None = None) -> pd.DataFrame:
        table = self.table(name)
        query = sa.select(table)
        for col, value in (where or {}).items():
            query = query.where(table.c[col] == value)
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def count(self, name: str, where: Mapping[str, Any] | None = None) -> int:
        table = self.table(name)
        query = sa.select(sa.func.count()).select_from(table)
        for col, value in (where or {}).items():
            query = query.where(table.c[col] == value)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def dispose(self) -> None:
        self.engine.dispose()
