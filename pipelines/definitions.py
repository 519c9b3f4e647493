"""The code location: every asset, check, job, schedule and resource of the SPBE warehouse."""

import dagster as dg

from assets.news.figures import news_figures
from assets.official.results import official_results
from assets.release.data_release import data_release
from assets.warehouse.spbe_index import spbe_index
from pipelines.refresh_news import nightly_news_refresh, refresh_news_job
from pipelines.refresh_official_results import nightly_official_refresh, refresh_official_results_job
from pipelines.resources import default_resources

defs = dg.Definitions(
    assets=[official_results, news_figures, spbe_index, data_release],
    jobs=[refresh_official_results_job, refresh_news_job],
    schedules=[nightly_official_refresh, nightly_news_refresh],
    resources=default_resources(),
)
