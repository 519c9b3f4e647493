"""Results the bodies published themselves, from the drop folder, every night.

The same reading and loading as `spbe ingest-file --commit` (spbe.sources.published_by_body): files
in $SPBE_MANUAL_DROP_DIR/published_by_body/<year>/, each its own slice, a file loaded before with
the same bytes is not written again. spbe_index (downstream) ranks these rows below the decree and
above the news.
"""

import dagster as dg
import pandas as pd

from assets.metadata import OWNERS, asset_metadata, code_version
from assets.nightly import CheckInputs, nightly_check
from assets.resources import SourcesResource, WarehouseResource
from spbe.infra.markdown import markdown_table
from spbe.infra.provenance import Build
from spbe.nightly import Finding, body_files_finding
from spbe.sources.official.fetch import manual_drop_dir
from spbe.sources.published_by_body.declaration import FACTS, NAME
from spbe.sources.published_by_body.facts import IngestError
from spbe.sources.published_by_body.ingest import DROP_FOLDER, ingest_drop_folder

CODE_VERSION = code_version(__name__, "spbe.sources.published_by_body", "spbe.sources.official", "spbe.domain", "schemas")


@dg.asset(
    group_name="published_by_body",
    kinds={"python", "csv"},
    owners=OWNERS,
    code_version=CODE_VERSION,
    metadata=asset_metadata(FACTS.table),
    description="Results the evaluated bodies published themselves (a year without a decree), from files dropped in "
    f"$SPBE_MANUAL_DROP_DIR/{DROP_FOLDER}/<year>/ (table spbe_source_result, source '{NAME}').",
)
def body_results(context: dg.AssetExecutionContext, sources: SourcesResource, warehouse: WarehouseResource):
    wh = warehouse.get()
    root = manual_drop_dir(sources.manual_drop_path())
    try:
        outcomes = ingest_drop_folder(wh, root, build=Build.now(sources.source_mode, build_id=context.run.run_id))
    except IngestError as exc:
        raise dg.Failure(description=str(exc), allow_retries=False) from None
    table = pd.DataFrame([o.__dict__ for o in outcomes]) if outcomes else pd.DataFrame(columns=["year", "file_name"])
    context.log.info(f"{NAME}: {len(outcomes)} file(s) in {root / DROP_FOLDER}, {sum(o.written for o in outcomes)} row(s) written")
    return dg.MaterializeResult(metadata={
        "dagster/row_count": dg.MetadataValue.int(wh.count(FACTS.table, {"source": NAME})),
        "files": dg.MetadataValue.md(markdown_table(table, limit=50) if outcomes else f"none in {DROP_FOLDER}/<year>/"),
        "written": dg.MetadataValue.int(sum(o.written for o in outcomes)),
    })


@nightly_check("body_results", order=30, label="published_by_body")
def files_loaded(inputs: CheckInputs) -> Finding:
    """Every dropped file loaded with these bytes and these rows (`already_loaded`, the asset's own rule)."""
    return body_files_finding(inputs.warehouse, manual_drop_dir(inputs.sources.manual_drop_path()))
