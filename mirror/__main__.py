"""`python -m mirror`: generate or serve the synthetic mirror, or run the demo against it.

The demo runs the nightly job `refresh_all` (the one the schedule runs) over a range of years, in
one run, against the mirror served on 127.0.0.1, and prints the run's progress as it goes."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from mirror.demo_run import mirror_env, ocr_summary
from mirror.documents import LAYOUT_VERSION, write_mirror
from mirror.official_values import LAST_MIRROR_YEAR
from mirror.server import serve_mirror
from pipelines.failures import run_failure_cause
from pipelines.local import ensure_dagster_home, execute_refresh_all
from spbe.cli import cmd_summary
from spbe.domain.calendar import FIRST_EVALUATION_YEAR
from spbe.infra.registry import MIRROR_DEFAULT_PORT
from spbe.infra.warehouse import WAREHOUSE_URL_ENV, WarehouseUrlError, check_warehouse_url, redact_url, warehouse_url_from_env

DEFAULT_MIRROR_DIR = Path("data/mirror")


def cmd_generate(args: argparse.Namespace) -> int:
    out = write_mirror(Path(args.out))
    print(f"synthetic mirror written to {out}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if not root.exists():
        print(f"no mirror at {root}; run `python -m mirror generate` first", file=sys.stderr)
        return 2
    with serve_mirror(root, host="127.0.0.1", port=args.port) as server:
        print(f"serving {root} at {server.base_url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


def _check_years(first: int, last: int) -> str | None:
    """One line saying what is wrong with the requested years, or None."""
    from assets.partitions import evaluation_years

    keys = evaluation_years.get_partition_keys()
    if first > last:
        return f"--first-year {first} is after --last-year {last}"
    for flag, year in (("--first-year", first), ("--last-year", last)):
        if str(year) not in keys:
            return f"{flag} {year} is not an evaluation year of the warehouse ({keys[0]}-{keys[-1]})"
    return None


def _mirror_is_current(mirror_dir: Path) -> bool:
    try:
        manifest = json.loads((mirror_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    # A mirror written before the scanned years (or before the 2026 PemDI round) existed is written
    # again (a minute), not reused.
    return (manifest.get("layout") == LAYOUT_VERSION and "scanned_years" in manifest
            and str(LAST_MIRROR_YEAR) in manifest.get("years", {}))


def cmd_demo(args: argparse.Namespace) -> int:
    problem = _check_years(args.first_year, args.last_year)
    if problem:
        print(f"python -m mirror demo: {problem}", file=sys.stderr)
        return 2
    try:  # before generating or serving anything: a bad URL is one line, not a Dagster run failure
        check_warehouse_url(warehouse_url_from_env())
    except WarehouseUrlError as exc:
        print(f"python -m mirror demo: {exc}", file=sys.stderr)
        return 2
    mirror_dir = Path(args.mirror)
    if not _mirror_is_current(mirror_dir):
        print(f"generating the synthetic mirror in {mirror_dir} ...", flush=True)
        write_mirror(mirror_dir)
    ensure_dagster_home()
    with serve_mirror(mirror_dir, host="127.0.0.1", port=0) as server:
        # Set before the code location is loaded: its resources read these variables.
        os.environ.update(mirror_env(server.base_url, mirror_dir))
        os.environ.setdefault(WAREHOUSE_URL_ENV, warehouse_url_from_env())
        print(f"synthetic mirror at {server.base_url}; warehouse {redact_url(os.environ[WAREHOUSE_URL_ENV])}", flush=True)
        print(f"job refresh_all, evaluation years {args.first_year}-{args.last_year}, one run:", flush=True)
        result = execute_refresh_all(args.first_year, args.last_year, out=lambda line: print(line, flush=True))
    if not result.success:
        print(f"dagster run {result.run_id} failed: {run_failure_cause(result)}; the warehouse keeps its previous contents",
              file=sys.stderr)
        return 1
    status = cmd_summary(args)
    print(ocr_summary())
    print(demo_status())  # the last line says what the data is
    return status


def demo_status() -> str:
    from spbe.cli import existing_warehouse
    from spbe.infra.provenance import status_line

    warehouse = existing_warehouse()
    try:
        return status_line(warehouse)
    finally:
        warehouse.dispose()


def cmd_demo_postgres(args: argparse.Namespace) -> int:
    """The demo on the production deployment: see mirror/deployment.py."""
    from mirror.deployment import demo_postgres

    problem = _check_years(args.first_year, args.last_year)
    if problem:
        print(f"python -m mirror demo-postgres: {problem}", file=sys.stderr)
        return 2
    mirror_dir = Path(args.mirror)
    if not _mirror_is_current(mirror_dir):
        print(f"generating the synthetic mirror in {mirror_dir} ...", flush=True)
        write_mirror(mirror_dir)
    return demo_postgres(args, mirror_dir)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m mirror", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write the mirror's documents")
    gen.add_argument("--out", default=str(DEFAULT_MIRROR_DIR), help="output directory (default: %(default)s)")
    gen.set_defaults(func=cmd_generate)
    serve = sub.add_parser("serve", help="serve the mirror on 127.0.0.1")
    serve.add_argument("--root", default=str(DEFAULT_MIRROR_DIR), help="mirror directory (default: %(default)s)")
    serve.add_argument("--port", type=int, default=MIRROR_DEFAULT_PORT, help="port (default: %(default)s)")
    serve.set_defaults(func=cmd_serve)
    demo = sub.add_parser("demo", help="build the warehouse from the local mirror through Dagster, then summarise")
    demo.add_argument("--mirror", default=str(DEFAULT_MIRROR_DIR), help="mirror directory (default: %(default)s)")
    demo.add_argument("--first-year", type=int, default=FIRST_EVALUATION_YEAR, help="first evaluation year (default: %(default)s)")
    demo.add_argument("--last-year", type=int, default=LAST_MIRROR_YEAR, help="last evaluation year (default: %(default)s)")
    demo.set_defaults(func=cmd_demo)
    prod = sub.add_parser("demo-postgres", help="the demo on the production deployment: PostgreSQL, dagster-daemon, a code server, a queued run")
    prod.add_argument("--mirror", default=str(DEFAULT_MIRROR_DIR), help="mirror directory (default: %(default)s)")
    prod.add_argument("--first-year", type=int, default=FIRST_EVALUATION_YEAR, help="first evaluation year (default: %(default)s)")
    prod.add_argument("--last-year", type=int, default=LAST_MIRROR_YEAR, help="last evaluation year (default: %(default)s)")
    prod.add_argument("--workdir", default="data/demo_postgres", help="DAGSTER_HOME, logs and HTTP cache (default: %(default)s)")
    prod.add_argument("--postgres-url", default=os.environ.get("SPBE_DEMO_POSTGRES_URL"),
                      help="an existing PostgreSQL server's admin URL (default: $SPBE_DEMO_POSTGRES_URL; unset: start a private "
                           "cluster on $SPBE_PG_PORT, default 55433, in $SPBE_PG_DIR, default /tmp/spbe-demo-pg)")
    prod.set_defaults(func=cmd_demo_postgres)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
