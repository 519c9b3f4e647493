"""Giving freed memory back to the operating system after a step that churned through a lot of it.

The article pipeline's fetch threads read thousands of 30-150 KB bodies and hand them to the parse
workers; glibc keeps what they freed in its per-thread arenas, so the run process's RSS kept the
high-water mark of that churn for the rest of the run (measured in the 5,000-article backfill: the
`dagster job execute` process grew from 273 to 532 MB during `news_figures` and stayed there through
`official_results`, with the step's own tables about 40 MB). `malloc_trim(0)` returns those free
pages; on a libc without it (musl, macOS) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc


@functools.cache
def _malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release_free_memory() -> bool:
    """Collect garbage and hand the allocator's free pages back; True when the allocator could."""
    gc.collect()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
