"""The warehouse password comes only from the environment and never reaches logs or metadata."""

import logging

import dagster as dg
import sqlalchemy as sa

from assets.resources import SourcesResource, WarehouseResource
from assets.sources.official.results import official_results
from pipelines.resources import default_resources
from spbe.infra.warehouse import redact_url
from tests.integration.test_faults import PAGE_URL, YEAR, mirror_root, server  # noqa: F401  (fixtures)
from tests.registries import registry_with_pinned_page

SECRET = "pw-Sup3r-S3cret-7741"


def test_password_is_only_referenced_through_envvar(monkeypatch):
    monkeypatch.setenv("SPBE_WAREHOUSE_URL", f"postgresql+psycopg://writer:{SECRET}@db.example:5432/spbe")
    resource = default_resources()["warehouse"]
    assert isinstance(resource.url, dg.EnvVar) and SECRET not in repr(resource)
    assert SECRET not in redact_url(f"postgresql+psycopg://writer:{SECRET}@db.example:5432/spbe")


def test_password_never_reaches_logs_or_metadata(postgres_url, server, tmp_path, monkeypatch, caplog):  # noqa: F811
    url = sa.engine.make_url(postgres_url).set(password=SECRET).render_as_string(hide_password=False)
    monkeypatch.setenv("SPBE_WAREHOUSE_URL", url)
    instance = dg.DagsterInstance.ephemeral()
    caplog.set_level(logging.DEBUG)
    result = dg.materialize(
        [official_results],
        partition_key="2023",
        instance=instance,
        resources={
            "warehouse": WarehouseResource(url=dg.EnvVar("SPBE_WAREHOUSE_URL")),
            "sources": SourcesResource(source_mode="mirror", mirror_url=server.base_url, cache_dir=str(tmp_path / "c"),
                                              registry_path=registry_with_pinned_page(tmp_path, YEAR, PAGE_URL)),
        },
    )
    assert result.success
    records = instance.get_records_for_run(result.run_id).records
    dumped = "\n".join(str(r.event_log_entry) for r in records)
    assert "spbe_official_result" in dumped or "dagster/row_count" in dumped  # we did read the log
    assert SECRET not in dumped
    assert SECRET not in str(instance.get_run_by_id(result.run_id).run_config)
    assert SECRET not in caplog.text
