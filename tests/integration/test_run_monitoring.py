"""A run whose worker is killed does not stay STARTED: the instance's run monitoring marks it failed."""

import shutil
import textwrap
from pathlib import Path

import dagster as dg
import pytest
from dagster._daemon.monitoring import run_monitoring

from tests.paths import REPO_ROOT
from tests.processes import kill, start_until_marker

HANGING_RUN = textwrap.dedent(
    """
    import pathlib, sys, time
    import dagster as dg

    marker = pathlib.Path(sys.argv[1])

    @dg.asset
    def stuck():
        marker.write_text("started")
        time.sleep(600)

    dg.materialize([stuck], instance=dg.DagsterInstance.get())
    """
)


def killed_run(home: Path, tmp_path: Path) -> str:
    marker = tmp_path / "marker"
    kill(start_until_marker(HANGING_RUN, [str(marker)], marker, env={"DAGSTER_HOME": str(home)}, cwd=tmp_path))
    with dg.DagsterInstance.from_config(str(home)) as instance:
        (run,) = instance.get_runs()
        assert run.status == dg.DagsterRunStatus.STARTED  # what the issue saw: a dead run, still "started"
        return run.run_id


@pytest.mark.parametrize("config", ["deploy/local/dagster.yaml", "deploy/dagster.yaml"])
def test_instance_configs_enable_run_monitoring_with_a_runtime_cap(config):
    import yaml

    settings = yaml.safe_load((REPO_ROOT / config).read_text())["run_monitoring"]
    assert settings["enabled"] is True and settings["max_runtime_seconds"] > 0


def test_a_killed_run_is_marked_failed_by_the_monitoring_daemon(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "deploy" / "local" / "dagster.yaml", home / "dagster.yaml")
    run_id = killed_run(home, tmp_path)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert instance.run_monitoring_enabled
        cap = instance.run_monitoring_max_runtime_seconds
        record = instance.get_run_record_by_id(run_id)
        # The daemon's own check, as it runs once the cap has passed (the clock is moved, not waited for).
        monkeypatch.setattr(run_monitoring, "get_current_timestamp", lambda: record.start_time + cap + 1)
        run_monitoring.monitor_started_run(instance, None, record, dg.get_dagster_logger())
        assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.FAILURE
