"""Shared shape of the validation check results the assets publish."""

from __future__ import annotations

import dagster as dg
import pandas as pd

from spbe.infra.markdown import markdown_table


def failure_metadata(failures: pd.DataFrame, *, label: str, columns: list[str] | None = None) -> dict:
    sample = failures[columns] if columns else failures
    return {
        f"{label}_count": dg.MetadataValue.int(len(failures)),
        f"{label}_sample": dg.MetadataValue.md(markdown_table(sample, limit=20)),
    }
