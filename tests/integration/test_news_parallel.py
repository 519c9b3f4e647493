"""The parallel article pipeline: the same rows as a sequential run, and never more than the per-host
limit of requests in flight to one host.

A local server on 127.0.0.1 serves four news sites in the mirror layout (/HOST/PATH: the host the
client's limit is keyed by is the first path segment) and counts the requests in flight per host.
Each answer is held back a little so that requests overlap whenever the client lets them. Where a
test needs an overlap to happen (not just to be possible), the server holds the first requests until
that many are in flight, with a generous timeout: on a loaded machine a fixed delay alone let the
threads run one after the other and the test failed although the client was right.
"""

from __future__ import annotations

import collections
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest

from spbe.infra.http_client import HttpSettings, PoliteClient
from spbe.infra.registry import load_registry
from spbe.sources.news.ingest import Parallelism, ingest_news

SITES = [f"www.berita-{i}.example.id" for i in range(4)]
PER_SITE = 5
DELAY_S = 0.03
HOLD_TIMEOUT_S = 10.0
NOW = pd.Timestamp("2026-12-03T08:00:00Z").to_pydatetime()
PLACES = ["Kabupaten Pesawaran", "Kota Bandar Lampung", "Kabupaten Lampung Selatan", "Kota Metro", "Kabupaten Tanggamus"]


def _pages() -> dict[str, bytes]:
    pages: dict[str, bytes] = {}
    for s, host in enumerate(SITES):
        urls = []
        for a in range(PER_SITE):
            url = f"https://{host}/2024/05/{a + 1:02d}/spbe-indeks-{a}"
            value = f"{2 + (s + a) % 3},{10 + 7 * a + s}"
            text = f"Indeks SPBE {PLACES[a]} tahun 2023 mencapai {value} dengan predikat Baik, kata kepala dinas."
            pages[f"/{host}/2024/05/{a + 1:02d}/spbe-indeks-{a}"] = (
                f'<html><head><title>Indeks SPBE {PLACES[a]}</title><link rel="canonical" href="{url}">'
                f'<meta property="article:published_time" content="2024-05-{a + 1:02d}T08:00:00+07:00"></head>'
                f"<body><article><h1>Indeks SPBE {PLACES[a]} naik</h1><p>{text}</p><p>{text}</p></article></body></html>"
            ).encode()
            urls.append(url)
        if s == 1:  # one article that cannot be fetched: an error with its URL, the others go on
            del pages[f"/{host}/2024/05/01/spbe-indeks-0"]
        locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
        pages[f"/{host}/sitemap.xml"] = (
            f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
        ).encode()
    return pages


class CountingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, pages: dict[str, bytes]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages, self.lock = pages, threading.Condition()
        self.in_flight: collections.Counter[str] = collections.Counter()
        self.max_per_host: collections.Counter[str] = collections.Counter()
        self.total, self.max_total = 0, 0
        # Hold each request until this many were in flight at once (overall / on its host), at most
        # HOLD_TIMEOUT_S: an overlap the client allows then always shows, however slow the machine.
        self.hold_total, self.hold_per_host = 0, 0

    def held_long_enough(self, host: str) -> bool:
        if host == "robots.txt":  # fetched once for the one mirror origin, while the others wait for it
            return True
        return self.max_total >= self.hold_total and self.max_per_host[host] >= self.hold_per_host


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        server: CountingServer = self.server  # type: ignore[assignment]
        host = self.path.lstrip("/").partition("/")[0]
        with server.lock:
            server.in_flight[host] += 1
            server.total += 1
            server.max_per_host[host] = max(server.max_per_host[host], server.in_flight[host])
            server.max_total = max(server.max_total, server.total)
            server.lock.notify_all()
            server.lock.wait_for(lambda: server.held_long_enough(host), timeout=HOLD_TIMEOUT_S)
        try:
            time.sleep(DELAY_S)
            body = server.pages.get(self.path)
        finally:
            # Out of flight before the answer is written: once the client has the whole body it may
            # send the next request at once, and counting until this thread returned saw two.
            with server.lock:
                server.in_flight[host] -= 1
                server.total -= 1
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/xml" if self.path.endswith(".xml") else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args) -> None: ...


@pytest.fixture()
def server():
    srv = CountingServer(_pages())
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _run(server: CountingServer, tmp_path, parallel: Parallelism, max_per_host: int = 1):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    path = tmp_path / "sources.toml"
    path.write_text(
        "".join(f'[[news_site]]\nname = "{h}"\nhome = "https://{h}/"\nsitemaps = ["https://{h}/sitemap.xml"]\n\n' for h in SITES),
        encoding="utf-8",
    )
    registry = load_registry(path, mode="mirror", mirror_url=base, overlays=[])
    settings = HttpSettings(
        allowed_hosts=registry.allowed_hosts(), allow_private_addresses=True, cache_dir=tmp_path / f"cache-{parallel.workers}",
        cache_key_url=registry.live_url_of, max_per_host=max_per_host, max_retries=0,
    )
    with PoliteClient(settings) as client:
        return ingest_news(registry, client, set(), now=NOW, parallel=parallel)


def test_parallel_ingest_gives_the_sequential_rows_in_url_order_within_the_per_host_limit(server, tmp_path):
    sequential = _run(server, tmp_path, Parallelism.sequential())
    assert server.max_total == 1  # the sequential run really is sequential
    server.max_total, server.hold_total = 0, 2
    parallel = _run(server, tmp_path, Parallelism(workers=2, fetch_threads=4))
    assert max(server.max_per_host.values()) == 1, dict(server.max_per_host)
    assert server.max_total > 1, "fetching did not overlap across hosts"
    assert len(sequential.articles) == len(SITES) * PER_SITE - 1 and len(sequential.figures) > 0
    pd.testing.assert_frame_equal(parallel.articles, sequential.articles)
    pd.testing.assert_frame_equal(parallel.figures, sequential.figures)
    assert parallel.articles["url"].tolist() == sorted(parallel.articles["url"])
    assert [url for url, _ in parallel.errors] == [f"https://{SITES[1]}/2024/05/01/spbe-indeks-0"]
    assert parallel.errors == sequential.errors and parallel.discovered == sequential.discovered


def test_the_client_limit_holds_when_many_threads_hit_one_host(server, tmp_path):
    """The limit lives in the client, so it holds whatever the caller's threading."""
    base = f"http://127.0.0.1:{server.server_address[1]}"
    url = f"{base}/{SITES[0]}/sitemap.xml"
    for limit in (1, 2):
        server.max_per_host.clear()
        server.hold_per_host = limit
        settings = HttpSettings(allowed_hosts=frozenset({base.split('//')[1]}), allow_private_addresses=True, max_per_host=limit)
        with PoliteClient(settings) as client:
            threads = [threading.Thread(target=client.fetch, args=(url,), kwargs={"store": False}) for _ in range(6)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert client.stats.requests == 7  # six fetches and one robots.txt, none lost to a race
        assert server.max_per_host[SITES[0]] == limit
