"""The official-results refresh: the job that loads years, and the nightly schedule that runs it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from assets.official.results import official_results
from assets.warehouse.spbe_index import spbe_index

JAKARTA = ZoneInfo("Asia/Jakarta")

refresh_official_results_job = dg.define_asset_job(
    "refresh_official_results",
    selection=dg.AssetSelection.assets(official_results, spbe_index),
    description="Fetch, validate and load official results for the selected evaluation year(s), then rebuild spbe_index.",
)


def years_to_refresh(now: dt.datetime) -> list[str]:
    """The current and the previous evaluation year: results for year N appear in Dec N / Jan N+1."""
    year = now.astimezone(JAKARTA).year
    return [str(year - 1), str(year)]


@dg.schedule(
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Jakarta",
    job=refresh_official_results_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Nightly at 02:00 WIB: refresh the current and the previous evaluation year.",
)
def nightly_official_refresh(context: dg.ScheduleEvaluationContext):
    scheduled = context.scheduled_execution_time or dt.datetime.now(dt.UTC)
    for key in years_to_refresh(scheduled):
        yield dg.RunRequest(run_key=f"{scheduled:%Y-%m-%d}-{key}", partition_key=key)
