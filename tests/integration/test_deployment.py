"""The production deployment on one machine, exercised end to end (issue 23).

PostgreSQL for the warehouse and the Dagster instance (deploy/dagster.yaml), dagster-daemon and a
code server as processes of their own, runs submitted to the queue: what `make demo-postgres` starts.
The module's deployment polls faster than production (the queue and run monitoring every second
instead of every 5 and 60 s, a dead run's pool slots freed after 2 s instead of 60 s) so that the
tests wait seconds, not minutes; everything else is
deploy/dagster.yaml as shipped. Years 2023-2026 only (text-layer decrees, the manual 2025 file and
the synthetic 2026 round): OCR has tests of its own.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid

import dagster as dg
import pytest

from mirror.deployment import deployment_env
from mirror.documents import write_mirror
from mirror.server import serve_mirror
from pipelines.jobs import range_tags
from pipelines.local import RUN_CONFIG
from pipelines.stack import Postgres, Stack, pid_alive, production_instance, wait_for_run
from spbe.index.rebuild import index_is_stale
from spbe.index.table import index_digest
from spbe.infra.registry import MIRROR_URL_ENV, SOURCE_MODE_ENV
from spbe.infra.warehouse import Warehouse
from tests.conftest import POSTGRES_ENV
from tests.paths import REPO_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
YEARS = (2023, 2024, 2025, 2026)
FAST_POLLING = {"run_coordinator": {"config": {"dequeue_interval_seconds": 1}},
                "run_monitoring": {"poll_interval_seconds": 1, "free_slots_after_run_end_seconds": 2}}
DIGEST_LINE = re.compile(r"spbe_index digest: sha256 ([0-9a-f]{16}) over (\d+) rows")


@pytest.fixture(scope="module")
def admin_url() -> str:
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"needs PostgreSQL: set {POSTGRES_ENV} (scripts/start_test_postgres.sh prints one)")
    return os.environ[POSTGRES_ENV]


@pytest.fixture(scope="module")
def mirror_dir(tmp_path_factory):
    return write_mirror(tmp_path_factory.mktemp("deploy") / "mirror", years=YEARS)


def _demo(command: str, mirror_dir, workdir, extra_env: dict[str, str], *args: str) -> str:
    env = {**os.environ, "DAGSTER_HOME": str(workdir / "home"), "SPBE_WAREHOUSE_URL": f"sqlite:///{workdir / 'warehouse.sqlite'}",
           "SPBE_HTTP_CACHE_DIR": str(workdir / "http_cache"), **extra_env}
    proc = subprocess.run([sys.executable, "-m", "mirror", command, "--mirror", str(mirror_dir), "--first-year", str(YEARS[0]),
                           "--last-year", str(YEARS[-1]), *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


@pytest.fixture(scope="module")
def demo_digest(mirror_dir, tmp_path_factory) -> tuple[str, int]:
    """What `make demo` (in process, SQLite) ends with for these years."""
    out = _demo("demo", mirror_dir, tmp_path_factory.mktemp("demo"), {})
    digest, rows = DIGEST_LINE.search(out).groups()
    return digest, int(rows)


class FaultyMirror:
    """The mirror served on 127.0.0.1 with faults on chosen paths: a request held until the test
    releases it (a publisher that hangs), or a 503 with Retry-After: 0 some number of times."""

    def __init__(self, server) -> None:
        self.faults: dict[str, list] = {}
        self.lock = threading.Lock()
        parent, faults = server.httpd.RequestHandlerClass, self

        class Handler(parent):
            def do_GET(self) -> None:  # noqa: N802
                fault = faults.take(self.path)
                if fault is None:
                    return super().do_GET()
                if fault[0] == "hold":
                    fault[1].wait(timeout=600)
                    return super().do_GET()
                body = b"503 Service Unavailable (injected)"
                self.send_response(503)
                self.send_header("Retry-After", "0")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        server.httpd.RequestHandlerClass = Handler

    def inject(self, path: str, kind: str, value: float | None = None) -> None:
        with self.lock:
            self.faults[path] = [kind, threading.Event() if kind == "hold" else value]

    def take(self, path: str):
        with self.lock:
            fault = self.faults.get(path)
            if fault is None:
                return None
            if fault[0] == "503":
                fault[1] -= 1
                if fault[1] <= 0:
                    del self.faults[path]
            return tuple(fault)

    def clear(self) -> None:
        """No more faults; held requests go on."""
        with self.lock:
            for kind, value in self.faults.values():
                if kind == "hold":
                    value.set()
            self.faults.clear()


def decree_path(mirror_dir, year: int) -> str:
    manifest = json.loads((mirror_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    return "/" + next(v["path"] for url, v in manifest["years"][str(year)]["urls"].items() if url.endswith(".pdf"))


class Deployment:
    def __init__(self, stack: Stack, instance, postgres: Postgres, faults: FaultyMirror, tmp) -> None:
        self.stack, self.instance, self.postgres, self.faults, self.tmp = stack, instance, postgres, faults, tmp

    def fresh_warehouse(self) -> tuple[str, dict]:
        """A new warehouse database (schema created, as an existing warehouse has it) and the run
        config that points a run at it, with an HTTP cache of its own."""
        url = self.postgres.create_database(f"spbe_dep_{uuid.uuid4().hex[:10]}")
        warehouse = Warehouse(url)
        warehouse.ensure_schema()
        warehouse.dispose()
        cache = self.tmp / f"cache-{uuid.uuid4().hex[:6]}"
        # Run config replaces a resource's whole config: what the code server reads from its
        # environment is named again (as `env`), the cache is this warehouse's own.
        sources = {"source_mode": {"env": SOURCE_MODE_ENV}, "mirror_url": {"env": MIRROR_URL_ENV}, "cache_dir": str(cache)}
        resources = {"warehouse": {"config": {"url": url}}, "sources": {"config": sources}}
        return url, {**RUN_CONFIG, "resources": resources}

    def launch(self, job: str, first: int, last: int, run_config: dict, **tags: str) -> str:
        return self.stack.launch(job, tags={**range_tags(str(first), str(last)), **tags}, run_config=run_config)

    def events(self, run_id: str, event_type: dg.DagsterEventType) -> list:
        return [r.event_log_entry for r in self.instance.get_records_for_run(run_id, of_type=event_type).records]


@pytest.fixture(scope="module")
def deployment(admin_url, mirror_dir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stack")
    postgres = Postgres(admin_url)
    instance_db = f"spbe_dagster_{uuid.uuid4().hex[:10]}"
    instance_url = postgres.create_database(instance_db)
    default_warehouse = postgres.create_database(f"{instance_db}_wh")
    with serve_mirror(mirror_dir) as server:
        faults = FaultyMirror(server)
        env = deployment_env(server.base_url, mirror_dir, default_warehouse, instance_url, tmp / "http_cache")
        with Stack(tmp / "home", env, overrides=FAST_POLLING) as stack, production_instance(stack.home, env) as instance:
            yield Deployment(stack, instance, postgres, faults, tmp)
    import sqlalchemy as sa

    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in conn.execute(sa.text("SELECT datname FROM pg_database WHERE datname LIKE 'spbe_dep_%' OR datname LIKE :x"),
                                 {"x": f"{instance_db}%"}).scalars().all():
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_demo_postgres_ends_with_the_same_spbe_index_as_the_demo_and_stops_what_it_started(admin_url, mirror_dir, demo_digest, tmp_path):
    out = _demo("demo-postgres", mirror_dir, tmp_path, {}, "--postgres-url", admin_url, "--workdir", str(tmp_path / "work"))
    assert "submitted to the queue" in out and ": QUEUED" in out and "dequeued by the daemon" in out and ": SUCCESS" in out, out[-3000:]
    digest, rows = DIGEST_LINE.search(out).groups()
    assert (digest, int(rows)) == demo_digest
    pids = [int(p) for p in re.search(r"code server pid (\d+) .*dagster-daemon pid (\d+)", out).groups()]
    assert not any(pid_alive(pid) for pid in pids)


def test_a_backfill_and_a_nightly_submitted_together_share_the_host_pool_and_the_last_index_has_both(deployment, mirror_dir, demo_digest):
    url, run_config = deployment.fresh_warehouse()
    # The backfill's decree is held until one run has waited for the host's pool, so the two runs
    # certainly meet there (whichever reaches the pool first, the other waits).
    deployment.faults.inject(decree_path(mirror_dir, 2023), "hold")
    backfill = deployment.launch("refresh_official_results", 2023, 2024, run_config)
    nightly = deployment.launch("refresh_all", 2025, 2026, run_config)
    deadline = time.monotonic() + 300
    while not (blocked := _pool_waits(deployment, backfill, nightly)) and time.monotonic() < deadline:
        deployment.stack.check_alive()
        time.sleep(0.5)
    deployment.faults.clear()
    assert blocked, "neither run waited for the host pool within 300 s"
    runs = [wait_for_run(deployment.stack, deployment.instance, run_id, timeout_s=600) for run_id in (backfill, nightly)]
    assert [run.status for run in runs] == [dg.DagsterRunStatus.SUCCESS] * 2
    # Both went through the queue: enqueued by `dagster job launch`, started by the daemon.
    for run_id in (backfill, nightly):
        assert deployment.events(run_id, dg.DagsterEventType.RUN_ENQUEUED) and deployment.events(run_id, dg.DagsterEventType.RUN_STARTING)
    # One official_results step at a time: their spans do not overlap, and one of them waited on the pool.
    spans = []
    for run_id in (backfill, nightly):
        start = [e.timestamp for e in deployment.events(run_id, dg.DagsterEventType.STEP_START) if e.step_key == "official_results"]
        end = [e.timestamp for e in deployment.events(run_id, dg.DagsterEventType.STEP_SUCCESS) if e.step_key == "official_results"]
        spans.append((start[0], end[0]))
    (a0, a1), (b0, b1) = sorted(spans)
    assert a1 <= b0, f"official_results ran in both runs at once: {spans}"
    assert {e.step_key for e in blocked} == {"official_results"}
    # The index written last was built from both runs' facts: the demo's index for 2023-2026.
    warehouse = Warehouse(url)
    try:
        assert not index_is_stale(warehouse)
        table = warehouse.read("spbe_index")
        assert (index_digest(table)[:16], len(table)) == demo_digest
    finally:
        warehouse.dispose()


def _pool_waits(deployment: Deployment, *run_ids: str) -> list:
    return [e for run_id in run_ids for e in deployment.events(run_id, dg.DagsterEventType.ENGINE_EVENT)
            if "blocked by limit for pool host_menpan_go_id" in (e.message or "")]


def _messages(error) -> str:
    """An error's message with those of its causes (Dagster wraps the step's own exception)."""
    parts = []
    while error is not None:
        parts.append(error.message)
        error = error.cause
    return " <- ".join(parts)


def _pool_holders(deployment: Deployment) -> set[str]:
    info = deployment.instance.event_log_storage.get_concurrency_info("host_menpan_go_id")
    return info.active_run_ids | {step.run_id for step in info.pending_steps}


def _worker_pid(deployment: Deployment, run_id: str, timeout_s: float = 300) -> int:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for entry in deployment.events(run_id, dg.DagsterEventType.ENGINE_EVENT):
            found = re.search(r"Started process for run \(pid: (\d+)\)", entry.message or "")
            if found:
                return int(found.group(1))
        deployment.stack.check_alive()
        time.sleep(0.3)
    raise AssertionError(f"run {run_id} never started a worker")


def test_a_killed_run_worker_is_marked_failed_by_run_monitoring(deployment, mirror_dir):
    _, run_config = deployment.fresh_warehouse()
    deployment.faults.inject(decree_path(mirror_dir, 2024), "hold")  # the run hangs on the publisher
    # The runtime cap is how the default run launcher's monitoring ends a run whose worker is gone
    # (deploy/dagster.yaml: max_runtime_seconds); this run's own cap is short. No automatic retry.
    run_id = deployment.launch("refresh_official_results", 2024, 2024, run_config,
                               **{"dagster/max_runtime_seconds": "45", "dagster/max_retries": "0"})
    worker = _worker_pid(deployment, run_id)
    deadline = time.monotonic() + 120
    while not deployment.events(run_id, dg.DagsterEventType.STEP_START):
        assert time.monotonic() < deadline, "the run never started its step"
        time.sleep(0.2)
    # The worker dies with the code server that started it (a reboot, the OOM killer): had the
    # code server lived, it would have reported the dead worker itself. Nobody is left to say so.
    deployment.stack.crash_code_server()
    assert not pid_alive(worker)
    assert deployment.instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.STARTED  # dead, and still "started"
    run = wait_for_run(deployment.stack, deployment.instance, run_id, timeout_s=180, follow_retries=False)
    deployment.faults.clear()
    assert run.status == dg.DagsterRunStatus.FAILURE
    messages = [e.message or "" for e in deployment.events(run_id, dg.DagsterEventType.RUN_FAILURE)]
    assert any("maximum runtime" in m or "forcibly marked as failed" in m for m in messages), messages
    # The dead run's claim on the host's pool is given back, or every later run of the host would wait forever.
    deadline = time.monotonic() + 60
    while run_id in _pool_holders(deployment):
        assert time.monotonic() < deadline, "the killed run still holds the host_menpan_go_id pool"
        time.sleep(0.5)


def test_a_transient_fault_fails_a_run_and_the_daemon_retries_it(deployment, mirror_dir):
    url, run_config = deployment.fresh_warehouse()
    # Five 503s: the HTTP client's own attempts (1 + max_retries 4) all fail, so the run fails;
    # the publisher is back by the time the daemon retries the run (deploy/dagster.yaml: run_retries).
    deployment.faults.inject(decree_path(mirror_dir, 2023), "503", 5)
    run_id = deployment.launch("refresh_official_results", 2023, 2023, run_config)
    final = wait_for_run(deployment.stack, deployment.instance, run_id, timeout_s=600)
    first = deployment.instance.get_run_by_id(run_id)
    assert first.status == dg.DagsterRunStatus.FAILURE
    failures = [_messages(e.dagster_event.step_failure_data.error) for e in deployment.events(run_id, dg.DagsterEventType.STEP_FAILURE)]
    assert any("HTTP 503" in m for m in failures), failures
    assert final.run_id != run_id and final.tags.get("dagster/parent_run_id") == run_id
    assert final.status == dg.DagsterRunStatus.SUCCESS
    warehouse = Warehouse(url)
    try:
        assert warehouse.count("spbe_official_result", {"year": 2023}) == json.loads(
            (mirror_dir / "MANIFEST.json").read_text())["years"]["2023"]["rows"]
    finally:
        warehouse.dispose()
