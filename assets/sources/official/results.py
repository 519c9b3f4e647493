"""Official results per evaluation year: fetch the decree lampiran, parse, validate, load the facts.

A year whose decree bytes are unchanged (a 304 from the publisher, or the same content hash) since
that year's last materialization, parsed by the same code, is not parsed or written again: its
partition is reported with the rows the warehouse already holds and the reason it was skipped.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

import dagster as dg
import pandas as pd
from pydantic import Field

from assets.checks import PartitionCheck, after_materialization, all_failures, before_failure, failure_metadata
from assets.metadata import OWNERS, asset_metadata, code_version, dataset_metadata, http_metadata, last_metadata, preview
from assets.nightly import CheckInputs, nightly_check
from assets.partitions import evaluation_years
from assets.resources import SourcesResource, WarehouseResource
from schemas import OfficialResult, Reject, empty_frame, validate
from spbe.domain.calendar import Calendar, today_in_jakarta, year_problem
from spbe.domain.instansi import Gazetteer, gazetteer
from spbe.infra.load_policy import MAX_REJECT_SHARE, load_decision, reject_share, skip_unchanged
from spbe.infra.markdown import markdown_table
from spbe.infra.provenance import Build
from spbe.infra.warehouse import Warehouse
from spbe.nightly import Finding, official_year_finding
from spbe.sources.official.facts import OfficialFacts, build_official_facts, row_drop_reason
from spbe.sources.official.fetch import (
    NoOfficialSource,
    OfficialDocument,
    download_official_year,
    parse_official_document,
    published_but_absent,
)
from spbe.sources.official.ingest import write_official_years

REJECT_COLUMNS = ["year", "page", "row_number", "published_name", "reason", "source_url"]
PREVIEW_COLUMNS = ["year", "instansi_id", "instansi_name", "index_value", "predikat"]


class OfficialResultsConfig(dg.Config):
    allow_row_drop: bool = Field(
        default=False,
        description="Load a year even though its row count fell by more than 10 % against the previous load "
        "of that year or the count the decree states (confirm only after checking the document).",
    )
    allow_other_year: bool = Field(
        default=False,
        description="Load a decree although its title, decree number or index header names another evaluation year "
        "than its registry entry (confirm only after checking the document).",
    )


CODE_VERSION = code_version(__name__, "spbe.sources.official", "spbe.domain", "spbe.data", "schemas")


@dataclass
class YearLoad:
    """One year parsed in this run: its document, its facts and rejects, and Pandera's failure cases."""

    document: OfficialDocument
    rows_read: int
    pages: int
    ocr_pages: int  # pages without a text layer, read by OCR
    facts: OfficialFacts | None
    failures: pd.DataFrame
    missing: int = 0  # rows the No. sequence says are absent
    drop: str | None = None  # why the row count looks too low, if it does
    notes: tuple = ()  # the parser's notes: columns chosen, headers, headings, joins

    @property
    def rejected(self) -> int:
        return 0 if self.facts is None else len(self.facts.rejected)

    @property
    def reject_share(self) -> float:
        flagged = 0 if self.facts is None else len(self.facts.flagged)
        return reject_share(rows_read=self.rows_read, rejected=self.rejected, flagged=flagged, missing=self.missing)


def _skip_reason(context: dg.AssetExecutionContext, document: OfficialDocument, warehouse: Warehouse) -> str | None:
    """Why this year need not be parsed again (spbe.infra.load_policy), or None when it must be."""
    return skip_unchanged(last_metadata(context, str(document.year)), sha256=document.sha256, code_version=CODE_VERSION,
                          held_rows=warehouse.count("spbe_official_result", {"year": document.year}),
                          from_cache=bool(document.from_cache))


def _parse(document: OfficialDocument, gaz: Gazetteer, warehouse: Warehouse, allow_other_year: bool = False) -> YearLoad:
    parsed = parse_official_document(document, allow_other_year=allow_other_year)
    facts = build_official_facts(parsed.rows, gaz, parsed.rejects)
    previous = warehouse.count("spbe_official_result", {"year": document.year})
    drop = row_drop_reason(document.year, len(facts.facts), previous=previous, stated=document.stated_count)
    notes = (f"columns {parsed.columns}", *parsed.skipped)
    # One lazy validation of everything the year would write: every failure is listed, none raises.
    fact_check, reject_check = validate(OfficialResult, facts.facts), validate(Reject, facts.rejects)
    facts = OfficialFacts(fact_check.frame, reject_check.frame)
    return YearLoad(document, len(parsed.rows), parsed.pages, len(parsed.ocr_pages), facts, all_failures(fact_check, reject_check),
                    parsed.missing_rows, drop, notes)


def _year_checks(year: int, load: YearLoad | None, held_rejects: pd.DataFrame, skipped: str,
                 allow_row_drop: bool = False) -> tuple[list[dg.AssetCheckResult], bool]:
    """rows_valid and predikat_matches_bands for one year, and whether the year blocks the load.

    A year parsed in this run is judged on what its document gave; a year skipped as unchanged on the
    rejects the warehouse holds for it (the same document and parser gave them), so its partition keeps
    the verdict it had instead of turning green because nothing was parsed.
    """
    parsed = load is not None and load.facts is not None
    rejects = load.facts.rejects if parsed else held_rejects
    failures = load.failures if parsed else pd.DataFrame()
    rejected, flagged = rejects[rejects["action"] == "rejected"], rejects[rejects["action"] == "flagged"]
    decision = load_decision([load.reject_share], schema_failures=len(failures), drops=[load.drop] if load.drop else [],
                             allow_row_drop=allow_row_drop) if parsed else None
    blocking = bool(decision and decision.blocking)
    handled = {"handled": dg.MetadataValue.text("parsed in this run" if parsed else f"not parsed in this run: {skipped}; "
                                                "judged on the rejects the warehouse holds for the year")}
    meta = {**failure_metadata(rejected, label="rejected", columns=REJECT_COLUMNS), **failure_metadata(failures, label="failure_cases"),
            "max_reject_share": dg.MetadataValue.float(MAX_REJECT_SHARE), **handled}
    if parsed:
        meta |= {
            "reject_share": dg.MetadataValue.float(round(load.reject_share, 4)),
            "row_count_drop": dg.MetadataValue.text(load.drop or "none"),
            "parse_notes": dg.MetadataValue.md("\n".join(f"- {n}" for n in load.notes[:100]) or "none"),
        }
    rows_valid = dg.AssetCheckResult(
        check_name="rows_valid", passed=rejected.empty and failures.empty,
        severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        description="; ".join(decision.reasons) if blocking else None, metadata=meta,
    )
    predikat = dg.AssetCheckResult(
        check_name="predikat_matches_bands", passed=flagged.empty, severity=dg.AssetCheckSeverity.WARN,
        metadata={**failure_metadata(flagged, label="flagged", columns=REJECT_COLUMNS), **handled},
    )
    return [rows_valid, predikat], blocking


def _presence_check(year: int, absent: dict[int, str], skipped: dict[int, str], located: bool) -> dg.AssetCheckResult:
    """Whether the year's source is there, or its absence is normal (not yet published)."""
    if year in absent:
        state = absent[year]
    elif not located:
        state = f"no source, and none is due yet: {skipped.get(year, '')}"
    else:
        state = "source present"
    return dg.AssetCheckResult(
        check_name="published_years_present", passed=year not in absent, severity=dg.AssetCheckSeverity.ERROR,
        description=absent.get(year), metadata={"source": dg.MetadataValue.text(state)},
    )


def _partition_metadata(year: int, warehouse: Warehouse, load: YearLoad | None, skipped: str, total: int) -> dict:
    """That year's own row count and preview beside the table's total, and how its document was handled."""
    rows = warehouse.read("spbe_official_result", {"year": year})
    meta = {
        "dagster/row_count": dg.MetadataValue.int(len(rows)),
        "table_row_count": dg.MetadataValue.int(total),  # dagster/row_count is this year's: the header shows it alone
        "preview": preview(rows.sort_values("index_value", ascending=False), PREVIEW_COLUMNS),
        "skipped": dg.MetadataValue.text(skipped or "no: parsed and loaded"),
        "code_version": dg.MetadataValue.text(CODE_VERSION),
    }
    if load is not None:
        meta |= {
            "document": dg.MetadataValue.url(load.document.url),
            "content_sha256": dg.MetadataValue.text(load.document.sha256),
            "not_modified": dg.MetadataValue.int(load.document.from_cache),
            "verified": dg.MetadataValue.bool(load.document.verified),
            "method": dg.MetadataValue.text(load.document.method),
        }
        if load.document.page_url:  # located on the portal: pin it in the registry (index_url) once checked
            meta["decree_page"] = dg.MetadataValue.url(load.document.page_url)
    if load is not None and load.facts is not None:
        meta |= {
            "rows_read": dg.MetadataValue.int(load.rows_read),
            "rejected": dg.MetadataValue.int(load.rejected),
            "flagged": dg.MetadataValue.int(len(load.facts.flagged)),
            "pages": dg.MetadataValue.int(load.pages),
            "ocr_pages": dg.MetadataValue.int(load.ocr_pages),
        }
    return meta


@dg.asset(
    partitions_def=evaluation_years,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="official",
    # One pool per publisher host: production caps concurrent steps per pool (deploy/dagster.yaml).
    pool="host_menpan_go_id",
    kinds={"python", "pdf"},
    owners=OWNERS,
    code_version=CODE_VERSION,
    metadata=asset_metadata("spbe_official_result"),
    check_specs=[
        dg.AssetCheckSpec(
            "rows_valid",
            asset="official_results",
            blocking=True,
            partitions_def=evaluation_years,
            description="Pandera OfficialResult: index 1-5, known type, province for regions, one row per instansi and year; rejected rows listed.",
        ),
        dg.AssetCheckSpec(
            "published_years_present",
            asset="official_results",
            blocking=True,
            partitions_def=evaluation_years,
            description="Every selected year the decree calendar says was published has its source (a decree located, or "
            "the manual-drop file): a published year that is missing fails the run, nothing is written.",
        ),
        dg.AssetCheckSpec(
            "predikat_matches_bands",
            asset="official_results",
            partitions_def=evaluation_years,
            description="Published predikat agrees with the bands (a disagreement is a finding, loaded as published).",
        ),
    ],
    description="Official Indeks SPBE results by evaluation year, from the KemenPAN-RB decree lampiran (table spbe_official_result).",
)
def official_results(
    context: dg.AssetExecutionContext, config: OfficialResultsConfig, sources: SourcesResource, warehouse: WarehouseResource
):
    wh, registry = warehouse.get(), sources.registry()
    loads: dict[int, YearLoad] = {}
    skipped: dict[int, str] = {}
    absent: dict[int, str] = {}
    today = today_in_jakarta()
    run_calendar = Calendar().learn(registry.entries("official"))  # the releases this run's registry states
    with sources.client() as client:
        for year in sorted(int(k) for k in context.partition_keys):
            outside = year_problem(year)
            if outside:  # a year the calendar cannot have (2027 on 6 December 2026): the run fails, not a skip
                raise dg.Failure(description=f"evaluation year {year} {outside}", allow_retries=False)
            try:
                document = download_official_year(year, registry=registry, client=client, manual_dir=sources.manual_drop_path())
            except NoOfficialSource as exc:
                skipped[year] = str(exc)
                gap = published_but_absent(year, str(exc), today, run_calendar)
                if gap:
                    absent[year] = gap
                    context.log.error(f"official {year}: {gap}")
                else:
                    context.log.info(f"official {year}: skipped, {exc}")
                continue
            reason = _skip_reason(context, document, wh)
            if reason:
                skipped[year] = reason
                loads[year] = YearLoad(document, 0, 0, 0, None, pd.DataFrame())
                context.log.info(f"official {year}: skipped, {reason}")
                continue
            # Built on first need (then cached): a night whose decrees are all unchanged never builds it.
            loads[year] = load = _parse(document, gazetteer(), wh, config.allow_other_year)
            context.log.info(f"official {year}: {load.rows_read} rows read, {load.rejected} rejected ({document.url})")
        unverified = [str(year) for year, load in loads.items() if not load.document.verified]
        http = http_metadata(client, unverified)
    parsed = [x for x in loads.values() if x.facts is not None]
    keys = sorted(int(k) for k in context.partition_keys)
    checks, blocking = _partition_checks(keys, loads, skipped, absent, wh, config.allow_row_drop)
    drops = "; ".join(x.drop for x in parsed if x.drop)
    if absent:
        yield from before_failure(context, checks)
        raise dg.Failure(description="official results not loaded: " + "; ".join(absent.values())
                         + " (see the published_years_present check; nothing was written)")
    if blocking:
        # Nothing is written: the warehouse keeps the previous contents for every year of the run.
        yield from before_failure(context, checks)
        raise dg.Failure(
            description=f"official results not loaded: more than {MAX_REJECT_SHARE:.0%} of a document's rows were rejected, "
            "flagged or missing, or rows failed the schema"
            + (f", or the row count fell by more than 10 %: {drops} (set allow_row_drop: true in the asset config to load anyway)"
               if drops and not config.allow_row_drop else "")
            + "; see the rows_valid check",
        )
    if drops:
        context.log.warning("row count drop confirmed by allow_row_drop: " + drops)
    written = [x for x in parsed if x.facts is not None]
    facts = pd.concat([x.facts.facts for x in written], ignore_index=True) if written else empty_frame(OfficialResult)
    rejects = pd.concat([x.facts.rejects for x in written], ignore_index=True) if written else empty_frame(Reject)
    build = Build.now(sources.source_mode, build_id=context.run.run_id)
    write_official_years(wh, [x.document.year for x in written], facts, rejects, build=build)
    total, status = wh.count("spbe_official_result"), dataset_metadata(wh)
    for year in keys:
        meta = _partition_metadata(year, wh, loads.get(year), skipped.get(year, ""), total)
        context.add_asset_metadata({**status, **meta}, partition_key=str(year))
    # What the run as a whole did goes on one partition, the newest of the run, not on each: summed
    # over partitions it would count the run's requests and bytes once per year.
    context.add_asset_metadata(_run_metadata(keys, skipped, written, http), partition_key=str(keys[-1]))
    yield dg.MaterializeResult()
    yield from after_materialization(context, checks)


def _partition_checks(keys: list[int], loads: dict[int, YearLoad], skipped: dict[int, str], absent: dict[int, str],
                      wh: Warehouse, allow_row_drop: bool) -> tuple[list[PartitionCheck], bool]:
    """Every check of every year of the run, each on its year's partition, and whether any year blocks.
    A year without a document (absent, or not due yet) has only the presence check: no rows to judge."""
    checks: list[PartitionCheck] = []
    blocking = False
    for year in keys:
        checks.append((str(year), _presence_check(year, absent, skipped, located=year in loads)))
        if year not in loads:
            continue
        held = wh.read("spbe_reject", {"source": "official", "year": year}) if loads[year].facts is None else empty_frame(Reject)
        year_checks, year_blocks = _year_checks(year, loads[year], held, skipped.get(year, ""), allow_row_drop)
        checks += [(str(year), c) for c in year_checks]
        blocking = blocking or year_blocks
    return checks, blocking


def _run_metadata(keys: list[int], skipped: dict[int, str], written: list[YearLoad], http: dict) -> dict:
    summary = pd.DataFrame([{"year": y, "parsed": y not in skipped, "skipped": skipped.get(y, "")} for y in keys])
    # The years whose decree was a scan: what the demo summary reports.
    read_by_ocr = {
        str(x.document.year): {"ocr_pages": x.ocr_pages, "pages": x.pages, "rows_read": x.rows_read, "rejected": x.rejected}
        for x in written
        if x.ocr_pages
    }
    return {
        "run_figures": dg.MetadataValue.text(
            f"this run, years {keys[0]}-{keys[-1]}: years, read_by_ocr and the HTTP figures are the whole run's, on this partition only"
        ),
        "years": dg.MetadataValue.md(markdown_table(summary, limit=30)),
        "read_by_ocr": dg.MetadataValue.json(read_by_ocr),
        **http,
    }


@nightly_check("official_results", order=20, label="official")
def unchanged_years(inputs: CheckInputs) -> Iterator[Finding]:
    """Each year of the night by `_skip_reason`'s rule: the decree's bytes (a conditional request), the
    parser and the rows held against that year's last load; a year without results yet is named."""
    registry = inputs.sources.registry()
    calendar = Calendar().learn(registry.entries("official"))
    for year in inputs.years:
        yield official_year_finding(
            int(year), today=inputs.now.date(), calendar=calendar, code_version=CODE_VERSION,
            download=partial(download_official_year, int(year), registry=registry, client=inputs.client,
                             manual_dir=inputs.sources.manual_drop_path()),
            last=inputs.last_metadata("official_results", year),
            held_rows=partial(inputs.warehouse.count, "spbe_official_result", {"year": int(year)}),
        )
