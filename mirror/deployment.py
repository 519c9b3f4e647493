"""`python -m mirror demo-postgres` (`make demo-postgres`): the demo on the production deployment.

PostgreSQL holds the warehouse and the Dagster instance (deploy/dagster.yaml: run, event and schedule
storage, the queued run coordinator, pools, retries, run monitoring); `dagster-daemon` and a code
server run as processes of their own; `refresh_all` is submitted to the run queue, dequeued by the
daemon and run by the code server in a worker process, exactly as a scheduled night would be. The
summary is `make demo`'s, including the digest of spbe_index, which must be the same.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
import uuid
from pathlib import Path

from mirror.demo_run import mirror_env, ocr_summary
from mirror.server import serve_mirror
from pipelines.local import RUN_CONFIG, TOKEN_TAG, _Progress
from pipelines.resources import HTTP_CACHE_DIR_ENV
from pipelines.stack import Postgres, Stack, instance_env, production_instance, start_postgres, wait_for_run
from spbe.infra.warehouse import WAREHOUSE_URL_ENV, redact_url

DEFAULT_PG_PORT = 55433
DEFAULT_PG_DIR = "/tmp/spbe-demo-pg"


def open_postgres(admin_url: str | None) -> Postgres:
    if admin_url:
        return Postgres(admin_url)
    port, data_dir = int(os.environ.get("SPBE_PG_PORT", DEFAULT_PG_PORT)), Path(os.environ.get("SPBE_PG_DIR", DEFAULT_PG_DIR))
    print(f"starting PostgreSQL on 127.0.0.1:{port} in {data_dir} ...", flush=True)
    return start_postgres(port, data_dir)


def deployment_env(base_url: str, mirror_dir: Path, warehouse_url: str, instance_url: str, cache_dir: Path) -> dict[str, str]:
    """What the code server and its runs need: the mirror, the warehouse, the HTTP cache and the
    instance database (the DAGSTER_PG_* variables deploy/dagster.yaml reads)."""
    return {**mirror_env(base_url, mirror_dir), WAREHOUSE_URL_ENV: warehouse_url, HTTP_CACHE_DIR_ENV: str(cache_dir),
            **instance_env(instance_url)}


RUN_STATES = {"PIPELINE_ENQUEUED": "QUEUED (in the run queue)", "PIPELINE_STARTING": "STARTING (dequeued by the daemon)",
              "PIPELINE_START": "STARTED (in a worker process of the code server)", "PIPELINE_SUCCESS": "SUCCESS",
              "PIPELINE_FAILURE": "FAILURE", "PIPELINE_CANCELED": "CANCELED"}


def follow(stack: Stack, instance, run_id: str, token: str, timeout_s: float = 3600):
    """Print the run's way through the queue (from its events, so a state passed between two polls
    is still shown) and its own log lines until it (and any retry of it) has finished."""
    import dagster as dg

    progress = _Progress(instance, token, lambda line: print(line, flush=True))
    progress.start()
    cursor = None
    try:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            records = instance.get_records_for_run(run_id, cursor=cursor, of_type=set(map(dg.DagsterEventType, RUN_STATES)))
            cursor = records.cursor
            for record in records.records:
                print(f"  run {run_id[:8]}: {RUN_STATES[record.event_log_entry.dagster_event.event_type_value]}", flush=True)
            run = instance.get_run_by_id(run_id)
            if run is not None and run.is_finished and not records.records:
                break
            stack.check_alive()
            time.sleep(0.5)
        return wait_for_run(stack, instance, run_id, timeout_s=max(deadline - time.monotonic(), 1))
    finally:
        progress.finished.set()
        progress.join(timeout=30)


def demo_postgres(args: argparse.Namespace, mirror_dir: Path) -> int:
    from pipelines.jobs import range_tags
    from spbe.cli import summarize
    from spbe.infra.warehouse import Warehouse

    workdir = Path(args.workdir).resolve()
    home, cache = workdir / "dagster_home", workdir / "http_cache"
    for path in (home, cache, Stack(home, {}).logs):  # a fresh deployment each time, like `make demo` on a fresh clone
        shutil.rmtree(path, ignore_errors=True)
    postgres = open_postgres(args.postgres_url)
    try:
        warehouse_url = postgres.create_database("spbe_demo_warehouse")
        instance_url = postgres.create_database("spbe_demo_dagster")
        with serve_mirror(mirror_dir, host="127.0.0.1", port=0) as server:
            env = deployment_env(server.base_url, mirror_dir, warehouse_url, instance_url, cache)
            print(f"synthetic mirror at {server.base_url}; warehouse {redact_url(warehouse_url)}; "
                  f"Dagster instance {redact_url(instance_url)} (deploy/dagster.yaml)", flush=True)
            with Stack(home, env) as stack, production_instance(home, env) as instance:
                print(f"code server pid {stack.pids['code-server']} on 127.0.0.1:{stack.port}; dagster-daemon pid {stack.pids['daemon']}; "
                      f"logs in {stack.logs}", flush=True)
                token = uuid.uuid4().hex
                run_id = stack.launch("refresh_all", tags={**range_tags(str(args.first_year), str(args.last_year)), TOKEN_TAG: token},
                                      run_config=RUN_CONFIG)
                print(f"job refresh_all, evaluation years {args.first_year}-{args.last_year}: run {run_id} submitted to the queue", flush=True)
                run = follow(stack, instance, run_id, token)
                summary = ocr_summary(instance)
            print("code server and daemon stopped", flush=True)
        if run.status.value != "SUCCESS":
            print(f"dagster run {run.run_id} ended {run.status.value}; the warehouse keeps its previous contents", file=sys.stderr)
            return 1
        warehouse = Warehouse(warehouse_url)
        try:
            print(summarize(warehouse))
        finally:
            warehouse.dispose()
        print(summary)
    finally:
        if postgres.pid is not None:
            print(f"stopping PostgreSQL (pid {postgres.pid})", flush=True)
        postgres.stop()
    return 0
