"""The polite HTTP client every source is fetched with.

- `requests-cache` keeps an on-disk cache and revalidates every request (ETag / Last-Modified), so a
  night with nothing new costs a 304 per document instead of a download.
- requests-cache reads a whole body when it stores it, which would defeat a size cap and let a
  server that trickles bytes hold us forever; `_BoundedAdapter` therefore reads the body itself,
  with the cap and a per-request deadline, before the cache ever sees it.
- `protego` parses robots.txt; retries, redirects and the host allowlist are ours because every hop
  must be checked (scheme, host, private address) before anything is sent.
"""

from __future__ import annotations

import email.utils
import ipaddress
import random
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
import requests_cache
import urllib3
from protego import Protego
from requests.adapters import HTTPAdapter

DEFAULT_USER_AGENT = "spbe-warehouse/0.1 (open-data pipeline for Indeks SPBE)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_AFTER_STATUSES = frozenset({429, 503})


class FetchError(Exception):
    """A URL that could not be fetched; the message names the URL and the cause."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


class HostNotAllowed(FetchError): ...


class SchemeNotAllowed(FetchError): ...


class PrivateAddressBlocked(FetchError): ...


class RobotsDisallowed(FetchError): ...


class ResponseTooLarge(FetchError): ...


class TooManyRedirects(FetchError): ...


class RetriesExhausted(FetchError): ...


class RequestTimedOut(FetchError): ...


class HttpStatusError(FetchError):
    def __init__(self, url: str, status: int) -> None:
        super().__init__(url, f"HTTP {status}")
        self.status = status


@dataclass(frozen=True)
class HttpSettings:
    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    total_timeout_s: float = 120.0  # whole request including the body: defeats byte tricklers
    max_retries: int = 4
    backoff_base_s: float = 1.0
    max_backoff_s: float = 60.0
    max_retry_after_s: float = 120.0  # a longer Retry-After fails the fetch instead of stalling the run
    max_total_retry_s: float = 600.0
    max_bytes: int = 25 * 1024 * 1024
    cache_dir: Path | None = None
    allowed_hosts: frozenset[str] = frozenset()
    allow_private_addresses: bool = False
    respect_robots: bool = True
    max_redirects: int = 5


@dataclass
class FetchResult:
    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str
    headers: dict[str, str]
    from_cache: bool
    attempts: int


@dataclass
class HttpStats:
    requests: int = 0
    bytes_downloaded: int = 0
    not_modified: int = 0
    retries: int = 0
    robots_fetched: int = 0
    errors: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class _Deadline(Exception):
    pass


class _BoundedAdapter(HTTPAdapter):
    """Reads each body under a byte cap and a wall-clock deadline, so the cache stores only bounded bodies."""

    def __init__(self, max_bytes: int, total_timeout_s: float) -> None:
        super().__init__(max_retries=0)
        self.max_bytes, self.total_timeout_s = max_bytes, total_timeout_s

    def send(self, request, stream=False, **kwargs):  # noqa: D401 - requests' signature
        started = time.monotonic()
        response = super().send(request, stream=True, **kwargs)
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            response.close()
            raise ResponseTooLarge(request.url, f"response of {int(length)} bytes exceeds the {self.max_bytes}-byte cap")
        chunks, size = [], 0
        read = getattr(response.raw, "read1", None) or response.raw.read
        try:
            while True:
                if time.monotonic() - started > self.total_timeout_s:
                    raise RequestTimedOut(request.url, f"body not complete within {self.total_timeout_s:g} s (server too slow)")
                chunk = read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_bytes:
                    raise ResponseTooLarge(request.url, f"response exceeds the {self.max_bytes}-byte cap")
                chunks.append(chunk)
        except FetchError:
            response.close()
            raise
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            response.close()
            # A truncated body or a reset mid-read is transient as far as we can tell: retry it.
            raise requests.ConnectionError(f"connection broken while reading the body ({exc.__class__.__name__})") from exc
        response._content = b"".join(chunks)
        response._content_consumed = True
        return response


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _is_private(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return False  # unresolvable hosts fail later with a connection error that names them
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved or addr.is_multicast:
            return True
    return False


class PoliteClient:
    def __init__(self, settings: HttpSettings | None = None, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings or HttpSettings()
        self.sleep = sleep
        self.stats = HttpStats()
        self._robots: dict[str, Protego | None] = {}
        if self.settings.cache_dir is not None:
            Path(self.settings.cache_dir).mkdir(parents=True, exist_ok=True)
            self.session: requests.Session = requests_cache.CachedSession(
                str(Path(self.settings.cache_dir) / "http_cache"),
                backend="sqlite",
                # Cache only what can be revalidated (ETag / Last-Modified) and revalidate it on
                # every request; a body without validators is never served stale.
                expire_after=requests_cache.EXPIRE_IMMEDIATELY,
                always_revalidate=True,
                allowable_codes=(200,),
                allowable_methods=("GET",),
                stale_if_error=False,
            )
        else:
            self.session = requests.Session()
        adapter = _BoundedAdapter(self.settings.max_bytes, self.settings.total_timeout_s)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = self.settings.user_agent

    def stats_dict(self) -> dict[str, int]:
        return self.stats.as_dict()

    def close(self) -> None:
        self.session.close()

    # -- checks before any byte is sent --------------------------------------------------------
    def _check_target(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise SchemeNotAllowed(url, f"scheme {parts.scheme or '(none)'!r} is not allowed; only http and https")
        if not parts.hostname:
            raise SchemeNotAllowed(url, "URL has no host")
        if parts.netloc not in self.settings.allowed_hosts and parts.hostname not in self.settings.allowed_hosts:
            raise HostNotAllowed(url, f"host {parts.netloc!r} is not on the allowlist (the source registry)")
        if not self.settings.allow_private_addresses and _is_private(parts.hostname):
            raise PrivateAddressBlocked(url, f"host {parts.hostname!r} resolves to a private or loopback address")

    def _robots_for(self, url: str) -> Protego | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            robots_url = f"{origin}/robots.txt"
            try:
                response = self._send(robots_url)
            except FetchError as exc:
                raise RobotsDisallowed(url, f"robots.txt unreachable ({exc.reason}); treated as disallow-all") from exc
            self.stats.robots_fetched += 1
            if response.status_code in (404, 410):
                self._robots[origin] = None
            elif response.status_code >= 400:
                raise RobotsDisallowed(url, f"robots.txt answered HTTP {response.status_code}; treated as disallow-all")
            else:
                self._robots[origin] = Protego.parse(response.content.decode("utf-8", "replace"))
        return self._robots[origin]

    # -- sending ------------------------------------------------------------------------------
    def _send(self, url: str) -> requests.Response:
        """One request with retries; no redirects followed."""
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            self.stats.requests += 1
            wait: float | None = None
            try:
                response = self.session.get(
                    url,
                    allow_redirects=False,
                    timeout=(self.settings.connect_timeout_s, self.settings.read_timeout_s),
                )
            except FetchError:
                raise
            except (requests.ConnectionError, requests.Timeout) as exc:
                failure = f"{exc.__class__.__name__}: {exc}"
                response = None
            else:
                if response.status_code not in RETRY_STATUSES:
                    response.attempts = attempt
                    return response
                failure = f"HTTP {response.status_code}"
                if response.status_code in RETRY_AFTER_STATUSES:
                    wait = _retry_after_seconds(response.headers.get("Retry-After"))
                    if wait is not None and wait > self.settings.max_retry_after_s:
                        raise RetriesExhausted(url, f"{failure} with Retry-After {wait:.0f} s, above the {self.settings.max_retry_after_s:.0f} s limit")
            if attempt > self.settings.max_retries:
                self.stats.errors += 1
                raise RetriesExhausted(url, f"{failure} after {attempt} attempts")
            if wait is None:
                wait = min(self.settings.max_backoff_s, self.settings.backoff_base_s * 2 ** (attempt - 1))
                wait *= 0.5 + random.random() / 2  # jitter: many clients must not retry in step
            if time.monotonic() - started + wait > self.settings.max_total_retry_s:
                self.stats.errors += 1
                raise RetriesExhausted(url, f"{failure}; retry budget of {self.settings.max_total_retry_s:.0f} s spent")
            self.stats.retries += 1
            self.sleep(wait)

    def fetch(self, url: str) -> FetchResult:
        """GET a URL politely: allowlist, robots.txt, retries, bounded size and time, cache."""
        current, seen = url, {url}
        for _hop in range(self.settings.max_redirects + 1):
            self._check_target(current)
            if self.settings.respect_robots:
                robots = self._robots_for(current)
                if robots is not None and not robots.can_fetch(current, self.settings.user_agent):
                    raise RobotsDisallowed(current, "disallowed by robots.txt")
            response = self._send(current)
            if response.is_redirect or response.status_code in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(current, f"HTTP {response.status_code} redirect without a Location")
                target = urljoin(current, location)
                if target in seen:
                    raise TooManyRedirects(url, f"redirect loop at {target}")
                seen.add(target)
                current = target
                continue
            from_cache = bool(getattr(response, "from_cache", False))
            if from_cache:
                self.stats.not_modified += 1
            else:
                self.stats.bytes_downloaded += len(response.content)
            if response.status_code >= 400:
                self.stats.errors += 1
                raise HttpStatusError(current, response.status_code)
            return FetchResult(
                url=url,
                final_url=current,
                status=response.status_code,
                content=response.content,
                content_type=response.headers.get("Content-Type", ""),
                headers=dict(response.headers),
                from_cache=from_cache,
                attempts=getattr(response, "attempts", 1),
            )
        raise TooManyRedirects(url, f"more than {self.settings.max_redirects} redirects")
