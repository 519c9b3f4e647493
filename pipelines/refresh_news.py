"""The news refresh: discover and extract new articles, then rebuild spbe_index with them."""

from __future__ import annotations

import dagster as dg

from assets.news.figures import news_figures
from assets.warehouse.spbe_index import spbe_index

refresh_news_job = dg.define_asset_job(
    "refresh_news",
    selection=dg.AssetSelection.assets(news_figures, spbe_index),
    description="Fetch only articles not seen before, extract SPBE figures, reconcile them into spbe_index.",
)

nightly_news_refresh = dg.ScheduleDefinition(
    name="nightly_news_refresh",
    cron_schedule="30 2 * * *",
    execution_timezone="Asia/Jakarta",
    job=refresh_news_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Nightly at 02:30 WIB, after the official refresh: new news articles only.",
)
