"""The one validation path of the assets, and the shape of the check results they publish.

Validation is lazy and happens here, in the asset layer: every Pandera failure of a frame is
collected into one table of failure cases. Both of Pandera's error types are caught: in pandera
0.35 `SchemaError` (raised by an eager `validate`) is not a subclass of `SchemaErrors` (raised by a
lazy one), so catching only the second lets the first escape as a crash instead of a failed check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import dagster as dg
import pandas as pd
import pandera.errors

from spbe.infra.markdown import markdown_table

PANDERA_ERRORS = (pandera.errors.SchemaError, pandera.errors.SchemaErrors)
FAILURE_COLUMNS = ["schema_context", "column", "check", "failure_case", "index"]
T = TypeVar("T")


def failure_cases(exc: pandera.errors.SchemaError | pandera.errors.SchemaErrors) -> pd.DataFrame:
    """Pandera's failure cases as one frame, whichever of the two error types was raised."""
    if isinstance(exc, pandera.errors.SchemaErrors):
        return exc.failure_cases.reset_index(drop=True)
    cases = exc.failure_cases
    if not isinstance(cases, pd.DataFrame):  # a scalar: the check failed for the frame as a whole
        cases = pd.DataFrame({"failure_case": [cases], "index": [None]})
    cases = cases.reset_index(drop=True).copy()
    cases["schema_context"] = type(exc.schema).__name__ if exc.schema is not None else None
    cases["column"] = getattr(exc.schema, "name", None)
    cases["check"] = str(exc.check) if exc.check is not None else str(exc).splitlines()[0]
    return cases[[c for c in FAILURE_COLUMNS if c in cases]]


def validate(model, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the validated frame, no failures) or (the frame as given, its failure cases)."""
    return guarded(lambda: model.validate(frame, lazy=True), fallback=frame)


def guarded(build: Callable[[], T], *, fallback: T) -> tuple[T, pd.DataFrame]:
    """Run `build` (a core function that may still validate eagerly): a Pandera error becomes failure cases."""
    try:
        return build(), pd.DataFrame()
    except PANDERA_ERRORS as exc:
        return fallback, failure_cases(exc)


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
