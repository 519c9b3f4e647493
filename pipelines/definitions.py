"""The code location: every asset, check, job, schedule and resource of the SPBE warehouse.

Assets are found by walking the `assets` package, so a new source (a folder under
`assets/sources/`) or a new view needs no edit here.
"""

import gc
import os

import dagster as dg

import assets
from pipelines.jobs import nightly_refresh, refresh_all_job, refresh_official_results_job
from pipelines.resources import default_resources
from spbe.infra.registry import SOURCE_MODE_ENV

SYNTHETIC_LABEL = "SYNTHETIC (this code location reads the demo mirror: not official results). "


def labelled(loaded: list) -> list:
    """In mirror mode every asset's description opens with SYNTHETIC, so nobody browsing the UI takes
    the demo's tables for official results (each materialization also says so: metadata 'synthetic')."""
    if os.environ.get(SOURCE_MODE_ENV) != "mirror":
        return loaded
    return [
        a.map_asset_specs(lambda spec: spec.replace_attributes(description=SYNTHETIC_LABEL + (spec.description or "")))
        if isinstance(a, dg.AssetsDefinition) else a
        for a in loaded
    ]


EXECUTOR_ENV = "SPBE_EXECUTOR"


def executor() -> dg.ExecutorDefinition | None:
    """SPBE_EXECUTOR=k8s: every step a Kubernetes Job (dagster-k8s, the `k8s` extra; see deploy/k8s/).
    Unset: Dagster's default (steps in processes of the run's worker, or in process by run config)."""
    if os.environ.get(EXECUTOR_ENV) == "k8s":
        from dagster_k8s import k8s_job_executor

        return k8s_job_executor
    return None


defs = dg.Definitions(
    assets=labelled(dg.load_assets_from_package_module(assets)),
    jobs=[refresh_all_job, refresh_official_results_job],
    schedules=[nightly_refresh],
    resources=default_resources(),
    executor=executor(),
)

# Everything loaded so far (Dagster, pandas, the gazetteer, the Definitions) lives as long as the
# process, so the garbage collector need never walk it again. Without this, the interpreter's final
# collection alone took about 1 s at the end of every run (measured on the benchmark's no-change
# nightly: 6.7 s -> 5.8 s wall, most of it the exit), and each full collection during a run paid for
# it too. Only objects that exist now are frozen; what a run allocates is collected as usual.
gc.freeze()


def refresh_all() -> dg.JobDefinition:
    """The nightly job, for `dg.reconstructable` (the demo and the benchmark run it in-process)."""
    return defs.resolve_job_def(refresh_all_job.name)
