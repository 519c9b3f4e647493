"""The guard in front of `spbe serve` (spbe/infra/serve_guard.py), on a stand-in ASGI app.

A client over its arbitrary-SQL budget is refused (429, Retry-After) while others are served; only
one client SQL query runs at a time; one client cannot hold more than its share of the workers; a
page of the immutable database is answered from memory the second time, SQL and cookies never are.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from spbe.infra.serve_guard import STATUS_PATH, Guard, Limits, SqlMeter


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class App:
    """Answers 200 after `work` seconds of (simulated) query time; counts calls and the most in flight at once."""

    def __init__(self, clock: Clock | None = None, work: float = 0.0, sleep: float = 0.0):
        self.clock, self.work, self.sleep = clock, work, sleep
        self.calls = self.active = self.most = 0
        self.release = None  # an asyncio.Event the app waits for, when set by a test

    async def __call__(self, scope, receive, send):
        self.calls += 1
        self.active += 1
        self.most = max(self.most, self.active)
        try:
            if self.release is not None:
                await self.release.wait()
            await asyncio.sleep(self.sleep)
            if self.clock:
                self.clock.now += self.work
            headers = [(b"content-type", b"text/plain")]
            if scope["path"] == "/cookie":
                headers.append((b"set-cookie", b"a=b"))
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": f"page {self.calls}".encode()})
        finally:
            self.active -= 1


def scope(path="/warehouse", query=b"", client="127.0.1.1", headers=()):
    return {"type": "http", "method": "GET", "path": path, "query_string": query, "client": (client, 5000), "headers": list(headers)}


async def call(app, s) -> tuple[int, dict, bytes]:
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    await app(s, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body


def run(coro):
    return asyncio.run(coro)


SQL = b"sql=WITH+RECURSIVE+c%28x%29+AS+%28SELECT+1%29+SELECT+1"


def test_a_client_over_its_sql_budget_is_refused_and_others_are_not():
    clock = Clock()
    app = App(clock, work=1.0)  # each query uses the whole time limit, as an endless one does
    guard = Guard(app, Limits(sql_budget_s=3.0, sql_window_s=30.0, refusal_delay_s=0.0), clock=clock)

    async def scenario():
        statuses = [(await call(guard, scope(query=SQL, client="10.0.0.9")))[0] for _ in range(5)]
        other = await call(guard, scope(query=SQL, client="10.0.0.1"))
        page = await call(guard, scope(client="10.0.0.9"))  # pages are not SQL of the client's own
        return statuses, other, page

    statuses, other, page = run(scenario())
    assert statuses == [200, 200, 200, 429, 429]
    assert app.calls == 5  # three hostile queries, the other client's, the page: the refusals never reached Datasette
    assert other[0] == 200 and page[0] == 200
    refused = run(call(guard, scope(query=SQL, client="10.0.0.9")))
    assert refused[0] == 429 and int(refused[1][b"retry-after"]) >= 1 and b"too much SQL" in refused[2]
    clock.now += 31  # the window has passed: the client may query again
    assert run(call(guard, scope(query=SQL, client="10.0.0.9")))[0] == 200


def test_a_table_pages_where_clause_is_client_sql_too():
    clock = Clock()
    guard = Guard(App(clock, work=2.0), Limits(sql_budget_s=3.0, refusal_delay_s=0.0), clock=clock)
    statuses = [run(call(guard, scope("/warehouse/spbe_index", b"_where=1%3D1", "10.0.0.9")))[0] for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_only_one_client_query_runs_at_a_time_and_pages_pass_beside_it():
    app = App(sleep=0.05)
    guard = Guard(app, Limits(sql_lanes=1, per_client=4, max_active=8, cache_bytes=0))

    async def scenario():
        sql = [call(guard, scope(query=SQL + str(i).encode(), client=f"10.0.1.{i}")) for i in range(4)]
        await asyncio.gather(*sql)
        sql_most = app.most
        app.most = 0
        await asyncio.gather(*[call(guard, scope(f"/p{i}", client=f"10.0.2.{i}")) for i in range(4)])
        return sql_most, app.most

    sql_most, page_most = run(scenario())
    assert sql_most == 1 and page_most == 4


def test_one_client_gets_at_most_its_share_of_the_workers():
    app = App(sleep=0.02)
    guard = Guard(app, Limits(per_client=2, max_active=8, cache_bytes=0))

    async def scenario():
        await asyncio.gather(*[call(guard, scope(f"/p{i}", client="10.0.0.9")) for i in range(6)])

    run(scenario())
    assert app.most == 2 and app.calls == 6  # every request answered, two at a time


def test_past_the_waiting_room_the_server_says_busy():
    app = App()
    guard = Guard(app, Limits(max_active=1, max_waiting=2, per_client=10, cache_bytes=0))

    async def scenario():
        app.release = asyncio.Event()
        pending = [asyncio.ensure_future(call(guard, scope(f"/p{i}"))) for i in range(3)]
        await asyncio.sleep(0.01)
        busy = await call(guard, scope("/p9"))
        app.release.set()
        return busy, await asyncio.gather(*pending)

    busy, served = run(scenario())
    assert busy[0] == 503 and b"retry-after" in busy[1]
    assert [s for s, _, _ in served] == [200, 200, 200]


def test_a_page_is_answered_from_memory_but_never_sql_or_a_cookie():
    app = App()
    guard = Guard(app, Limits())
    first, second = run(call(guard, scope("/warehouse/spbe_index"))), run(call(guard, scope("/warehouse/spbe_index")))
    assert first == second and app.calls == 1
    run(call(guard, scope(query=SQL)))
    run(call(guard, scope(query=SQL)))
    assert app.calls == 3  # SQL of the client's own always runs (and is metered)
    run(call(guard, scope("/warehouse/spbe_index", headers=[(b"cookie", b"ds_actor=x")])))
    assert app.calls == 4  # Datasette's answers vary on Cookie: a signed-in page is not shared
    run(call(guard, scope("/cookie")))
    run(call(guard, scope("/cookie")))
    assert app.calls == 6  # an answer setting a cookie is not kept
    status = json.loads(run(call(guard, scope(STATUS_PATH)))[2])
    assert status["cache"]["hits"] == 1 and status["limits"]["sql_budget_s"] == Limits().sql_budget_s


def test_the_cache_stays_within_its_bytes():
    guard = Guard(App(), Limits(cache_bytes=30, cache_entry_bytes=20))
    for i in range(10):
        run(call(guard, scope(f"/p{i}")))
    assert guard.cache.size <= 30 and len(guard.cache.entries) < 10


@pytest.mark.parametrize("spent, expected", [([], 0.0), ([(0.0, 1.0)], 0.0), ([(0.0, 2.0), (10.0, 2.0)], 20.0)])
def test_retry_after_is_when_enough_spending_leaves_the_window(spent, expected):
    clock = Clock()
    meter = SqlMeter(budget_s=3.0, window_s=30.0, clock=clock)
    for at, seconds in spent:
        clock.now = 1000.0 + at
        meter.add("c", seconds)
    clock.now = 1010.0
    assert meter.retry_after("c") == pytest.approx(expected)
