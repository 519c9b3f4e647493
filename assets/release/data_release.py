"""The data release: the warehouse's tables and views written as a versioned, citable release.

Thin on purpose: `spbe.release` does the work (and `spbe release --out DIR` runs the same code).
"""

import dagster as dg
import pandas as pd
from pydantic import Field

from assets.metadata import OWNERS, code_version
from assets.resources import WarehouseResource
from schemas.views import VIEWS
from spbe.infra.markdown import markdown_table
from spbe.release.build import build_release


class ReleaseConfig(dg.Config):
    out_dir: str = "data/releases"
    # Off by default: the articles' full text is the publishers' work (spbe.release.tables.WITHHELD).
    with_article_text: bool = Field(
        default=False,
        description="Include the full text of the news articles (spbe_news_article.text): only with the publishers' permission.",
    )


@dg.asset(
    # It reads every table and view; the views are the last thing built from spbe_index.
    deps=["spbe_index", *(view.name for view in VIEWS)],
    group_name="release",
    owners=OWNERS,
    code_version=code_version(__name__, "spbe.release", "schemas"),
    kinds={"python", "csv", "parquet"},
    description="DIR/spbe-<version>/: every table and view as CSV and Parquet, datapackage.json, the data "
    "dictionary, CHANGES.md, CITATION.cff, SHA256SUMS and the HTML report. Same data, same version and bytes. "
    "The articles' full text is withheld unless config with_article_text (only with the publishers' permission).",
)
def data_release(context: dg.AssetExecutionContext, config: ReleaseConfig, warehouse: WarehouseResource) -> dg.MaterializeResult:
    result = build_release(warehouse.get(), config.out_dir, with_article_text=config.with_article_text)
    changes = [
        {"table": c.name, "added": len(c.added), "changed": len(c.changed), "removed": len(c.removed)}
        for c in result.changes if c.any
    ]
    return dg.MaterializeResult(
        data_version=dg.DataVersion(result.version),
        metadata={
            "version": dg.MetadataValue.text(result.version),
            "path": dg.MetadataValue.path(str(result.path)),
            "synthetic": dg.MetadataValue.bool(result.meta.synthetic),
            "new_release": dg.MetadataValue.bool(result.created),
            "previous_release": dg.MetadataValue.text(result.previous or ""),
            "rows": dg.MetadataValue.json(result.rows),
            "withheld_columns": dg.MetadataValue.json([f"{w.table}.{w.column}" for w in result.meta.withheld]),
            "changes": dg.MetadataValue.md(markdown_table(pd.DataFrame(changes), limit=30)),
        },
    )
