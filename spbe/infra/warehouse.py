"""Warehouse writes and reads through SQLAlchemy, the same code for SQLite and PostgreSQL.

Tables, keys, indexes and views come from the Pandera models in `schemas/` (see `spbe.infra.ddl`),
and a live database that has drifted from them is refused before anything is written. Every write
replaces a slice (a year, or the whole table) inside one transaction: readers see the old rows or the new rows, never a mix, and a
failure anywhere rolls back to the previous contents.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url

from schemas import TABLE_MODELS
from schemas.common import optional_columns
from spbe.infra.ddl import METADATA, ensure_views, primary_key_of
from spbe.infra.migrations import SchemaChange, upgrade_schema

DEFAULT_WAREHOUSE_URL = "sqlite:///data/warehouse.sqlite"
WAREHOUSE_URL_ENV = "SPBE_WAREHOUSE_URL"

SUPPORTED_BACKENDS = ("sqlite", "postgresql")

_LOG = logging.getLogger("spbe.warehouse")


class WarehouseUrlError(ValueError):
    """A warehouse URL that cannot name a persistent database; the message is one line naming the variable."""


def warehouse_url_from_env() -> str:
    return os.environ.get(WAREHOUSE_URL_ENV) or DEFAULT_WAREHOUSE_URL


def _is_in_memory_sqlite(parsed: sa.URL) -> bool:
    database = parsed.database or ""
    return database in ("", ":memory:") or parsed.query.get("mode") == "memory" or database.startswith(":memory:")


def check_warehouse_url(url: str) -> sa.URL:
    """The parsed URL, or WarehouseUrlError: the warehouse must be a database that outlives the run."""
    try:
        parsed = make_url(url)
    except (sa.exc.ArgumentError, ValueError, TypeError):
        # The URL may hold a password: never echo it back.
        raise WarehouseUrlError(
            f"{WAREHOUSE_URL_ENV} is not a database URL (expected e.g. {DEFAULT_WAREHOUSE_URL} "
            "or postgresql+psycopg://user@host:5432/spbe)"
        ) from None
    shown = parsed.render_as_string(hide_password=True)
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise WarehouseUrlError(f"{WAREHOUSE_URL_ENV}={shown}: backend {backend!r} is not supported (use sqlite or postgresql)")
    if backend == "sqlite" and _is_in_memory_sqlite(parsed):
        raise WarehouseUrlError(
            f"{WAREHOUSE_URL_ENV}={shown} is an in-memory database: a run would write nowhere "
            f"(name a file, e.g. {DEFAULT_WAREHOUSE_URL})"
        )
    if backend == "postgresql" and not parsed.database:
        raise WarehouseUrlError(f"{WAREHOUSE_URL_ENV}={shown} names no database (add /dbname)")
    return parsed


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


def _records(name: str, df: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    """The rows as dicts of every column of the table. A model's optional column (the synthetic flag)
    a writer outside a run left out is null; every other column is required."""
    columns = list(columns)
    optional = optional_columns(TABLE_MODELS[name]) if name in TABLE_MODELS else set()
    cols = [c for c in columns if c in df.columns or c not in optional]
    absent = {c: None for c in columns if c not in cols}
    return [
        {**{c: _to_sql_value(v) for c, v in zip(cols, row, strict=True)}, **absent}
        for row in df[cols].itertuples(index=False, name=None)
    ]


def _take_over_sqlite_transactions(engine: sa.Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, emit BEGIN, so a writer can ask for BEGIN IMMEDIATE.

    pysqlite defers BEGIN until the first write, so a transaction that reads and then writes would
    read before taking any lock, and a writer that committed in between would be overwritten by a
    table built from the older read. `BEGIN IMMEDIATE` takes the write lock up front; plain readers
    keep a deferred BEGIN and are never blocked by it.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # the driver emits no BEGIN of its own

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get("spbe_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Warehouse:
    """A handle on one warehouse database. Cheap to create; holds a pooled engine."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or warehouse_url_from_env()
        parsed = check_warehouse_url(self.url)
        connect_args: dict[str, Any] = {}
        if parsed.get_backend_name() == "sqlite":
            try:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise WarehouseUrlError(f"{WAREHOUSE_URL_ENV}={redact_url(self.url)}: cannot create its directory ({exc.strerror})") from None
            # Wait for a concurrent writer instead of failing with "database is locked".
            connect_args["timeout"] = 60
        try:
            self.engine = sa.create_engine(self.url, connect_args=connect_args)
        except (ImportError, sa.exc.ArgumentError) as exc:  # e.g. a driver that is not installed
            raise WarehouseUrlError(f"{WAREHOUSE_URL_ENV}={redact_url(self.url)}: {exc.__class__.__name__}: {exc}") from None
        self.dialect = self.engine.dialect.name
        if self.dialect == "sqlite":
            _take_over_sqlite_transactions(self.engine)

    def __repr__(self) -> str:
        return f"Warehouse({redact_url(self.url)})"

    def table(self, name: str) -> sa.Table:
        return METADATA.tables[name]

    def ensure_schema(self, log: Callable[[str], None] | None = None) -> SchemaChange:
        """Create the tables and views of a fresh database, upgrade an older one in place (one line
        to `log` when it migrates), refuse (SchemaDriftError) one no migration explains."""
        self._check_reachable()
        where = redact_url(self.url)
        with self.engine.connect() as conn:
            conn.execution_options(spbe_write=True)  # SQLite: BEGIN IMMEDIATE, one migrator at a time
            with conn.begin():
                change = upgrade_schema(conn, where)
                ensure_views(conn)
        if change.migrated or change.adopted:
            (log or _LOG.info)(change.describe(where))
        return change

    def _check_reachable(self) -> None:
        try:
            with self.engine.connect():
                pass
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
            cause = str(exc.orig).strip().splitlines()[0] if exc.orig else exc.__class__.__name__
            raise WarehouseUrlError(f"{WAREHOUSE_URL_ENV}={redact_url(self.url)}: cannot connect: {cause}") from None

    def _lock(self, conn: sa.Connection, name: str, mode: str = "SHARE ROW EXCLUSIVE") -> None:
        # Serialise writers of one table so overlapping runs (a backfill and the nightly refresh)
        # cannot interleave a delete and an insert; readers are not blocked. SHARE (for tables a
        # transaction only reads) keeps writers out until it commits, so what it read stays true.
        if self.dialect == "postgresql":
            conn.execute(sa.text(f'LOCK TABLE "{name}" IN {mode} MODE'))

    @contextlib.contextmanager
    def transaction(self, writes: Iterable[str], reads: Iterable[str] = ()) -> Iterator[sa.Connection]:
        """One write transaction whose reads of `reads` cannot go stale before it commits.

        SQLite: BEGIN IMMEDIATE (the database's write lock, taken before the first read).
        PostgreSQL: SHARE ROW EXCLUSIVE on the written tables and SHARE on the read ones, all taken
        first and in one fixed (alphabetical) order, so two such transactions never deadlock.
        """
        writes = set(writes)
        modes = {name: "SHARE" for name in reads if name not in writes} | {name: "SHARE ROW EXCLUSIVE" for name in writes}
        with self.engine.connect() as conn:
            conn.execution_options(spbe_write=True)
            with conn.begin():
                for name in sorted(modes):
                    self._lock(conn, name, modes[name])
                yield conn

    def replace_in(self, conn: sa.Connection, slices: Iterable[tuple[str, pd.DataFrame, Mapping[str, Any] | None]]) -> dict[str, int]:
        """The deletes and inserts of `replace_slices`, inside a transaction the caller holds."""
        written: dict[str, int] = {}
        for name, df, where in slices:
            table = self.table(name)
            delete = table.delete()
            for col, value in (where or {}).items():
                delete = delete.where(table.c[col] == value)
            conn.execute(delete)
            rows = _records(name, df, [c.name for c in table.columns])
            if rows:
                conn.execute(table.insert(), rows)
            written[name] = written.get(name, 0) + len(rows)
        return written

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
        with self.transaction(writes={name for name, _, _ in slices}) as conn:
            return self.replace_in(conn, slices)

    def upsert_slices(self, slices: Iterable[tuple[str, pd.DataFrame]]) -> dict[str, int]:
        """Several upserts in one transaction: all land, or none does."""
        slices = list(slices)
        with self.transaction(writes={name for name, _ in slices}) as conn:
            return self.upsert_in(conn, slices)

    def upsert_in(self, conn: sa.Connection, slices: Iterable[tuple[str, pd.DataFrame]]) -> dict[str, int]:
        """The deletes-by-key and inserts of `upsert_slices`, inside a transaction the caller holds."""
        written: dict[str, int] = {}
        for name, df in slices:
            key, table = primary_key_of(name), self.table(name)
            rows = _records(name, df, [c.name for c in table.columns])
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

    def read(self, name: str, where: Mapping[str, Any] | None = None, conn: sa.Connection | None = None) -> pd.DataFrame:
        """Rows of a table; pass `conn` to read inside a `transaction`."""
        table = self.table(name)
        query = sa.select(table)
        for col, value in (where or {}).items():
            query = query.where(table.c[col] == value)
        if conn is not None:
            return pd.read_sql(query, conn)
        with self.engine.connect() as own:
            return pd.read_sql(query, own)

    def count(self, name: str, where: Mapping[str, Any] | None = None) -> int:
        table = self.table(name)
        query = sa.select(sa.func.count()).select_from(table)
        for col, value in (where or {}).items():
            query = query.where(table.c[col] == value)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def dispose(self) -> None:
        self.engine.dispose()
