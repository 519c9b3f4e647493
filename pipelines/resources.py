"""Dagster resources: thin configuration around the core's warehouse and HTTP client."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from spbe.infra.http_client import HttpSettings, PoliteClient
from spbe.infra.registry import MIRROR_URL_ENV, REGISTRY_PATH_ENV, SOURCE_MODE_ENV, Registry, load_registry
from spbe.infra.warehouse import DEFAULT_WAREHOUSE_URL, WAREHOUSE_URL_ENV, Warehouse, WarehouseUrlError


def env_or_default(name: str, default: str | None):
    """`dg.EnvVar(name)` when the variable is set, so Dagster reads it at run time; else the default."""
    return dg.EnvVar(name) if os.environ.get(name) else default


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse database. Set SPBE_WAREHOUSE_URL for PostgreSQL; the password stays in the environment."""

    url: str = DEFAULT_WAREHOUSE_URL

    def get(self) -> Warehouse:
        try:
            warehouse = Warehouse(self.url)
            warehouse.ensure_schema()
        except WarehouseUrlError as exc:
            # The run fails with the one-line reason as its description, not a driver traceback.
            raise dg.Failure(description=str(exc), allow_retries=False) from None
        return warehouse


class SourcesResource(dg.ConfigurableResource):
    """Source registry plus the polite HTTP client that every source is fetched with."""

    source_mode: str = "live"
    mirror_url: str | None = None
    registry_path: str | None = None  # a sources.toml of your own; default: the packaged one
    # Overlay files (mirror/sources.toml for the demo); None: SPBE_REGISTRY_OVERLAY.
    registry_overlays: list[str] | None = None
    # Where users drop what cannot be fetched (2025's file); None: SPBE_MANUAL_DROP_DIR or data/manual_drop.
    manual_drop_dir: str | None = None
    cache_dir: str = "data/http_cache"
    max_bytes: int = 25 * 1024 * 1024
    max_retries: int = 4
    total_timeout_s: float = 120.0
    max_per_host: int = 1  # requests in flight to one publisher's host at a time (news fetching overlaps hosts)

    def registry(self) -> Registry:
        return load_registry(
            Path(self.registry_path) if self.registry_path else None,
            mode=self.source_mode,
            mirror_url=self.mirror_url,
            overlays=None if self.registry_overlays is None else [Path(p) for p in self.registry_overlays],
        )

    def manual_drop_path(self) -> Path | None:
        return Path(self.manual_drop_dir) if self.manual_drop_dir else None

    def client(self, registry: Registry) -> PoliteClient:
        return PoliteClient(
            HttpSettings(
                user_agent=registry.user_agent,
                allowed_hosts=registry.allowed_hosts(),
                allow_private_addresses=registry.mode == "mirror",
                cache_dir=Path(self.cache_dir),
                cache_key_url=registry.live_url_of,  # a mirror on a new port still gets 304s
                max_bytes=self.max_bytes,
                max_retries=self.max_retries,
                total_timeout_s=self.total_timeout_s,
                max_per_host=self.max_per_host,
            )
        )


def http_metadata(client: PoliteClient, unverified: list[str] | None = None) -> dict[str, dg.MetadataValue]:
    """What a run cost on the wire, for the asset's metadata: 304s, bytes downloaded and saved, and
    the registry entries it used whose URLs no person has checked (`verified = false`)."""
    stats = client.stats
    meta = {
        "not_modified": dg.MetadataValue.int(stats.not_modified),
        "bytes_downloaded": dg.MetadataValue.int(stats.bytes_downloaded),
        "bytes_saved": dg.MetadataValue.int(stats.bytes_saved),
    }
    if unverified is not None:
        meta["unverified_sources"] = dg.MetadataValue.text(
            ", ".join(unverified) + " (registry URLs not checked by a person)" if unverified else "none"
        )
    return meta


def default_resources() -> dict[str, dg.ConfigurableResource]:
    return {
        "warehouse": WarehouseResource(url=env_or_default(WAREHOUSE_URL_ENV, DEFAULT_WAREHOUSE_URL)),
        "sources": SourcesResource(
            source_mode=env_or_default(SOURCE_MODE_ENV, "live"),
            mirror_url=env_or_default(MIRROR_URL_ENV, None),
            registry_path=env_or_default(REGISTRY_PATH_ENV, None),
            cache_dir=env_or_default("SPBE_HTTP_CACHE_DIR", "data/http_cache"),
        ),
    }
