"""Issue 21, operations: a failed run names its cause in one line where the user looks (the ERROR
line `dagster job execute` prints, the line `make demo` prints), and a year the calendar cannot
have fails the run instead of a green "skipped". Each ran red before ("Error occurred while
executing op", "run failed", success)."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipelines.failures import run_failure_cause
from tests.paths import REPO_ROOT

TYPO = "stated_cuont"


def run(monkeypatch, tmp_path, year: str, *, warehouse: Path | None = None, registry: Path | None = None):
    import assets
    from pipelines.jobs import range_tags, refresh_official_results_job
    from pipelines.resources import default_resources

    monkeypatch.setenv("SPBE_WAREHOUSE_URL", f"sqlite:///{warehouse or tmp_path / 'wh.sqlite'}")
    monkeypatch.setenv("SPBE_HTTP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SPBE_SOURCE_MODE", "live")
    if registry is not None:
        monkeypatch.setenv("SPBE_REGISTRY", str(registry))
    instance = dg.DagsterInstance.ephemeral()
    # Resources read the environment when built: build them for this test's environment.
    defs = dg.Definitions(assets=dg.load_assets_from_package_module(assets), jobs=[refresh_official_results_job],
                          resources=default_resources())
    job = defs.resolve_job_def("refresh_official_results")
    result = job.execute_in_process(instance=instance, tags=range_tags(year, year), raise_on_error=False)
    errors = [r.user_message for r in instance.all_logs(result.run_id) if r.level >= logging.ERROR and r.user_message]
    return result, errors


def test_a_registry_typo_names_file_line_and_key(monkeypatch, tmp_path):
    bad = tmp_path / "sources.toml"
    text = (REPO_ROOT / "spbe" / "data" / "sources.toml").read_text(encoding="utf-8")
    assert "stated_count = 615" in text
    bad.write_text(text.replace("stated_count = 615", f"{TYPO} = 615"), encoding="utf-8")
    result, errors = run(monkeypatch, tmp_path, "2024", registry=bad)
    assert not result.success
    line = next(e for e in errors if e.startswith("source registry:"))
    assert str(bad) in line and f"unknown key '{TYPO}'" in line and " line " in line and "\n" not in line
    cause = run_failure_cause(result)
    assert str(bad) in cause and f"unknown key '{TYPO}'" in cause and "\n" not in cause


def test_a_corrupt_warehouse_names_its_path(monkeypatch, tmp_path):
    path = tmp_path / "warehouse.sqlite"
    path.write_bytes(b"overwritten by something else " * 200)
    result, errors = run(monkeypatch, tmp_path, "2024", warehouse=path)
    assert not result.success
    line = next(e for e in errors if e.startswith("official_results failed:"))
    assert str(path) in line and "\n" not in line
    assert str(path) in run_failure_cause(result)


def test_a_year_beyond_the_calendar_fails_the_run_saying_so(monkeypatch, tmp_path):
    result, errors = run(monkeypatch, tmp_path, "2027")
    assert not result.success  # before: success, with an info line "skipped"
    line = next(e for e in errors if e.startswith("official_results failed:"))
    assert "evaluation year 2027 outside the calendar: 2027 is in the future" in line
    assert "evaluation year 2027 outside the calendar" in run_failure_cause(result)


@contextlib.contextmanager
def read_only(path: Path):
    """The file made immutable (`chattr +i`): even root cannot write it, where chmod would not stop
    root (the tests run as root in CI). Skips where the file system has no such attribute."""
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True, check=False) if os.path.exists("/usr/bin/chattr") else None
    if made is None or made.returncode != 0:
        pytest.skip(f"cannot make {path} immutable here: {made.stderr.strip() if made else 'no chattr'}")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def one_line_naming(text: str, *needles: str) -> str:
    """The one console line that holds every needle (a cause split over lines would not match)."""
    lines = [ln for ln in text.splitlines() if all(n in ln for n in needles)]
    assert lines, f"no line names {needles}:\n{text[-3000:]}"
    return lines[0]


def test_a_read_only_warehouse_names_its_path_on_the_cli_and_in_a_run(monkeypatch, tmp_path):
    path = tmp_path / "warehouse.sqlite"
    path.touch()
    with read_only(path):
        env = {**os.environ, "SPBE_WAREHOUSE_URL": f"sqlite:///{path}"}
        cli = subprocess.run([str(Path(sys.executable).with_name("spbe")), "ingest-file", str(REPO_ROOT / "docs/examples/ingest-file-2025.csv"),
                              "--year", "2025", "--commit"], env=env, capture_output=True, text=True, cwd=tmp_path)
        assert cli.returncode == 2
        one_line_naming(cli.stderr, str(path), "attempt to write a readonly database")
        assert "Traceback" not in cli.stderr
        result, errors = run(monkeypatch, tmp_path, "2024", warehouse=path)
    assert not result.success
    one_line_naming("\n".join(errors), "official_results failed:", str(path), "readonly database")  # dagster job execute's ERROR line
    assert str(path) in run_failure_cause(result) and "readonly" in run_failure_cause(result)  # make demo's line
    assert path.stat().st_size == 0  # nothing written


def dagster_job_execute(tmp_path: Path, year: str, **env: str) -> str:
    """`dagster job execute` as the operations page shows it, in a subprocess; its console output."""
    home = tmp_path / "dagster_home"
    home.mkdir(exist_ok=True)
    full = {**os.environ, "DAGSTER_HOME": str(home), "SPBE_SOURCE_MODE": "live", "SPBE_HTTP_CACHE_DIR": str(tmp_path / "cache"),
            "SPBE_WAREHOUSE_URL": f"sqlite:///{tmp_path / 'wh.sqlite'}", **env}
    tags = json.dumps({"dagster/asset_partition_range_start": year, "dagster/asset_partition_range_end": year})
    proc = subprocess.run([str(Path(sys.executable).with_name("dagster")), "job", "execute", "-m", "pipelines.definitions",
                           "-j", "refresh_official_results", "--tags", tags], cwd=REPO_ROOT, env=full, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode != 0
    return proc.stdout + proc.stderr


@pytest.mark.slow
def test_dagster_job_execute_prints_the_cause_in_one_line(tmp_path):
    """Not only in process: the console of a real `dagster job execute` names the registry's file,
    line and key, and a read-only warehouse's path (before: "Error occurred while executing op")."""
    bad = tmp_path / "sources.toml"
    bad.write_text((REPO_ROOT / "spbe" / "data" / "sources.toml").read_text(encoding="utf-8").replace("stated_count = 615", f"{TYPO} = 615"),
                   encoding="utf-8")
    out = dagster_job_execute(tmp_path, "2024", SPBE_REGISTRY=str(bad))
    line = one_line_naming(out, " - ERROR - ", str(bad), f"unknown key '{TYPO}'")
    assert " line " in line.split(str(bad), 1)[1]
    path = tmp_path / "read-only.sqlite"
    path.touch()
    with read_only(path):
        out = dagster_job_execute(tmp_path, "2024", SPBE_WAREHOUSE_URL=f"sqlite:///{path}")
    one_line_naming(out, " - ERROR - ", "official_results failed:", str(path), "attempt to write a readonly database")
