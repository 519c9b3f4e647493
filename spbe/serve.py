"""`spbe serve`: Datasette over the warehouse, read-only, described from `schemas/`.

On SQLite it serves the warehouse file itself; on PostgreSQL (which Datasette cannot open) it serves
the latest release's SQLite database (`spbe release` writes one into every release). Either way the
database is opened in immutable mode (read-only, never written), arbitrary SQL is SELECT-only with a
time limit and a row cap, and the front page says whether the data is synthetic and its version.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from spbe.infra import datasette, serve_guard
from spbe.infra.ddl import described_views
from spbe.release.build import latest_release
from spbe.release.sqlite_db import DATABASE_FILE, METADATA_FILE, release_status
from spbe.release.tables import canonical_csv, read_provenance, read_release_tables

DEFAULT_PORT = 8001
HOST = "127.0.0.1"  # a local analyst's server: never listens beyond this machine


class ServeError(Exception):
    """Nothing to serve, said in one line with what to do."""


@dataclass(frozen=True)
class Served:
    database: Path
    metadata: dict
    status: datasette.DatasetStatus | None  # None for a release: its own metadata says what it is


def warehouse_status(warehouse, path: Path) -> datasette.DatasetStatus:
    """The version and synthetic status a release of this warehouse would have (the same code decides)."""
    from spbe.release.meta import build_meta

    tables = read_release_tables(warehouse)
    meta = build_meta(tables, {t.name: canonical_csv(t) for t in tables}, read_provenance(warehouse))
    status = release_status(meta, meta.release_name)
    return datasette.DatasetStatus(
        status.version, status.synthetic, status.reason, status.source, f"the warehouse {path} (as release {meta.release_name} would hold it)"
    )


def from_sqlite_warehouse(warehouse, path: Path) -> Served:
    database = path.stem
    relations = datasette.warehouse_relations(dict(described_views()))
    status = warehouse_status(warehouse, path)
    return Served(path, datasette.datasette_metadata(database, relations, status), status)


def from_latest_release(releases: Path) -> Served:
    latest = latest_release(releases)
    if latest is None:
        raise ServeError(f"no release under {releases}: on PostgreSQL `spbe serve` serves the latest release's SQLite database; "
                         f"cut one with `spbe release --out {releases}`")
    database, metadata_file = latest / DATABASE_FILE, latest / METADATA_FILE
    if not database.is_file() or not metadata_file.is_file():
        raise ServeError(f"{latest} has no {DATABASE_FILE} (a release made before releases carried one): cut a new one with "
                         f"`spbe release --out {releases}`")
    metadata = json.loads(metadata_file.read_text(encoding="utf-8"))
    return Served(database, metadata, status=None)


def datasette_args(served: Served, metadata_path: Path, inspect_path: Path, port: int) -> list[str]:
    """The `datasette serve` command line: immutable, loopback only, bounded queries."""
    return [
        "serve", "-i", str(served.database), "-m", str(metadata_path), "--host", HOST, "--port", str(port),
        # Row counts, hash and size computed once before serving (the file never changes): pages then
        # need no COUNT(*) per table, which under load queued behind every other query.
        "--inspect-file", str(inspect_path),
        "--setting", "sql_time_limit_ms", str(datasette.SQL_TIME_LIMIT_MS),
        "--setting", "max_returned_rows", str(datasette.MAX_RETURNED_ROWS),
        "--setting", "facet_time_limit_ms", "500",
        # Facet suggestions run several queries on every table page; facets asked for in the URL still work.
        "--setting", "suggest_facets", "off",
        # A streamed CSV would return every row of a table past the row cap.
        "--setting", "allow_csv_stream", "off",
        "--setting", "num_sql_threads", "3",
    ]


def install_guard(limits: serve_guard.Limits) -> None:
    """Wrap Datasette's app in the guard (spbe.infra.serve_guard) through its `asgi_wrapper` plugin hook."""
    from datasette.plugins import pm

    from spbe import serve_plugin

    serve_plugin.LIMITS = limits
    if not pm.is_registered(serve_plugin):
        pm.register(serve_plugin, name="spbe-serve-guard")


def run(served: Served, port: int, cache_mb: int = 64) -> int:
    from datasette.cli import cli

    install_guard(serve_guard.Limits(cache_bytes=max(0, cache_mb) * 1024 * 1024))

    with tempfile.TemporaryDirectory(prefix="spbe-serve-") as tmp:
        metadata_path = Path(tmp) / "metadata.json"
        metadata_path.write_bytes(datasette.dumps(served.metadata))
        inspect_path = Path(tmp) / "inspect.json"
        cli.main(args=["inspect", str(served.database), "--inspect-file", str(inspect_path)], prog_name="spbe serve", standalone_mode=False)
        print(f"serving {served.database} on http://{HOST}:{port}/ (read-only; Ctrl-C to stop)", flush=True)
        cli.main(args=datasette_args(served, metadata_path, inspect_path, port), prog_name="spbe serve", standalone_mode=False)
    return 0
