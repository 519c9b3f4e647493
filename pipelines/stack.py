"""The production deployment on one machine: PostgreSQL for the warehouse and the Dagster instance,
the instance configured by deploy/dagster.yaml (run, event and schedule storage, the queued run
coordinator, pools, run retries, run monitoring), a code server and the Dagster daemon.

Each process is started here, in a session of its own, and stopped by its PID (SIGTERM to its
process group, SIGKILL after a grace period): nothing is found or killed by name. Runs are submitted
with `dagster job launch`, which hands them to the queued run coordinator; the daemon dequeues them
and the code server starts each run in a worker process of its own (Dagster's default run launcher).
Used by `python -m mirror demo-postgres` and by the tests of the deployment.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_INSTANCE_CONFIG = PROJECT_ROOT / "deploy" / "dagster.yaml"
START_POSTGRES = PROJECT_ROOT / "scripts" / "start_test_postgres.sh"
LOCATION_NAME = "spbe"
# The variables deploy/dagster.yaml reads the instance database from.
DAGSTER_PG_ENV = ("DAGSTER_PG_HOST", "DAGSTER_PG_PORT", "DAGSTER_PG_USER", "DAGSTER_PG_PASSWORD", "DAGSTER_PG_DB")


class StackError(RuntimeError):
    """A process of the deployment did not start or a run did not finish: one line, with the log to read."""


# -- PostgreSQL ------------------------------------------------------------------------------------


@dataclass
class Postgres:
    """A PostgreSQL server: `admin_url` reaches its maintenance database; `pid` is the postmaster's
    when this process started the server (and so must stop it), None for a server someone else runs."""

    admin_url: str
    pid: int | None = None

    def create_database(self, name: str) -> str:
        """A fresh, empty database `name` (dropped first if it exists); its URL."""
        admin = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
        return sa.engine.make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def stop(self) -> None:
        """Fast shutdown (SIGINT to the postmaster) of a server this process started."""
        if self.pid is not None:
            stop_pid(self.pid, signal.SIGINT, group=False, grace_s=60)
            self.pid = None


def start_postgres(port: int, data_dir: Path) -> Postgres:
    """A private cluster on 127.0.0.1:`port` in `data_dir`, by the script CI uses (it installs Debian's
    postgresql when missing and fails loudly when the server does not answer)."""
    env = {**os.environ, "SPBE_PG_PORT": str(port), "SPBE_PG_DIR": str(data_dir)}
    proc = subprocess.run([str(START_POSTGRES)], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise StackError(f"PostgreSQL did not start on 127.0.0.1:{port} ({START_POSTGRES.name}): {proc.stderr.strip()[-500:]}")
    pid = int((data_dir / "postmaster.pid").read_text().split()[0])
    return Postgres(proc.stdout.strip().splitlines()[-1], pid)


def instance_env(instance_url: str) -> dict[str, str]:
    """The DAGSTER_PG_* variables deploy/dagster.yaml reads, for the database `instance_url` names."""
    url = sa.engine.make_url(instance_url)
    values = (url.host or "127.0.0.1", str(url.port or 5432), url.username or "postgres", url.password or "", url.database or "")
    return dict(zip(DAGSTER_PG_ENV, values, strict=True))


# -- processes -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_pid(pid: int, sig: int = signal.SIGTERM, *, group: bool = True, grace_s: float = 20) -> None:
    """Signal `pid` (its process group when `group`: the code server's own gRPC child and the run
    workers it started go with it), wait up to `grace_s`, then SIGKILL what is left."""
    send = os.killpg if group else os.kill
    with contextlib.suppress(ProcessLookupError):
        send(pid, sig)
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                break
        if not pid_alive(pid):
            break
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        send(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def wait_serving(port: int, timeout_s: float, check_alive: Callable[[], None]) -> bool:
    """Whether a gRPC server on 127.0.0.1:`port` answered its health check as SERVING within `timeout_s`
    (`check_alive` raises when the process serving it died meanwhile)."""
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        check_alive()
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            try:
                status = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=2).status
                if status == health_pb2.HealthCheckResponse.SERVING:
                    return True
            except grpc.RpcError:
                pass
        time.sleep(0.2)
    return False


def _deep_merge(base: dict, override: Mapping) -> dict:
    out = dict(base)
    for key, value in override.items():
        out[key] = _deep_merge(out[key], value) if isinstance(value, Mapping) and isinstance(out.get(key), dict) else value
    return out


@dataclass
class Stack:
    """DAGSTER_HOME with deploy/dagster.yaml (plus `overrides`, e.g. shorter polling for tests), a code
    server on a free port and the daemon, as a context manager that stops both by PID on exit."""

    home: Path
    env: dict[str, str]  # what the code server, the daemon and the runs need (DAGSTER_PG_*, SPBE_*)
    overrides: Mapping = field(default_factory=dict)
    port: int = 0
    pids: dict[str, int] = field(default_factory=dict)
    _procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    _args: dict[str, list[str]] = field(default_factory=dict)

    @property
    def workspace(self) -> Path:
        return self.home / "workspace.yaml"

    @property
    def logs(self) -> Path:
        # Beside DAGSTER_HOME, not in it: Dagster empties $DAGSTER_HOME/logs (its telemetry folder)
        # when telemetry is off, and with it our processes' logs.
        return self.home.with_name(f"{self.home.name}-logs")

    def log(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    def process_env(self) -> dict[str, str]:
        return {**os.environ, **self.env, "DAGSTER_HOME": str(self.home), "PYTHONUNBUFFERED": "1"}

    def write_config(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(parents=True, exist_ok=True)
        config = _deep_merge(yaml.safe_load(PRODUCTION_INSTANCE_CONFIG.read_text(encoding="utf-8")), self.overrides)
        (self.home / "dagster.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        self.port = self.port or free_port()
        workspace = {"load_from": [{"grpc_server": {"host": "127.0.0.1", "port": self.port, "location_name": LOCATION_NAME}}]}
        self.workspace.write_text(yaml.safe_dump(workspace), encoding="utf-8")

    def _spawn(self, name: str, args: list[str]) -> None:
        self._args[name] = args
        with self.log(name).open("ab") as log:
            proc = subprocess.Popen(args, cwd=PROJECT_ROOT, env=self.process_env(), stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        self._procs[name], self.pids[name] = proc, proc.pid

    def _bin(self, name: str) -> str:
        return str(Path(sys.executable).with_name(name))

    def start(self, timeout_s: float = 180) -> Stack:
        self.write_config()
        self._spawn("code-server", [self._bin("dagster"), "code-server", "start", "-m", "pipelines.definitions",
                                    "-d", str(PROJECT_ROOT), "-h", "127.0.0.1", "-p", str(self.port),
                                    "--location-name", LOCATION_NAME])
        self._spawn("daemon", [self._bin("dagster-daemon"), "run", "-w", str(self.workspace)])
        self.wait_for_code_server(timeout_s)
        return self

    def check_alive(self) -> None:
        for name, proc in self._procs.items():
            if proc.poll() is not None:
                tail = self.log(name).read_text(errors="replace")[-1500:]
                raise StackError(f"{name} (pid {proc.pid}) exited with {proc.returncode}; {self.log(name)} ends:\n{tail}")

    def wait_for_code_server(self, timeout_s: float) -> None:
        """Until the code server answers gRPC health checks as SERVING (the Definitions are loaded)."""
        if not wait_serving(self.port, timeout_s, self.check_alive):
            raise StackError(f"the code server did not answer on 127.0.0.1:{self.port} within {timeout_s:.0f} s; see {self.log('code-server')}")

    def launch(self, job: str, *, tags: Mapping[str, str] | None = None, run_config: Mapping | None = None) -> str:
        """Submit a run of `job` to the instance's run queue (`dagster job launch`); its run id."""
        run_id = str(uuid.uuid4())
        args = [self._bin("dagster"), "job", "launch", "-w", str(self.workspace), "-j", job, "--run-id", run_id,
                "--tags", json.dumps(dict(tags or {})), "--config-json", json.dumps(dict(run_config or {}))]
        proc = subprocess.run(args, cwd=PROJECT_ROOT, env=self.process_env(), capture_output=True, text=True)
        if proc.returncode != 0:
            raise StackError(f"dagster job launch {job} failed: {(proc.stderr or proc.stdout).strip()[-1500:]}")
        return run_id

    def crash_code_server(self, timeout_s: float = 180) -> None:
        """SIGKILL the code server with everything it started (its gRPC server, run workers), as a
        reboot or the OOM killer would, then start it again on the same port."""
        stop_pid(self.pids.pop("code-server"), signal.SIGKILL, grace_s=5)
        self._procs.pop("code-server", None)
        self._spawn("code-server", self._args["code-server"])
        self.wait_for_code_server(timeout_s)

    def stop(self) -> None:
        """The daemon first (no new run is dequeued), then the code server and what it started."""
        for name in ("daemon", "code-server"):
            if name in self.pids:
                stop_pid(self.pids.pop(name))
                self._procs.pop(name, None)

    def __enter__(self) -> Stack:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()


def final_run(instance, run_id: str):
    """The run that decides how `run_id` ended: its latest automatic retry, if the daemon made one."""
    import dagster as dg

    retries = instance.get_runs(filters=dg.RunsFilter(tags={"dagster/root_run_id": run_id}))
    return max(retries, key=lambda run: int(run.tags.get("dagster/retry_number", "0"))) if retries else instance.get_run_by_id(run_id)


def wait_for_run(stack: Stack, instance, run_id: str, *, timeout_s: float = 1800, follow_retries: bool = True):
    """Until `run_id` (and, with `follow_retries`, every automatic retry of it) has finished; the final run."""
    deadline = time.monotonic() + timeout_s
    while True:
        stack.check_alive()
        run = final_run(instance, run_id) if follow_retries else instance.get_run_by_id(run_id)
        # A failed run the daemon will retry carries dagster/will_retry=true: wait for the retry. The
        # instance sets that tag just after the status, so a failure without it yet is waited on too.
        will_retry = run.tags.get("dagster/will_retry", "true" if instance.run_retries_enabled else "false") if run else "false"
        retry_due = follow_retries and run is not None and run.status.value == "FAILURE" and will_retry == "true"
        if run is not None and run.is_finished and not retry_due:
            return run
        if time.monotonic() > deadline:
            raise StackError(f"run {run_id} did not finish within {timeout_s:.0f} s (status {run.status.value if run else 'unknown'})")
        time.sleep(0.5)


@contextlib.contextmanager
def production_instance(home: Path, env: Mapping[str, str]) -> Iterator:
    """The deployment's Dagster instance, opened in this process (to follow runs)."""
    import dagster as dg

    saved = {name: os.environ.get(name) for name in DAGSTER_PG_ENV}
    os.environ.update({name: env[name] for name in DAGSTER_PG_ENV})
    try:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            yield instance
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
