"""Running the defined jobs from this checkout: the local Dagster instance and a run that reports
its progress as it happens (used by `python -m mirror demo` and the benchmark)."""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

import dagster as dg

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LOCAL_INSTANCE_CONFIG = PROJECT_ROOT / "deploy" / "local" / "dagster.yaml"
# One process instead of one per step (~3 s instead of ~11 s for the demo); Dagster's own console
# lines are left out: the progress printer below reports what matters while the run goes on.
RUN_CONFIG = {"execution": {"config": {"in_process": {}}}, "loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
TOKEN_TAG = "spbe/launch_token"


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME, defaulting to .dagster/ in the checkout, with the local instance config
    (kept under deploy/local/ so that no dagster.yaml sits in the directory `dagster dev` runs in)."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster").resolve()
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copy(LOCAL_INSTANCE_CONFIG, home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)
    return home


class _Progress(threading.Thread):
    """Prints the run's own log lines (per year, per site) and step failures while the run goes on."""

    def __init__(self, instance: dg.DagsterInstance, token: str, out: Callable[[str], None]) -> None:
        super().__init__(daemon=True)
        self.instance, self.token, self.out = instance, token, out
        self.finished = threading.Event()
        self.run_id: str | None = None
        self.cursor: str | None = None

    def run(self) -> None:
        while True:
            done = self.finished.is_set()  # read before draining, so the last events are never lost
            self.drain()
            if done:
                return
            self.finished.wait(0.3)

    def drain(self) -> None:
        if self.run_id is None:
            runs = self.instance.get_runs(filters=dg.RunsFilter(tags={TOKEN_TAG: self.token}), limit=1)
            if not runs:
                return
            self.run_id = runs[0].run_id
            self.out(f"run {self.run_id} of job {runs[0].job_name}")
        connection = self.instance.get_records_for_run(self.run_id, cursor=self.cursor)
        self.cursor = connection.cursor
        for record in connection.records:
            self.report(record.event_log_entry)

    def report(self, entry) -> None:
        event = entry.dagster_event
        if event is None:
            if entry.step_key:
                self.out(f"  {entry.user_message}")
        elif event.event_type == dg.DagsterEventType.STEP_FAILURE:
            error = event.step_failure_data.error
            self.out(f"  {entry.step_key} FAILED: {error.message.strip().splitlines()[0] if error else entry.message}")
        elif event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION and not event.event_specific_data.passed:
            data = event.event_specific_data
            self.out(f"  check {data.asset_key.to_user_string()}:{data.check_name} did not pass ({data.severity.value})")


# A run executed in this process is never re-executed: run retries are the daemon's, and the local
# instance config enables them for `make dev`. Without this tag a failed demo run would say
# will_retry=true and never be retried.
NO_RETRY_TAGS = {"dagster/max_retries": "0"}


def execute_refresh_all(
    first_year: int, last_year: int, *, out: Callable[[str], None] = print, tags: dict[str, str] | None = None
) -> dg.JobExecutionResult:
    """Run the `refresh_all` job for a range of evaluation years, in one run, in this process."""
    from pipelines.definitions import refresh_all
    from pipelines.jobs import range_tags

    instance = dg.DagsterInstance.get()
    token = uuid.uuid4().hex
    progress = _Progress(instance, token, out)
    progress.start()
    try:
        return dg.execute_job(
            dg.reconstructable(refresh_all),
            instance=instance,
            run_config=RUN_CONFIG,
            tags={**range_tags(str(first_year), str(last_year)), TOKEN_TAG: token, **NO_RETRY_TAGS, **(tags or {})},
        )
    finally:
        progress.finished.set()
        progress.join(timeout=30)
