"""`spbe`: the project's command line (summary, docs, BI role, news extraction). The demo lives in the
development package `mirror` (`python -m mirror demo`), because it needs the synthetic mirror."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from spbe import ingest_file
from spbe.domain.calendar import method_version
from spbe.infra.ddl import SchemaDriftError
from spbe.infra.warehouse import (
    DEFAULT_WAREHOUSE_URL,
    WAREHOUSE_URL_ENV,
    Warehouse,
    WarehouseUrlError,
    check_warehouse_url,
    redact_url,
    warehouse_url_from_env,
)
from spbe.planner import cli as planner_cli
from spbe.release import ARTICLE_TEXT_FLAG
from spbe.sources.news import extract_cli
from spbe.sources.official import cli as lampiran_cli
from spbe.sources.official import locate_cli


class CliError(Exception):
    """A problem the user can fix: printed as one line, exit code 2."""


def existing_warehouse() -> Warehouse:
    """The warehouse SPBE_WAREHOUSE_URL names, which must already exist: reading never creates one."""
    raw = os.environ.get(WAREHOUSE_URL_ENV)
    url = raw or DEFAULT_WAREHOUSE_URL
    named = f"{WAREHOUSE_URL_ENV}" if raw else f"{WAREHOUSE_URL_ENV} is not set, default {DEFAULT_WAREHOUSE_URL}"
    parsed = check_warehouse_url(url)  # WarehouseUrlError: one line naming the variable
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database).resolve()
        if not path.is_file():
            raise CliError(f"no warehouse at {path} ({named}); build one with `make demo`, or point {WAREHOUSE_URL_ENV} at yours")
    warehouse = Warehouse(url)
    if not sa.inspect(warehouse.engine).has_table("spbe_index"):
        warehouse.dispose()
        raise CliError(f"{redact_url(url)} has no spbe_index table: it is not a warehouse built by this pipeline (yet)")
    return warehouse


STALE_NOTE = "NOTE: spbe_index is behind its inputs (a run stopped between loading results and rebuilding it); the next run rebuilds it"


def _movers(index: pd.DataFrame, top: int) -> list[str]:
    """Biggest risers and fallers of the latest year with a one-year delta; none with a single year."""
    with_delta = index[index["yoy_delta"].notna()]
    if with_delta.empty:
        return ["no year-over-year movement yet (one year of results)"]
    latest = int(with_delta["year"].max())
    moves = with_delta[with_delta["year"] == latest].copy()
    moves["label"] = moves["instansi_name"] + moves["province_name"].map(lambda p: f" ({p})" if isinstance(p, str) else "")
    lines = []
    span = f"{latest - 1}->{latest}"
    old, new = method_version(latest - 1), method_version(latest)
    if old != new:  # 2025->2026: an SPBE value against a PemDI one is not a like-for-like movement
        span += f" (across a method change, {old} -> {new}: not like for like)"
    # Only bodies that rose are risers and only bodies that fell are fallers: with fewer than
    # `top` of either, the list is shorter (nsmallest alone listed risers as fallers).
    risers = moves[moves["yoy_delta"] > 0].nlargest(top, "yoy_delta")
    fallers = moves[moves["yoy_delta"] < 0].nsmallest(top, "yoy_delta")
    for title, frame in ((f"biggest risers {span}:", risers), (f"biggest fallers {span}:", fallers)):
        lines.append(title)
        lines += [f"  {row.yoy_delta:+.2f}  {row.index_value:.2f}  {row.label}" for row in frame.itertuples()]
        if frame.empty:
            lines.append("  none")
    return lines


def summarize(warehouse: Warehouse, top: int = 5) -> str:
    """The warehouse in a few lines, opened and closed by what the data is (synthetic or not)."""
    from spbe.index.rebuild import index_is_stale
    from spbe.index.table import index_digest
    from spbe.infra.provenance import status_line

    status = status_line(warehouse)
    index = warehouse.read("spbe_index")
    stale = [STALE_NOTE] if index_is_stale(warehouse) else []
    if index.empty:
        return "\n".join([*stale, status, "spbe_index is empty"])
    lines = [*stale, status, "rows per evaluation year in spbe_index:"]
    for (year, source), n in index.groupby(["year", "source"]).size().items():
        lines.append(f"  {year}  {n:4d}  ({source})")
    lines += _movers(index, top)
    lines.append(f"spbe_index digest: sha256 {index_digest(index)[:16]} over {len(index)} rows (sorted, loaded_at left out)")
    figures = warehouse.read("spbe_news_figure")
    if not figures.empty:
        kinds = ", ".join(f"{n} {k}" for k, n in figures.groupby("kind").size().items())
        lines += [
            f"news: {warehouse.count('spbe_news_article')} articles, {len(figures)} figures ({kinds})",
            f"  {int((index['source'] == 'news').sum())} spbe_index rows filled from news where the decree has none",
            target_line(warehouse.read("spbe_target")),
        ]
    # Any two sources may disagree (the decree and a body's own result too), not only the news.
    lines.append(f"{warehouse.count('spbe_source_conflict')} conflicts between sources (spbe_source_conflict: both values, which one was kept and why)")
    return "\n".join([*lines, status])


def target_line(targets: pd.DataFrame) -> str:
    """Targets counted once per body and year however many articles state them; one with several
    stated values counts as attained only when the result meets every one of them."""
    if targets.empty:
        return "  0 targets"
    per_target = targets.groupby(["instansi_id", "year"])["attained"].agg(
        known=lambda s: s.notna().all(), attained=lambda s: s.notna().all() and s.astype(bool).all()
    )
    return (f"  {len(per_target)} targets (distinct body and year), {int(per_target['known'].sum())} with a result: "
            f"{int(per_target['attained'].sum())} attained")


def cmd_summary(args: argparse.Namespace) -> int:
    warehouse = existing_warehouse()
    try:
        print(summarize(warehouse))
    finally:
        warehouse.dispose()
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from spbe.infra.dictionary import write_dictionary

    print(f"wrote {write_dictionary()}")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from spbe.release.build import ReleaseError, build_release

    warehouse = existing_warehouse()
    try:
        result = build_release(warehouse, Path(args.out), with_article_text=args.with_article_text)
    except (ReleaseError, ValueError, OSError) as exc:
        raise CliError(str(exc)) from None
    except sa.exc.SQLAlchemyError as exc:
        raise CliError(f"cannot read the warehouse {redact_url(warehouse.url)}: {str(exc).splitlines()[0]}") from None
    finally:
        warehouse.dispose()
    if not result.created:
        print(f"{result.path}: unchanged (the same data was released before; checksums verified)")
        return 0
    since = f"since {result.previous}" if result.previous else "first release in this directory"
    print(f"{result.path}: new release {result.version}{' (SYNTHETIC data)' if result.meta.synthetic else ''}")
    for change in result.changes:
        if change.any and result.previous:
            columns = f", columns +{len(change.columns_added)} -{len(change.columns_removed)}" if change.columns_added or change.columns_removed else ""
            print(f"  {change.name}: rows +{len(change.added)} ~{len(change.changed)} -{len(change.removed)}{columns}")
    print(f"  {sum(result.rows.values())} rows in {len(result.rows)} tables and views; {since}; see CHANGES.md")
    for withheld in result.meta.withheld:
        print(f"  withheld: {withheld.table}.{withheld.column} (see README.md; {ARTICLE_TEXT_FLAG} includes it)")
    return 0


def cmd_bi_role(args: argparse.Namespace) -> int:
    from spbe.infra.bi_role import BI_PASSWORD_ENV, create_readonly_role

    password = os.environ.get(BI_PASSWORD_ENV)
    if not password:
        raise CliError(f"set {BI_PASSWORD_ENV} to the password the BI role should have")
    url = warehouse_url_from_env()
    backend = check_warehouse_url(url).get_backend_name()
    if backend != "postgresql":
        raise CliError(f"database roles need PostgreSQL; {WAREHOUSE_URL_ENV} is {redact_url(url)} ({backend} has no roles)")
    warehouse = Warehouse(url)
    try:
        warehouse.ensure_schema()
        create_readonly_role(warehouse.engine, args.role, password)
    finally:
        warehouse.dispose()
    print(f"read-only role {args.role!r} ready on {redact_url(url)}")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    if args.new:
        from spbe.infra.migrations import new_revision

        path = new_revision(args.new)
        if path is None:
            print("the head revision already matches the models in schemas/: no revision written")
            return 0
        print(f"wrote {path}: review its operations (docs/migrations.md), then commit it with the model change")
        return 0
    warehouse = existing_warehouse()
    try:
        print(warehouse.ensure_schema(log=lambda line: None).describe(redact_url(warehouse.url)))
    finally:
        warehouse.dispose()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from spbe import serve

    url = warehouse_url_from_env()
    try:
        if check_warehouse_url(url).get_backend_name() == "sqlite":
            warehouse = existing_warehouse()
            try:
                served = serve.from_sqlite_warehouse(warehouse, Path(check_warehouse_url(url).database).resolve())
            finally:
                warehouse.dispose()
        else:
            served = serve.from_latest_release(Path(args.releases))
    except serve.ServeError as exc:
        raise CliError(str(exc)) from None
    return serve.run(served, args.port, cache_mb=args.cache_mb)


def cmd_review(args: argparse.Namespace) -> int:
    from spbe.index import review

    warehouse = existing_warehouse()
    try:
        return review.run(args, warehouse)
    except review.ReviewError as exc:
        raise CliError(str(exc)) from None
    finally:
        warehouse.dispose()


def build_parser() -> argparse.ArgumentParser:
    formatter = argparse.ArgumentDefaultsHelpFormatter
    parser = argparse.ArgumentParser(prog="spbe", description=__doc__, formatter_class=formatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    summary = sub.add_parser(
        "summary",
        help="rows per year and the biggest risers and fallers",
        description=f"Summarise the warehouse {WAREHOUSE_URL_ENV} names (default {DEFAULT_WAREHOUSE_URL}); never creates one.",
        formatter_class=formatter,
    )
    summary.set_defaults(func=cmd_summary)

    docs = sub.add_parser("docs", help="regenerate docs/data_dictionary.md from the schemas", formatter_class=formatter)
    docs.set_defaults(func=cmd_docs)

    release = sub.add_parser(
        "release",
        help="write a versioned data release (CSV, Parquet, datapackage.json, report) to DIR/spbe-<version>/",
        formatter_class=formatter,
    )
    release.add_argument("--out", default="data/releases", help="directory holding the releases")
    release.add_argument(
        ARTICLE_TEXT_FLAG, action="store_true",
        help="include the full text of the news articles (spbe_news_article.text), which a release withholds by "
        "default: only with the publishers' permission",
    )
    release.set_defaults(func=cmd_release)

    serve = sub.add_parser(
        "serve",
        help="browse and query the warehouse in Datasette (read-only, on 127.0.0.1)",
        description=f"Datasette over the warehouse {WAREHOUSE_URL_ENV} names: the SQLite file itself, or on PostgreSQL the latest "
        "release's SQLite database. Immutable, SELECT-only, with a time limit and a row cap per query.",
        formatter_class=formatter,
    )
    serve.add_argument("--port", type=int, default=8001, help="port on 127.0.0.1")
    serve.add_argument("--releases", default="data/releases", help="where the releases are (PostgreSQL warehouses only)")
    serve.add_argument("--cache-mb", type=int, default=64, help="memory for answers of pages kept and served again (0: none)")
    serve.set_defaults(func=cmd_serve)

    bi = sub.add_parser(
        "bi-role",
        help="create or update a read-only PostgreSQL role for BI tools",
        description="Needs a PostgreSQL SPBE_WAREHOUSE_URL and the role's password in SPBE_BI_PASSWORD.",
        formatter_class=formatter,
    )
    bi.add_argument("--role", default="spbe_reader", help="name of the read-only role")
    bi.set_defaults(func=cmd_bi_role)

    migrate = sub.add_parser(
        "migrate",
        help="upgrade the warehouse's tables in place to this release's schema (every run also does it at start)",
        description=f"Upgrade the warehouse {WAREHOUSE_URL_ENV} names (default {DEFAULT_WAREHOUSE_URL}) through the "
        "schema revisions in spbe/infra/migrations, keeping every row; never creates one. With --new, write the next "
        "revision from the difference between the migrations and the models in schemas/ (see docs/migrations.md).",
        formatter_class=formatter,
    )
    migrate.add_argument("--new", metavar="MESSAGE", help="write a new revision named MESSAGE instead of upgrading")
    migrate.set_defaults(func=cmd_migrate)

    levels = sub.add_parser(
        "index-from-levels",
        help="the index, each domain's or aspect's index and the predikat from a body's indicator levels",
        description="FILE is a CSV with columns indicator,level; the method follows from the number of indicators "
        "(47: Indeks SPBE, PermenPANRB 59/2020; 20: Indeks PemDI, PermenPANRB 8/2026). Weights: spbe/data/methods.toml.",
        formatter_class=formatter,
    )
    planner_cli.add_index_arguments(levels)
    levels.set_defaults(func=planner_cli.run_index)

    plan = sub.add_parser(
        "plan",
        help="the fewest one-level indicator raises that bring the index to a target (CSV to stdout)",
        description="Prints indicator,name,aspect,from_level,to_level,gain for the fewest one-level raises after which "
        "the index (exact, before rounding) is at least T, then a summary line; a target already met says so.",
        formatter_class=formatter,
    )
    planner_cli.add_plan_arguments(plan)
    plan.set_defaults(func=planner_cli.run_plan)

    news = sub.add_parser("extract-news", help="extract SPBE figures from saved news articles (CSV to stdout)", formatter_class=formatter)
    extract_cli.add_arguments(news)
    news.set_defaults(func=extract_cli.run)

    review = sub.add_parser(
        "review",
        help="list news figures held for review; accept or reject one (applied by the next pipeline run)",
        formatter_class=formatter,
    )
    from spbe.index.review import add_arguments as review_arguments

    review_arguments(review)
    review.set_defaults(func=cmd_review)

    lampiran = sub.add_parser("parse-lampiran", help="read a saved decree lampiran (PDF or HTML) offline (CSV to stdout)")
    lampiran_cli.add_arguments(lampiran)
    lampiran.set_defaults(func=lampiran_cli.run)

    for name, module, summary in (
        ("locate-decree", locate_cli, "find a year's decree on the JDIH portal by its number and year (JSON to stdout)"),
        ("ingest-file", ingest_file, "load a result file dropped by hand (a full table, or an analyst's CSV) as published_by_body"),
    ):  # commands whose module carries its own arguments and, in its docstring's second paragraph, its description
        command = sub.add_parser(name, help=summary, description=module.__doc__.split("\n\n")[1], formatter_class=formatter)
        module.add_arguments(command)
        command.set_defaults(func=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (CliError, WarehouseUrlError, SchemaDriftError, planner_cli.PlannerInputError) as exc:
        print(f"spbe {args.command}: {exc}", file=sys.stderr)
        return 2
    except sa.exc.SQLAlchemyError as exc:
        # A database that is down or refuses us: the driver's first line says why; no traceback.
        where = f"{WAREHOUSE_URL_ENV}={redact_url(warehouse_url_from_env())}"
        print(f"spbe {args.command}: cannot use the warehouse {where}: {str(exc).strip().splitlines()[0]}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `spbe extract-news ... | head`: the reader left; that is not an error of ours. Point
        # stdout at devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
