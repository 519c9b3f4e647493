"""Which host the crawl takes when: the slow hosts first, each on a thread of its own.

A polite crawl cannot finish before its slowest host has answered every request one after the
other (its *share*), so the wall time is bounded by that share only if the slow hosts start at once
and never queue behind the others. In registry order behind 64 threads, a host that answers in 2 s
late in a list of 600 started 43 s into the crawl and finished 96 s in, for a share of 52 s.

So every host is first *probed*: its robots.txt is loaded (the first request the crawl makes to a
host anyway, so the probe costs no extra request) and timed, and its Crawl-delay read. A host whose
robots.txt took `slow_s` or more, or which asks for that much between requests, gets a thread of its
own at once (up to `threads` of them: it spends its life waiting on its host, not on the CPU);
the others go to the shared threads, slowest first, then in registry order. A thread per host for
every host instead (600 threads) made every thread wait on the others for the interpreter: the slow
hosts started 14 s in and took 1.4 times their share.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

_STOP = (2, 0.0, -1)  # after every probe and crawl in the queue's order


def probe_seconds(probe: Callable[[Any], float], group) -> float:
    """The seconds one request to the group's host takes or must wait (0 if the probe failed: the
    host fails fast, and its crawl reports why)."""
    started = time.monotonic()
    try:
        delay = probe(group)
    except Exception:  # noqa: BLE001 - a host that cannot be probed is crawled last and fails there
        return 0.0
    return max(time.monotonic() - started, delay or 0.0)


def crawl_hosts(groups: Sequence, crawl: Callable[[Any], Any], probe: Callable[[Any], float] | None, *,
                threads: int, slow_s: float) -> Iterator[tuple[int, Any]]:
    """Run `crawl(group)` for every group; yield (index, result) in the caller's thread as each ends.

    Without a `probe` (a client that cannot load robots.txt on its own) or with one thread, the
    groups are crawled in registry order by `threads` threads. An exception in a crawl is raised
    here once the threads have stopped; the groups not started by then are not crawled.
    """
    threads = max(1, min(threads, len(groups)))
    tasks: queue.PriorityQueue = queue.PriorityQueue()
    done: queue.Queue = queue.Queue()
    stop, lock = threading.Event(), threading.Lock()
    own_threads: list[threading.Thread] = []
    dedicated = threads if threads > 1 and probe is not None else 0  # threads of its own, at most

    def run_crawl(index: int) -> None:
        if stop.is_set():
            done.put((index, None, None))
            return
        try:
            done.put((index, crawl(groups[index]), None))
        except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread
            done.put((index, None, exc))

    def run_probe(index: int) -> None:
        nonlocal dedicated
        seconds = probe_seconds(probe, groups[index]) if not stop.is_set() else 0.0
        with lock:
            alone = seconds >= slow_s and dedicated > 0
            dedicated -= alone
        if alone:
            start(run_crawl, index, name=f"news-slow-host-{index}")
        else:
            tasks.put((1, -seconds, index))

    def worker() -> None:
        while True:
            kind, _, index = tasks.get()
            if kind == _STOP[0]:
                return
            (run_probe if kind == 0 else run_crawl)(index)

    def start(target, *args, name: str) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        with lock:
            own_threads.append(thread)
        thread.start()

    for index in range(len(groups)):
        tasks.put((0, 0.0, index) if dedicated else (1, 0.0, index))
    for n in range(threads):
        start(worker, name=f"news-fetch-{n}")
    failure: BaseException | None = None
    try:
        for _ in range(len(groups)):
            index, result, exc = done.get()
            if exc is not None:
                failure = failure or exc
                stop.set()
            elif result is not None and failure is None:
                yield index, result
    finally:
        stop.set()
        for _ in range(threads):
            tasks.put(_STOP)
        with lock:
            joining = list(own_threads)
        for thread in joining:
            thread.join()
    if failure is not None:
        raise failure
