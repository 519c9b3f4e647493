"""`python -m mirror`: generate or serve the synthetic mirror, or run the demo against it."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from mirror.documents import LAYOUT_VERSION, MANUAL_DROP_DIRNAME, write_mirror
from mirror.registry import OVERLAY
from mirror.server import serve_mirror
from spbe.cli import PROJECT_ROOT, cmd_summary, ensure_dagster_home
from spbe.domain.calendar import FIRST_EVALUATION_YEAR
from spbe.infra.registry import MIRROR_URL_ENV, REGISTRY_OVERLAY_ENV, SOURCE_MODE_ENV
from spbe.infra.warehouse import WAREHOUSE_URL_ENV, WarehouseUrlError, check_warehouse_url, redact_url, warehouse_url_from_env
from spbe.sources.official.fetch import MANUAL_DROP_ENV

DEFAULT_MIRROR_DIR = Path("data/mirror")


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


def _mirror_is_current(mirror_dir: Path) -> bool:
    try:
        manifest = json.loads((mirror_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return manifest.get("layout") == LAYOUT_VERSION


def mirror_env(base_url: str, mirror_dir: Path) -> dict[str, str]:
    """What a run against the mirror needs: mirror mode, the mirror's registry overlay (its fictional
    news sites) and its manual-drop folder (the synthetic 2025 file)."""
    return {
        SOURCE_MODE_ENV: "mirror",
        MIRROR_URL_ENV: base_url,
        REGISTRY_OVERLAY_ENV: str(OVERLAY),
        MANUAL_DROP_ENV: str((mirror_dir / MANUAL_DROP_DIRNAME).resolve()),
    }


def cmd_demo(args: argparse.Namespace) -> int:
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
        env = {**os.environ, **mirror_env(server.base_url, mirror_dir)}
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m mirror", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write the mirror's documents")
    gen.add_argument("--out", default=str(DEFAULT_MIRROR_DIR), help="output directory (default: %(default)s)")
    gen.set_defaults(func=cmd_generate)
    serve = sub.add_parser("serve", help="serve the mirror on 127.0.0.1")
    serve.add_argument("--root", default=str(DEFAULT_MIRROR_DIR), help="mirror directory (default: %(default)s)")
    serve.add_argument("--port", type=int, default=8765, help="port (default: %(default)s)")
    serve.set_defaults(func=cmd_serve)
    demo = sub.add_parser("demo", help="build the warehouse from the local mirror through Dagster, then summarise")
    demo.add_argument("--mirror", default=str(DEFAULT_MIRROR_DIR), help="mirror directory (default: %(default)s)")
    demo.add_argument("--first-year", type=int, default=FIRST_EVALUATION_YEAR, help="first evaluation year (default: %(default)s)")
    demo.add_argument("--last-year", type=int, default=2025, help="last evaluation year (default: %(default)s)")
    demo.add_argument("--verbose", action="store_true", help="show Dagster's own output")
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
