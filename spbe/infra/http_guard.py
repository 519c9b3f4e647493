"""Below the cache: every request's deadline, its peer address check and its byte cap.

requests-cache reads the whole body when it stores a response (see `http_client`), so these limits
cannot live above it. `GuardedAdapter` reads every body itself under the byte cap, and a watchdog
shuts the socket when the whole request (connect, headers, body) outlives its deadline; a connection
whose peer turns out to be a private address (DNS rebinding) is closed before a byte is sent.
`HttpStats` counts what went over the wire.
"""

from __future__ import annotations

import contextlib
import heapq
import ipaddress
import itertools
import os
import socket
import threading
import time
from dataclasses import dataclass, fields

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from spbe.infra.http_errors import DnsFailure, FetchError, PrivateAddressBlocked, RequestTimedOut, ResponseTooLarge

CHUNK = 64 * 1024


@dataclass
class HttpStats:
    requests: int = 0  # sent over the network, robots.txt and retries included
    bytes_downloaded: int = 0  # on the wire (still compressed), every response included
    not_modified: int = 0  # cache hits: every one is a 304 revalidation
    bytes_saved: int = 0  # bodies served from the cache after a 304 (decoded size)
    retries: int = 0
    robots_fetched: int = 0
    errors: int = 0  # fetches that raised

    def __post_init__(self) -> None:
        self._lock = threading.Lock()  # fetch threads add at once: `+=` on an attribute is not atomic

    def add(self, **counts: int) -> None:
        with self._lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def is_private_ip(text: str) -> bool:
    addr = ipaddress.ip_address(text.split("%", 1)[0])
    if addr.version == 6 and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return not addr.is_global or addr.is_multicast


def resolves_to_private(url: str, host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        raise DnsFailure(url, f"unreachable: host {host!r} does not resolve (DNS: {exc.strerror or exc})", exc.errno) from exc
    return any(is_private_ip(info[4][0]) for info in infos)


# -- below the cache: deadline, peer address and byte cap ------------------------------------------
_current = threading.local()


class _Guard:
    """One request's deadline. Shutting the socket is the only way to interrupt a blocked read; a
    per-read timeout alone lets a server that sends a byte every few seconds hold us forever."""

    def __init__(self, url: str, allow_private: bool) -> None:
        self.url, self.allow_private = url, allow_private
        self.expired = False
        self.finished = False  # the request is over: the watchdog drops this deadline unfired
        self._conn: HTTPConnection | None = None
        self._lock = threading.Lock()

    def attach(self, conn: HTTPConnection) -> None:
        with self._lock:
            self._conn = conn
            if self.expired:
                self._shut(conn)

    def release(self) -> None:
        with self._lock:
            self.finished = True
            self._conn = None  # a late deadline must not shut a connection that went back to the pool

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._conn is not None:
                self._shut(self._conn)

    @staticmethod
    def _shut(conn: HTTPConnection) -> None:
        sock = getattr(conn, "sock", None)
        if sock is not None:
            # the plain socket method: SSLSocket.shutdown would tear down state the reader still uses
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Watchdog:
    """Every request's deadline, kept by one thread. A `threading.Timer` per request started a thread
    per request, and under load each start waited for the new thread to be scheduled: measured on 60
    synthetic sites with 8 fetch threads, 20 s of the threads' wall time went to starting timers."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._heap: list[tuple[float, int, _Guard]] = []
        self._changed = threading.Condition()
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, guard: _Guard, seconds: float) -> None:
        with self._changed:
            heapq.heappush(self._heap, (time.monotonic() + seconds, next(self._order), guard))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="http-deadlines", daemon=True)
                self._thread.start()
            elif self._heap[0][2] is guard:
                self._changed.notify()  # an earlier deadline than the one the thread sleeps towards

    def _run(self) -> None:
        while True:
            with self._changed:
                while self._heap and self._heap[0][2].finished:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._changed.wait()
                    continue
                due = self._heap[0][0] - time.monotonic()
                if due > 0:
                    self._changed.wait(due)
                    continue
                guard = heapq.heappop(self._heap)[2]
            guard.expire()


_WATCHDOG = _Watchdog()
os.register_at_fork(after_in_child=_WATCHDOG._reset)  # a forked child has no watchdog thread


class _GuardedConnectionMixin:
    def request(self, *args, **kwargs):
        guard = getattr(_current, "guard", None)
        if guard is not None:
            guard.attach(self)  # keep-alive connections are reused without connect(): register here
        return super().request(*args, **kwargs)

    def connect(self):
        super().connect()
        guard = getattr(_current, "guard", None)
        if guard is None:
            return
        guard.attach(self)  # a deadline that passed while connecting shuts the new socket at once
        peer = self.sock.getpeername()[0]
        if not guard.allow_private and is_private_ip(peer):
            # The pre-flight DNS check can be raced (DNS rebinding); the connected peer cannot.
            self.sock.close()
            raise PrivateAddressBlocked(guard.url, f"host {self.host!r} connected to private address {peer}")


class _HTTPConnection(_GuardedConnectionMixin, HTTPConnection): ...


class _HTTPSConnection(_GuardedConnectionMixin, HTTPSConnection): ...


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class GuardedAdapter(HTTPAdapter):
    """Sends with a deadline and reads the body under the cap, before requests-cache sees it."""

    def __init__(self, *, total_timeout_s: float, max_bytes: int, allow_private: bool, stats: HttpStats) -> None:
        self.total_timeout_s, self.max_bytes, self.allow_private, self.stats = total_timeout_s, max_bytes, allow_private, stats
        super().__init__(max_retries=0)  # retries are PoliteClient's, with backoff and Retry-After

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}

    def send(self, request, **kwargs):
        guard = _Guard(request.url, self.allow_private)
        response = None
        self.stats.add(requests=1)
        _current.guard = guard
        _WATCHDOG.watch(guard, self.total_timeout_s)
        try:
            response = super().send(request, **{**kwargs, "stream": True})
            response._content = self._read_capped(request.url, response)
            response._content_consumed = True
            return response
        except requests.RequestException as exc:
            if response is not None:
                response.close()
            if guard.expired:
                raise RequestTimedOut(
                    request.url, f"no complete response within {self.total_timeout_s:g} s (server too slow)"
                ) from exc
            raise
        except FetchError:
            if response is not None:
                response.close()
            raise
        finally:
            guard.release()
            _current.guard = None
            if response is not None:
                self.stats.add(bytes_downloaded=response.raw.tell())

    def _read_capped(self, url: str, response: requests.Response) -> bytes:
        cap = self.max_bytes
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > cap:
            raise ResponseTooLarge(url, f"Content-Length {int(length)} exceeds the {cap}-byte cap")
        chunks, size = [], 0
        try:
            # Decoded chunks: the cap bounds memory, so a small gzip bomb cannot get past it.
            for chunk in response.iter_content(CHUNK):
                size += len(chunk)
                if size > cap:
                    raise ResponseTooLarge(url, f"response body exceeds the {cap}-byte cap")
                chunks.append(chunk)
        except (requests.ConnectionError, requests.Timeout):
            raise
        except requests.RequestException as exc:
            # A truncated or broken body is transient as far as we can tell: let the retry loop see it.
            raise requests.ConnectionError(f"connection broken while reading the body ({exc})") from exc
        return b"".join(chunks)
