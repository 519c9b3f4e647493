"""The polite HTTP client against a local server (pytest-httpserver on 127.0.0.1)."""

import pytest
from werkzeug import Response

from spbe.infra.http_client import (
    HostNotAllowed,
    HttpSettings,
    HttpStatusError,
    PoliteClient,
    PrivateAddressBlocked,
    ResponseTooLarge,
    RetriesExhausted,
    RobotsDisallowed,
    SchemeNotAllowed,
    TooManyRedirects,
)


@pytest.fixture
def client_for(httpserver, tmp_path):
    sleeps: list[float] = []

    def make(**overrides) -> PoliteClient:
        netloc = f"{httpserver.host}:{httpserver.port}"
        settings = HttpSettings(
            allowed_hosts=frozenset({netloc}), allow_private_addresses=True, cache_dir=tmp_path / "cache",
            backoff_base_s=0.01, max_retries=3, **overrides,
        )
        client = PoliteClient(settings, sleep=sleeps.append)
        client.sleeps = sleeps
        return client

    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    return make


def test_retries_a_503_then_succeeds(httpserver, client_for):
    httpserver.expect_oneshot_request("/doc").respond_with_data("busy", status=503)
    httpserver.expect_oneshot_request("/doc").respond_with_data("ok")
    client = client_for()
    result = client.fetch(httpserver.url_for("/doc"))
    assert result.content == b"ok" and result.attempts == 2 and len(client.sleeps) == 1


def test_honours_retry_after_on_429(httpserver, client_for):
    httpserver.expect_oneshot_request("/doc").respond_with_data("slow down", status=429, headers={"Retry-After": "7"})
    httpserver.expect_oneshot_request("/doc").respond_with_data("ok")
    client = client_for()
    assert client.fetch(httpserver.url_for("/doc")).content == b"ok"
    assert client.sleeps == [7.0]


def test_retries_are_bounded_and_name_the_url(httpserver, client_for):
    httpserver.expect_request("/down").respond_with_data("down", status=500)
    client = client_for()
    with pytest.raises(RetriesExhausted, match=r"/down: HTTP 500 after 4 attempts"):
        client.fetch(httpserver.url_for("/down"))
    assert len(client.sleeps) == 3
    too_long = client_for(max_retry_after_s=60)
    httpserver.expect_request("/later").respond_with_data("later", status=503, headers={"Retry-After": "3600"})
    with pytest.raises(RetriesExhausted, match="Retry-After 3600"):
        too_long.fetch(httpserver.url_for("/later"))


def test_revalidates_with_etag_and_serves_the_cached_body_on_304(httpserver, client_for):
    seen_headers = []

    def handler(request):
        seen_headers.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(b"%PDF lampiran", headers={"ETag": '"v1"', "Content-Type": "application/pdf"})

    httpserver.expect_request("/lampiran.pdf").respond_with_handler(handler)
    client = client_for()
    first = client.fetch(httpserver.url_for("/lampiran.pdf"))
    second = client_for().fetch(httpserver.url_for("/lampiran.pdf"))  # a new client: the cache is on disk
    assert first.content == second.content == b"%PDF lampiran"
    assert not first.from_cache and second.from_cache
    assert seen_headers == [None, '"v1"']


def test_robots_disallow_is_respected_without_fetching(httpserver, client_for):
    httpserver.expect_request("/private/x").respond_with_data("secret")
    with pytest.raises(RobotsDisallowed, match="private/x"):
        client_for().fetch(httpserver.url_for("/private/x"))
    assert all(req.path != "/private/x" for req, _ in httpserver.log)


def test_oversize_responses_are_refused(httpserver, client_for):
    httpserver.expect_request("/big").respond_with_data(b"x" * 5000)
    with pytest.raises(ResponseTooLarge, match="/big"):
        client_for(max_bytes=1000).fetch(httpserver.url_for("/big"))

    def chunked(_request):
        return Response((b"y" * 500 for _ in range(10)), direct_passthrough=True)

    httpserver.expect_request("/stream").respond_with_handler(chunked)
    with pytest.raises(ResponseTooLarge, match="/stream"):
        client_for(max_bytes=1000).fetch(httpserver.url_for("/stream"))


def test_hosts_off_the_allowlist_and_other_schemes_are_refused_before_any_request(httpserver, client_for):
    client = client_for()
    with pytest.raises(HostNotAllowed, match="evil.example.com"):
        client.fetch("https://evil.example.com/x")
    with pytest.raises(SchemeNotAllowed, match="file"):
        client.fetch("file:///etc/passwd")
    assert len(httpserver.log) == 0
    strict = PoliteClient(HttpSettings(allowed_hosts=frozenset({f"127.0.0.1:{httpserver.port}"})))
    with pytest.raises(PrivateAddressBlocked):
        strict.fetch(f"http://127.0.0.1:{httpserver.port}/doc")


def test_redirects_are_checked_hop_by_hop(httpserver, client_for):
    httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop2"})
    httpserver.expect_request("/loop2").respond_with_data("", status=302, headers={"Location": "/loop"})
    httpserver.expect_request("/away").respond_with_data("", status=301, headers={"Location": "https://evil.example.com/"})
    httpserver.expect_request("/moved").respond_with_data("", status=301, headers={"Location": "/final"})
    httpserver.expect_request("/final").respond_with_data("here")
    client = client_for()
    with pytest.raises(TooManyRedirects):
        client.fetch(httpserver.url_for("/loop"))
    with pytest.raises(HostNotAllowed):
        client.fetch(httpserver.url_for("/away"))
    moved = client.fetch(httpserver.url_for("/moved"))
    assert moved.content == b"here" and moved.final_url.endswith("/final")


def test_client_errors_fail_at_once(httpserver, client_for):
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    client = client_for()
    with pytest.raises(HttpStatusError, match="/gone: HTTP 404"):
        client.fetch(httpserver.url_for("/gone"))
    assert client.sleeps == []
