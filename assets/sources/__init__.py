"""One folder per source, each holding that source's assets (mirroring `spbe/sources/`).

A new source is a new folder here: the Definitions and `spbe_index` find its assets by walking
this package, so no list elsewhere has to name it.
"""

from __future__ import annotations

import functools
import sys

import dagster as dg


@functools.cache
def source_assets() -> tuple[dg.AssetsDefinition, ...]:
    found = dg.load_assets_from_package_module(sys.modules[__name__])
    return tuple(a for a in found if isinstance(a, dg.AssetsDefinition))


def source_asset_keys() -> list[dg.AssetKey]:
    return sorted({key for asset in source_assets() for key in asset.keys}, key=lambda k: k.to_user_string())
