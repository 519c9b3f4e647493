"""Official results per evaluation year: fetch the decree lampiran, parse, validate, load the facts."""

import dagster as dg
import pandas as pd

from assets.checks import failure_metadata
from assets.partitions import evaluation_years
from pipelines.resources import SourcesResource, WarehouseResource, http_metadata
from schemas import OfficialResult, Reject, empty_frame, validate
from spbe.domain.instansi import gazetteer
from spbe.infra.markdown import markdown_table
from spbe.infra.provenance import Build
from spbe.sources.official.facts import build_official_facts
from spbe.sources.official.fetch import NoOfficialSource, fetch_official_year
from spbe.sources.official.ingest import write_official_years

REJECT_COLUMNS = ["year", "page", "row_number", "published_name", "reason", "source_url"]
# Above this share of rejected rows the document is probably not what we think it is (a layout
# change, a wrong file): block the load instead of publishing a thin year.
MAX_REJECT_SHARE = 0.05

@dg.asset(
    partitions_def=evaluation_years,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="official",
    # One pool per publisher host: production caps concurrent steps per pool (deploy/dagster.yaml).
    pool="host_menpan_go_id",
    kinds={"python", "pdf"},
    check_specs=[
        dg.AssetCheckSpec(
            "rows_valid",
            asset="official_results",
            blocking=True,
            description="Pandera OfficialResult: index 1-5, known type, province for regions, one row per instansi and year; rejected rows listed.",
        ),
        dg.AssetCheckSpec(
            "predikat_matches_bands",
            asset="official_results",
            description="Published predikat agrees with the bands (a disagreement is a finding, loaded as published).",
        ),
    ],
    description="Official Indeks SPBE results by evaluation year, from the KemenPAN-RB decree lampiran (table spbe_official_result).",
)
def official_results(context: dg.AssetExecutionContext, sources: SourcesResource, warehouse: WarehouseResource):
    registry = sources.registry()
    client = sources.client(registry)
    gaz = gazetteer()
    years = sorted(int(k) for k in context.partition_keys)
    per_year, facts, rejects, missing = [], [], [], []
    for year in years:
        try:
            fetched = fetch_official_year(year, registry=registry, client=client, manual_dir=sources.manual_drop_path())
        except NoOfficialSource as exc:
            missing.append(year)
            context.log.info(str(exc))
            continue
        result = build_official_facts(fetched.parsed.rows, gaz)
        facts.append(result.facts)
        rejects.append(result.rejects)
        per_year.append(
            {
                "year": year,
                "rows_read": len(fetched.parsed.rows),
                "loaded": len(result.facts),
                "rejected": len(result.rejected),
                "flagged": len(result.flagged),
                "pages": fetched.parsed.pages,
                "ocr_pages": len(fetched.parsed.ocr_pages),  # scanned pages, read by OCR
                "document": fetched.document_url,
                "verified": fetched.verified,
                "method": fetched.method,
            }
        )
    all_facts = pd.concat(facts, ignore_index=True) if facts else empty_frame(OfficialResult)
    all_rejects = pd.concat(rejects, ignore_index=True) if rejects else empty_frame(Reject)
    # One lazy validation of everything the run would write: every failure is listed, none raises.
    fact_check, reject_check = validate(OfficialResult, all_facts), validate(Reject, all_rejects)
    all_failures = pd.concat([fact_check.failure_cases, reject_check.failure_cases], ignore_index=True)
    rejected = all_rejects[all_rejects["action"] == "rejected"]
    flagged = all_rejects[all_rejects["action"] == "flagged"]
    summary = pd.DataFrame(per_year)
    worst_share = max((r["rejected"] / max(r["rows_read"], 1) for r in per_year), default=0.0)
    blocking = worst_share > MAX_REJECT_SHARE or not all_failures.empty
    yield dg.AssetCheckResult(
        check_name="rows_valid",
        passed=rejected.empty and all_failures.empty,
        severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        metadata={
            **failure_metadata(rejected, label="rejected", columns=REJECT_COLUMNS),
            "schema_failure_cases": dg.MetadataValue.md(markdown_table(all_failures, limit=20)),
            "worst_reject_share": dg.MetadataValue.float(round(worst_share, 4)),
        },
    )
    yield dg.AssetCheckResult(
        check_name="predikat_matches_bands",
        passed=flagged.empty,
        severity=dg.AssetCheckSeverity.WARN,
        metadata=failure_metadata(flagged, label="flagged", columns=REJECT_COLUMNS),
    )
    if blocking:
        # Nothing is written: the warehouse keeps the previous contents for every year of the run.
        raise dg.Failure(
            description=f"official results not loaded: {worst_share:.1%} of a document's rows were rejected "
            f"(limit {MAX_REJECT_SHARE:.0%}) or failed the schema; see the rows_valid check",
            metadata={"per_year": dg.MetadataValue.md(markdown_table(summary))},
        )
    build = Build.now(sources.source_mode, build_id=context.run.run_id)
    written = write_official_years(warehouse.get(), [y["year"] for y in per_year], fact_check.frame, reject_check.frame, build=build)
    yield dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(written),
            "per_year": dg.MetadataValue.md(markdown_table(summary)),
            "years_without_source": dg.MetadataValue.text(", ".join(map(str, missing)) or "none"),
            # The years whose decree was a scan: what the demo summary reports.
            "read_by_ocr": dg.MetadataValue.json(
                {str(y["year"]): {k: y[k] for k in ("ocr_pages", "pages", "rows_read", "rejected")} for y in per_year if y["ocr_pages"]}
            ),
            "preview": dg.MetadataValue.md(
                markdown_table(all_facts[["year", "instansi_id", "instansi_name", "index_value", "predikat"]] if not all_facts.empty else all_facts)
            ),
            "http": dg.MetadataValue.json(client.stats_dict()),
            **http_metadata(client, [str(y["year"]) for y in per_year if not y["verified"]]),
        }
    )
