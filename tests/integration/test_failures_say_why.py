"""Issue 21, operations: a failed run names its cause in one line where the user looks (the ERROR
line `dagster job execute` prints, the line `make demo` prints), and a year the calendar cannot
have fails the run instead of a green "skipped". Each ran red before ("Error occurred while
executing op", "run failed", success)."""

from __future__ import annotations

import logging
from pathlib import Path

import dagster as dg

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
