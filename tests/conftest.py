"""Shared fixtures. Warehouse tests run on SQLite always and on PostgreSQL when CI provides one."""

from __future__ import annotations

import contextlib
import os
import uuid

import pytest
import sqlalchemy as sa

from spbe.infra.warehouse import METADATA, Warehouse

POSTGRES_ENV = "SPBE_TEST_POSTGRES_URL"


def _backends() -> list:
    params = [pytest.param("sqlite", id="sqlite")]
    if os.environ.get(POSTGRES_ENV):
        params.append(pytest.param("postgresql", id="postgresql"))
    return params


@contextlib.contextmanager
def _fresh_postgres_database():
    """A database of its own on the CI server, so tests never see each other's rows."""
    admin_url = os.environ[POSTGRES_ENV]
    name = f"spbe_t_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=_backends())
def warehouse_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'warehouse.sqlite'}"
        return
    with _fresh_postgres_database() as url:
        yield url


@pytest.fixture
def postgres_url() -> str:
    """For what only PostgreSQL has (roles, passwords, Dagster's PG storage). CI always sets the
    server up (SPBE_REQUIRE_POSTGRES makes a missing one an error); a laptop without one skips."""
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"needs PostgreSQL: set {POSTGRES_ENV} (scripts/start_test_postgres.sh prints one)")
    with _fresh_postgres_database() as url:
        yield url


@pytest.fixture
def warehouse(warehouse_url) -> Warehouse:
    wh = Warehouse(warehouse_url)
    wh.ensure_schema()
    yield wh
    wh.dispose()


__all__ = ["METADATA"]


def pytest_collection_modifyitems(config, items):
    # Every test that reaches PostgreSQL carries the `postgres` marker (-m postgres runs just them).
    for item in items:
        params = getattr(item, "callspec", None)
        if "postgres_url" in item.fixturenames or (params and params.params.get("warehouse_url") == "postgresql"):
            item.add_marker(pytest.mark.postgres)


def pytest_configure(config):
    if os.environ.get("SPBE_REQUIRE_POSTGRES") and not os.environ.get(POSTGRES_ENV):
        raise pytest.UsageError(f"SPBE_REQUIRE_POSTGRES is set but {POSTGRES_ENV} is not: refusing to skip the PostgreSQL tests")
