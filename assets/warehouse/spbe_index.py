"""The warehouse table BI tools read: every result with deltas and ranks, rebuilt atomically."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import pandas as pd
import pandera.errors

from assets.checks import failure_metadata
from assets.official.results import official_results
from pipelines.resources import WarehouseResource
from schemas import SpbeIndex
from spbe.index_table import build_spbe_index
from spbe.markdown import markdown_table

PREVIEW_COLUMNS = ["year", "instansi_name", "index_value", "predikat", "yoy_delta", "rank_in_province", "rank_in_type"]


@dg.asset(
    deps=[official_results],
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="warehouse",
    kinds={"python", "sql"},
    check_specs=[
        dg.AssetCheckSpec(
            "schema_valid",
            asset="spbe_index",
            blocking=True,
            description="Pandera SpbeIndex on the rebuilt table before it replaces the old one.",
        )
    ],
    description="One row per instansi and evaluation year with year-over-year deltas and competition ranks (table spbe_index).",
)
def spbe_index(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    wh = warehouse.get()
    facts = wh.read("spbe_official_result")
    previous = wh.read("spbe_index")
    try:
        table = build_spbe_index(facts, loaded_at=dt.datetime.now(dt.timezone.utc), previous=previous)
        SpbeIndex.validate(table, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        yield dg.AssetCheckResult(
            check_name="schema_valid",
            passed=False,
            metadata=failure_metadata(exc.failure_cases, label="failure_cases"),
        )
        raise dg.Failure(description="spbe_index failed validation; the previous table is left in place") from exc
    yield dg.AssetCheckResult(check_name="schema_valid", passed=True, metadata={"rows": len(table)})
    wh.replace_rows("spbe_index", table)
    per_year = table.groupby("year").size().rename("rows").reset_index()
    changed = int((table["loaded_at"] == table["loaded_at"].max()).sum()) if not previous.empty else len(table)
    yield dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(len(table)),
            "rows_per_year": dg.MetadataValue.md(markdown_table(per_year, limit=20)),
            "rows_changed": dg.MetadataValue.int(changed),
            "preview": dg.MetadataValue.md(markdown_table(table.sort_values(["year", "rank_in_type"], ascending=[False, True])[PREVIEW_COLUMNS])),
        }
    )
