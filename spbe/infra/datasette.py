"""Datasette metadata generated from `schemas/`: what `spbe serve` and every release's SQLite database show.

For each table and view: a title, its description, and a description of every column with its unit
(`schemas.Column.described`, the same text the data dictionary, the DDL comments, Dagster's column
schema and the datapackage carry). At the top: the licence, the sources with their synthetic or real
status, the dataset version, and the canned queries of `spbe.infra.datasette_queries`.

Plain data in, plain data out: the callers say which relations the database holds (the warehouse
has every table and view; a release has the released columns only) and what the data is.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from schemas import TABLE_MODELS, VIEWS, Column, relation_description, table_columns
from spbe.infra.datasette_queries import CANNED_QUERIES

# Limits for a server anyone on the machine can query: a query is cut off after this time, and a page
# never holds more rows than this (the JSON API and CSV export obey the same cap).
SQL_TIME_LIMIT_MS = 1000
MAX_RETURNED_ROWS = 1000
LICENCE = {"license": "CC-BY-4.0", "license_url": "https://creativecommons.org/licenses/by/4.0/"}


@dataclass(frozen=True)
class Relation:
    """A table or view the served database holds, with the columns it holds."""

    name: str
    kind: str  # 'table' or 'view'
    description: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class DatasetStatus:
    """What the served data is: its version, whether it is synthetic and why, and where it came from."""

    version: str
    synthetic: bool
    reason: str  # why it is (or is not) synthetic, in words
    source: str  # where the data came from, in words
    origin: str  # what is served: "the warehouse data/warehouse.sqlite" or "release spbe-..."


# Alembic's bookkeeping table (spbe.infra.migrations) lives in the warehouse file too; it is no
# Pandera model's, so it is described here, once, rather than served without a description.
MIGRATION_RECORD = Relation(
    "alembic_version", "table",
    "The warehouse's schema revision, written by Alembic when the warehouse is created or migrated (spbe migrate); one row.",
    (Column("version_num", "string", "str", "The Alembic revision the warehouse's schema is at (spbe/infra/migrations/versions).", False, key=True),),
)


def warehouse_relations(view_columns: dict[str, tuple[Column, ...]]) -> list[Relation]:
    """Every table and view of the warehouse (view columns as SQL orders them, see spbe.infra.ddl.described_views)."""
    out = [Relation(name, "table", relation_description(name), tuple(table_columns(model))) for name, model in TABLE_MODELS.items()]
    out += [Relation(v.name, "view", v.description, tuple(view_columns[v.name])) for v in VIEWS]
    return out + [MIGRATION_RECORD]


def title_of(relation: Relation) -> str:
    """A short title: the description's first sentence without its '(table x)' tag, at most ~80 characters."""
    first = relation.description.split(". ")[0].rstrip(".")
    first = first.split(" (table ")[0]
    if len(first) > 80:
        first = first[:80].rsplit(" ", 1)[0] + "…"
    return f"{relation.name}: {first}"


def _table_metadata(relation: Relation) -> dict:
    return {
        "title": title_of(relation),
        "description": f"{relation.kind.capitalize()}. {relation.description}",
        "columns": {c.name: c.described or "(no description)" for c in relation.columns},
    }


def front_page_html(status: DatasetStatus) -> str:
    """The front page's description: synthetic or real first, then version, origin and source."""
    e = html.escape
    if status.synthetic:
        banner = f'<p class="spbe-status spbe-synthetic"><strong>SYNTHETIC DATA</strong>: not official Indeks SPBE results. {e(status.reason)}</p>'
    else:
        banner = f'<p class="spbe-status spbe-real"><strong>Real data</strong>: {e(status.reason)}</p>'
    return (
        f"{banner}\n<p>Dataset version <code class=\"spbe-version\">{e(status.version)}</code>; serving {e(status.origin)}. "
        f"Source: {e(status.source)}</p>\n"
        "<p>Read-only. Every column is described on its table's page; the canned queries on the database's page "
        f"answer a regional analyst's usual questions (a body's history, a province's ranking, risers and fallers, targets, "
        f"conflicts, rows held for review). A query stops after {SQL_TIME_LIMIT_MS / 1000:g} s and returns at most "
        f"{MAX_RETURNED_ROWS:,} rows.</p>"
    )


def datasette_metadata(database: str, relations: list[Relation], status: DatasetStatus) -> dict:
    """Datasette's metadata document for one database."""
    names = {r.name for r in relations}
    queries = {q.name: q.metadata() for q in CANNED_QUERIES if set(q.needs) <= names}
    title = "Indeks SPBE warehouse" + (" (SYNTHETIC demo data)" if status.synthetic else "")
    return {
        "title": title,
        "description_html": front_page_html(status),
        **LICENCE,
        "source": status.source,
        "databases": {
            database: {
                "title": title,
                "description": f"Dataset version {status.version}. " + ("SYNTHETIC: not official results. " if status.synthetic else "") + status.source,
                **LICENCE,
                "source": status.source,
                "tables": {r.name: _table_metadata(r) for r in relations},
                "queries": queries,
            }
        },
    }


def dumps(metadata: dict) -> bytes:
    """Stable bytes (a release's file must be identical for identical data)."""
    return (json.dumps(metadata, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
