"""The crawl's host scheduler: slow hosts (as their robots.txt probe says) start at once on threads of
their own, the others share the threads, every host is crawled once, and a failure surfaces."""

from __future__ import annotations

import threading
import time

import pytest

from spbe.sources.news.hosts import crawl_hosts

SLOW = {"slow-late", "slow-later"}


def _run(groups, threads=2, probe=True):
    started: list[tuple[str, str]] = []
    lock = threading.Lock()

    def crawl(group):
        with lock:
            started.append((group, threading.current_thread().name))
        time.sleep(0.05)
        return f"crawled {group}"

    def slow_probe(group):
        time.sleep(0.02 if group in SLOW else 0)
        return 1.0 if group in SLOW else 0.0  # a Crawl-delay of 1 s

    results = list(crawl_hosts(groups, crawl, slow_probe if probe else None, threads=threads, slow_s=0.5))
    return results, started


def test_slow_hosts_start_first_on_threads_of_their_own_and_every_host_is_crawled_once():
    groups = [f"fast-{i}" for i in range(8)] + ["slow-late", "fast-8", "slow-later"]
    results, started = _run(groups)
    assert sorted(results) == sorted((i, f"crawled {g}") for i, g in enumerate(groups))
    first = [group for group, _ in started[:4]]
    assert set(first) >= SLOW, started  # last in the registry, yet among the first crawled
    threads = dict(started)
    assert all(threads[g].startswith("news-slow-host-") for g in SLOW)
    assert not any(threads[g].startswith("news-slow-host-") for g in groups if g not in SLOW)


def test_without_a_probe_or_with_one_thread_hosts_go_in_registry_order():
    groups = ["fast-0", "slow-late", "fast-1", "slow-later"]
    for kwargs in ({"probe": False, "threads": 1}, {"probe": True, "threads": 1}):
        _, started = _run(groups, **kwargs)
        assert [g for g, _ in started] == groups


def test_a_failing_crawl_is_raised_after_the_threads_stop():
    def crawl(group):
        if group == "bad":
            raise ValueError("boom")
        return group

    before = threading.active_count()
    with pytest.raises(ValueError, match="boom"):
        list(crawl_hosts(["a", "bad", "c", "d"], crawl, lambda g: 0.0, threads=2, slow_s=0.5))
    assert threading.active_count() == before
