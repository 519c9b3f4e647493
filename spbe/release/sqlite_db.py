"""The release's SQLite database (`spbe.sqlite`) and its Datasette metadata (`datasette-metadata.json`).

As PUDL's releases do, a release carries one SQLite file with every released table and view (views
as tables of their rows, so the file needs nothing else), typed from `schemas/`, and the metadata
`spbe serve` shows: anyone who downloads a release can run
`datasette serve -i spbe.sqlite -m datasette-metadata.json` and see the same descriptions and queries.

The file is written from the canonical frames in one fixed order with no timestamps, then vacuumed,
so the same data gives the same bytes (the release's checksums and version rely on it).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

from spbe.infra import datasette
from spbe.release.meta import ReleaseMeta
from spbe.release.tables import ReleaseTable, canonical_cells

DATABASE_FILE = "spbe.sqlite"
METADATA_FILE = "datasette-metadata.json"
DATABASE_NAME = "spbe"  # Datasette names a database after its file

_SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "datetime": "TEXT", "string": "TEXT"}


def _ddl(table: ReleaseTable) -> str:
    cols = [f'"{c.name}" {_SQL_TYPES[c.type]}{"" if c.nullable else " NOT NULL"}' for c in table.columns]
    if table.primary_key:
        cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in table.primary_key) + ")")
    return f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join(cols) + "\n)"


def _rows(table: ReleaseTable) -> list[tuple]:
    """Typed cells: numbers as numbers, booleans as 0/1, timestamps as the CSV's ISO 8601 text."""
    text = canonical_cells(table.frame, table.columns)
    columns = []
    for c in table.columns:
        values = table.frame[c.name]
        if c.type == "integer":
            columns.append([None if pd.isna(v) else int(v) for v in values])
        elif c.type == "number":
            columns.append([None if pd.isna(v) else float(v) for v in values])
        elif c.type == "boolean":
            columns.append([None if pd.isna(v) else int(bool(v)) for v in values])
        else:
            columns.append([v if v != "" or not pd.isna(o) else None for v, o in zip(text[c.name], values, strict=True)])
    return list(zip(*columns, strict=True)) if columns else []


def write_database(tables: list[ReleaseTable], path: Path) -> None:
    """Every released table into a new SQLite file at path, in release order."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA page_size = 4096")
        con.execute("PRAGMA journal_mode = DELETE")
        for table in tables:
            con.execute(_ddl(table))
            placeholders = ", ".join("?" for _ in table.columns)
            con.executemany(f'INSERT INTO "{table.name}" VALUES ({placeholders})', _rows(table))
            con.commit()
        con.execute("VACUUM")
    finally:
        con.close()


def release_status(meta: ReleaseMeta, release_name: str) -> datasette.DatasetStatus:
    """What a release's data is, for its front page (from its own meta: a function of the data)."""
    if meta.synthetic:
        reason = meta.synthetic_reason
        source = "the project's synthetic mirror of the publishers (seeded values; not real results)"
    else:
        reason = "read from the publishers' documents (KemenPAN-RB decrees and local news)"
        source = "; ".join(s["title"] for s in meta.sources) or "KemenPAN-RB decrees and local news"
    return datasette.DatasetStatus(meta.version, meta.synthetic, reason, source, f"release {release_name}")


def relations(tables: list[ReleaseTable]) -> list[datasette.Relation]:
    return [datasette.Relation(t.name, t.kind, t.description, tuple(t.columns)) for t in tables]


def write_sqlite_release(root: Path, tables: list[ReleaseTable], meta: ReleaseMeta) -> None:
    """spbe.sqlite and datasette-metadata.json into a release being built at root."""
    write_database(tables, root / DATABASE_FILE)
    metadata = datasette.datasette_metadata(DATABASE_NAME, relations(tables), release_status(meta, meta.release_name))
    (root / METADATA_FILE).write_bytes(datasette.dumps(metadata))
