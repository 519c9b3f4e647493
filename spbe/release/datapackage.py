"""datapackage.json: a Frictionless Tabular Data Package whose Table Schemas come from `schemas/`.

Each CSV is a tabular resource (types, descriptions, primary key, the CSV dialect we write); its
Parquet twin is named in a `parquet` property so tools that read Parquet find it beside the CSV.
"""

from __future__ import annotations

import json

from schemas import Column
from spbe.release import ARTICLE_TEXT_FLAG
from spbe.release.meta import ReleaseMeta
from spbe.release.tables import ReleaseTable


def schema_field(column: Column, key: tuple[str, ...]) -> dict:
    # schemas' logical types are Table Schema's type names; the unit goes into the description.
    out: dict = {"name": column.name, "type": column.type, "description": column.described}
    if out["type"] == "boolean":
        out |= {"trueValues": ["true"], "falseValues": ["false"]}
    if out["type"] == "datetime":
        out["format"] = "any"  # ISO 8601 UTC, with fractional seconds only when the value has them
    if not column.nullable or column.name in key:
        out["constraints"] = {"required": True}
    return out


def resource(table: ReleaseTable, csv_path: str, parquet_path: str, sha256: str, size: int) -> dict:
    schema: dict = {"fields": [schema_field(c, table.primary_key) for c in table.columns], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    return {
        "name": table.name,
        "title": f"{table.kind} {table.name}",
        "description": table.description,
        "profile": "tabular-data-resource",
        "path": csv_path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": size,
        "hash": f"sha256:{sha256}",
        "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": schema,
        "parquet": parquet_path,
        "rows": len(table.frame),
    } | _withheld_property(table)


def _withheld_property(table: ReleaseTable) -> dict:
    """Columns of the warehouse table this resource leaves out: absent from its schema, named here with why."""
    if not table.withheld:
        return {}
    return {"withheldColumns": [{"name": w.column, "reason": w.reason, "optIn": f"spbe release {ARTICLE_TEXT_FLAG}"} for w in table.withheld]}


def descriptor(meta: ReleaseMeta, resources: list[dict]) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": meta.package_name,
        "title": meta.title,
        "version": meta.version,
        # The newest date the data states, never the build clock (omitted when the data states none).
        **({"created": f"{meta.data_updated}T00:00:00Z"} if meta.data_updated else {}),
        "description": meta.description,
        "synthetic": meta.synthetic,
        "keywords": ["Indeks SPBE", "e-government", "Indonesia", "KemenPAN-RB"] + (["synthetic"] if meta.synthetic else []),
        "licenses": [meta.licence],
        "sources": meta.sources,
        "withheldColumns": [{"resource": w.table, "name": w.column, "reason": w.reason} for w in meta.withheld],
        "resources": resources,
    }


def dumps(package: dict) -> bytes:
    return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
