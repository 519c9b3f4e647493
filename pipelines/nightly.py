"""The nightly schedule: a run of `refresh_all` when an input changed, a visible skip when none did.

The evaluation runs in the code server, where the Definitions are already loaded, so a night with
nothing new costs the conditional requests and the index's fingerprint, not a Dagster run (starting
a run worker and importing the Definitions again is most of a no-change run). What is checked and
by which rule is `spbe.nightly`; this module only reads what it needs from the Dagster instance and
the resources. Every asset of the job must be covered by a check, or the night runs: a new source
without one is never skipped by mistake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import dagster as dg

from assets.resources import SourcesResource, WarehouseResource
from schemas.views import VIEWS
from spbe import nightly
from spbe.domain.calendar import Calendar
from spbe.infra.warehouse import Warehouse
from spbe.sources.levels.ingest import levels_dir
from spbe.sources.official.fetch import download_official_year, manual_drop_dir

REGISTRY_TAG = "spbe/registry_sha256"
CHECK_TAG = "spbe/nightly_check"
# The BI views: their only inputs are tables other assets write and their own SQL, which the code check covers.
CODE_ONLY = frozenset(view.name for view in VIEWS)
PROBED = ("official_results", "news_figures", "body_results", "indicator_levels", "spbe_index")
HTTP_TIMEOUT_S = 15.0  # per request within the check (the run's own requests keep their longer limit)


def _last_metadata(instance: dg.DagsterInstance, key: str, partition: str | None = None) -> dict:
    records = instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=dg.AssetKey(key), asset_partitions=[partition] if partition else None), limit=1
    ).records
    materialization = records[0].asset_materialization if records else None
    return {k: v.value for k, v in materialization.metadata.items()} if materialization else {}


def uncovered(job: dg.JobDefinition) -> list[str]:
    """Assets of the job no check covers (a new source, say): their presence makes every night run."""
    return sorted(name for name in (key.to_user_string() for key in job.asset_layer.executable_asset_keys)
                  if name not in PROBED and name not in CODE_ONLY)


def _last_run(instance: dg.DagsterInstance, job: str, registry_sha: str) -> nightly.Finding:
    runs = instance.get_runs(filters=dg.RunsFilter(job_name=job), limit=1)
    run = runs[0] if runs else None
    return nightly.last_run_finding(job, run.status.value if run else None, run.tags.get(REGISTRY_TAG) if run else None, registry_sha)


def _code(instance: dg.DagsterInstance, job: dg.JobDefinition) -> nightly.Finding:
    keys = list(job.asset_layer.executable_asset_keys)
    graph = job.asset_layer.asset_graph
    last = instance.get_latest_materialization_code_versions(keys)
    return nightly.code_finding({k.to_user_string(): graph.get(k).code_version for k in keys},
                                {k.to_user_string(): v for k, v in last.items()})


def probes(context: dg.ScheduleEvaluationContext, job: dg.JobDefinition, years: list[str], sources: SourcesResource,
           wh: Warehouse, client, registry_sha: str) -> dict[str, Callable[[], nightly.Finding]]:
    """What the check asks, cheapest first (it stops at the first change)."""
    instance, registry, now = context.instance, sources.registry(), dt.datetime.now(dt.UTC)
    missing = uncovered(job)
    found: dict[str, Callable[[], nightly.Finding]] = {}
    if missing:
        found["unchecked"] = lambda: nightly.Finding("assets", True, f"no no-change check for {', '.join(missing)}")
    found["last run"] = partial(_last_run, instance, job.name, registry_sha)
    found["code"] = partial(_code, instance, job)
    calendar = Calendar().learn(registry.entries("official"))
    official_version = job.asset_layer.asset_graph.get(dg.AssetKey("official_results")).code_version

    def official(year: str) -> nightly.Finding:
        return nightly.official_year_finding(
            int(year), today=now.date(), calendar=calendar, code_version=official_version,
            download=partial(download_official_year, int(year), registry=registry, client=client, manual_dir=sources.manual_drop_path()),
            last=_last_metadata(instance, "official_results", year),
            held_rows=partial(wh.count, "spbe_official_result", {"year": int(year)}),
        )

    for year in years:
        found[f"official {year}"] = partial(official, year)
    found["published_by_body"] = partial(nightly.body_files_finding, wh, manual_drop_dir(sources.manual_drop_path()))
    found["indicator levels"] = partial(nightly.levels_finding, wh, levels_dir(sources.manual_drop_path()), now, sources.source_mode)
    index_version = job.asset_layer.asset_graph.get(dg.AssetKey("spbe_index")).code_version
    found["spbe_index"] = lambda: nightly.index_finding(
        wh, last_code_version=_last_metadata(instance, "spbe_index").get("code_version"), code_version=index_version)
    found["news"] = lambda: nightly.news_finding(registry, client, wh.news_seen_urls())
    return found


def check_inputs(context: dg.ScheduleEvaluationContext, job: dg.JobDefinition, years: list[str], sources: SourcesResource,
                 warehouse: WarehouseResource) -> tuple[nightly.NightlyCheck, str | None]:
    """The check, and the registry's fingerprint (None when the registry does not load: the run reports that)."""
    try:
        registry_sha = nightly.registry_fingerprint(sources.registry())
    except Exception as exc:  # noqa: BLE001 - the run's resource reports the registry's fault in one line
        return nightly.NightlyCheck([nightly.Finding("registry", True, f"does not load: {exc}")]), None
    deadline, wh = nightly.Deadline(), Warehouse(warehouse.url)
    try:
        with sources.client(total_timeout_s=HTTP_TIMEOUT_S, max_retries=1) as client:
            bounded = deadline.bounded(client)  # past the budget every request fails, and a failed check asks for a run
            return nightly.check_all(probes(context, job, years, sources, wh, bounded, registry_sha)), registry_sha
    finally:
        wh.dispose()
