"""Thin Dagster wrappers around the core in `spbe/`, one folder per source."""

import warnings

import dagster as dg

# Single-run backfills (a range of years in one run) need `backfill_policy`, which Dagster marks
# beta. We use it on purpose, so its BetaWarning is silenced once here rather than on every load.
warnings.filterwarnings("ignore", message=r"Parameter `backfill_policy`", category=dg.BetaWarning)
