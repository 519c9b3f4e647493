"""The resources of the code location, configured from the environment.

A variable that is set is passed as `dg.EnvVar`, so Dagster reads it when the run starts and never
stores its value (the warehouse URL may hold a password); one that is not set gets the default.
"""

from __future__ import annotations

import os

import dagster as dg

from assets.resources import DEFAULT_HTTP_CACHE_DIR, SourcesResource, WarehouseResource
from spbe.infra.registry import MIRROR_URL_ENV, REGISTRY_PATH_ENV, SOURCE_MODE_ENV
from spbe.infra.warehouse import DEFAULT_WAREHOUSE_URL, WAREHOUSE_URL_ENV

HTTP_CACHE_DIR_ENV = "SPBE_HTTP_CACHE_DIR"


def env_or_default(name: str, default: str | None):
    """`dg.EnvVar(name)` when the variable is set, so Dagster reads it at run time; else the default."""
    return dg.EnvVar(name) if os.environ.get(name) else default


def default_resources() -> dict[str, dg.ConfigurableResource]:
    return {
        "warehouse": WarehouseResource(url=env_or_default(WAREHOUSE_URL_ENV, DEFAULT_WAREHOUSE_URL)),
        "sources": SourcesResource(
            source_mode=env_or_default(SOURCE_MODE_ENV, "live"),
            mirror_url=env_or_default(MIRROR_URL_ENV, None),
            registry_path=env_or_default(REGISTRY_PATH_ENV, None),
            cache_dir=env_or_default(HTTP_CACHE_DIR_ENV, DEFAULT_HTTP_CACHE_DIR),
        ),
    }
