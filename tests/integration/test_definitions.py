"""The code location loads cleanly, describes every asset fully, and the nightly schedule asks for
the right years in one run of the defined job."""

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


def test_nightly_schedule_refreshes_current_and_previous_year_in_one_run():
    from pipelines.definitions import defs

    (schedule,) = defs.schedules
    assert schedule.name == "nightly_refresh" and schedule.job_name == "refresh_all"
    assert schedule.cron_schedule == "0 2 * * *" and schedule.execution_timezone == "Asia/Jakarta"
    # Stopped until someone turns it on: the default source mode is live.
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    # 02:00 WIB on 5 Jan 2026 is still 4 Jan in UTC: the years follow Jakarta's calendar.
    when = dt.datetime(2026, 1, 4, 19, 0, tzinfo=dt.UTC)
    # A fresh instance has no earlier run, so the tick asks for one (the check that skips a night with
    # nothing new is tests/integration/test_nightly_schedule.py).
    from pipelines.resources import default_resources

    with dg.instance_for_test() as instance, dg.build_schedule_context(
        instance=instance, scheduled_execution_time=when, repository_def=defs.get_repository_def(), resources=default_resources()
    ) as context:
        (request,) = schedule.evaluate_tick(context).run_requests
    assert request.tags["dagster/asset_partition_range_start"] == "2025"
    assert request.tags["dagster/asset_partition_range_end"] == "2026"


def test_the_nightly_job_covers_every_source_then_the_index_and_views():
    from pipelines.definitions import defs

    job = defs.resolve_job_def("refresh_all")
    keys = {k.to_user_string() for k in job.asset_layer.executable_asset_keys}
    assert {"official_results", "news_figures", "body_results", "spbe_index", "v_spbe_latest", "v_spbe_targets"} <= keys
    assert "data_release" not in keys  # a release is cut on purpose, not every night
    backfill = {k.to_user_string() for k in defs.resolve_job_def("refresh_official_results").asset_layer.executable_asset_keys}
    assert "official_results" in backfill and "spbe_index" in backfill and "news_figures" not in backfill
    # No job cuts a release: a backfill of old years is not a reason for a new version either.
    for job_def in defs.resolve_all_job_defs():
        keys = {k.to_user_string() for k in job_def.asset_layer.executable_asset_keys}
        assert job_def.name.startswith("__") or "data_release" not in keys, job_def.name


def test_every_asset_has_owners_code_version_and_column_schema():
    from pipelines.definitions import defs

    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        name = key.to_user_string()
        assert node.owners, name
        assert node.code_version, name
        if name == "data_release":
            continue  # a directory of files, not a table: its tables carry their schemas in datapackage.json
        schema = node.metadata.get("dagster/column_schema")
        assert isinstance(schema, dg.TableSchema) and schema.columns, name
    index = graph.get(dg.AssetKey("spbe_index"))
    assert {c.name for c in index.metadata["dagster/column_schema"].columns} >= {"instansi_id", "year", "index_value"}
    assert {p.to_user_string() for p in index.parent_keys} == {"official_results", "news_figures", "body_results"}
    assert {p.to_user_string() for p in graph.get(dg.AssetKey("v_spbe_yoy")).parent_keys} == {"spbe_index"}


def test_years_are_partitions_from_2018_to_the_current_year():
    from assets.partitions import evaluation_years

    keys = evaluation_years.get_partition_keys(current_time=dt.datetime(2026, 11, 22))
    assert keys[0] == "2018" and keys[-1] == "2026"
