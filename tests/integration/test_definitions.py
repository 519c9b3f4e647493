"""The code location loads cleanly and the nightly schedule asks for the right years."""

import datetime as dt
import subprocess
import sys

import dagster as dg

from tests.paths import REPO_ROOT

ROOT = REPO_ROOT


def test_definitions_load_without_warnings():
    # A fresh interpreter with every warning turned into an error: deprecated or beta APIs fail here.
    code = "import warnings; warnings.simplefilter('error'); import pipelines.definitions as d; d.defs.resolve_asset_graph()"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_nightly_schedule_refreshes_current_and_previous_year():
    from pipelines.definitions import defs

    schedule = next(s for s in defs.schedules if s.name == "nightly_official_refresh")
    assert schedule.cron_schedule == "0 2 * * *" and schedule.execution_timezone == "Asia/Jakarta"
    # 02:00 WIB on 5 Jan 2026 is still 4 Jan in UTC: the years follow Jakarta's calendar.
    when = dt.datetime(2026, 1, 4, 19, 0, tzinfo=dt.UTC)
    context = dg.build_schedule_context(scheduled_execution_time=when, repository_def=defs.get_repository_def())
    requests = list(schedule.evaluate_tick(context).run_requests)
    assert sorted(r.partition_key for r in requests) == ["2025", "2026"]
    assert len({r.run_key for r in requests}) == 2


def test_years_are_partitions_from_2018_to_the_current_year():
    from assets.partitions import evaluation_years

    keys = evaluation_years.get_partition_keys(current_time=dt.datetime(2026, 11, 22))
    assert keys[0] == "2018" and keys[-1] == "2026"
