"""The warehouse table BI tools read: every result with deltas and ranks, rebuilt atomically,
together with the news reconciliation outputs (conflicts, targets).

Its inputs are whole warehouse tables, so a digest of them says whether anything changed: when the
digest and the code are those of the last materialization, the table is not rebuilt (the
materialization says so, and the checks judge the table as it stands).
"""

import datetime as dt
from dataclasses import dataclass

import dagster as dg
import pandas as pd

from assets.checks import all_failures, failure_metadata, validation_check
from assets.metadata import OWNERS, asset_metadata, code_version, last_metadata, preview
from assets.resources import SourcesResource, WarehouseResource
from assets.sources import source_asset_keys
from schemas import SourceConflict, SpbeIndex, Target, validate
from spbe.index.reconcile import build_targets, reconcile
from spbe.index.table import build_spbe_index, inputs_digest, row_changes
from spbe.infra.markdown import markdown_table
from spbe.infra.provenance import Build, with_provenance

PREVIEW_COLUMNS = ["year", "instansi_name", "index_value", "predikat", "yoy_delta", "rank_in_province", "rank_in_type", "source"]
CONFLICT_COLUMNS = ["instansi_name", "year", "reference_source", "reference_index_value", "news_index_value", "news_url"]
INPUT_TABLES = ("spbe_official_result", "spbe_news_figure")
CODE_VERSION = code_version(__name__, "spbe.index", "spbe.domain", "schemas")


@dataclass
class Rebuilt:
    table: pd.DataFrame
    conflicts: pd.DataFrame
    targets: pd.DataFrame


def _rebuild(inputs: dict[str, pd.DataFrame], previous: pd.DataFrame, loaded_at: dt.datetime) -> tuple[Rebuilt, pd.DataFrame]:
    """The three tables, validated lazily (the core builds plain frames), and every failure case."""
    reconciled = reconcile(inputs["spbe_official_result"], inputs["spbe_news_figure"])
    index = validate(SpbeIndex, build_spbe_index(reconciled.facts, loaded_at=loaded_at, previous=previous))
    conflicts = validate(SourceConflict, reconciled.conflicts)
    targets = validate(Target, build_targets(inputs["spbe_news_figure"], index.frame))
    return Rebuilt(index.frame, conflicts.frame, targets.frame), all_failures(index, conflicts, targets)


def _checks(schema_failures: pd.DataFrame, conflicts: pd.DataFrame, rows: int) -> list[dg.AssetCheckResult]:
    return [
        validation_check("schema_valid", schema_failures, rows=rows),
        dg.AssetCheckResult(
            check_name="sources_agree",
            passed=conflicts.empty,
            severity=dg.AssetCheckSeverity.WARN,
            metadata=failure_metadata(conflicts, label="conflicts", columns=CONFLICT_COLUMNS),
        ),
    ]


def _table_metadata(table: pd.DataFrame, conflicts: int, targets: int, digest: str) -> dict:
    per_year = table.groupby(["year", "source"]).size().rename("rows").reset_index() if not table.empty else table
    ranked = table.sort_values(["year", "rank_in_type"], ascending=[False, True]) if not table.empty else table
    return {
        "dagster/row_count": dg.MetadataValue.int(len(table)),
        "rows_per_year": dg.MetadataValue.md(markdown_table(per_year, limit=30)),
        "news_fills": dg.MetadataValue.int(int((table["source"] == "news").sum()) if not table.empty else 0),
        "conflicts": dg.MetadataValue.int(conflicts),
        "targets": dg.MetadataValue.int(targets),
        "preview": preview(ranked, PREVIEW_COLUMNS),
        "inputs_sha256": dg.MetadataValue.text(digest),
        "code_version": dg.MetadataValue.text(CODE_VERSION),
    }


@dg.asset(
    deps=source_asset_keys(),
    group_name="warehouse",
    kinds={"python", "sql"},
    owners=OWNERS,
    code_version=CODE_VERSION,
    metadata=asset_metadata("spbe_index"),
    check_specs=[
        dg.AssetCheckSpec(
            "schema_valid",
            asset="spbe_index",
            blocking=True,
            description="Pandera SpbeIndex on the rebuilt table before it replaces the old one.",
        ),
        dg.AssetCheckSpec(
            "sources_agree",
            asset="spbe_index",
            description="News figures that disagree with the official record beyond rounding (table spbe_source_conflict).",
        ),
    ],
    description="One row per instansi and evaluation year with deltas and competition ranks (spbe_index), "
    "plus spbe_source_conflict and spbe_target, all replaced in one transaction.",
)
def spbe_index(context: dg.AssetExecutionContext, warehouse: WarehouseResource, sources: SourcesResource):
    wh = warehouse.get()
    inputs = {name: wh.read(name) for name in INPUT_TABLES}
    previous = wh.read("spbe_index")
    digest = inputs_digest(*inputs.values())
    last = last_metadata(context)
    version = dg.DataVersion(f"{digest[:16]}-{CODE_VERSION}")
    if last.get("inputs_sha256") == digest and last.get("code_version") == CODE_VERSION and last.get("dagster/row_count") == len(previous):
        # Nothing upstream changed: judge the table as it stands instead of rebuilding it.
        failures = validate(SpbeIndex, previous).failure_cases
        conflicts = wh.read("spbe_source_conflict")
        reason = f"not rebuilt: {' and '.join(INPUT_TABLES)} unchanged (sha256 {digest[:12]}) and code unchanged"
        context.log.info(f"spbe_index: {reason}")
        yield dg.MaterializeResult(
            metadata={
                **_table_metadata(previous, len(conflicts), wh.count("spbe_target"), digest),
                "rows_changed": 0, "rows_added": 0, "rows_removed": 0, "skipped": reason,
            },
            data_version=version,
            check_results=_checks(failures, conflicts, len(previous)),
        )
        return
    loaded_at = dt.datetime.now(dt.UTC)
    rebuilt, failures = _rebuild(inputs, previous, loaded_at)
    if not failures.empty:
        yield from _checks(failures, rebuilt.conflicts, len(rebuilt.table))
        raise dg.Failure(description="spbe_index, spbe_source_conflict or spbe_target failed validation; the previous tables are left in place (see schema_valid)")
    build = Build.now(sources.source_mode, build_id=context.run.run_id)
    slices = [("spbe_index", rebuilt.table, None), ("spbe_source_conflict", rebuilt.conflicts, None), ("spbe_target", rebuilt.targets, None)]
    wh.replace_slices(with_provenance(slices, build))
    changes = row_changes(previous, rebuilt.table, loaded_at)
    context.log.info(f"spbe_index: rebuilt, {len(rebuilt.table)} rows ({changes['added']} added, {changes['changed']} changed, {changes['removed']} removed)")
    yield dg.MaterializeResult(
        metadata={
            **_table_metadata(rebuilt.table, len(rebuilt.conflicts), len(rebuilt.targets), digest),
            "rows_changed": changes["added"] + changes["changed"] + changes["removed"],
            "rows_added": changes["added"],
            "rows_removed": changes["removed"],
            "skipped": "no: inputs or code changed since the last build",
        },
        data_version=version,
        check_results=_checks(failures, rebuilt.conflicts, len(rebuilt.table)),
    )
