"""The warehouse table BI tools read: every result with deltas and ranks, rebuilt atomically,
together with the news reconciliation outputs (conflicts, targets).

The rebuild itself is `spbe.index.rebuild.rebuild_index` (one transaction from the read of the
inputs to the write, with the inputs' fingerprint stored in spbe_build_state). When that
fingerprint says the table was built from the inputs as they stand, and the code is the code of
the last materialization, the table is not rebuilt: the materialization says so, and the checks
judge the table as it stands.
"""

import datetime as dt

import dagster as dg
import pandas as pd

from assets.checks import failure_metadata, validation_check
from assets.metadata import OWNERS, asset_metadata, code_version, dataset_metadata, last_metadata, preview
from assets.nightly import CheckInputs, nightly_check
from assets.resources import SourcesResource, WarehouseResource
from assets.sources import source_asset_keys
from schemas import SpbeIndex, validate
from spbe.index.rebuild import STATE_TABLE, IndexInvalid, index_is_stale, rebuild_index, settled_news
from spbe.index.settle import held_in_index
from spbe.index.table import row_changes
from spbe.infra.markdown import markdown_table
from spbe.infra.provenance import Build
from spbe.infra.warehouse import Warehouse
from spbe.nightly import Finding, index_finding

PREVIEW_COLUMNS = ["year", "instansi_name", "index_value", "predikat", "yoy_delta", "rank_in_province", "rank_in_type", "source"]
CONFLICT_COLUMNS = ["instansi_name", "year", "reference_source", "reference_index_value", "other_source", "other_index_value", "kept_source", "other_url"]
CODE_VERSION = code_version(__name__, "spbe.index", "spbe.domain", "schemas")


def _checks(schema_failures: pd.DataFrame, conflicts: pd.DataFrame, rows: int, leaked: pd.DataFrame) -> list[dg.AssetCheckResult]:
    return [
        validation_check("schema_valid", schema_failures, rows=rows),
        dg.AssetCheckResult(
            check_name="no_held_news",
            passed=leaked.empty,
            metadata=failure_metadata(leaked, label="held_rows", columns=PREVIEW_COLUMNS + ["source_url"]),
        ),
        dg.AssetCheckResult(
            check_name="sources_agree",
            passed=conflicts.empty,
            severity=dg.AssetCheckSeverity.WARN,
            metadata=failure_metadata(conflicts, label="conflicts", columns=CONFLICT_COLUMNS),
        ),
    ]


def _news_metadata(settled: pd.DataFrame) -> dict:
    """How many news figures are held for review, and how the loaded ones were settled."""
    status = settled["status"].value_counts().to_dict() if not settled.empty else {}
    how = settled[settled["status"] == "accepted"]["settled_by"].value_counts().to_dict() if not settled.empty else {}
    return {
        "news_figures_held": dg.MetadataValue.int(int(status.get("review", 0))),
        "news_figures_rejected_by_review": dg.MetadataValue.int(int(status.get("rejected", 0))),
        "news_figures_accepted_by": dg.MetadataValue.json({k: int(v) for k, v in how.items()}),
    }


def _table_metadata(table: pd.DataFrame, conflicts: int, targets: int, inputs_sha256: str) -> dict:
    per_year = table.groupby(["year", "source"]).size().rename("rows").reset_index() if not table.empty else table
    ranked = table.sort_values(["year", "rank_in_type"], ascending=[False, True]) if not table.empty else table
    return {
        "dagster/row_count": dg.MetadataValue.int(len(table)),
        "rows_per_year": dg.MetadataValue.md(markdown_table(per_year, limit=30)),
        "news_fills": dg.MetadataValue.int(int((table["source"] == "news").sum()) if not table.empty else 0),
        "conflicts": dg.MetadataValue.int(conflicts),
        "targets": dg.MetadataValue.int(targets),
        "preview": preview(ranked, PREVIEW_COLUMNS),
        "inputs_sha256": dg.MetadataValue.text(inputs_sha256),
        "code_version": dg.MetadataValue.text(CODE_VERSION),
    }


def _unchanged(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """The stored input fingerprint when nothing needs rebuilding, else None."""
    if last_metadata(context).get("code_version") != CODE_VERSION or index_is_stale(warehouse):
        return None
    state = warehouse.read(STATE_TABLE, {"table_name": "spbe_index"})
    return None if state.empty else str(state["inputs_sha256"].iloc[0])


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
            "no_held_news",
            asset="spbe_index",
            blocking=True,
            description="No spbe_index row comes from a news figure held for review or rejected (spbe.index.settle.held_in_index).",
        ),
        dg.AssetCheckSpec(
            "sources_agree",
            asset="spbe_index",
            description="Sources that state different values for a body and year beyond rounding, with the one kept by precedence (table spbe_source_conflict).",
        ),
    ],
    description="One row per instansi and evaluation year with deltas and competition ranks (spbe_index), "
    "plus spbe_source_conflict and spbe_target, all replaced in one transaction.",
)
def spbe_index(context: dg.AssetExecutionContext, warehouse: WarehouseResource, sources: SourcesResource):
    wh = warehouse.get()
    fingerprint = _unchanged(context, wh)
    if fingerprint is not None:
        # Nothing upstream changed: judge the table as it stands instead of rebuilding it.
        table, conflicts, settled = wh.read("spbe_index"), wh.read("spbe_source_conflict"), settled_news(wh)
        reason = f"not rebuilt: spbe_official_result and spbe_news_figure unchanged (sha256 {fingerprint[:12]}) and code unchanged"
        context.log.info(f"spbe_index: {reason}")
        yield dg.MaterializeResult(
            metadata={
                **dataset_metadata(wh),
                **_table_metadata(table, len(conflicts), wh.count("spbe_target"), fingerprint),
                **_news_metadata(settled),
                "rows_changed": 0, "rows_added": 0, "rows_removed": 0, "skipped": reason,
            },
            data_version=dg.DataVersion(f"{fingerprint[:16]}-{CODE_VERSION}"),
            check_results=_checks(validate(SpbeIndex, table).failure_cases, conflicts, len(table), held_in_index(table, settled)),
        )
        return
    loaded_at = dt.datetime.now(dt.UTC)
    try:
        built = rebuild_index(wh, now=loaded_at, build=Build.now(sources.source_mode, build_id=context.run.run_id))
    except IndexInvalid as exc:
        yield from _checks(exc.failure_cases, pd.DataFrame(), 0, pd.DataFrame())
        raise dg.Failure(description="spbe_index, spbe_source_conflict or spbe_target failed validation; the previous tables are left in place (see schema_valid)") from exc
    if built.was_stale:
        context.log.warning("spbe_index had not been built from the current inputs (an interrupted run?); rebuilt now")
    changes = row_changes(built.previous, built.table, loaded_at)
    context.log.info(f"spbe_index: rebuilt, {len(built.table)} rows ({changes['added']} added, {changes['changed']} changed, {changes['removed']} removed)")
    yield dg.MaterializeResult(
        metadata={
            **dataset_metadata(wh),
            **_table_metadata(built.table, len(built.conflicts), len(built.targets), built.inputs_sha256),
            **_news_metadata(built.settled),
            "rows_changed": changes["added"] + changes["changed"] + changes["removed"],
            "rows_added": changes["added"],
            "rows_removed": changes["removed"],
            "was_stale": dg.MetadataValue.bool(built.was_stale),
            "skipped": "no: inputs or code changed since the last build",
        },
        data_version=dg.DataVersion(f"{built.inputs_sha256[:16]}-{CODE_VERSION}"),
        check_results=_checks(pd.DataFrame(), built.conflicts, len(built.table), held_in_index(built.table, built.settled)),
    )


@nightly_check("spbe_index", order=60)
def built_from_current_inputs(inputs: CheckInputs) -> Finding:
    """`_unchanged`'s rule: this code built the table from the input tables as they stand."""
    return index_finding(inputs.warehouse, last_code_version=inputs.last_metadata("spbe_index").get("code_version"),
                         code_version=CODE_VERSION)
