"""The BI views (schemas/views.py), one asset each, downstream of the tables they read.

They are plain SQL over spbe_index, spbe_target and spbe_indicator_level, so materializing them means making sure the
database has the current definition and reporting what a BI user now sees.
"""

import dagster as dg
import sqlalchemy as sa

from assets.metadata import OWNERS, code_version, view_schemas
from assets.nightly import CheckInputs, nightly_check
from assets.resources import WarehouseResource
from schemas.views import VIEWS
from spbe.infra.ddl import ensure_views
from spbe.nightly import Finding

CODE_VERSION = code_version(__name__, "schemas.views")
# The asset that writes each view's base table (spbe_index's asset also writes spbe_target).
WRITER = {"spbe_indicator_level": "indicator_levels"}
SCHEMAS = view_schemas()


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            view.name,
            deps=[WRITER.get(view.base_table, "spbe_index")],
            group_name="warehouse",
            kinds={"sql"},
            owners=OWNERS,
            code_version=CODE_VERSION,
            description=view.description,
            metadata={"dagster/column_schema": SCHEMAS[view.name], "dagster/table_name": view.name},
        )
        for view in VIEWS
    ],
    # A job that selects only the views of the tables it writes (refresh_official_results leaves
    # the levels view out) runs this asset for those; ensure_views keeps every definition current.
    can_subset=True,
)
def bi_views(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    wh = warehouse.get()
    with wh.engine.begin() as conn:
        ensure_views(conn)  # the current definitions; an unchanged view is left alone
        for view in VIEWS:
            if dg.AssetKey(view.name) not in context.selected_asset_keys:
                continue
            rows = conn.execute(sa.text(f"SELECT COUNT(*) FROM {view.name}")).scalar_one()
            yield dg.MaterializeResult(asset_key=view.name, metadata={"dagster/row_count": dg.MetadataValue.int(rows)})


@nightly_check(*(view.name for view in VIEWS), order=10, label="views")
def views_follow_their_tables(inputs: CheckInputs) -> Finding:
    """A view's only inputs are the tables the other checks cover and its SQL, which the code check covers."""
    return Finding("views", False, f"{len(VIEWS)} views over the tables checked here, their SQL at its code version")
