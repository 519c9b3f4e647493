"""The code location: every asset, check, job, schedule and resource of the SPBE warehouse."""

import dagster as dg

from assets.official.results import official_results
from assets.warehouse.spbe_index import spbe_index
from pipelines.refresh_official_results import nightly_official_refresh, refresh_official_results_job
from pipelines.resources import default_resources

defs = dg.Definitions(
    assets=[official_results, spbe_index],
    jobs=[refresh_official_results_job],
    schedules=[nightly_official_refresh],
    resources=default_resources(),
)
