"""The shape of the check results the assets publish.

Validation itself is `schemas.validate`: lazy, and it turns both of Pandera's error types into one
table of failure cases (in pandera 0.35 `SchemaError` is not a subclass of `SchemaErrors`, so
catching only the second would let the first escape as a crash instead of a failed check).
"""

from __future__ import annotations

import dagster as dg
import pandas as pd

from spbe.infra.markdown import markdown_table


def failure_metadata(failures: pd.DataFrame, *, label: str, columns: list[str] | None = None) -> dict:
    """`<label>_count` and `<label>_sample` (the first 20 rows as a table): what every check reports."""
    sample = failures[[c for c in columns if c in failures]] if columns and not failures.empty else failures
    return {
        f"{label}_count": dg.MetadataValue.int(len(failures)),
        f"{label}_sample": dg.MetadataValue.md(markdown_table(sample, limit=20)),
    }


def validation_check(check_name: str, failures: pd.DataFrame, **extra) -> dg.AssetCheckResult:
    """A blocking schema check: passed when there are no failure cases; they are the metadata otherwise."""
    return dg.AssetCheckResult(
        check_name=check_name,
        passed=failures.empty,
        metadata={**failure_metadata(failures, label="failure_cases"), **extra},
    )


def all_failures(*validations) -> pd.DataFrame:
    """The failure cases of several `schemas.validate` results, as one table."""
    # As object columns: failure cases mix values of every type, and pandas deprecates guessing a
    # dtype past all-NA columns (FutureWarning).
    cases = [v.failure_cases.astype(object) for v in validations if not v.failure_cases.empty]
    return pd.concat(cases, ignore_index=True) if cases else pd.DataFrame()
