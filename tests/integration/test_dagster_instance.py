"""The production instance config loads against a real PostgreSQL and its secrets stay in the environment."""

import shutil

import sqlalchemy as sa

from tests.paths import REPO_ROOT

ROOT = REPO_ROOT


def test_production_instance_loads_against_postgres(tmp_path, monkeypatch, postgres_url):
    import dagster as dg

    url = sa.engine.make_url(postgres_url)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    text = (home / "dagster.yaml").read_text()
    assert "password: {env: DAGSTER_PG_PASSWORD}" in text  # the secret is only referenced
    monkeypatch.setenv("DAGSTER_PG_HOST", url.host)
    monkeypatch.setenv("DAGSTER_PG_PORT", str(url.port))
    monkeypatch.setenv("DAGSTER_PG_USER", url.username)
    monkeypatch.setenv("DAGSTER_PG_PASSWORD", url.password or "unused-with-trust-auth")
    monkeypatch.setenv("DAGSTER_PG_DB", url.database)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
        assert type(instance.schedule_storage).__name__ == "PostgresScheduleStorage"
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        assert instance.run_retries_enabled and instance.run_retries_max_retries == 2
        assert instance.get_runs() == []
