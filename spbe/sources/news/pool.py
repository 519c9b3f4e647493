"""How the article pipeline overlaps its work, and the work a parse process does.

Kept apart from ingest.py so that a worker process imports only the article reader and the
extractor (trafilatura, lxml, the gazetteer), not pandas and the schemas.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from spbe.sources.news.extract import extract_figures_and_claims
from spbe.sources.news.parse import Article, parse_article


def read_article(body: bytes, url: str, published: dt.date | None, feed_item: Article | None = None):
    """Parse one page and extract its figures: pure, so it runs in a worker process.

    Returns (article, figures, sha256 of the body, rank claims) or, for a page we cannot read, the error text:
    an exception from a worker may not survive pickling, and one bad page must not stop the rest.
    """
    try:
        article = feed_item or parse_article(body, url)
        article.published = article.published or published
        figures, claims = extract_figures_and_claims(article.text or "", article.published)
    except Exception as exc:
        return f"unparseable article: {exc.__class__.__name__}: {exc}"
    return article, figures, hashlib.sha256(body).hexdigest(), claims


class ByteBudget:
    """A bound on bytes in flight, shared by threads. One item larger than the whole budget still
    goes through, alone, rather than waiting forever."""

    def __init__(self, limit: int) -> None:
        self.limit, self.used = max(1, limit), 0
        self._changed = threading.Condition()

    def acquire(self, size: int) -> int:
        size = min(max(1, size), self.limit)
        with self._changed:
            self._changed.wait_for(lambda: self.used + size <= self.limit)
            self.used += size
        return size

    def release(self, size: int) -> None:
        with self._changed:
            self.used -= size
            self._changed.notify_all()


class _Inline:
    """The executor of a sequential run: the same code path, work done at submit."""

    def submit(self, fn, *args) -> Future:
        future: Future = Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None: ...


@dataclass(frozen=True)
class Parallelism:
    """How the article pipeline overlaps. `workers` processes parse and extract (0 = in this
    process, sequentially); `fetch_threads` fetch from distinct hosts at once; the per-host limit
    itself is the client's (HttpSettings.max_per_host), which every request passes through."""

    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    # Hosts crawled at once. Most of a thread's life is spent waiting on its host (a slow site, a
    # Retry-After), so there are many more threads than cores: with 8, measured on 600 sites of
    # which 30 answer in 2 s, the slow hosts held every thread and the others queued behind them.
    fetch_threads: int = 64
    # Bytes of fetched bodies waiting for a worker: bounds memory when fetching outruns parsing. In
    # bytes rather than bodies, so that a small page does not cost a large one's place: with a count
    # of 8, a slow host's thread waited for a place behind hundreds of fast hosts' pages and its 2 s
    # answers came far apart (600 sites: 105 s for a host that needs 56 s).
    pending_bytes: int = 32 * 2**20
    # A host whose robots.txt took this long to answer, or whose Crawl-delay is this long, is slow:
    # it is crawled first, on a thread of its own (spbe.sources.news.hosts).
    slow_host_s: float = 0.5

    @classmethod
    def sequential(cls) -> Parallelism:
        return cls(workers=0, fetch_threads=1)

    def executor(self) -> ProcessPoolExecutor | _Inline:
        if self.workers <= 0:
            return _Inline()
        # forkserver: forking a process whose fetch threads hold locks (sqlite, logging) can deadlock the child.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])  # workers fork from one process that imported us once
        return ProcessPoolExecutor(self.workers, mp_context=context)
