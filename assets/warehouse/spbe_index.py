"""The warehouse table BI tools read: every result with deltas and ranks, rebuilt atomically,
together with the news reconciliation outputs (conflicts, targets)."""


import datetime as dt

import dagster as dg
import pandera.errors

from assets.checks import failure_metadata
from assets.news.figures import news_figures
from assets.official.results import official_results
from pipelines.resources import WarehouseResource
from schemas import SpbeIndex
from spbe.index.reconcile import build_targets, reconcile
from spbe.index.table import build_spbe_index
from spbe.infra.markdown import markdown_table

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
def spbe_index(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    wh = warehouse.get()
    official = wh.read("spbe_official_result")
    figures = wh.read("spbe_news_figure")
    previous = wh.read("spbe_index")
    reconciled = reconcile(official, figures)
    try:
        table = build_spbe_index(reconciled.facts, loaded_at=dt.datetime.now(dt.UTC), previous=previous)
        SpbeIndex.validate(table, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        yield dg.AssetCheckResult(check_name="schema_valid", passed=False, metadata=failure_metadata(exc.failure_cases, label="failure_cases"))
        raise dg.Failure(description="spbe_index failed validation; the previous table is left in place") from exc
    targets = build_targets(figures, table)
    yield dg.AssetCheckResult(check_name="schema_valid", passed=True, metadata={"rows": len(table)})
    yield dg.AssetCheckResult(
        check_name="sources_agree",
        passed=reconciled.conflicts.empty,
        severity=dg.AssetCheckSeverity.WARN,
        metadata=failure_metadata(reconciled.conflicts, label="conflicts", columns=["instansi_name", "year", "reference_source", "reference_index_value", "news_index_value", "news_url"]),
    )
    wh.replace_slices([("spbe_index", table, None), ("spbe_source_conflict", reconciled.conflicts, None), ("spbe_target", targets, None)])
    per_year = table.groupby(["year", "source"]).size().rename("rows").reset_index()
    changed = int((table["loaded_at"] == table["loaded_at"].max()).sum()) if not previous.empty else len(table)
    yield dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(len(table)),
            "rows_per_year": dg.MetadataValue.md(markdown_table(per_year, limit=30)),
            "rows_changed": dg.MetadataValue.int(changed),
            "news_fills": dg.MetadataValue.int(int((table["source"] == "news").sum())),
            "conflicts": dg.MetadataValue.int(len(reconciled.conflicts)),
            "targets": dg.MetadataValue.int(len(targets)),
            "preview": dg.MetadataValue.md(markdown_table(table.sort_values(["year", "rank_in_type"], ascending=[False, True])[PREVIEW_COLUMNS])),
        }
    )
