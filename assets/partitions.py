"""Evaluation-year partitions, 2018 to the current year (Dagster has no yearly class)."""

import dagster as dg

from schemas.vocab import FIRST_EVALUATION_YEAR

evaluation_years = dg.TimeWindowPartitionsDefinition(
    start=str(FIRST_EVALUATION_YEAR),
    fmt="%Y",
    cron_schedule="0 0 1 1 *",
    timezone="Asia/Jakarta",
    # end_offset=1 opens the current year's partition on 1 January, before its results exist,
    # so the nightly refresh can pick them up the day they are published.
    end_offset=1,
)
