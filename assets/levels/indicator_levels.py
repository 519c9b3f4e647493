"""Indicator levels bodies supply (the levels folder), validated and loaded for the planner's view.

The whole table is read from the folder each run and written only when it changed, so a night
with no new file writes nothing. A file that does not fit is refused whole and named (a warning in
the log and the `files_valid` check); the other files still load.
"""

import datetime as dt

import dagster as dg
import pandas as pd

from assets.checks import failure_metadata, validation_check
from assets.metadata import OWNERS, asset_metadata, code_version, preview
from assets.nightly import CheckInputs, nightly_check
from assets.resources import SourcesResource, WarehouseResource
from schemas import IndicatorLevel, validate
from spbe.infra.provenance import Build, with_provenance
from spbe.nightly import Finding, levels_finding
from spbe.sources.levels.ingest import levels_dir, read_levels_drop, same_levels

TABLE = "spbe_indicator_level"
PREVIEW = ["instansi_name", "year", "method_version", "indicator", "aspect", "level"]
CODE_VERSION = code_version(__name__, "spbe.sources.levels", "spbe.planner", "spbe.domain", "spbe.data", "schemas")


@dg.asset(
    group_name="levels",
    kinds={"python", "csv"},
    owners=OWNERS,
    code_version=CODE_VERSION,
    metadata=asset_metadata(TABLE),
    check_specs=[
        dg.AssetCheckSpec("levels_valid", asset="indicator_levels", blocking=True, description="Pandera IndicatorLevel: known body, level 1-5, one row per body, year and indicator."),
        dg.AssetCheckSpec("files_valid", asset="indicator_levels", description="Files in the levels folder refused whole, with the reason."),
    ],
    description="Indicator levels from bodies' own evaluation reports, dropped in $SPBE_MANUAL_DROP_DIR/levels/<year>/<instansi id>.csv (table spbe_indicator_level).",
)
def indicator_levels(context: dg.AssetExecutionContext, sources: SourcesResource, warehouse: WarehouseResource):
    wh = warehouse.get()
    root = levels_dir(sources.manual_drop_path())
    drop = read_levels_drop(root, dt.datetime.now(dt.UTC))
    for problem in drop.problems:
        context.log.warning(f"levels file refused: {problem}")
    check = validate(IndicatorLevel, drop.rows)
    problems = pd.DataFrame({"problem": drop.problems})
    checks = [
        validation_check("levels_valid", check.failure_cases, rows=len(drop.rows)),
        dg.AssetCheckResult(check_name="files_valid", passed=problems.empty, severity=dg.AssetCheckSeverity.WARN,
                            metadata=failure_metadata(problems, label="refused_files")),
    ]
    if not check.ok:
        yield from checks
        raise dg.Failure(description=f"indicator levels from {root} failed validation; nothing was written (see the checks)")
    build = Build.now(sources.source_mode, build_id=context.run.run_id)
    # Compared as they would be stored (with this run's synthetic flag): a change of source mode rewrites them.
    unchanged = same_levels(build.stamped(TABLE, check.frame), wh.read(TABLE))
    if not unchanged:
        wh.replace_slices(with_provenance([(TABLE, check.frame, None)], build))
    yield dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(len(check.frame)),
            "folder": dg.MetadataValue.path(str(root)),
            "files": dg.MetadataValue.int(drop.files),
            "bodies": dg.MetadataValue.int(check.frame[["instansi_id", "year"]].drop_duplicates().shape[0]),
            "written": dg.MetadataValue.bool(not unchanged),
            "preview": preview(check.frame, PREVIEW),
        },
        check_results=checks,
    )


@nightly_check("indicator_levels", order=30, label="indicator levels")
def levels_as_stored(inputs: CheckInputs) -> Finding:
    """The levels folder read and validated as the asset reads it, against the table as stored."""
    return levels_finding(inputs.warehouse, levels_dir(inputs.sources.manual_drop_path()), inputs.now, inputs.sources.source_mode)
