"""Load on `spbe serve`: 50 concurrent clients for 60 s against 127.0.0.1, p95 latency and errors.

    .venv/bin/python benchmarks/serve_load.py                      # the demo warehouse (make demo first)
    .venv/bin/python benchmarks/serve_load.py --clients 5 --seconds 5 --results data/bench/serve-quick.json

Starts the real command (`spbe serve`, Datasette) on a free port of 127.0.0.1 over the warehouse
SPBE_WAREHOUSE_URL names (default data/warehouse.sqlite), then runs N client threads for a fixed
time. Client 0 (`--hostile N`: the first N) is hostile (an endless query the time limit must stop, and a write that must be
refused, over and over); the others walk a fixed mix of what an analyst opens: the front page,
table pages, the JSON API, every canned query with parameters, filtered and sorted pages and an
aggregate in arbitrary SQL. Latency quantiles are of the analysts' requests. Every loop is bounded by the deadline and by a request cap per client; only
127.0.0.1 is contacted, each client from its own loopback source address (127.0.1.N), since the
server's limits are per client address. A request that fails, times out or answers other than expected is an error.
Records into benchmarks/results.json under "serve_load" (a run with fewer clients or seconds than
the recorded figure writes data/bench/serve-load-quick.json unless --results says otherwise).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORDED = ROOT / "benchmarks" / "results.json"
CLIENTS, SECONDS = 50, 60
MAX_REQUESTS_PER_CLIENT = 20_000
REQUEST_TIMEOUT_S = 30


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def questions(limit: int = 400) -> list[dict[str, str]]:
    """What the analysts ask about: a body, its province and a year, spread over the warehouse's
    kabupaten and kota and its years (deterministic), so most requests are not the same URL."""
    from spbe.infra.warehouse import Warehouse, warehouse_url_from_env

    warehouse = Warehouse(warehouse_url_from_env())
    try:
        rows = warehouse.read("spbe_index")
    finally:
        warehouse.dispose()
    rows = rows[rows["instansi_type"].isin(["kabupaten", "kota"])]
    bodies = sorted(set(zip(rows["instansi_name"], rows["province_name"], strict=True)))
    years = sorted(set(rows["year"]))
    if not bodies:
        raise SystemExit("the warehouse has no kabupaten or kota results: run `make demo` first")
    step = max(1, len(bodies) // limit)
    picked = bodies[::step][:limit]
    return [{"body": name.split(" ", 1)[-1], "province": province, "year": str(years[i % len(years)])}
            for i, (name, province) in enumerate(picked)]


def paths(database: str, asked: list[dict[str, str]]) -> list[tuple[str, set[int]]]:
    """The request mix, each with the statuses that count as success: the same pages for each question."""
    from spbe.infra.datasette_queries import CANNED_QUERIES

    ok = {200}
    q = urllib.parse.urlencode
    mix = []
    for params in asked:
        province, year = params["province"], params["year"]
        mix += [
            ("/", ok),
            (f"/{database}", ok),
            (f"/{database}/spbe_index", ok),
            (f"/{database}/spbe_index.json?{q({'_shape': 'objects', 'year': year, 'province_name': province})}", ok),
            (f"/{database}/v_spbe_latest?{q({'_sort_desc': 'index_value', 'province_name': province})}", ok),
            (f"/{database}/v_spbe_province_rank?{q({'province_name': province, 'year': year})}", ok),
            (f"/{database}/spbe_news_figure", ok),
        ]
        mix += [(f"/{database}/{c.name}?{q({k: v for k, v in params.items() if f':{k}' in c.sql})}", ok) for c in CANNED_QUERIES]
        aggregate = f"SELECT province_name, AVG(index_value) FROM spbe_index WHERE year = {int(year)} GROUP BY 1"
        mix.append((f"/{database}.json?{q({'sql': aggregate})}", ok))
    return mix


def route(path: str) -> str:
    """A path with its query values left out: what latencies are grouped by."""
    base, _, query = path.partition("?")
    names = [k for k, _ in urllib.parse.parse_qsl(query, keep_blank_values=True)]
    return base + ("?" + "&".join(f"{k}=" for k in names) if names else "")


def abuse(database: str) -> list[tuple[str, set[int]]]:
    """What one hostile client sends over and over: a query that never ends (the time limit must stop
    it with a 400, and once its SQL budget is spent the guard refuses it with a 429) and a write
    (refused with a 400, or a 429 past the budget)."""
    q = urllib.parse.urlencode
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c"
    return [(f"/{database}.json?{q({'sql': endless})}", {400, 429}), (f"/{database}.json?{q({'sql': 'DELETE FROM spbe_index'})}", {400, 429})]


def client_address(n: int) -> str:
    """Each client's own loopback address (127.0.1.n on Linux, where all of 127/8 is this machine), so
    the server tells clients apart by address as it would tell analysts apart: its limits are per client."""
    return f"127.0.{1 + n // 250}.{1 + n % 250}"


class Client(threading.Thread):
    def __init__(self, n: int, port: int, mix: list, deadline: float):
        super().__init__(daemon=True)
        self.n, self.port, self.mix, self.deadline = n, port, mix, deadline
        self.source = (client_address(n), 0)
        self.latencies: list[float] = []
        self.by_path: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.statuses: list[str] = []  # every answer's status (the hostile client's are recorded)

    def run(self) -> None:
        conn = self.connect()
        i = self.n * (len(self.mix) // CLIENTS)  # clients start at different points of the mix
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= self.deadline:
                break
            path, expected = self.mix[i % len(self.mix)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                self.statuses.append(str(response.status))
                if response.status not in expected:
                    self.errors.append(f"{response.status} {path}")
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(f"{type(exc).__name__} {path}")
                conn.close()
                conn = self.connect()
            self.latencies.append(time.perf_counter() - started)
            self.by_path.setdefault(route(path), []).append(self.latencies[-1])
        conn.close()

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT_S, source_address=self.source)


def guard_status(port: int) -> dict:
    """What the server's guard did (spbe.infra.serve_guard): cache hits, refusals."""
    from spbe.infra.serve_guard import STATUS_PATH

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
    try:
        conn.request("GET", STATUS_PATH)
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def start_server(port: int, log: Path, cache: bool = True) -> subprocess.Popen:
    command = [sys.executable, "-m", "spbe.cli", "serve", "--port", str(port), *([] if cache else ["--cache-mb", "0"])]
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"spbe serve exited {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/-/versions.json")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("spbe serve did not answer within 180 s")


def database_name() -> str:
    from spbe.infra.warehouse import warehouse_url_from_env

    url = warehouse_url_from_env()
    return Path(url.split("///", 1)[1]).stem if url.startswith("sqlite") else "spbe"


def measure(clients: int, seconds: float, hostile_clients: int = 1, cache: bool = True) -> dict:
    port = _free_port()
    log = Path(tempfile.mkstemp(prefix="serve-load-", suffix=".log")[1])
    server = start_server(port, log, cache)
    try:
        mix, hostile = paths(database_name(), questions()), abuse(database_name())
        deadline = time.monotonic() + seconds
        threads = [Client(n, port, hostile if n < hostile_clients else mix, deadline) for n in range(clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=seconds + REQUEST_TIMEOUT_S + 10)
        wall = time.perf_counter() - started
        guard = guard_status(port)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.unlink(missing_ok=True)
    latencies = sorted(x for t in threads[hostile_clients:] for x in t.latencies)
    errors = [e for t in threads for e in t.errors]
    abusive = [x for t in threads[:hostile_clients] for x in t.latencies]
    quantile = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "clients": clients, "hostile_clients": hostile_clients, "response_cache": cache, "seconds": seconds, "wall_s": round(wall, 1),
        "requests": len(latencies), "requests_per_s": round(len(latencies) / wall, 1),
        "hostile_requests": len(abusive), "hostile_median_ms": round(statistics.median(abusive) * 1000, 1) if abusive else None,
        "errors": len(errors), "error_sample": sorted(set(errors))[:10],
        "latency_ms": {"p50": round(quantile[49] * 1000, 1), "p95": round(quantile[94] * 1000, 1),
                       "p99": round(quantile[98] * 1000, 1), "max": round(latencies[-1] * 1000, 1) if latencies else None},
        "median_ms_by_path": {p: round(statistics.median(v) * 1000, 1) for p, v in sorted(_merge(threads).items())},
        "clients_still_running": sum(t.is_alive() for t in threads),
        "hostile_statuses": dict(sorted(collections.Counter(x for t in threads[:hostile_clients] for x in t.statuses).items())),
        "guard": {k: guard[k] for k in ("cache", "refused", "limits")},
    }


def _merge(threads: list[Client]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for t in threads:
        for path, values in t.by_path.items():
            out.setdefault(path, []).extend(values)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--hostile", type=int, default=1, help="how many of the clients only send an endless query and a write")
    parser.add_argument("--no-cache", action="store_true", help="serve with no response cache (spbe serve --cache-mb 0): every request reaches Datasette")
    parser.add_argument("--results", help="file to record into (default: benchmarks/results.json at full size, else a scratch file)")
    args = parser.parse_args()
    measured = measure(args.clients, args.seconds, args.hostile, cache=not args.no_cache)
    measured |= {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "commit": _commit(),
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
                   f"load average {os.getloadavg()[0]:.1f} at the end (other jobs share the machine when it is above the core count)",
        "command": " ".join(["benchmarks/serve_load.py", *sys.argv[1:]]),
        "warehouse": os.environ.get("SPBE_WAREHOUSE_URL", "sqlite:///data/warehouse.sqlite (default)"),
    }
    full = args.clients >= CLIENTS and args.seconds >= SECONDS
    path = Path(args.results) if args.results else (RECORDED if full else ROOT / "data" / "bench" / "serve-load-quick.json")
    result = json.loads(path.read_text()) if path.exists() else {}
    result["serve_load" + ("" if args.hostile else "_no_hostile") + ("_no_cache" if args.no_cache else "")] = measured
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(measured, indent=2))
    print(f"written to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
