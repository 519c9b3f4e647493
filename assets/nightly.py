"""Each asset's no-change check, declared next to the asset, for the nightly schedule.

The schedule (pipelines/nightly.py) skips a night only when every asset of `refresh_all` has a
check and each says its inputs are unchanged; an asset without one (a new source folder, until it
declares its check) makes every night run. A check asks, by the rules of `spbe.nightly`, the
question its asset asks inside a run, reading what it needs from `CheckInputs`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import dagster as dg

from assets.metadata import latest_metadata
from assets.resources import SourcesResource
from spbe.infra.warehouse import Warehouse
from spbe.nightly import Finding


@dataclass(frozen=True)
class CheckInputs:
    """What a check may read: the instance (last materializations), the resources, a time-bounded
    HTTP client and the years the night covers."""

    instance: dg.DagsterInstance
    sources: SourcesResource
    warehouse: Warehouse
    client: object
    years: tuple[str, ...]
    now: dt.datetime

    def last_metadata(self, key: str, partition: str | None = None) -> dict:
        return latest_metadata(self.instance, dg.AssetKey(key), partition)


Check = Callable[[CheckInputs], Finding | Iterable[Finding]]


@dataclass(frozen=True)
class Declared:
    check: Check
    order: int  # cheaper checks first: the schedule stops at the first change
    label: str  # what a failure to check is reported as


CHECKS: dict[str, Declared] = {}


def nightly_check(*asset_keys: str, order: int = 50, label: str | None = None) -> Callable[[Check], Check]:
    """Declare `fn` the no-change check of these assets (one call covers them all)."""

    def register(fn: Check) -> Check:
        for key in asset_keys:
            CHECKS[key] = Declared(fn, order, label or asset_keys[0])
        return fn

    return register
