"""Dagster resources: the warehouse, and the source registry with the polite HTTP client.

Both have a lifecycle. The warehouse engine is opened and its schema checked once per run (with
the multiprocess executor: once per step process), on first use, and disposed when the run ends; an HTTP
client is opened per asset with `with sources.client() as client:` and closed when the asset is
done, so its statistics are that asset's own and its cache file is never left open.

They live below the assets (not in `pipelines/`) because the assets name them in their signatures;
`pipelines/` only wires them into the Definitions.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import sqlalchemy as sa
from pydantic import PrivateAttr

from spbe.infra.ddl import SchemaDriftError
from spbe.infra.http_client import HttpSettings, PoliteClient
from spbe.infra.registry import Registry, RegistryError, load_registry
from spbe.infra.warehouse import DEFAULT_WAREHOUSE_URL, Warehouse, WarehouseUrlError, redact_url

DEFAULT_HTTP_CACHE_DIR = "data/http_cache"


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse database. Set SPBE_WAREHOUSE_URL for PostgreSQL; the password stays in the environment."""

    url: str = DEFAULT_WAREHOUSE_URL
    _warehouse: Warehouse | None = PrivateAttr(default=None)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._warehouse is not None:
            self._warehouse.dispose()
            self._warehouse = None

    def get(self) -> Warehouse:
        """The run's warehouse: opened, its schema created or migrated in place (one log line when it
        migrates) and checked (tables, views, drift), on first use only; the engine is disposed when
        the run ends. A bad URL or a warehouse no migration explains fails the step in one line."""
        if self._warehouse is None:
            try:
                warehouse = Warehouse(self.url)
                warehouse.ensure_schema(log=dg.get_dagster_logger().info)
            except (WarehouseUrlError, SchemaDriftError) as exc:
                # The step fails with the one-line reason as its description, not a driver traceback.
                raise dg.Failure(description=str(exc), allow_retries=False) from None
            except sa.exc.SQLAlchemyError as exc:  # a corrupt or truncated file, a read-only database
                cause = " ".join(str(getattr(exc, "orig", None) or exc).split())
                raise dg.Failure(description=f"warehouse {redact_url(self.url)}: {type(exc).__name__}: {cause}",
                                 allow_retries=False) from None
            self._warehouse = warehouse
        return self._warehouse


class SourcesResource(dg.ConfigurableResource):
    """Source registry plus the polite HTTP client that every source is fetched with."""

    source_mode: str = "live"
    mirror_url: str | None = None
    registry_path: str | None = None  # a sources.toml of your own; default: the packaged one
    # Overlay files (mirror/sources.toml for the demo); None: SPBE_REGISTRY_OVERLAY.
    registry_overlays: list[str] | None = None
    # Where users drop what cannot be fetched (2025's file); None: SPBE_MANUAL_DROP_DIR or data/manual_drop.
    manual_drop_dir: str | None = None
    cache_dir: str = DEFAULT_HTTP_CACHE_DIR
    max_bytes: int = 25 * 1024 * 1024
    max_retries: int = 4
    total_timeout_s: float = 120.0
    max_per_host: int = 1  # requests in flight to one publisher's host at a time (news fetching overlaps hosts)
    _registry: Registry | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        # Read (and so check) the registry before any asset starts fetching. A mistake in it is one
        # ERROR line on the run's console (file, line, key), not only a traceback in the event log.
        try:
            self._registry = self._load()
        except RegistryError as exc:
            if context.log is not None:
                context.log.error(f"source registry: {exc}")
            raise

    def _load(self) -> Registry:
        return load_registry(
            Path(self.registry_path) if self.registry_path else None,
            mode=self.source_mode,
            mirror_url=self.mirror_url,
            overlays=None if self.registry_overlays is None else [Path(p) for p in self.registry_overlays],
        )

    def manual_drop_path(self) -> Path | None:
        return Path(self.manual_drop_dir) if self.manual_drop_dir else None

    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = self._load()
        return self._registry

    def client(self, *, total_timeout_s: float | None = None, max_retries: int | None = None) -> PoliteClient:
        """A new client; use it as a context manager so its session and cache are closed. The nightly
        schedule's check passes a shorter timeout and fewer retries: it must answer within its budget."""
        registry = self.registry()
        return PoliteClient(
            HttpSettings(
                user_agent=registry.user_agent,
                allowed_hosts=registry.allowed_hosts(),
                allow_private_addresses=registry.mode == "mirror",
                cache_dir=Path(self.cache_dir),
                cache_key_url=registry.live_url_of,  # a mirror on a new port still gets 304s
                max_bytes=self.max_bytes,
                max_retries=self.max_retries if max_retries is None else max_retries,
                total_timeout_s=self.total_timeout_s if total_timeout_s is None else total_timeout_s,
                max_per_host=self.max_per_host,
            )
        )
