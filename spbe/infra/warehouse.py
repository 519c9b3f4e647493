"""Warehouse writes and reads through SQLAlchemy, the same code for SQLite and PostgreSQL.

Tables, keys, indexes and views come from the Pandera models in `schemas/` (see `spbe.infra.ddl`),
and a live database that has drifted from them is refused before anything is written. Every write
replaces a slice (a year, or the whole table) inside one transaction: readers see the old rows or the new rows, never a mix, and a
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

from spbe.infra.ddl import METADATA, ensure_tables, ensure_views, primary_key_of

DEFAULT_WAREHOUSE_URL = "sqlite:///data/warehouse.sqlite"
WAREHOUSE_URL_ENV = "SPBE_WAREHOUSE_URL"


def warehouse_url_from_env() -> str:
    return os.environ.get(WAREHOUSE_URL_ENV) or DEFAULT_WAREHOUSE_URL


def redact_url(url: str) -> str:
    """The URL with any password masked: safe for logs and Dagster metadata."""
    return make_url(url).render_as_string(hide_password=True)


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
        """Create the tables and views of a fresh database; refuse (SchemaDriftError) one that has drifted."""
        with self.engine.begin() as conn:
            ensure_tables(conn, redact_url(self.url))
            ensure_views(conn)

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

    def upsert_slices(self, slices: Iterable[tuple[str, pd.DataFrame]]) -> dict[str, int]:
        """Several upserts in one transaction: all land, or none does."""
        slices = list(slices)
        written: dict[str, int] = {}
        with self.engine.begin() as conn:
            for name in sorted({name for name, _ in slices}):
                self._lock(conn, name)
            for name, df in slices:
                key, table = primary_key_of(name), self.table(name)
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
