"""SPBE_WAREHOUSE_URL must name a persistent database; an empty warehouse builds an empty spbe_index."""

import os
import subprocess
import sys

import dagster as dg
import pytest

from assets.resources import SourcesResource, WarehouseResource
from assets.warehouse.spbe_index import spbe_index
from spbe.infra.warehouse import Warehouse, WarehouseUrlError, check_warehouse_url
from tests.paths import REPO_ROOT

IN_MEMORY = ["sqlite://", "sqlite:///", "sqlite:///:memory:", "sqlite+pysqlite:///:memory:", "sqlite:///file:x?mode=memory&uri=true"]
GARBAGE = ["garbage", "postgres//user@host/db", "://", "mysql://u@h/db", "postgresql+psycopg://u:s3cret@h:5432/"]


@pytest.mark.parametrize("url", IN_MEMORY + GARBAGE)
def test_a_url_that_names_no_persistent_database_is_refused_in_one_line_naming_the_variable(url):
    with pytest.raises(WarehouseUrlError) as info:
        Warehouse(url)
    message = str(info.value)
    assert "SPBE_WAREHOUSE_URL" in message and "\n" not in message
    assert "s3cret" not in message  # a password in the URL is never echoed
    assert info.value.__cause__ is None and (info.value.__context__ is None or info.value.__suppress_context__)  # no SQLAlchemy chain


def test_persistent_urls_pass(tmp_path):
    for url in (f"sqlite:///{tmp_path / 'w.sqlite'}", "sqlite:///data/warehouse.sqlite", "postgresql+psycopg://u@h:5432/spbe"):
        check_warehouse_url(url)


@pytest.mark.parametrize("url", ["sqlite:///", "garbage", "postgresql+psycopg://u@127.0.0.1:1/db"])
def test_the_cli_prints_one_line_and_no_traceback(url):
    env = {**os.environ, "SPBE_WAREHOUSE_URL": url}
    proc = subprocess.run([sys.executable, "-m", "spbe.cli", "summary"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "SPBE_WAREHOUSE_URL" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and "sqlalchemy" not in proc.stderr.lower()


def test_a_dagster_run_with_an_in_memory_warehouse_fails_naming_the_variable():
    result = dg.materialize([spbe_index], resources={"warehouse": WarehouseResource(url="sqlite:///"), "sources": SourcesResource()}, raise_on_error=False)
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE)
    description = failure.step_failure_data.user_failure_data.description
    assert description.startswith("SPBE_WAREHOUSE_URL=sqlite:/// is an in-memory database") and "\n" not in description
    error = failure.step_failure_data.error
    assert error.cause is None and error.context is None  # no SQLAlchemy exception chained
    assert "sqlalchemy" not in (error.message + "".join(error.stack)).lower()


def test_spbe_index_on_an_empty_warehouse_is_an_empty_table_not_a_type_error(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    result = dg.materialize([spbe_index], resources={"warehouse": WarehouseResource(url=url), "sources": SourcesResource()})
    assert result.success
    assert Warehouse(url).count("spbe_index") == 0
    materialization = result.asset_materializations_for_node("spbe_index")[0]
    assert materialization.metadata["dagster/row_count"].value == 0
