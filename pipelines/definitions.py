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

EXECUTOR_ENV = "SPBE_EXECUTOR"


def executor() -> dg.ExecutorDefinition | None:
    """SPBE_EXECUTOR=k8s: every step a Kubernetes Job (dagster-k8s, the `k8s` extra; see deploy/k8s/).
    Unset: Dagster's default (steps in processes of the run's worker, or in process by run config)."""
    if os.environ.get(EXECUTOR_ENV) == "k8s":
        from dagster_k8s import k8s_job_executor

        return k8s_job_executor
    return None


defs = dg.Definitions(
    assets=dg.load_assets_from_package_module(assets),
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
