"""Thin Dagster wrappers around the core in `spbe/`, one folder per source."""

import warnings

import dagster as dg

# Single-run backfills (a range of years in one run) need `backfill_policy`, which Dagster marks
# beta. We use it on purpose, so its BetaWarning is silenced once here rather than on every load.
warnings.filterwarnings("ignore", message=r"Parameter `backfill_policy`", category=dg.BetaWarning)
# Checks that judge one year each (official_results) declare the asset's partitions, so each result
# shows on its year in the UI; Dagster marks a partitioned AssetCheckSpec preview.
warnings.filterwarnings("ignore", message=r"Specifying a partitions_def on an AssetCheckSpec", category=dg.PreviewWarning)
