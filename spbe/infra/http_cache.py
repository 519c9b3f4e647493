"""The HTTP client's on-disk cache (requests-cache, SQLite): made usable before a run, keyed by the
live URL.

A corrupt file (a killed write, a disk error, a file copied over it) would otherwise fail every run
with "file is not a database" until someone deletes it by hand: it is moved aside with a warning
naming both paths and rebuilt empty (the cache only saves bytes; losing it is safe). A directory we
cannot write to is one clear error naming it.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import requests_cache

logger = logging.getLogger(__name__)


class CacheError(OSError):
    """The HTTP cache cannot be used (e.g. its directory is read-only); the message names the path."""


def _cache_file(cache_dir: Path) -> Path:
    return Path(cache_dir) / "http_cache.sqlite"


def prepare_cache(cache_dir: Path) -> Path:
    """Make sure the SQLite cache can be used: a writable directory, and a file that is a database."""
    cache_dir = Path(cache_dir)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache_dir, prefix=".write-probe-"):
            pass
    except OSError as exc:
        raise CacheError(f"HTTP cache directory {cache_dir} is not writable ({exc.strerror or exc}); "
                         "set SPBE_HTTP_CACHE_DIR to a writable directory") from exc
    path = _cache_file(cache_dir)
    if not path.exists():
        return path
    problem = _sqlite_problem(path)
    if problem is not None:
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{path}{suffix}")
            if part.exists():
                part.replace(Path(f"{aside}{suffix}"))
        message = f"HTTP cache {path} is corrupt ({problem}); moved aside to {aside} and rebuilt empty"
        logger.warning(message)
        warnings.warn(message, RuntimeWarning, stacklevel=2)
    return path


def _sqlite_problem(path: Path) -> str | None:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as conn:
            row = conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if row and row[0] == "ok" else f"quick_check: {row[0] if row else 'no answer'}"


def live_key(live_url_of: Callable[[str], str]):
    """A requests-cache key function that files each response under the live URL it stands for."""

    def key_fn(request, **kwargs) -> str:
        copy = request.copy()
        copy.url = live_url_of(request.url)
        return requests_cache.create_key(copy, **kwargs)

    return key_fn
