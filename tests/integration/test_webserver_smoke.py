"""Start the real Dagster webserver on 127.0.0.1 and check through GraphQL that everything is listed."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.paths import REPO_ROOT

pytestmark = pytest.mark.slow

ROOT = REPO_ROOT

QUERY = """
query {
  assetNodes { assetKey { path } assetChecksOrError { ... on AssetChecks { checks { name } } } }
  repositoriesOrError { ... on RepositoryConnection { nodes { name
      schedules { name cronSchedule executionTimezone }
      jobs { name } } } }
}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    home = tmp_path_factory.mktemp("dagster_home")
    (home / "dagster.yaml").write_text((ROOT / "deploy" / "local" / "dagster.yaml").read_text())
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "SPBE_WAREHOUSE_URL": f"sqlite:///{home / 'wh.sqlite'}"}
    exe = Path(sys.executable).with_name("dagster-webserver")
    proc = subprocess.Popen(
        [str(exe), "-w", str(ROOT / "workspace.yaml"), "-h", "127.0.0.1", "-p", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        if proc.poll() is not None:
            pytest.fail("webserver exited:\n" + proc.stdout.read().decode()[-4000:])
        try:
            if requests.get(f"{base}/server_info", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("webserver did not answer /server_info within 90 s")
        time.sleep(0.5)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_graphql_lists_every_asset_check_and_schedule(webserver):
    from pipelines.definitions import defs

    graph = defs.resolve_asset_graph()
    expected_assets = {"/".join(k.path) for k in graph.get_all_asset_keys()}
    expected_checks = {k.name for k in graph.asset_check_keys}
    expected_schedules = {s.name for s in defs.schedules}

    data = requests.post(f"{webserver}/graphql", json={"query": QUERY}, timeout=60).json()
    assert "errors" not in data, data.get("errors")
    nodes = data["data"]["assetNodes"]
    assets = {"/".join(n["assetKey"]["path"]) for n in nodes}
    checks = {c["name"] for n in nodes for c in n["assetChecksOrError"].get("checks", [])}
    repos = data["data"]["repositoriesOrError"]["nodes"]
    schedules = {s["name"]: s for r in repos for s in r["schedules"]}

    assert expected_assets and assets == expected_assets
    assert expected_checks and checks == expected_checks
    assert set(schedules) == expected_schedules
    nightly = schedules["nightly_refresh"]
    assert nightly["cronSchedule"] == "0 2 * * *" and nightly["executionTimezone"] == "Asia/Jakarta"
    jobs = {j["name"] for r in repos for j in r["jobs"]}
    assert {"refresh_all", "refresh_official_results"} <= jobs
