"""`spbe ingest-file FILE --year N [--commit]`: a result document dropped by hand, into spbe_index.

For years without a decree (2025: each body downloaded its own result), FILE is a full table in any
layout the decree parser reads (PDF, scan, HTML) or an analyst's CSV (body name or code, year,
index, predikat, where each value came from). Without --commit it shows what it would load and
what it refuses (file, row, column, why); with --commit the rows become the source
`published_by_body` (below the decree, above the news), with the file's name and SHA-256 as
provenance, and spbe_index is rebuilt. Loading the same file again is a no-op. The nightly reads
the drop folder ($SPBE_MANUAL_DROP_DIR/published_by_body/<year>/) through the same code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spbe.infra.load_policy import MAX_REJECT_SHARE, reject_share
from spbe.infra.warehouse import Warehouse, WarehouseUrlError, redact_url, warehouse_url_from_env

SHOWN = 20  # refusals printed before "... and N more"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a full result table (PDF, HTML) or an analyst's CSV")
    parser.add_argument("--year", type=int, required=True, help="evaluation year the file reports, e.g. 2025")
    parser.add_argument("--commit", action="store_true", help="load it (default: only show what would be loaded)")


def check_year(year: int) -> str | None:
    from spbe.domain.calendar import FIRST_EVALUATION_YEAR, today_in_jakarta

    this_year = today_in_jakarta().year
    if year < FIRST_EVALUATION_YEAR or year > this_year:
        return f"--year {year} is not an evaluation year ({FIRST_EVALUATION_YEAR}-{this_year})"
    return None


def run(args: argparse.Namespace) -> int:
    from spbe.sources.published_by_body.facts import IngestError, read_file

    def fail(message: str) -> int:
        print(f"spbe ingest-file: {message}", file=sys.stderr)
        return 2

    if (problem := check_year(args.year)) is not None:
        return fail(problem)
    try:
        rows = read_file(Path(args.file), args.year)
    except IngestError as exc:
        return fail(str(exc))
    for line in rows.problems[:SHOWN]:
        print(f"refused: {line}", file=sys.stderr)
    if len(rows.problems) > SHOWN:
        print(f"refused: ... and {len(rows.problems) - SHOWN} more", file=sys.stderr)
    for line in rows.flagged[:SHOWN]:
        print(f"flagged: {line}", file=sys.stderr)
    share = reject_share(rows_read=rows.rows_read + len([p for p in rows.problems if "is not the year" in p]),
                         rejected=rows.refused)
    print(f"{rows.file_name} (sha256 {rows.sha256[:12]}): {args.year}, {len(rows.rows)} row(s) to load as published_by_body, "
          f"{rows.refused} refused, {len(rows.flagged)} flagged")
    if rows.rows.empty:
        return fail(f"{rows.file_name}: no row to load")
    if share > MAX_REJECT_SHARE:
        return fail(f"{rows.file_name}: {rows.refused} of the file's rows refused ({share:.0%}, more than "
                    f"{MAX_REJECT_SHARE:.0%}): fix them (listed above) before loading; nothing written")
    if not args.commit:
        print("not loaded: add --commit to load these rows")
        return 0
    return _commit(rows, fail)


def _commit(rows, fail) -> int:
    from spbe.index.rebuild import IndexInvalid, rebuild_index
    from spbe.infra.provenance import Build
    from spbe.sources.published_by_body.facts import IngestError
    from spbe.sources.published_by_body.ingest import load_file

    try:
        url = warehouse_url_from_env()
        warehouse = Warehouse(url)
        warehouse.ensure_schema()
    except WarehouseUrlError as exc:
        return fail(str(exc))
    try:
        loaded = load_file(warehouse, rows, build=Build.now("live", synthetic=False))
        if loaded.unchanged:
            print(f"{rows.file_name}: already loaded with the same bytes; nothing written")
            return 0
        index = rebuild_index(warehouse)
    except IngestError as exc:
        return fail(str(exc))
    except IndexInvalid as exc:
        return fail(f"spbe_index not rebuilt ({exc}); the rows are in spbe_source_result, the index is as it was")
    finally:
        warehouse.dispose()
    mine = int((index.table["source"] == "published_by_body").sum()) if not index.table.empty else 0
    print(f"loaded {loaded.written} row(s) into spbe_source_result on {redact_url(url)}; spbe_index rebuilt: "
          f"{mine} row(s) from published_by_body")
    return 0
