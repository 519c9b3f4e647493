"""`spbe serve`: Datasette over the warehouse, described from schemas/, read-only and bounded.

A small warehouse (tests/release_warehouse.py, synthetic) is served by the real command in a process
of its own; pages are checked over HTTP and in headless Chromium (Debian's chromium via playwright).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from spbe.infra.datasette import MAX_RETURNED_ROWS
from spbe.infra.datasette_queries import CANNED_QUERIES
from spbe.infra.warehouse import Warehouse
from spbe.release.build import build_release
from spbe.release.sqlite_db import DATABASE_FILE, METADATA_FILE
from tests.integration.test_release_report import browser  # noqa: F401 (the shared Chromium fixture)
from tests.paths import REPO_ROOT
from tests.release_warehouse import populate

pytestmark = pytest.mark.slow
# What each canned query is opened with in the tests: a body, a province and a year of the fixture.
PARAMS = {"body": "Pesawaran", "province": "Lampung", "year": "2020"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _json(base: str, path: str, **query):
    """The decoded body; a dict answer also gets its HTTP status as "_status"."""
    status, body = _get(f"{base}{path}?{urllib.parse.urlencode(query)}" if query else f"{base}{path}")
    data = json.loads(body)
    return data | {"_status": status} if isinstance(data, dict) else data


class Server:
    def __init__(self, env: dict, cwd: Path, *args: str):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # The server's log goes to a file: a pipe nobody reads would fill up and block the server.
        self.log = Path(tempfile.mkstemp(prefix="spbe-serve-", suffix=".log")[1])
        with self.log.open("w") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "spbe.cli", "serve", "--port", str(self.port), *args], cwd=cwd,
                                         env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"spbe serve exited {self.proc.returncode}: {self.log.read_text()}")
            try:
                if _get(f"{self.base}/-/versions.json")[0] == 200:
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise AssertionError("spbe serve did not answer within 120 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("serve")
    path = root / "warehouse.sqlite"
    warehouse = Warehouse(f"sqlite:///{path}")
    warehouse.ensure_schema()
    populate(warehouse)
    warehouse.dispose()
    _hold_one_figure(path)
    return path


def _hold_one_figure(path: Path) -> None:
    """A copy of the first news figure as the extractor would hold it (status 'review', with a reason)."""
    con = sqlite3.connect(path)
    columns = [r[1] for r in con.execute("PRAGMA table_info(spbe_news_figure)")]
    # Its own evidence sentence: the fixture's one review decision is about the original figure, not this one.
    changed = {"figure_key": "'held-figure'", "status": "'review'", "hold_reason": "'H-YEAR-AMBIGUOUS'", "year": "2021",
               "evidence": "'Indeks SPBE tahun lalu 3,61.'"}
    select = ", ".join(changed.get(c, c) for c in columns)
    con.execute(f"INSERT INTO spbe_news_figure ({', '.join(columns)}) SELECT {select} FROM spbe_news_figure LIMIT 1")
    con.commit()
    con.close()


@pytest.fixture(scope="module")
def server(warehouse_file):
    before = hashlib.sha256(warehouse_file.read_bytes()).hexdigest()
    srv = Server({"SPBE_WAREHOUSE_URL": f"sqlite:///{warehouse_file}"}, warehouse_file.parent)
    yield srv
    srv.stop()
    assert hashlib.sha256(warehouse_file.read_bytes()).hexdigest() == before, "serving changed the warehouse file"


def _relations(path: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")]
        return {n: [r[1] for r in con.execute(f'PRAGMA table_info("{n}")')] for n in names}
    finally:
        con.close()


def test_every_table_view_and_column_is_described(server, warehouse_file):
    meta = _json(server.base, "/-/metadata.json")
    tables = meta["databases"]["warehouse"]["tables"]
    relations = _relations(warehouse_file)
    assert {"spbe_index", "v_spbe_latest", "v_spbe_province_rank"} <= set(relations)
    for name, columns in relations.items():
        assert name in tables, f"{name} has no metadata"
        assert tables[name]["title"] and tables[name]["description"], name
        described = tables[name]["columns"]
        assert set(columns) == set(described), f"{name}: columns {set(columns) ^ set(described)} differ"
        assert all(d and d != "(no description)" for d in described.values()), name
    assert "Unit: index points" in tables["spbe_index"]["columns"]["index_value"]
    assert meta["license"] == "CC-BY-4.0" and meta["source"]


def test_at_least_six_canned_queries_each_answering(server):
    queries = _json(server.base, "/warehouse.json")["queries"]
    assert len(queries) >= 6
    for query in CANNED_QUERIES:
        got = _json(server.base, f"/warehouse/{query.name}.json", _shape="objects", **{p: v for p, v in PARAMS.items() if f":{p}" in query.sql})
        assert got["_status"] == 200 and got.get("ok", True) is not False, (query.name, got)


def test_province_ranking_lists_bodies_without_a_value_with_a_note(server):
    rows = _json(server.base, "/warehouse/province_ranking.json", _shape="array", province="Lampung", year="2020")
    names = [r["instansi_name"] for r in rows]
    # Lampung Selatan has no 2020 result (the limited 2020 round): listed last, with why.
    assert names[-1] == "Kabupaten Lampung Selatan"
    assert rows[-1]["rank_in_province"] is None and rows[-1]["note"].startswith("no result for 2020; latest earlier: 2019")
    assert all(r["rank_in_province"] for r in rows[:-1])


def test_held_figures_and_rejected_rows_are_listed_for_review(server):
    rows = _json(server.base, "/warehouse/held_for_review.json", _shape="array")
    held = [r for r in rows if r["what"] == "news figure held"]
    assert len(held) == 1 and held[0]["reason"] == "H-YEAR-AMBIGUOUS" and held[0]["decision"] == "awaiting review"
    assert any(r["what"] == "decree row rejected" and r["reason"] == "unknown instansi name" for r in rows)


def test_every_province_is_ranked(server):
    rows = _json(server.base, "/warehouse/provinces_ranking.json", _shape="array", year="2021")
    assert {r["instansi_name"] for r in rows} == {"Provinsi Lampung", "Provinsi Kepulauan Bangka Belitung"}


def _get_from(server, address: str, path: str, **query) -> tuple[int, dict, bytes]:
    """A GET from a loopback source address of its own: the guard's limits are per client address."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30, source_address=(address, 0))
    try:
        conn.request("GET", path + ("?" + urllib.parse.urlencode(query) if query else ""))
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_sql_cannot_write_or_run_unbounded(server):
    # Each kind of abuse from a client address of its own, so no client's SQL budget (tested below) runs out here.
    for statement in ("DELETE FROM spbe_index", "UPDATE spbe_index SET index_value = 1", "DROP TABLE spbe_index",
                      "ATTACH DATABASE '/tmp/x.sqlite' AS x", "PRAGMA writable_schema = 1"):
        status, _, body = _get_from(server, "127.0.3.1", "/warehouse.json", sql=statement)
        assert status == 400 and json.loads(body)["ok"] is False, (statement, body)
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c"
    started = time.monotonic()
    got = json.loads(_get_from(server, "127.0.3.2", "/warehouse.json", sql=endless)[2])
    assert got["ok"] is False and "too long" in got["error"]
    assert time.monotonic() - started < 30
    many = f"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {3 * MAX_RETURNED_ROWS}) SELECT x FROM c"
    got = json.loads(_get_from(server, "127.0.3.3", "/warehouse.json", sql=many, _shape="objects")[2])
    assert len(got["rows"]) == MAX_RETURNED_ROWS and got["truncated"] is True


def test_a_client_sending_endless_queries_is_throttled_and_others_are_not(server):
    """Each endless query is stopped by the time limit; past its SQL budget (spbe.infra.serve_guard)
    the same client is refused with 429 before its query runs, while another client's SQL still runs."""
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c"
    statuses = []
    for _ in range(12):
        status, headers, _ = _get_from(server, "127.0.3.9", "/warehouse.json", sql=endless)
        statuses.append(status)
        if status == 429:
            break
    assert statuses[0] == 400 and statuses[-1] == 429, statuses
    assert int(headers["retry-after"]) >= 1
    assert _get_from(server, "127.0.3.10", "/warehouse.json", sql="SELECT COUNT(*) FROM spbe_index")[0] == 200


def _open(browser, url: str):  # noqa: F811 (browser is the fixture's name)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    response = page.goto(url, wait_until="load")
    return page, response, problems


def test_front_page_says_synthetic_and_the_version_in_chromium(browser, server, tmp_path):  # noqa: F811
    page, response, problems = _open(browser, server.base + "/")
    assert response.status == 200 and not problems
    status = page.inner_text(".spbe-status")
    version = page.inner_text(".spbe-version")
    page.screenshot(path=str(tmp_path / "front.png"), full_page=True)
    page.close()
    assert status.startswith("SYNTHETIC DATA") and version.count("-") >= 2, (status, version)


def test_every_table_page_and_canned_query_renders_in_chromium(browser, server, warehouse_file):  # noqa: F811
    relations = _relations(warehouse_file)
    urls = [f"{server.base}/warehouse/{name}" for name in relations]
    urls += [f"{server.base}/warehouse/{q.name}?{urllib.parse.urlencode(PARAMS)}" for q in CANNED_QUERIES]
    failures = []
    for url in urls:
        page, response, problems = _open(browser, url)
        if response.status != 200 or problems:
            failures.append(f"{url}: HTTP {response.status} {problems}")
        elif "/warehouse/" in url and "?" not in url:
            shown = set(page.locator("dl.column-descriptions dt").all_inner_texts())
            if shown != set(relations[url.rsplit("/", 1)[1]]):
                failures.append(f"{url}: columns described on the page differ from the table's: {shown}")
        elif page.locator("table.rows-and-columns").count() == 0 and "0 results" not in page.content():
            failures.append(f"{url}: no result table")
        if page.locator(".message-error").count():
            failures.append(f"{url}: {page.inner_text('.message-error')}")
        page.close()
    assert not failures, "\n".join(failures)


def test_a_release_carries_the_database_and_the_same_metadata(warehouse_file, tmp_path):
    warehouse = Warehouse(f"sqlite:///{warehouse_file}")
    try:
        first = build_release(warehouse, tmp_path / "a")
        second = build_release(warehouse, tmp_path / "b")
    finally:
        warehouse.dispose()
    db, meta_file = first.path / DATABASE_FILE, first.path / METADATA_FILE
    assert db.read_bytes() == (second.path / DATABASE_FILE).read_bytes(), "the same data gave another SQLite file"
    assert meta_file.read_bytes() == (second.path / METADATA_FILE).read_bytes()
    metadata = json.loads(meta_file.read_text(encoding="utf-8"))
    tables = metadata["databases"]["spbe"]["tables"]
    relations = _relations(db)
    assert "spbe_index" in relations and "v_spbe_yoy" in relations and "spbe_dataset" not in relations
    for name, columns in relations.items():
        assert set(tables[name]["columns"]) == set(columns), name
    assert len(metadata["databases"]["spbe"]["queries"]) >= 6
    assert "SYNTHETIC" in metadata["description_html"] and first.version in metadata["description_html"]
    for query in CANNED_QUERIES:  # every canned query runs on the release's database as it is
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        con.execute(query.sql, {p: PARAMS.get(p, "") for p in ("body", "province", "year")}).fetchall()
        con.close()


def test_on_postgresql_without_a_release_it_says_what_to_do(tmp_path):
    env = {**os.environ, "SPBE_WAREHOUSE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    done = subprocess.run([sys.executable, "-m", "spbe.cli", "serve", "--releases", str(tmp_path / "none")], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "spbe release --out" in done.stderr, done.stderr


def test_on_postgresql_it_serves_the_latest_release(warehouse_file, tmp_path):
    warehouse = Warehouse(f"sqlite:///{warehouse_file}")
    try:
        release = build_release(warehouse, tmp_path / "releases")
    finally:
        warehouse.dispose()
    # Datasette cannot open PostgreSQL: the command serves the release's SQLite file (the server is never contacted).
    srv = Server({"SPBE_WAREHOUSE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}, REPO_ROOT, "--releases", str(tmp_path / "releases"))
    try:
        meta = _json(srv.base, "/-/metadata.json")
        rows = _json(srv.base, "/spbe/province_ranking.json", _shape="array", province="Lampung", year="2020")
        front = _get(srv.base + "/")[1].decode()
    finally:
        srv.stop()
    assert len(meta["databases"]["spbe"]["queries"]) >= 6
    assert rows[-1]["instansi_name"] == "Kabupaten Lampung Selatan"
    assert "SYNTHETIC DATA" in front and release.version in front
