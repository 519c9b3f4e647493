"""`spbe`: the project's command line (mirror, demo, summary, news extraction)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from spbe.news import extract_cli
from spbe.registry import MIRROR_URL_ENV, SOURCE_MODE_ENV
from spbe.warehouse import WAREHOUSE_URL_ENV, Warehouse, redact_url, warehouse_url_from_env

DEFAULT_MIRROR_DIR = Path("data/mirror")
PROJECT_ROOT = Path(__file__).resolve().parents[1]


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME, defaulting to .dagster/ in the checkout with the repo's dagster.yaml."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster").resolve()
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def materialize_command(first_year: int, last_year: int) -> list[str]:
    """The Dagster CLI backfill the README documents: one run for the whole range of years."""
    return [
        str(Path(sys.executable).with_name("dagster")),
        "asset",
        "materialize",
        "-m",
        "pipelines.definitions",
        "--select",
        "official_results,news_figures,spbe_index",
        "--partition-range",
        f"{first_year}...{last_year}",
        # In-process execution: one process instead of one per step (~3 s instead of ~11 s).
        "--config-json",
        '{"execution": {"config": {"in_process": {}}}}',
    ]


def cmd_mirror_generate(args: argparse.Namespace) -> int:
    from spbe.mirror.documents import write_mirror

    out = write_mirror(Path(args.out))
    print(f"mirror written to {out}")
    return 0


def cmd_mirror_serve(args: argparse.Namespace) -> int:
    import time

    from spbe.mirror.server import serve_mirror

    root = Path(args.root)
    if not root.exists():
        print(f"no mirror at {root}; run `spbe mirror generate` first", file=sys.stderr)
        return 2
    with serve_mirror(root, host="127.0.0.1", port=args.port) as server:
        print(f"serving {root} at {server.base_url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from spbe.mirror.documents import write_mirror
    from spbe.mirror.server import serve_mirror

    mirror_dir = Path(args.mirror)
    if not (mirror_dir / "MANIFEST.json").exists():
        print(f"generating the synthetic mirror in {mirror_dir} ...", flush=True)
        write_mirror(mirror_dir)
    ensure_dagster_home()
    with serve_mirror(mirror_dir, host="127.0.0.1", port=0) as server:
        env = {**os.environ, SOURCE_MODE_ENV: "mirror", MIRROR_URL_ENV: server.base_url}
        env.setdefault(WAREHOUSE_URL_ENV, warehouse_url_from_env())
        print(f"mirror at {server.base_url}; warehouse {redact_url(env[WAREHOUSE_URL_ENV])}", flush=True)
        cmd = materialize_command(args.first_year, args.last_year)
        print("$ " + " ".join(cmd[1:]), flush=True)
        proc = subprocess.run(cmd, env=env, cwd=PROJECT_ROOT, capture_output=not args.verbose, text=True)
    if proc.returncode != 0:
        if not args.verbose:
            sys.stderr.write((proc.stdout or "")[-4000:] + (proc.stderr or "")[-8000:])
        print(f"dagster run failed (exit {proc.returncode}); the warehouse keeps its previous contents", file=sys.stderr)
        return proc.returncode
    return cmd_summary(args)


def summarize(warehouse: Warehouse, top: int = 5) -> str:
    index = warehouse.read("spbe_index")
    if index.empty:
        return "spbe_index is empty"
    lines = ["rows per evaluation year in spbe_index:"]
    for (year, source), n in index.groupby(["year", "source"]).size().items():
        lines.append(f"  {year}  {n:4d}  ({source})")
    latest = int(index.loc[index["yoy_delta"].notna(), "year"].max())
    moves = index[(index["year"] == latest) & index["yoy_delta"].notna()].copy()
    moves["label"] = moves["instansi_name"] + moves["province_name"].map(lambda p: f" ({p})" if isinstance(p, str) else "")

    def block(title: str, frame: pd.DataFrame) -> None:
        lines.append(title)
        for row in frame.itertuples():
            lines.append(f"  {row.yoy_delta:+.2f}  {row.index_value:.2f}  {row.label}")

    block(f"biggest risers {latest - 1}->{latest}:", moves.nlargest(top, "yoy_delta"))
    block(f"biggest fallers {latest - 1}->{latest}:", moves.nsmallest(top, "yoy_delta"))
    figures = warehouse.read("spbe_news_figure")
    if not figures.empty:
        kinds = ", ".join(f"{n} {k}" for k, n in figures.groupby("kind").size().items())
        targets = warehouse.read("spbe_target")
        known = targets["attained"].notna()
        lines += [
            f"news: {warehouse.count('spbe_news_article')} articles, {len(figures)} figures ({kinds})",
            f"  {int((index['source'] == 'news').sum())} spbe_index rows filled from news where the decree has none",
            f"  {warehouse.count('spbe_source_conflict')} conflicts between news and the decree (spbe_source_conflict)",
            f"  {len(targets)} targets, {int(known.sum())} with a result: {int(targets.loc[known, 'attained'].astype(bool).sum())} attained",
        ]
    return "\n".join(lines)


def cmd_summary(args: argparse.Namespace) -> int:
    warehouse = Warehouse(warehouse_url_from_env())
    warehouse.ensure_schema()
    print(summarize(warehouse))
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from spbe.dictionary import write_dictionary

    print(f"wrote {write_dictionary()}")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from spbe.release.build import ReleaseError, build_release

    url = warehouse_url_from_env()
    database = sa.engine.make_url(url).database
    if url.startswith("sqlite") and database and database != ":memory:" and not Path(database).exists():
        print(f"spbe release: no warehouse at {database} (set {WAREHOUSE_URL_ENV} or run `spbe demo`)", file=sys.stderr)
        return 2
    warehouse = Warehouse(url)
    try:
        result = build_release(warehouse, Path(args.out))
    except (ReleaseError, ValueError, OSError) as exc:
        print(f"spbe release: {exc}", file=sys.stderr)
        return 2
    except sa.exc.SQLAlchemyError as exc:
        print(f"spbe release: cannot read the warehouse {redact_url(url)}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    finally:
        warehouse.dispose()
    if not result.created:
        print(f"{result.path}: unchanged (the same data was released before; checksums verified)")
        return 0
    since = f"since {result.previous}" if result.previous else "first release in this directory"
    print(f"{result.path}: new release {result.version}{' (SYNTHETIC data)' if result.meta.synthetic else ''}")
    for change in result.changes:
        if change.any and result.previous:
            print(f"  {change.name}: +{len(change.added)} ~{len(change.changed)} -{len(change.removed)}")
    print(f"  {sum(result.rows.values())} rows in {len(result.rows)} tables and views; {since}; see CHANGES.md")
    return 0


def cmd_bi_role(args: argparse.Namespace) -> int:
    from spbe.bi_role import BI_PASSWORD_ENV, create_readonly_role

    password = os.environ.get(BI_PASSWORD_ENV)
    if not password:
        print(f"set {BI_PASSWORD_ENV} to the password the BI role should have", file=sys.stderr)
        return 2
    warehouse = Warehouse(warehouse_url_from_env())
    warehouse.ensure_schema()
    create_readonly_role(warehouse.engine, args.role, password)
    print(f"read-only role {args.role!r} ready on {redact_url(warehouse.url)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="spbe", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    mirror = sub.add_parser("mirror", help="the synthetic local mirror of the publishers").add_subparsers(dest="action", required=True)
    gen = mirror.add_parser("generate", help="write the mirror's documents")
    gen.add_argument("--out", default=str(DEFAULT_MIRROR_DIR))
    gen.set_defaults(func=cmd_mirror_generate)
    serve = mirror.add_parser("serve", help="serve the mirror on 127.0.0.1")
    serve.add_argument("--root", default=str(DEFAULT_MIRROR_DIR))
    serve.add_argument("--port", type=int, default=8765)
    serve.set_defaults(func=cmd_mirror_serve)

    demo = sub.add_parser("demo", help="build the warehouse from the local mirror through Dagster, then summarise")
    demo.add_argument("--mirror", default=str(DEFAULT_MIRROR_DIR))
    demo.add_argument("--first-year", type=int, default=2018)
    demo.add_argument("--last-year", type=int, default=2025)
    demo.add_argument("--verbose", action="store_true", help="show Dagster's own output")
    demo.set_defaults(func=cmd_demo)

    summary = sub.add_parser("summary", help="rows per year and the biggest risers and fallers")
    summary.set_defaults(func=cmd_summary)

    docs = sub.add_parser("docs", help="regenerate docs/data_dictionary.md from the schemas")
    docs.set_defaults(func=cmd_docs)

    release = sub.add_parser("release", help="write a versioned data release (CSV, Parquet, datapackage.json, report) to DIR/spbe-<version>/")
    release.add_argument("--out", default="data/releases", help="directory holding the releases (default: %(default)s)")
    release.set_defaults(func=cmd_release)

    bi = sub.add_parser("bi-role", help="create or update a read-only PostgreSQL role for BI tools")
    bi.add_argument("--role", default="spbe_reader")
    bi.set_defaults(func=cmd_bi_role)

    news = sub.add_parser("extract-news", help="extract SPBE figures from saved news articles (CSV to stdout)")
    extract_cli.add_arguments(news)
    news.set_defaults(func=extract_cli.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        # `spbe extract-news ... | head`: the reader left; that is not an error of ours. Point
        # stdout at devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
