"""The jobs and the schedule. Every run, scheduled or by hand, runs one of these jobs.

- `refresh_all`: every source (and the indicator levels bodies dropped), then spbe_index once, then the views, in ONE run (not the data
  release, which is cut on purpose: `spbe release` or materialize `data_release`). The nightly
  schedule runs it for the current and the previous evaluation year when its check finds an input
  changed, and otherwise skips the tick saying what it checked (pipelines/nightly.py); the demo runs
  it for 2018-2026. Work whose inputs did not change is skipped inside the assets (see their metadata).
- `refresh_official_results`: the official decrees of the selected years and what is built from
  them (not the data release either); for backfilling a range of years without touching the news.
- No job cuts a release: `spbe release` or materializing `data_release` by hand is the only way.
"""

from __future__ import annotations

import datetime as dt

import dagster as dg

from assets.levels.indicator_levels import indicator_levels
from assets.resources import SourcesResource, WarehouseResource
from assets.sources import source_assets
from assets.sources.official.results import official_results
from pipelines.failures import say_why
from pipelines.nightly import CHECK_TAG, REGISTRY_TAG, check_inputs
from spbe.domain.calendar import JAKARTA  # one zone for the schedule and the future-year checks

# Dagster's run tags for a single run over a range of partitions (what a single-run backfill sets).
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"

refresh_all_job = dg.define_asset_job(
    "refresh_all",
    # A data release is a deliberate act (a version people cite), not a nightly side effect.
    selection=dg.AssetSelection.assets(*source_assets(), indicator_levels).downstream() - dg.AssetSelection.groups("release"),
    description="Every source (official decrees for the selected years, new news articles), then spbe_index once, "
    "then the BI views, in one run. Unchanged decrees are not parsed again; an unchanged spbe_index is not rebuilt.",
    hooks={say_why},
)

refresh_official_results_job = dg.define_asset_job(
    "refresh_official_results",
    # Not the release either: a backfill of old years is no more a reason to cut a version than a night is.
    selection=dg.AssetSelection.assets(official_results).downstream() - dg.AssetSelection.groups("release"),
    description="Fetch, validate and load official results for the selected evaluation year(s), then rebuild spbe_index and the views.",
    hooks={say_why},
)


def years_to_refresh(now: dt.datetime) -> list[str]:
    """The current and the previous evaluation year: results for year N appear in Dec N / Jan N+1."""
    year = now.astimezone(JAKARTA).year
    return [str(year - 1), str(year)]


def range_tags(first: str, last: str) -> dict[str, str]:
    return {RANGE_START_TAG: first, RANGE_END_TAG: last}


@dg.schedule(
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Jakarta",
    job=refresh_all_job,
    # Off until someone turns it on: the default source mode is live, and a fresh checkout must not
    # start knocking on publishers' doors at 02:00.
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Nightly at 02:00 WIB: the current and the previous evaluation year, new news, then spbe_index, in one run, "
    "when an input changed since the last run (decrees, feeds, drop folders, the registry, the code); otherwise a skip "
    "naming what was checked (pipelines/nightly.py).",
)
def nightly_refresh(context: dg.ScheduleEvaluationContext, sources: SourcesResource, warehouse: WarehouseResource):
    scheduled = context.scheduled_execution_time or dt.datetime.now(dt.UTC)
    first, last = years_to_refresh(scheduled)
    tags = range_tags(first, last)
    job = context.repository_def.get_job(refresh_all_job.name)
    check, registry_sha = check_inputs(context, job, [first, last], sources, warehouse)
    context.log.info(check.summary())
    if not check.changed:
        return dg.SkipReason(check.summary())
    if registry_sha:
        tags[REGISTRY_TAG] = registry_sha
    tags[CHECK_TAG] = check.summary()[:1000]
    return dg.RunRequest(run_key=f"{scheduled:%Y-%m-%d}", tags=tags)
