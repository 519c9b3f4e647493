"""What keeps `spbe serve` answering when many people use it and one abuses it: an ASGI middleware.

Datasette bounds each query (a time limit, a row cap, SELECT only) but not how the work of many
clients shares one process: every page queues its internal queries behind everybody else's, so under
50 clients a page that needs a few dozen of them (the front page, a table page) waited 30 s, and a
client sending endless queries kept a SQL thread busy for good. Four rules, in this order:

1. **Cache.** The database is immutable (`spbe serve` opens it so), so an anonymous GET of a page
   answers the same bytes every time: the answer is kept (LRU, bounded in bytes) and served again
   without touching Datasette. Arbitrary SQL is never cached (it is what the budget below meters).
2. **Arbitrary-SQL budget per client.** A request carrying SQL of the client's own (`sql=`, or a
   table page's `_where=`) is metered by the time it takes; a client (by address) that used more than
   `sql_budget_s` of it within `sql_window_s` gets 429 with Retry-After, answered after a delay so a
   client looping on refusals cannot spin the CPU either. Only `sql_lanes` such requests run at once
   server-wide, so they can never hold every SQL thread.
3. **Concurrency per client.** At most `per_client` requests of one client are processed at once; its
   others wait, so one client opening many connections gets no larger share.
4. **Admission.** At most `max_active` requests are processed at once, the others wait in arrival
   order (a short queue of whole requests instead of a long queue of interleaved queries, so a page
   that needs many queries is not starved); past `max_waiting` waiting, 503 with Retry-After.

Plain ASGI, no Datasette import: `spbe.serve` installs it through Datasette's `asgi_wrapper` hook.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import json
import time
import urllib.parse

# Query parameters that carry SQL written by the client (Datasette: `sql` on a database, `_where` on a table).
CLIENT_SQL_PARAMS = frozenset({"sql", "_where"})
STATUS_PATH = "/-/spbe-guard.json"


@dataclasses.dataclass(frozen=True)
class Limits:
    max_active: int = 8
    max_waiting: int = 512
    per_client: int = 2
    sql_lanes: int = 1
    sql_budget_s: float = 5.0
    sql_window_s: float = 30.0
    refusal_delay_s: float = 1.0
    cache_bytes: int = 64 * 1024 * 1024
    cache_entry_bytes: int = 2 * 1024 * 1024


def client_sql(scope: dict) -> bool:
    """Whether the request runs SQL the client wrote."""
    names = {k for k, _ in urllib.parse.parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)}
    return bool(names & CLIENT_SQL_PARAMS)


def client_of(scope: dict) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


class SqlMeter:
    """The arbitrary-SQL time each client used in the last `window` seconds."""

    def __init__(self, budget_s: float, window_s: float, clock=time.monotonic):
        self.budget_s, self.window_s, self.clock = budget_s, window_s, clock
        self.spent: dict[str, collections.deque] = {}

    def _recent(self, client: str) -> collections.deque:
        spent = self.spent.setdefault(client, collections.deque())
        horizon = self.clock() - self.window_s
        while spent and spent[0][0] < horizon:
            spent.popleft()
        return spent

    def retry_after(self, client: str) -> float:
        """0 when the client may run SQL now, else seconds until enough of its spending leaves the window."""
        spent = self._recent(client)
        total = sum(s for _, s in spent)
        if total < self.budget_s:
            if not spent:
                self.spent.pop(client, None)  # bounded memory: idle clients are forgotten
            return 0.0
        for at, seconds in spent:  # oldest first: when does the total fall under the budget?
            total -= seconds
            if total < self.budget_s:
                return max(0.0, at + self.window_s - self.clock())
        return self.window_s

    def add(self, client: str, seconds: float) -> None:
        self._recent(client).append((self.clock(), seconds))


class ResponseCache:
    """Complete responses by URL, least recently used dropped first, bounded in bytes."""

    def __init__(self, max_bytes: int, max_entry_bytes: int):
        self.max_bytes, self.max_entry_bytes = max_bytes, max_entry_bytes
        self.entries: collections.OrderedDict[bytes, tuple[dict, list[bytes], int]] = collections.OrderedDict()
        self.size = self.hits = self.misses = 0

    def get(self, key: bytes):
        entry = self.entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self.entries.move_to_end(key)
        self.hits += 1
        return entry

    def put(self, key: bytes, start: dict, body: list[bytes]) -> None:
        size = sum(map(len, body))
        if size > self.max_entry_bytes or key in self.entries:
            return
        self.entries[key] = (start, body, size)
        self.size += size
        while self.size > self.max_bytes:
            _, (_, _, dropped) = self.entries.popitem(last=False)
            self.size -= dropped


def _cacheable_request(scope: dict) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET" or client_sql(scope):
        return False
    # Datasette's answers vary on Cookie and Authorization: only anonymous requests share answers.
    return not any(name in (b"cookie", b"authorization") for name, _ in scope.get("headers", ()))


def _cacheable_response(start: dict) -> bool:
    return start["status"] == 200 and not any(name.lower() == b"set-cookie" for name, _ in start.get("headers", ()))


async def _answer(send, status: int, message: str, retry_after: float) -> None:
    body = (message + "\n").encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
               (b"retry-after", str(max(1, round(retry_after))).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """The middleware: `Guard(app, Limits())` is an ASGI app."""

    def __init__(self, app, limits: Limits = Limits(), clock=time.monotonic):
        self.app, self.limits, self.clock = app, limits, clock
        self.meter = SqlMeter(limits.sql_budget_s, limits.sql_window_s, clock)
        self.cache = ResponseCache(limits.cache_bytes, limits.cache_entry_bytes)
        self.active = asyncio.Semaphore(limits.max_active)
        self.sql_lanes = asyncio.Semaphore(limits.sql_lanes)
        self.per_client: dict[str, list] = {}  # client -> [semaphore, requests holding or waiting for it]
        self.waiting = 0
        self.refused = collections.Counter()

    def status(self) -> dict:
        """What the guard did so far (served at STATUS_PATH): the load benchmark records it."""
        return {
            "limits": dataclasses.asdict(self.limits),
            "cache": {"hits": self.cache.hits, "misses": self.cache.misses, "entries": len(self.cache.entries), "bytes": self.cache.size},
            "refused": dict(self.refused), "waiting": self.waiting, "clients": len(self.per_client),
        }

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["path"] == STATUS_PATH:
            body = json.dumps(self.status()).encode()
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
            return await send({"type": "http.response.body", "body": body})
        key = scope["path"].encode() + b"?" + scope.get("query_string", b"")
        cacheable = self.limits.cache_bytes > 0 and _cacheable_request(scope)
        if cacheable and (hit := self.cache.get(key)) is not None:
            start, body, _ = hit
            await send(start)
            for i, chunk in enumerate(body):
                await send({"type": "http.response.body", "body": chunk, "more_body": i < len(body) - 1})
            return None
        client, sql = client_of(scope), client_sql(scope)
        if sql and (wait := self.meter.retry_after(client)):
            self.refused["sql_budget"] += 1
            await asyncio.sleep(min(self.limits.refusal_delay_s, wait))
            return await _answer(send, 429, f"too much SQL from {client}: more than {self.limits.sql_budget_s:g} s of query "
                                 f"time in {self.limits.sql_window_s:g} s; retry later", wait)
        if self.waiting >= self.limits.max_waiting:
            self.refused["busy"] += 1
            return await _answer(send, 503, "the server is busy; retry shortly", 1)
        self.waiting += 1
        admitted = False
        slot = self.per_client.setdefault(client, [asyncio.Semaphore(self.limits.per_client), 0])
        slot[1] += 1
        try:
            async with slot[0], self.active:
                self.waiting -= 1
                admitted = True
                return await self._serve(scope, receive, send, key if cacheable else None, client if sql else None)
        finally:
            if not admitted:
                self.waiting -= 1
            slot[1] -= 1
            if not slot[1]:
                self.per_client.pop(client, None)

    async def _serve(self, scope, receive, send, cache_key: bytes | None, sql_client: str | None):
        if sql_client is None:
            return await self._run(scope, receive, send, cache_key)
        async with self.sql_lanes:
            started = self.clock()
            try:
                return await self._run(scope, receive, send, None)
            finally:
                self.meter.add(sql_client, self.clock() - started)

    async def _run(self, scope, receive, send, cache_key: bytes | None):
        if cache_key is None:
            return await self.app(scope, receive, send)
        start, body, size = {}, [], [0]

        async def keep(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and size[0] <= self.cache.max_entry_bytes:
                body.append(message.get("body", b""))
                size[0] += len(body[-1])
                if not message.get("more_body") and _cacheable_response(start):
                    self.cache.put(cache_key, dict(start), list(body))
            await send(message)

        return await self.app(scope, receive, keep)
