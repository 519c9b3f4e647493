"""The process's decree calendar: the recorded history (the methods file's `[[release]]` entries,
through spbe.domain.calendar) plus the releases the source registry states, read with the overlays
the environment names.

It lives in infra, not in the domain, because it reads the registry: the domain's Calendar learns
from entries it is given, and this module gives it the registry's (a run holding its own registry
calls `Calendar().learn(...)` itself). Lookups by year or decree that must see a newly registered
round go through here.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os

from spbe.domain.calendar import Calendar, Release, today_in_jakarta
from spbe.domain.methods import METHODS_FILE_ENV
from spbe.infra.registry import RegistryError, load_registry

log = logging.getLogger(__name__)


# What the calendar is read from: the registry (and its overlays), and the methods file holding the history.
_CALENDAR_ENV = ("SPBE_REGISTRY", "SPBE_REGISTRY_OVERLAY", "SPBE_SOURCE_MODE", "SPBE_MIRROR_URL", METHODS_FILE_ENV)


def calendar() -> Calendar:
    """The process's calendar: the history plus what the source registry (with its overlays, as the
    environment names them) says was released. A run that holds its own registry uses
    `Calendar().learn(official entries)` instead."""
    return _calendar_for(tuple(os.environ.get(k) for k in _CALENDAR_ENV))


@functools.lru_cache(maxsize=8)
def _calendar_for(_env: tuple[str | None, ...]) -> Calendar:
    try:
        registry = load_registry()
    except RegistryError as exc:
        # A broken registry fails the run that reads it, with its own line; the calendar keeps the
        # history alone, which only ever holds more (a round it cannot see is unpublished).
        log.warning(f"decree calendar: the source registry could not be read, releases after the history are unknown: {exc}")
        return Calendar()
    return Calendar().learn(registry.entries("official"))


def evaluation_year_of_decree(number: int, year: int) -> int | None:
    """Evaluation year a KepmenPANRB decree published, e.g. (663, 2024) -> 2024, (13, 2024) -> 2023."""
    return calendar().evaluation_year_of_decree(number, year)


def latest_published_evaluation_year(on: dt.date) -> int | None:
    """The newest evaluation year whose results were public on a given date."""
    return calendar().latest_published(on)


def release_of(evaluation_year: int) -> Release | None:
    return calendar().release_of(evaluation_year)


def round_published(evaluation_year: int, on: dt.date | None = None) -> bool:
    """Whether the calendar knows the year's results as public on a date (default: today)."""
    return calendar().published(evaluation_year, on or today_in_jakarta())
