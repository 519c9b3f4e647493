"""What can go wrong fetching a URL. Every error names the URL and the cause in its message."""

from __future__ import annotations

import errno
import socket

from urllib3.exceptions import NameResolutionError


class FetchError(Exception):
    """A URL that could not be fetched; the message names the URL and the cause."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


class HostNotAllowed(FetchError): ...


class SchemeNotAllowed(FetchError): ...


class PrivateAddressBlocked(FetchError): ...


class RobotsDisallowed(FetchError): ...


class Unreachable(FetchError):
    """The host does not resolve or refuses connections. Not retried (a missing network or a wrong host
    does not heal within a backoff) and never mistaken for a robots.txt decision."""


class ResponseTooLarge(FetchError): ...


class TooManyRedirects(FetchError): ...


class RetriesExhausted(FetchError): ...


class RequestTimedOut(FetchError):
    """The whole request outlived `total_timeout_s`. Not retried: a server that trickles will trickle again."""


class HttpStatusError(FetchError):
    def __init__(self, url: str, status: int) -> None:
        super().__init__(url, f"HTTP {status}")
        self.status = status


def _causes(exc: BaseException):
    """exc and what it wraps: requests puts urllib3's MaxRetryError in args[0], whose .reason is the
    connection error, whose __cause__ is the socket error."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [current.__cause__, current.__context__, getattr(current, "reason", None)]
        todo += [a for a in current.args if isinstance(a, BaseException)]


class DnsFailure(Unreachable):
    def __init__(self, url: str, reason: str, code: int | None) -> None:
        super().__init__(url, reason)
        # No answer from the resolver at all (no network): every other name will fail the same way.
        self.resolver_down = code in (socket.EAI_AGAIN, getattr(socket, "EAI_FAIL", None))


def unreachable_cause(exc: BaseException) -> str | None:
    """Why a ConnectionError means the host cannot be reached at all, or None for a transient
    failure (reset, broken body) that a retry may cure."""
    for cause in _causes(exc):
        if isinstance(cause, NameResolutionError):
            return "does not resolve (DNS)"
        if isinstance(cause, ConnectionRefusedError):
            return "refused the connection"
        if isinstance(cause, OSError) and cause.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return f"is not reachable ({cause.strerror})"
    return None
