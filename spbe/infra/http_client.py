"""The polite HTTP client every source is fetched with.

Caching: `requests-cache` (SQLite under `cache_dir`) with every entry expiring at once and
`always_revalidate`, so each fetch is a conditional request (If-None-Match / If-Modified-Since) and a
night with nothing new costs one 304 per document. Only 200s that carry a validator are stored.

requests-cache reads the whole body when it stores a response, even with `stream=True` (measured
with requests-cache 1.3.3: a 5 MiB body was fully read before `get()` returned, and a body trickled
over 2 s held `get()` for 2 s). So the size cap and the deadline cannot live above the cache. They
live below it, in `http_guard.GuardedAdapter`: it reads every body itself under the byte cap, and a watchdog
shuts the socket when the whole request (connect, headers, body) outlives `total_timeout_s`. The cache
only ever sees bodies that passed both; failed reads raise before it can store anything.

Redirects, retries and robots.txt are ours because every hop must pass the scheme, allowlist and
private-address checks before a byte is sent. Environment proxies are ignored (`trust_env=False`): a
proxy would make those checks, and the deadline, apply to the proxy instead of the publisher.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
import requests_cache
from protego import Protego
from requests.structures import CaseInsensitiveDict

from spbe.infra.http_cache import CacheError, live_key, prepare_cache
from spbe.infra.http_errors import (
    DnsFailure,
    FetchError,
    HostNotAllowed,
    HttpStatusError,
    PrivateAddressBlocked,
    RequestTimedOut,
    ResponseTooLarge,
    RetriesExhausted,
    RobotsDisallowed,
    SchemeNotAllowed,
    TooManyRedirects,
    Unreachable,
    unreachable_cause,
)
from spbe.infra.http_guard import GuardedAdapter, HttpStats, resolves_to_private

# The errors live in http_errors; callers catch them from here, beside the client that raises them.
__all__ = [
    "CacheError", "FetchError", "FetchResult", "HostNotAllowed", "HttpSettings", "HttpStats", "HttpStatusError",
    "PoliteClient", "PrivateAddressBlocked", "Request", "RequestTimedOut", "ResponseTooLarge", "RetriesExhausted",
    "RobotsDisallowed", "SchemeNotAllowed", "TooManyRedirects", "Unreachable",
]

DEFAULT_USER_AGENT = "spbe-warehouse/0.1 (+https://github.com/spbe-warehouse; open-data pipeline for Indeks SPBE)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_AFTER_STATUSES = frozenset({429, 503})
DEFAULT_PORTS = {"http": 80, "https": 443}
CACHE_CONNECTIONS = 1  # SQLite connections to the HTTP cache, shared by all threads (see _cached_session)


@dataclass(frozen=True)
class HttpSettings:
    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0  # per socket read
    total_timeout_s: float = 120.0  # per request, connect to last body byte: defeats byte tricklers
    max_retries: int = 4
    backoff_base_s: float = 1.0
    max_backoff_s: float = 60.0
    max_retry_after_s: float = 120.0  # a longer Retry-After fails the fetch instead of stalling the run
    max_total_retry_s: float = 600.0  # wall-clock budget for all attempts of one URL
    max_bytes: int = 25 * 1024 * 1024
    cache_dir: Path | None = None
    allowed_hosts: frozenset[str] = frozenset()  # "host" (default port only) or "host:port"
    allow_private_addresses: bool = False  # only the local mirror needs loopback
    respect_robots: bool = True
    max_redirects: int = 5
    # The identity of a fetched URL in the cache. The mirror serves https://HOST/PATH at
    # http://127.0.0.1:<random port>/HOST/PATH; keyed by the live URL, a rerun on another port
    # still revalidates what the last run stored (Registry.live_url_of).
    cache_key_url: Callable[[str], str] | None = None
    # Requests in flight to one host (scheme://host:port) at a time, across every thread of this
    # client. 1 is the polite default: parallel fetching overlaps hosts, never piles onto one.
    max_per_host: int = 1
    # Time between the starts of two requests to one host: robots.txt's Crawl-delay, and after each
    # 429 twice the last spacing (from `min_pace_s`), so a host that rations us is not asked again at
    # once after the retry; both at most `max_pace_s` (a Crawl-delay of an hour would stall the run).
    min_pace_s: float = 0.25
    max_pace_s: float = 10.0


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str
    headers: Mapping[str, str]
    from_cache: bool  # body came from the cache after a 304: nothing was downloaded
    attempts: int  # attempts spent on the final hop
    # The cookies this answer set (name -> value): a Livewire page's session cookie must go back
    # with the POST that pages its results.
    cookies: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Request:
    """What to send besides a plain GET: a method, a body, extra headers. Never cached."""

    method: str = "GET"
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


def _retry_after_seconds(value: str | None) -> float | None:
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # HTTP-dates are GMT
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - time.time())


def _cookies_of(response: requests.Response) -> dict[str, str]:
    try:
        return {cookie.name: cookie.value or "" for cookie in response.cookies}
    except (AttributeError, TypeError):  # a cached answer may carry no jar
        return {}


class _Pace:
    """The spacing of one host's requests (see HttpSettings.min_pace_s); used under the host's slot."""

    def __init__(self) -> None:
        self.interval_s, self.last_at = 0.0, float("-inf")

    def wait_s(self) -> float:
        return self.last_at + self.interval_s - time.monotonic()

    def sent(self, status: int | None, settings: HttpSettings) -> None:
        if status == 429:
            self.interval_s = min(settings.max_pace_s, max(settings.min_pace_s, 2 * self.interval_s))
        self.last_at = time.monotonic()

    def slept(self, seconds: float) -> None:
        """A retry's wait is spacing too. With a real clock this changes nothing (the time passed); with
        an injected sleep that does not advance it, it keeps a phantom spacing wait from being added."""
        self.last_at = min(self.last_at, time.monotonic() - seconds)


# -- the client ------------------------------------------------------------------------------------
class PoliteClient:
    def __init__(self, settings: HttpSettings | None = None, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings or HttpSettings()
        self.sleep = sleep  # injectable so tests need not wait out backoffs
        self.stats = HttpStats()
        self._allowed = frozenset(h.lower() for h in self.settings.allowed_hosts)
        self._robots: dict[str, Protego | str | None] = {}  # origin -> rules, None = allow all, str = why disallow-all
        self._unreachable: dict[str, str] = {}  # netloc -> why: a dead host costs one attempt per run
        self._resolver_down: str | None = None  # the resolver did not answer: no network, no more lookups
        # Safe for threads: each thread gets its own sessions (requests-cache's session-wide switches
        # and requests' Session are not meant to be shared), robots.txt is loaded once per origin
        # under that origin's lock, and a per-host semaphore bounds the requests in flight to a host.
        self._local = threading.local()
        self._lock = threading.Lock()
        self._sessions: list[requests.Session] = []
        self._origin_locks: dict[str, threading.Lock] = {}
        self._host_slots: dict[str, threading.BoundedSemaphore] = {}
        self._paces: dict[str, _Pace] = {}
        self._cache_backends: list[requests_cache.SQLiteCache] = []
        cache_dir, key_url = self.settings.cache_dir, self.settings.cache_key_url
        self._cache_path = prepare_cache(Path(cache_dir)) if cache_dir is not None else None
        self._key_fn = live_key(key_url) if key_url and cache_dir is not None else None
        self._thread_session(cached=True)  # opens the cache now: a broken cache fails here, not mid-run

    def _thread_session(self, *, cached: bool) -> requests.Session:
        """This thread's session: the cached one (revalidating, when there is a cache) or the plain one."""
        session = getattr(self._local, str(cached), None)
        if session is None:
            setattr(self._local, str(cached), session := self._new_session(cached=cached and self._cache_path is not None))
            with self._lock:
                self._sessions.append(session)
        return session

    def _new_session(self, *, cached: bool) -> requests.Session:
        if cached:
            try:
                session: requests.Session = self._cached_session(self._cache_path, self._key_fn)
            except sqlite3.Error as exc:
                raise CacheError(f"HTTP cache {self._cache_path} cannot be opened ({exc})") from exc
        else:
            session = requests.Session()
        session.trust_env = False
        adapter = GuardedAdapter(total_timeout_s=self.settings.total_timeout_s, max_bytes=self.settings.max_bytes,
                                 allow_private=self.settings.allow_private_addresses, stats=self.stats)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers["User-Agent"] = self.settings.user_agent
        return session

    def _keyed_lock(self, table: dict, key: str, make: Callable[[], object]):
        with self._lock:
            return table.setdefault(key, make()) if key not in table else table[key]

    def _cached_session(self, cache_path: Path, key_fn) -> requests_cache.CachedSession:
        # Every thread's session uses one SQLite backend (one connection behind requests-cache's lock)
        # instead of one each: each connection keeps its own page cache of the growing file, and with one
        # per thread the crawler's memory grew with the sites (600 sites, 106 threads, same load: 339 MB
        # against 285 MB shared). Exactly one: with 8 shared round robin, a 600-site crawl hung, threads
        # waiting on one connection's lock while its holder retried BEGIN IMMEDIATE against another
        # connection's write lock (requests-cache lets a thread write without the lock while another
        # thread's transaction is open on the same connection).
        with self._lock:
            if len(self._cache_backends) < CACHE_CONNECTIONS:
                self._cache_backends.append(requests_cache.SQLiteCache(
                    str(cache_path.with_suffix("")),
                    wal=True,  # parallel backfill processes share the cache
                    busy_timeout=30_000,
                ))
            backend = self._cache_backends[len(self._sessions) % len(self._cache_backends)]
        return requests_cache.CachedSession(
                backend=backend,
                expire_after=requests_cache.EXPIRE_IMMEDIATELY,  # with no validator, not stored at all
                always_revalidate=True,
                allowable_codes=(200,),  # never store errors, redirects or partial content
                allowable_methods=("GET",),
                stale_if_error=False,  # an outage must surface, not be papered over with an old copy
                **({"key_fn": key_fn} if key_fn else {}),
            )

    def stats_dict(self) -> dict[str, int]:
        return self.stats.as_dict()

    def close(self) -> None:
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()
        self._local = threading.local()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def fetch(self, url: str, *, store: bool = True, request: Request | None = None) -> FetchResult:
        """GET a URL: allowlist and robots.txt per hop, bounded retries, size and time, revalidated cache.

        `store=False` for pages we never ask for twice (an article, once seen, is skipped by URL):
        writing their bodies to the cache cost about a fifth of the article pipeline's own time. They
        go through a plain session that never reads or writes the cache (toggling the cached session
        off would switch it off for every thread at once).

        `request` sends another method, a body or extra headers (a Livewire POST): such a request goes
        through the same checks (allowlist, robots.txt, per-host slot, size, deadline) and is never
        cached; a redirect answering it is an error rather than a silent switch to GET.
        """
        if request is not None:
            store = False
        try:
            response, final_url, attempts = self._follow(url, check_robots=self.settings.respect_robots, store=store,
                                                         request=request)
            if not 200 <= response.status_code < 300:  # incl. a 304 we never asked for
                raise HttpStatusError(final_url, response.status_code)
        except FetchError:
            self.stats.add(errors=1)
            raise
        from_cache = bool(getattr(response, "from_cache", False))
        if from_cache:
            self.stats.add(not_modified=1, bytes_saved=len(response.content))
        return FetchResult(
            url=url,
            final_url=final_url,
            status=response.status_code,
            content=response.content,
            content_type=response.headers.get("Content-Type", ""),
            headers=CaseInsensitiveDict(response.headers),
            from_cache=from_cache,
            attempts=attempts,
            cookies=_cookies_of(response),
        )

    # -- checks before any byte is sent --------------------------------------------------------
    def _check_target(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS:
            raise SchemeNotAllowed(url, f"scheme {parts.scheme or '(none)'!r} is not allowed; only http and https")
        try:
            host, port = parts.hostname, parts.port
        except ValueError as exc:
            raise FetchError(url, f"invalid URL ({exc})") from exc
        if not host:
            raise FetchError(url, "URL has no host")
        netloc = parts.netloc.rpartition("@")[2].lower()
        default_port = port in (None, DEFAULT_PORTS[parts.scheme])
        if netloc not in self._allowed and not (host in self._allowed and default_port):
            raise HostNotAllowed(url, f"host {netloc!r} is not on the allowlist (the source registry)")
        if netloc in self._unreachable:
            raise Unreachable(url, self._unreachable[netloc])
        if self._resolver_down and not self.settings.allow_private_addresses:
            # Without a resolver each lookup waits out its timeout: one wait per run is enough.
            raise Unreachable(url, f"unreachable: host {host!r} not looked up, the DNS resolver did not answer ({self._resolver_down})")
        try:
            private = not self.settings.allow_private_addresses and resolves_to_private(url, host)
        except DnsFailure as exc:
            self._unreachable[netloc] = exc.reason
            if exc.resolver_down:
                self._resolver_down = exc.reason
            raise Unreachable(url, exc.reason) from exc.__cause__
        if private:
            raise PrivateAddressBlocked(url, f"host {host!r} resolves to a private or loopback address")

    def robots_delay(self, url: str) -> float:
        """Load robots.txt for `url`'s origin now (once per origin, as the first fetch would) and
        give its Crawl-delay in seconds (0 without one): a crawler times this to learn how slow a host
        is before it plans its crawl. Raises FetchError when the host cannot be asked."""
        self._check_target(url)
        rules = self._robots_of(url)
        delay = rules.crawl_delay(self.settings.user_agent) if isinstance(rules, Protego) else None
        return min(float(delay), self.settings.max_pace_s) if delay else 0.0

    def _robots_of(self, url: str) -> Protego | str | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            with self._keyed_lock(self._origin_locks, origin, threading.Lock):  # one load per origin
                try:
                    if origin not in self._robots:
                        self._robots[origin] = self._load_robots(origin)
                except Unreachable as exc:
                    raise Unreachable(url, exc.reason) from None  # name the page asked for, not robots.txt
        return self._robots[origin]

    def _check_robots(self, url: str) -> None:
        rules = self._robots_of(url)
        if isinstance(rules, str):
            raise RobotsDisallowed(url, rules)
        if rules is not None and not rules.can_fetch(url, self.settings.user_agent):
            parts = urlsplit(url)
            raise RobotsDisallowed(url, f"disallowed by {parts.scheme}://{parts.netloc}/robots.txt")
        delay = rules.crawl_delay(self.settings.user_agent) if rules is not None else None
        if delay:
            pace = self._host_pace(url)
            pace.interval_s = max(pace.interval_s, min(float(delay), self.settings.max_pace_s))

    def _load_robots(self, origin: str) -> Protego | str | None:
        """Once per origin. Failures are remembered too, so a dead host costs one round of retries."""
        robots_url = f"{origin}/robots.txt"
        self.stats.add(robots_fetched=1)
        try:
            response, _, _ = self._follow(robots_url, check_robots=False)
        except Unreachable:
            raise  # no host, no robots decision: the page fetch reports "unreachable" with its own URL
        except FetchError as exc:
            return f"{robots_url} unreachable ({exc.reason}); treated as disallow-all (RFC 9309)"
        if response.status_code in (404, 410):
            return None
        if not 200 <= response.status_code < 300:
            # RFC 9309 allows crawling on other 4xx; an auth wall on robots.txt is a "keep out" to us.
            return f"{robots_url} answered HTTP {response.status_code}; treated as disallow-all"
        return Protego.parse(response.content.decode("utf-8", "replace"))

    # -- sending ------------------------------------------------------------------------------
    def _follow(self, url: str, *, check_robots: bool, store: bool = True,
                request: Request | None = None) -> tuple[requests.Response, str, int]:
        current, seen = url, {url}
        for _hop in range(self.settings.max_redirects + 1):
            self._check_target(current)
            if check_robots:
                self._check_robots(current)
            response, attempts = self._send(current, store=store, request=request)
            if not response.is_redirect:
                return response, current, attempts
            if request is not None and request.method != "GET":
                raise HttpStatusError(current, response.status_code)
            target = urljoin(current, response.headers["Location"])
            if target in seen:
                raise TooManyRedirects(url, f"redirect loop: {current} -> {target}")
            seen.add(target)
            current = target
        raise TooManyRedirects(url, f"more than {self.settings.max_redirects} redirects (last: {current})")

    def _host_key(self, url: str) -> str:
        # The host the URL stands for: the mirror serves every site from one 127.0.0.1 port, and the
        # limits are meant for the publisher's host.
        parts = urlsplit(self.settings.cache_key_url(url) if self.settings.cache_key_url else url)
        return f"{parts.scheme}://{parts.netloc.rpartition('@')[2].lower()}"

    def _host_slot(self, url: str) -> threading.BoundedSemaphore:
        return self._keyed_lock(self._host_slots, self._host_key(url), lambda: threading.BoundedSemaphore(max(1, self.settings.max_per_host)))

    def _host_pace(self, url: str) -> _Pace:
        return self._keyed_lock(self._paces, self._host_key(url), _Pace)

    def _send(self, url: str, *, store: bool = True, request: Request | None = None) -> tuple[requests.Response, int]:
        """One hop with retries: bounded in count and in wall-clock time."""
        s = self.settings
        session = self._thread_session(cached=store)
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            wait: float | None = None
            try:
                with self._host_slot(url):  # the per-host limit, whichever thread sends
                    pace, status = self._host_pace(url), None
                    if pace.wait_s() > 0:
                        self.sleep(pace.wait_s())
                    try:  # sent counts from the answer: the spacing is between one answer and the next request
                        response = session.request(
                            request.method if request else "GET", url, data=request.body if request else None,
                            headers=dict(request.headers) if request else None, allow_redirects=False,
                            timeout=(s.connect_timeout_s, s.read_timeout_s),
                        )
                        status = response.status_code
                    finally:
                        pace.sent(status, s)
            except (requests.ConnectionError, requests.Timeout) as exc:
                cause = unreachable_cause(exc) if isinstance(exc, requests.ConnectionError) else None
                if cause is not None:
                    netloc = urlsplit(url).netloc.lower()
                    self._unreachable[netloc] = f"unreachable: host {netloc!r} {cause}"
                    raise Unreachable(url, self._unreachable[netloc]) from exc
                failure = f"{type(exc).__name__}: {exc}"
            except requests.RequestException as exc:
                raise FetchError(url, f"{type(exc).__name__}: {exc}") from exc
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response, attempt
                failure = f"HTTP {response.status_code}"
                if response.status_code in RETRY_AFTER_STATUSES:
                    wait = _retry_after_seconds(response.headers.get("Retry-After"))
                    if wait is not None and wait > s.max_retry_after_s:
                        raise RetriesExhausted(
                            url, f"{failure} with Retry-After {wait:.0f} s, above the {s.max_retry_after_s:.0f} s limit"
                        )
            if attempt > s.max_retries:
                raise RetriesExhausted(url, f"{failure} after {attempt} attempts")
            if wait is None:
                wait = min(s.max_backoff_s, s.backoff_base_s * 2 ** (attempt - 1))
                wait *= random.uniform(0.5, 1.0)  # jitter: parallel runs must not retry in step
            if time.monotonic() - started + wait > s.max_total_retry_s:
                raise RetriesExhausted(
                    url, f"{failure} after {attempt} attempts; the {s.max_total_retry_s:g} s retry budget is spent"
                )
            self.stats.add(retries=1)
            self.sleep(wait)
            self._host_pace(url).slept(wait)
