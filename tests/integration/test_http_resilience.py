"""The HTTP client when the world is missing or broken: no DNS, a closed port, a corrupt or
read-only cache, and a mirror that comes back on another port. Only 127.0.0.1 is contacted; a
name that "does not resolve" is made so by the test (no DNS query leaves the machine)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import warnings
from pathlib import Path

import pytest

from mirror.server import serve_mirror
from spbe.infra.http_client import CacheError, HttpSettings, PoliteClient, RobotsDisallowed, Unreachable

DEAD_HOST = "jdih.menpan.go.id.invalid"


@pytest.fixture
def no_dns(monkeypatch):
    """getaddrinfo fails for DEAD_HOST as it does on a machine without a resolver."""
    real = socket.getaddrinfo

    def fake(host, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _client(tmp_path: Path, **settings) -> PoliteClient:
    defaults = dict(cache_dir=tmp_path / "cache", backoff_base_s=1.0, max_retries=4)
    client = PoliteClient(HttpSettings(**{**defaults, **settings}), sleep=lambda s: client.sleeps.append(s))
    client.sleeps = []
    return client


def test_a_host_that_does_not_resolve_is_unreachable_at_once_not_a_robots_decision(tmp_path, no_dns):
    client = _client(tmp_path, allowed_hosts=frozenset({DEAD_HOST}))
    url = f"https://{DEAD_HOST}/dokumen-hukum/keputusan-menteri-panrb-nomor-663-tahun-2024"
    started = time.monotonic()
    with pytest.raises(Unreachable) as info:
        client.fetch(url)
    assert not isinstance(info.value, RobotsDisallowed)
    assert str(info.value).startswith(url) and "unreachable" in str(info.value) and "does not resolve" in str(info.value)
    assert time.monotonic() - started < 5 and client.sleeps == []  # no retries, no backoff
    with pytest.raises(Unreachable):  # remembered: the second URL on the host costs nothing
        client.fetch(f"https://{DEAD_HOST}/other")
    assert client.stats.requests == 0


def test_a_closed_port_is_unreachable_within_seconds(tmp_path):
    netloc = f"127.0.0.1:{_closed_port()}"
    client = _client(tmp_path, allowed_hosts=frozenset({netloc}), allow_private_addresses=True)
    started = time.monotonic()
    with pytest.raises(Unreachable) as info:
        client.fetch(f"http://{netloc}/lampiran.pdf")
    assert "refused" in str(info.value) and f"http://{netloc}/lampiran.pdf" in str(info.value)
    assert time.monotonic() - started < 5 and client.sleeps == []


def test_a_corrupt_cache_is_moved_aside_with_a_warning_and_rebuilt(tmp_path, httpserver):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "http_cache.sqlite").write_bytes(b"this is not a database" * 100)
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/doc").respond_with_data("hello", headers={"ETag": '"v1"'})
    netloc = f"{httpserver.host}:{httpserver.port}"
    with pytest.warns(RuntimeWarning, match=str(cache / "http_cache.sqlite")) as record:
        client = _client(tmp_path, allowed_hosts=frozenset({netloc}), allow_private_addresses=True)
    assert "corrupt" in str(record[0].message)
    assert client.fetch(httpserver.url_for("/doc")).content == b"hello"
    assert [p.name for p in cache.iterdir() if ".corrupt-" in p.name]
    client.close()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the rebuilt cache is a healthy database: no second warning
        again = PoliteClient(HttpSettings(cache_dir=cache, allowed_hosts=frozenset({netloc}), allow_private_addresses=True))
    with again:
        assert again.fetch(httpserver.url_for("/doc")).content == b"hello"


@contextlib.contextmanager
def _read_only(path: Path):
    """chmod for an ordinary user; root ignores modes, so there the directory is made immutable."""
    path.chmod(0o555)
    immutable = False
    try:
        if os.geteuid() == 0:
            immutable = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
            if not immutable:
                pytest.skip("cannot make a directory read-only for root here (no chattr +i)")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        path.chmod(0o755)


def test_a_read_only_cache_directory_is_a_clear_error_naming_the_path(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    with _read_only(cache), pytest.raises(CacheError, match=f"HTTP cache directory {cache} is not writable"):
        _client(tmp_path)


def test_the_cache_is_keyed_by_the_live_url_whatever_port_serves_it(tmp_path):
    root = tmp_path / "mirror"
    (root / "data-jdih.menpan.go.id" / "dokumen").mkdir(parents=True)
    (root / "data-jdih.menpan.go.id" / "dokumen" / "2024kepmen663.pdf").write_bytes(b"%PDF-1.4 " + b"x" * 5000)

    def live_url_of(url: str) -> str:
        rest = url.split("://", 1)[1].partition("/")[2]
        return "https://" + rest

    stats = []
    for _run in range(2):
        with serve_mirror(root) as server:
            netloc = server.base_url.removeprefix("http://")
            with _client(tmp_path, allowed_hosts=frozenset({netloc}), allow_private_addresses=True,
                         cache_key_url=live_url_of) as client:
                result = client.fetch(f"{server.base_url}/data-jdih.menpan.go.id/dokumen/2024kepmen663.pdf")
                assert result.content.startswith(b"%PDF")
                stats.append(client.stats_dict())
    first, second = stats
    assert first["not_modified"] == 0 and first["bytes_downloaded"] >= 5000
    assert second["not_modified"] == 1 and second["bytes_saved"] == 5009
    assert second["bytes_downloaded"] < 0.05 * first["bytes_downloaded"]


def test_a_resolver_that_does_not_answer_is_waited_for_once_per_run(tmp_path, monkeypatch):
    """No network: each lookup would wait out the resolver's timeout; one failure stops the rest."""
    lookups = []

    def no_resolver(host, *args, **kwargs):
        lookups.append(host)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_resolver)
    hosts = ["jdih.menpan.go.id", "www.antaranews.com", "news.detik.com"]
    client = _client(tmp_path, allowed_hosts=frozenset(hosts))
    for host in hosts:
        with pytest.raises(Unreachable, match=rf"https://{host}/x: unreachable: host '{host}'.*(resolve|resolver)"):
            client.fetch(f"https://{host}/x")
    assert lookups == ["jdih.menpan.go.id"] and client.stats.requests == 0
