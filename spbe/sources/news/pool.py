"""How the article pipeline overlaps its work, and the work a parse process does.

Kept apart from ingest.py so that a worker process imports only the article reader and the
extractor (trafilatura, lxml, the gazetteer), not pandas and the schemas.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
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
    fetch_threads: int = 8
    in_flight_per_worker: int = 4  # bodies waiting for a worker: bounds memory when fetching outruns parsing

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
