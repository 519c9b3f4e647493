"""The warehouse table BI tools read: every result with deltas and ranks, rebuilt atomically,
together with the news reconciliation outputs (conflicts, targets)."""


import datetime as dt

import dagster as dg

from assets.checks import failure_metadata
from assets.news.figures import news_figures
from assets.official.results import official_results
from pipelines.resources import SourcesResource, WarehouseResource
from spbe.index.rebuild import IndexInvalid, rebuild_index
from spbe.infra.markdown import markdown_table
from spbe.infra.provenance import Build

PREVIEW_COLUMNS = ["year", "instansi_name", "index_value", "predikat", "yoy_delta", "rank_in_province", "rank_in_type", "source"]


@dg.asset(
    deps=[official_results, news_figures],
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="warehouse",
    kinds={"python", "sql"},
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
    try:
        # One transaction from the read of the inputs to the write (spbe/index/rebuild.py).
        build = rebuild_index(wh, now=dt.datetime.now(dt.UTC), build=Build.now(sources.source_mode, build_id=context.run.run_id))
    except IndexInvalid as exc:
        yield dg.AssetCheckResult(check_name="schema_valid", passed=False, metadata=failure_metadata(exc.failure_cases, label="failure_cases"))
        raise dg.Failure(description="spbe_index, spbe_source_conflict or spbe_target failed validation; the previous tables are left in place") from exc
    table, conflicts, targets, previous = build.table, build.conflicts, build.targets, build.previous
    if build.was_stale:
        context.log.warning("spbe_index had not been built from the current inputs (an interrupted run?); rebuilt now")
    yield dg.AssetCheckResult(check_name="schema_valid", passed=True, metadata={"rows": len(table)})
    yield dg.AssetCheckResult(
        check_name="sources_agree",
        passed=conflicts.empty,
        severity=dg.AssetCheckSeverity.WARN,
        metadata=failure_metadata(conflicts, label="conflicts", columns=["instansi_name", "year", "reference_source", "reference_index_value", "news_index_value", "news_url"]),
    )
    per_year = table.groupby(["year", "source"]).size().rename("rows").reset_index()
    changed = int((table["loaded_at"] == table["loaded_at"].max()).sum()) if not previous.empty else len(table)
    yield dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(len(table)),
            "rows_per_year": dg.MetadataValue.md(markdown_table(per_year, limit=30)),
            "rows_changed": dg.MetadataValue.int(changed),
            "news_fills": dg.MetadataValue.int(int((table["source"] == "news").sum())),
            "conflicts": dg.MetadataValue.int(len(conflicts)),
            "targets": dg.MetadataValue.int(len(targets)),
            "was_stale": dg.MetadataValue.bool(build.was_stale),
            "inputs_sha256": dg.MetadataValue.text(build.inputs_sha256),
            "preview": dg.MetadataValue.md(markdown_table(table.sort_values(["year", "rank_in_type"], ascending=[False, True])[PREVIEW_COLUMNS])),
        }
    )
