"""What every asset declares about itself (owners, code version, column schema) and what it reads
back from its own history (the metadata of its last materialization, to skip unchanged work)."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import dagster as dg
import pandas as pd

from schemas import TABLE_MODELS, table_columns
from spbe.infra.markdown import markdown_table

OWNERS = ["team:spbe-warehouse"]


def code_version(*modules: str) -> str:
    """A digest of the source files (and data files) of the given modules and packages.

    It changes whenever the code that makes an asset's data changes, and only then, so Dagster's
    staleness and our own "unchanged input, skip the work" rule both stay right without anyone
    remembering to bump a number.
    """
    digest = hashlib.sha256()
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError(name)
        origin = Path(spec.origin)
        files = sorted(p for p in origin.parent.rglob("*") if p.suffix in {".py", ".csv", ".toml"}) if origin.name == "__init__.py" else [origin]
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def column_schema(columns) -> dg.TableSchema:
    """`dagster/column_schema` from schemas' columns (a table's or a view's: the single truth)."""
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                c.name,
                type=c.dtype,
                description=c.described or None,
                constraints=dg.TableColumnConstraints(nullable=c.nullable and not c.key, other=["primary key"] if c.key else []),
            )
            for c in columns
        ]
    )


def table_schema(table: str) -> dg.TableSchema:
    """`dagster/column_schema` of a warehouse table, from its Pandera model."""
    return column_schema(table_columns(TABLE_MODELS[table]))


def view_schemas() -> dict[str, dg.TableSchema]:
    """`dagster/column_schema` of every BI view, as SQL reports its columns (on a scratch SQLite)."""
    from spbe.infra.ddl import described_views

    return {name: column_schema(columns) for name, columns in described_views().items()}


def asset_metadata(table: str, **extra) -> dict:
    """Definition metadata of an asset that writes `table`."""
    return {"dagster/column_schema": table_schema(table), "dagster/table_name": table, **extra}


def last_metadata(context: dg.AssetExecutionContext, partition: str | None = None) -> dict:
    """The metadata of this asset's (or one of its partitions') latest materialization, as plain values."""
    return latest_metadata(context.instance, context.asset_key, partition)


def latest_metadata(instance: dg.DagsterInstance, key: dg.AssetKey, partition: str | None = None) -> dict:
    """The metadata of an asset's (or one of its partitions') latest materialization, as plain values."""
    records = instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=key, asset_partitions=[partition] if partition else None), limit=1
    ).records
    if not records:
        return {}
    materialization = records[0].asset_materialization
    if materialization is None:
        return {}
    return {key: value.value for key, value in materialization.metadata.items()}


def preview(frame: pd.DataFrame, columns: list[str], limit: int = 20) -> dg.MetadataValue:
    return dg.MetadataValue.md(markdown_table(frame[columns] if not frame.empty else frame, limit=limit))


def http_metadata(client, unverified: list[str] | None = None) -> dict[str, dg.MetadataValue]:
    """What a run cost on the wire, for the asset's metadata: 304s, bytes downloaded and saved, and
    the registry entries it used whose URLs no person has checked (`verified = false`)."""
    stats = client.stats
    meta = {
        "not_modified": dg.MetadataValue.int(stats.not_modified),
        "bytes_downloaded": dg.MetadataValue.int(stats.bytes_downloaded),
        "bytes_saved": dg.MetadataValue.int(stats.bytes_saved),
        "http": dg.MetadataValue.json(client.stats_dict()),
    }
    if unverified is not None:
        meta["unverified_sources"] = dg.MetadataValue.text(
            ", ".join(unverified) + " (registry URLs not checked by a person)" if unverified else "none"
        )
    return meta


def dataset_metadata(warehouse) -> dict[str, dg.MetadataValue]:
    """Whether the warehouse holds synthetic data, from its write log: shown beside every materialization."""
    from spbe.infra.provenance import dataset_status

    synthetic, note = dataset_status(warehouse)
    return {
        "synthetic": dg.MetadataValue.bool(synthetic),
        "data": dg.MetadataValue.text(("SYNTHETIC: " if synthetic else "") + note),
    }
