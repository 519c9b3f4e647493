"""The shape of the check results the assets publish.

Validation itself is `schemas.validate`: lazy, and it turns both of Pandera's error types into one
table of failure cases (in pandera 0.35 `SchemaError` is not a subclass of `SchemaErrors`, so
catching only the second would let the first escape as a crash instead of a failed check).
"""

from __future__ import annotations

from collections.abc import Iterator

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



# (partition key, the check's result for that partition)
PartitionCheck = tuple[str, dg.AssetCheckResult]


def on_partition(asset: dg.AssetsDefinition, partition: str, result: dg.AssetCheckResult, target=None) -> dg.AssetCheckEvaluation:
    """A check result attached to one partition of the asset it judges (and to that partition's
    materialization, `target`, when one was stored).

    Dagster attaches a partition to an `AssetCheckResult` only in a run of one partition; a single-run
    backfill covers a range of years in one step, so each year's result is built here with its year.
    """
    spec = next(s for s in asset.check_specs if s.name == result.check_name)
    return dg.AssetCheckEvaluation(
        asset_key=spec.asset_key, check_name=spec.name, passed=result.passed, metadata=result.metadata,
        severity=result.severity, description=result.description, blocking=spec.blocking, partition=partition,
        target_materialization_data=target,
    )


def before_failure(context: dg.AssetExecutionContext, checks: list[PartitionCheck]) -> Iterator[dg.AssetCheckEvaluation]:
    """Each partition's evaluations when nothing is materialized (the step fails after them)."""
    for partition, result in checks:
        yield on_partition(context.assets_def, partition, result)


def after_materialization(context: dg.AssetExecutionContext, checks: list[PartitionCheck]) -> Iterator:
    """Each partition's evaluations pointing at the materialization of that partition this step just
    stored (yield them after the MaterializeResult), then the check outputs the step must emit."""
    # Not exported by `dagster`, though AssetCheckEvaluation (which is) takes it; Dagster's own
    # AssetCheckResult path builds it the same way, from the partition's latest materialization.
    from dagster._core.definitions.asset_checks.asset_check_evaluation import AssetCheckEvaluationTargetMaterializationData

    targets = {}
    for partition in {p for p, _ in checks}:
        records = context.instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=context.asset_key, asset_partitions=[partition]), limit=1).records
        if records and records[0].run_id == context.run.run_id:
            targets[partition] = AssetCheckEvaluationTargetMaterializationData(
                storage_id=records[0].storage_id, run_id=records[0].run_id, timestamp=records[0].timestamp)
    for partition, result in checks:
        yield on_partition(context.assets_def, partition, result, targets.get(partition))
    for output_name in context.assets_def.check_specs_by_output_name:
        yield dg.Output(None, output_name=output_name)
