"""The nightly schedule: a run of `refresh_all` when an input changed, a visible skip when none did.

The evaluation runs in the code server, where the Definitions are already loaded, so a night with
nothing new costs the conditional requests and the index's fingerprint, not a Dagster run (starting
a run worker and importing the Definitions again is most of a no-change run). What is checked and
by which rule is `spbe.nightly`; each asset declares its check next to itself (`assets/nightly.py`,
`@nightly_check`); this module asks the job-wide questions (the latest run, the code) and then each
declared check. Every asset of the job must declare one, or the night runs: a new source without
one is never skipped by mistake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import dagster as dg

from assets.nightly import CHECKS, CheckInputs
from assets.resources import SourcesResource, WarehouseResource
from spbe import nightly
from spbe.infra.warehouse import Warehouse

REGISTRY_TAG = "spbe/registry_sha256"
CHECK_TAG = "spbe/nightly_check"
HTTP_TIMEOUT_S = 15.0  # per request within the check (the run's own requests keep their longer limit)


def uncovered(job: dg.JobDefinition) -> list[str]:
    """Assets of the job that declare no check (a new source, say): their presence makes every night run."""
    return sorted(name for name in (key.to_user_string() for key in job.asset_layer.executable_asset_keys) if name not in CHECKS)


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


def probes(context: dg.ScheduleEvaluationContext, job: dg.JobDefinition, inputs: CheckInputs,
           registry_sha: str) -> dict[str, Callable[[], object]]:
    """What the check asks: the job's latest run and the code, then each asset's declared check (once
    for assets that share one), cheapest first (it stops at the first change)."""
    found: dict[str, Callable[[], object]] = {}
    missing = uncovered(job)
    if missing:
        found["assets"] = lambda: nightly.Finding("assets", True, f"no no-change check declared for {', '.join(missing)}")
    found["last run"] = partial(_last_run, context.instance, job.name, registry_sha)
    found["code"] = partial(_code, context.instance, job)
    declared = {CHECKS[key.to_user_string()] for key in job.asset_layer.executable_asset_keys if key.to_user_string() in CHECKS}
    for entry in sorted(declared, key=lambda d: (d.order, d.label)):
        found[entry.label] = partial(entry.check, inputs)
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
            # Past the budget every request fails, and a failed check asks for a run.
            inputs = CheckInputs(context.instance, sources, wh, deadline.bounded(client), tuple(years), dt.datetime.now(dt.UTC))
            return nightly.check_all(probes(context, job, inputs, registry_sha)), registry_sha
    finally:
        wh.dispose()
