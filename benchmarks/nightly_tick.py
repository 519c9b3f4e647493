"""The nightly as production runs it: a tick of the schedule `nightly_refresh`, evaluated by a code
server that has loaded the Definitions once, asked over gRPC the way dagster-daemon asks it
(`CodeLocation.get_schedule_execution_data`, what the daemon's scheduler calls), and a run only
when the tick asks for one.

    with CodeServer(env, home) as server:
        tick = server.tick()      # {"wall_s", "cpu_s", "run_requested", "message", "tags"}

The code server is started (`dagster code-server start -m pipelines.definitions`) and stopped by
its PID. Its start (importing Dagster and the Definitions) is paid once per deployment, not per
night: it is reported apart (`start_s`).
"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.memory import tree_cpu_s  # noqa: E402
from pipelines.stack import LOCATION_NAME, free_port, stop_pid, wait_serving  # noqa: E402

SCHEDULE = "nightly_refresh"


class CodeServer:
    def __init__(self, env: dict[str, str], home: Path, timeout_s: float = 300) -> None:
        self.env, self.home, self.timeout_s = env, Path(home), timeout_s
        self.port, self.proc, self.start_s = free_port(), None, None
        self._context = self._instance = None

    def __enter__(self) -> CodeServer:
        import dagster as dg
        from dagster._core.workspace.context import WorkspaceProcessContext
        from dagster._core.workspace.load_target import WorkspaceFileTarget

        workspace = self.home / "benchmark_workspace.yaml"
        workspace.write_text(yaml.safe_dump({"load_from": [{"grpc_server": {"host": "127.0.0.1", "port": self.port,
                                                                             "location_name": LOCATION_NAME}}]}))
        log = (self.home / "benchmark_code_server.log").open("ab")
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("dagster")), "code-server", "start", "-m", "pipelines.definitions", "-d", str(ROOT),
             "-h", "127.0.0.1", "-p", str(self.port), "--location-name", LOCATION_NAME],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            self._wait_serving()
            self.start_s = round(time.perf_counter() - started, 2)
            self._instance = dg.DagsterInstance.from_config(str(self.home))
            self._context = WorkspaceProcessContext(self._instance, WorkspaceFileTarget([str(workspace)])).__enter__()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_serving(self) -> None:
        def alive() -> None:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the code server exited with {self.proc.returncode}; see {self.home / 'benchmark_code_server.log'}")

        if not wait_serving(self.port, self.timeout_s, alive):
            raise RuntimeError(f"the code server did not serve within {self.timeout_s:.0f} s")

    def tick(self, when: dt.datetime | None = None) -> dict:
        """One evaluation of the schedule, as the daemon asks for it; wall and the code server's CPU."""
        from dagster._core.definitions.timestamp import TimestampWithTimezone

        when = when or dt.datetime.now(dt.UTC)
        location = self._context.create_request_context().get_code_location(LOCATION_NAME)
        (repository,) = location.get_repositories().values()
        cpu, started = tree_cpu_s(self.proc.pid), time.perf_counter()
        data = location.get_schedule_execution_data(
            instance=self._instance, repository_handle=repository.handle, schedule_name=SCHEDULE,
            scheduled_execution_time=TimestampWithTimezone(when.timestamp(), "Asia/Jakarta"), log_key=None)
        wall = time.perf_counter() - started
        cpu = tree_cpu_s(self.proc.pid) - cpu
        if data.run_requests is None and data.skip_message is None:
            raise RuntimeError(f"the tick failed: {data}")
        requests = list(data.run_requests or [])
        return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 2), "run_requested": bool(requests),
                "message": data.skip_message or (requests[0].tags.get("spbe/nightly_check", "") if requests else ""),
                "tags": dict(requests[0].tags) if requests else {}}

    def __exit__(self, *exc) -> None:
        if self._context is not None:
            self._context.__exit__(None, None, None)
        if self._instance is not None:
            self._instance.dispose()
        if self.proc is not None:
            stop_pid(self.proc.pid, signal.SIGTERM)
