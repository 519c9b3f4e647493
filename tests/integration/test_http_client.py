"""PoliteClient against real sockets on 127.0.0.1: pytest-httpserver for ordinary HTTP, and a scripted
raw TCP server for what a well-behaved HTTP server cannot do (trickle, reset, hang)."""

from __future__ import annotations

import contextlib
import gzip
import itertools
import socket
import struct
import threading
import time
from email.utils import formatdate

import pytest
from werkzeug import Response

import spbe.infra.http_client as http_client
from spbe.infra.http_client import (
    FetchError,
    HostNotAllowed,
    HttpSettings,
    HttpStatusError,
    PoliteClient,
    PrivateAddressBlocked,
    RequestTimedOut,
    ResponseTooLarge,
    RetriesExhausted,
    RobotsDisallowed,
    SchemeNotAllowed,
    TooManyRedirects,
)

ROBOTS = "User-agent: *\nDisallow: /private/\n"


@pytest.fixture
def make_client(httpserver, tmp_path):
    """Clients for the httpserver, sharing one on-disk cache; sleeps are recorded, not slept."""
    served_robots = []

    def make(robots: str | None = ROBOTS, **overrides) -> PoliteClient:
        if robots is not None and not served_robots:
            httpserver.expect_request("/robots.txt").respond_with_data(robots, content_type="text/plain")
            served_robots.append(robots)
        settings = dict(
            allowed_hosts=frozenset({f"{httpserver.host}:{httpserver.port}"}), allow_private_addresses=True,
            cache_dir=tmp_path / "cache", backoff_base_s=0.01, max_backoff_s=0.05, max_retries=3,
        )
        client = PoliteClient(HttpSettings(**{**settings, **overrides}), sleep=lambda s: client.sleeps.append(s))
        client.sleeps = []
        return client

    return make


def requests_to(httpserver, path: str) -> list:
    return [req for req, _ in httpserver.log if req.path == path]


# -- scripted raw TCP server -------------------------------------------------------------------------
class RawServer:
    """Each accepted connection gets the next behaviour; the last one repeats."""

    def __init__(self, *behaviours) -> None:
        self.behaviours = behaviours
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    @property
    def netloc(self) -> str:
        return self.url.removeprefix("http://")

    def _serve(self) -> None:
        for i in itertools.count():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            behave = self.behaviours[min(i, len(self.behaviours) - 1)]
            threading.Thread(target=self._run, args=(behave, conn), daemon=True).start()

    @staticmethod
    def _run(behave, conn: socket.socket) -> None:
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            with contextlib.suppress(OSError):  # the client hung up on us: that is the point of most of these
                behave(conn)

    def close(self) -> None:
        self.listener.close()


def ok(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")


def reset(conn: socket.socket) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def hang(conn: socket.socket) -> None:
    time.sleep(2)


def _trickle(conn: socket.socket, data: bytes) -> None:
    for byte in itertools.islice(itertools.cycle(data), 400):  # a byte every 50 ms; gives up after ~20 s
        conn.sendall(bytes([byte]))
        time.sleep(0.05)


def trickled_body(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
    _trickle(conn, b"x")


def trickled_headers(conn: socket.socket) -> None:
    _trickle(conn, b"HTTP/1.1 200 OK\r\nX-Pad: ")


@pytest.fixture
def raw_server():
    servers = []

    def start(*behaviours) -> RawServer:
        servers.append(RawServer(*behaviours))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def raw_client(server: RawServer, **overrides) -> PoliteClient:
    settings = dict(
        allowed_hosts=frozenset({server.netloc}), allow_private_addresses=True, respect_robots=False,
        backoff_base_s=0.01, max_retries=2,
    )
    client = PoliteClient(HttpSettings(**{**settings, **overrides}), sleep=lambda s: client.sleeps.append(s))
    client.sleeps = []
    return client


# -- retries -----------------------------------------------------------------------------------------
def test_retries_a_503_then_succeeds(httpserver, make_client):
    httpserver.expect_oneshot_request("/doc").respond_with_data("busy", status=503)
    httpserver.expect_oneshot_request("/doc").respond_with_data("ok")
    client = make_client()
    result = client.fetch(httpserver.url_for("/doc"))
    assert (result.status, result.content, result.attempts) == (200, b"ok", 2)
    assert len(client.sleeps) == 1 and client.stats.retries == 1


def test_honours_retry_after_seconds_and_http_date(httpserver, make_client):
    httpserver.expect_oneshot_request("/doc").respond_with_data("slow down", status=429, headers={"Retry-After": "7"})
    later = formatdate(time.time() + 30, usegmt=True)
    httpserver.expect_oneshot_request("/doc").respond_with_data("busy", status=503, headers={"Retry-After": later})
    httpserver.expect_oneshot_request("/doc").respond_with_data("ok")
    client = make_client()
    assert client.fetch(httpserver.url_for("/doc")).content == b"ok"
    assert client.sleeps[0] == 7.0 and 27 <= client.sleeps[1] <= 30


def test_retry_after_above_the_limit_fails_at_once(httpserver, make_client):
    httpserver.expect_request("/later").respond_with_data("later", status=503, headers={"Retry-After": "3600"})
    client = make_client(max_retry_after_s=60)
    with pytest.raises(RetriesExhausted, match=r"/later: HTTP 503 with Retry-After 3600"):
        client.fetch(httpserver.url_for("/later"))
    assert client.sleeps == [] and len(requests_to(httpserver, "/later")) == 1


def test_retries_are_bounded_in_count(httpserver, make_client):
    httpserver.expect_request("/down").respond_with_data("down", status=500)
    client = make_client(max_retries=3)
    with pytest.raises(RetriesExhausted, match=r"/down: HTTP 500 after 4 attempts") as err:
        client.fetch(httpserver.url_for("/down"))
    assert err.value.url == httpserver.url_for("/down")
    assert len(requests_to(httpserver, "/down")) == 4 and len(client.sleeps) == 3
    assert all(0.005 <= s <= 0.05 for s in client.sleeps)  # exponential with jitter, capped by max_backoff_s


def test_retries_are_bounded_in_time(httpserver, make_client):
    httpserver.expect_request("/down").respond_with_data("down", status=502)
    client = make_client(max_retries=1000, backoff_base_s=0.05, max_backoff_s=0.05, max_total_retry_s=0.4)
    client.sleep = time.sleep  # the budget is wall-clock time: really wait
    started = time.monotonic()
    with pytest.raises(RetriesExhausted, match=r"/down: HTTP 502 after \d+ attempts; the 0.4 s retry budget"):
        client.fetch(httpserver.url_for("/down"))
    assert time.monotonic() - started < 1.5
    assert 2 <= len(requests_to(httpserver, "/down")) < 30


def test_client_errors_fail_at_once(httpserver, make_client):
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    client = make_client()
    with pytest.raises(HttpStatusError, match=r"/gone: HTTP 404") as err:
        client.fetch(httpserver.url_for("/gone"))
    assert err.value.status == 404 and client.sleeps == [] and client.stats.errors == 1


def test_connection_resets_and_read_timeouts_are_retried(raw_server):
    server = raw_server(reset, hang, ok)
    client = raw_client(server, read_timeout_s=0.2)
    result = client.fetch(server.url + "/doc")
    assert result.content == b"ok" and result.attempts == 3 and server.connections == 3


# -- cache and revalidation --------------------------------------------------------------------------
@pytest.mark.parametrize("validator, conditional", [("ETag", "If-None-Match"), ("Last-Modified", "If-Modified-Since")])
def test_revalidates_and_serves_the_cached_body_on_304(httpserver, make_client, validator, conditional):
    value = '"v1"' if validator == "ETag" else "Wed, 21 Oct 2015 07:28:00 GMT"
    seen = []

    def handler(request):
        seen.append(request.headers.get(conditional))
        if request.headers.get(conditional) == value:
            return Response(status=304, headers={validator: value})
        return Response(b"%PDF lampiran" * 100, headers={validator: value, "Content-Type": "application/pdf"})

    httpserver.expect_request("/lampiran.pdf").respond_with_handler(handler)
    first_client = make_client(respect_robots=False)
    first = first_client.fetch(httpserver.url_for("/lampiran.pdf"))
    second_client = make_client(respect_robots=False)  # a new client, as in the next nightly run: the cache is on disk
    second = second_client.fetch(httpserver.url_for("/lampiran.pdf"))
    assert seen == [None, value]
    assert first.content == second.content == b"%PDF lampiran" * 100
    assert not first.from_cache and second.from_cache and second.content_type == "application/pdf"
    assert first_client.stats.bytes_downloaded >= 1300
    stats = second_client.stats
    assert (stats.requests, stats.bytes_downloaded, stats.not_modified) == (1, 0, 1)


def test_pages_fetched_once_can_skip_the_cache(httpserver, make_client):
    seen = []

    def handler(request):
        seen.append(request.headers.get("If-None-Match"))
        return Response(b"<html>artikel</html>", headers={"ETag": '"a1"'})

    httpserver.expect_request("/artikel").respond_with_handler(handler)
    url = httpserver.url_for("/artikel")
    assert make_client(respect_robots=False).fetch(url, store=False).content == b"<html>artikel</html>"
    # Nothing was stored, so the next client asks without a validator and downloads the body.
    again = make_client(respect_robots=False)
    assert not again.fetch(url).from_cache and seen == [None, None]
    assert again.stats.bytes_downloaded > 0


def test_error_responses_are_not_cached(httpserver, make_client):
    httpserver.expect_oneshot_request("/doc").respond_with_data("gone", status=404, headers={"ETag": '"e"'})
    httpserver.expect_oneshot_request("/doc").respond_with_data("big" * 1000, headers={"ETag": '"big"'})
    httpserver.expect_oneshot_request("/doc").respond_with_data("ok", headers={"ETag": '"ok"'})
    with pytest.raises(HttpStatusError):
        make_client().fetch(httpserver.url_for("/doc"))
    with pytest.raises(ResponseTooLarge):
        make_client(max_bytes=100).fetch(httpserver.url_for("/doc"))
    result = make_client().fetch(httpserver.url_for("/doc"))
    assert result.content == b"ok" and not result.from_cache
    assert [r.headers.get("If-None-Match") for r in requests_to(httpserver, "/doc")] == [None, None, None]


def test_a_304_without_a_cached_copy_is_an_error(httpserver, make_client):
    httpserver.expect_request("/doc").respond_with_data("", status=304)
    with pytest.raises(HttpStatusError, match="HTTP 304"):
        make_client(cache_dir=None).fetch(httpserver.url_for("/doc"))


def test_gzip_bodies_are_decoded_and_the_cap_applies_to_the_decoded_size(httpserver, make_client):
    httpserver.expect_request("/page").respond_with_data(gzip.compress(b"halo " * 100), headers={"Content-Encoding": "gzip"})
    httpserver.expect_request("/bomb").respond_with_data(gzip.compress(b"\0" * 20_000_000), headers={"Content-Encoding": "gzip"})
    client = make_client(max_bytes=1_000_000)
    assert client.fetch(httpserver.url_for("/page")).content == b"halo " * 100
    with pytest.raises(ResponseTooLarge, match="/bomb"):
        client.fetch(httpserver.url_for("/bomb"))


# -- robots.txt --------------------------------------------------------------------------------------
def test_robots_disallow_is_respected_without_fetching_the_page(httpserver, make_client):
    httpserver.expect_request("/private/x").respond_with_data("secret")
    httpserver.expect_request("/public").respond_with_data("open")
    client = make_client()
    with pytest.raises(RobotsDisallowed, match=r"/private/x: disallowed by .*robots\.txt"):
        client.fetch(httpserver.url_for("/private/x"))
    assert client.fetch(httpserver.url_for("/public")).content == b"open"
    assert requests_to(httpserver, "/private/x") == []
    robots = requests_to(httpserver, "/robots.txt")
    assert len(robots) == 1 and client.stats.robots_fetched == 1  # memoised per host
    assert robots[0].headers["User-Agent"] == http_client.DEFAULT_USER_AGENT


def test_robots_missing_allows_everything(httpserver, make_client):
    httpserver.expect_request("/robots.txt").respond_with_data("nope", status=404)
    httpserver.expect_request("/private/x").respond_with_data("fine")
    assert make_client(robots=None).fetch(httpserver.url_for("/private/x")).content == b"fine"


def test_robots_server_error_means_disallow_all(httpserver, make_client):
    httpserver.expect_request("/robots.txt").respond_with_data("down", status=503)
    httpserver.expect_request("/doc").respond_with_data("page")
    client = make_client(robots=None, max_retries=1)
    for _ in range(2):
        with pytest.raises(RobotsDisallowed, match=r"/doc: .*robots\.txt unreachable .*HTTP 503.*disallow-all"):
            client.fetch(httpserver.url_for("/doc"))
    assert requests_to(httpserver, "/doc") == []
    assert len(requests_to(httpserver, "/robots.txt")) == 2  # one round of retries, then remembered


# -- size cap ----------------------------------------------------------------------------------------
def test_oversize_with_content_length_is_refused_before_reading(httpserver, make_client):
    httpserver.expect_request("/big").respond_with_data(b"x" * 50_000)
    client = make_client(max_bytes=1000)
    with pytest.raises(ResponseTooLarge, match=r"/big: Content-Length 50000 exceeds the 1000-byte cap"):
        client.fetch(httpserver.url_for("/big"))
    assert client.sleeps == []  # not retried


def test_oversize_chunked_body_is_cut_off_while_streaming(httpserver, make_client):
    def endless(_request):
        return Response(itertools.repeat(b"y" * 4096), direct_passthrough=True)  # chunked, no Content-Length

    httpserver.expect_request("/stream").respond_with_handler(endless)
    client = make_client(respect_robots=False, max_bytes=100_000, total_timeout_s=5)
    with pytest.raises(ResponseTooLarge, match="/stream: response body exceeds the 100000-byte cap"):
        client.fetch(httpserver.url_for("/stream"))
    assert client.stats.bytes_downloaded < 1_000_000


# -- where the client may go -------------------------------------------------------------------------
def test_hosts_off_the_allowlist_and_other_schemes_are_refused_before_any_request(httpserver, make_client):
    client = make_client()
    with pytest.raises(HostNotAllowed, match=r"https://evil\.example\.com/x: host 'evil\.example\.com'"):
        client.fetch("https://evil.example.com/x")
    with pytest.raises(HostNotAllowed, match="not on the allowlist"):
        client.fetch(f"http://{httpserver.host}:{httpserver.port + 1}/x")  # right host, wrong port
    for url in ("file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/"):
        with pytest.raises(SchemeNotAllowed, match=url.split(":")[0]):
            client.fetch(url)
    assert len(httpserver.log) == 0 and client.stats.requests == 0


def test_private_addresses_are_blocked_unless_allowed(httpserver, make_client):
    httpserver.expect_request("/doc").respond_with_data("local")
    for host in (httpserver.host, "127.0.0.1"):
        client = make_client(allow_private_addresses=False, allowed_hosts=frozenset({f"{host}:{httpserver.port}"}))
        with pytest.raises(PrivateAddressBlocked, match="private or loopback"):
            client.fetch(f"http://{host}:{httpserver.port}/doc")
    assert len(httpserver.log) == 0
    assert make_client().fetch(httpserver.url_for("/doc")).content == b"local"


def test_private_peer_is_blocked_even_when_dns_said_public(httpserver, make_client, monkeypatch):
    # DNS rebinding: the name resolved to a public address for the check, then to loopback for the connect.
    monkeypatch.setattr(http_client, "resolves_to_private", lambda url, host: False)
    client = make_client(allow_private_addresses=False, respect_robots=False)
    with pytest.raises(PrivateAddressBlocked, match="connected to private address"):
        client.fetch(httpserver.url_for("/doc"))
    assert len(httpserver.log) == 0


def test_redirects_are_followed_and_checked_hop_by_hop(httpserver, make_client):
    httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop2"})
    httpserver.expect_request("/loop2").respond_with_data("", status=302, headers={"Location": "/loop"})
    httpserver.expect_request("/away").respond_with_data("", status=301, headers={"Location": "https://evil.example.com/"})
    httpserver.expect_request("/to-file").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    httpserver.expect_request("/to-private").respond_with_data("", status=302, headers={"Location": "/private/x"})
    for i in range(8):
        httpserver.expect_request(f"/chain{i}").respond_with_data("", status=307, headers={"Location": f"/chain{i + 1}"})
    httpserver.expect_request("/moved").respond_with_data("", status=301, headers={"Location": "/final"})
    httpserver.expect_request("/final").respond_with_data("here")
    client = make_client()
    with pytest.raises(TooManyRedirects, match=r"/loop: redirect loop"):
        client.fetch(httpserver.url_for("/loop"))
    with pytest.raises(TooManyRedirects, match=r"/chain0: more than 5 redirects"):
        client.fetch(httpserver.url_for("/chain0"))
    with pytest.raises(HostNotAllowed, match=r"evil\.example\.com"):
        client.fetch(httpserver.url_for("/away"))
    with pytest.raises(SchemeNotAllowed, match="file"):
        client.fetch(httpserver.url_for("/to-file"))
    with pytest.raises(RobotsDisallowed):
        client.fetch(httpserver.url_for("/to-private"))
    assert requests_to(httpserver, "/chain6") == [] and requests_to(httpserver, "/private/x") == []
    moved = client.fetch(httpserver.url_for("/moved"))
    assert moved.content == b"here" and moved.url.endswith("/moved") and moved.final_url.endswith("/final")


# -- time --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cache", [False, True], ids=["no-cache", "cache"])
@pytest.mark.parametrize("behaviour", [trickled_body, trickled_headers], ids=["body", "headers"])
def test_a_trickling_server_cannot_outlast_the_total_timeout(raw_server, tmp_path, behaviour, cache):
    server = raw_server(behaviour)
    client = raw_client(server, total_timeout_s=0.4, read_timeout_s=5, cache_dir=tmp_path / "c" if cache else None)
    started = time.monotonic()
    with pytest.raises(RequestTimedOut, match=r"/slow: no complete response within 0\.4 s") as err:
        client.fetch(server.url + "/slow")
    assert isinstance(err.value, FetchError)
    assert time.monotonic() - started < 2
    assert server.connections == 1  # a trickler is not retried
