"""What a BI tool reading the warehouse directly sees: timestamps that carry their time zone."""

from __future__ import annotations

import sqlalchemy as sa

from tests.release_warehouse import populate


def test_timestamps_are_stored_with_their_time_zone(warehouse):
    populate(warehouse)
    with warehouse.engine.connect() as conn:
        if warehouse.engine.dialect.name == "sqlite":
            # SQLite has no timestamp type: the text itself must say UTC, in a form SQLite's date functions read.
            stored = conn.execute(sa.text("SELECT loaded_at, typeof(loaded_at) FROM spbe_index LIMIT 1")).one()
            assert stored[0] == "2026-01-08T00:00:00.000000+00:00" and stored[1] == "text"
            assert conn.execute(sa.text("SELECT unixepoch(loaded_at) FROM spbe_index LIMIT 1")).scalar_one() == 1767830400
            built = conn.execute(sa.text("SELECT built_at FROM spbe_dataset")).scalar_one()
            assert built.endswith("+00:00")
        else:
            kind = conn.execute(sa.text(
                "SELECT data_type FROM information_schema.columns WHERE table_name = 'spbe_index' AND column_name = 'loaded_at'"
            )).scalar_one()
            assert kind == "timestamp with time zone"
    assert str(warehouse.read("spbe_index")["loaded_at"].max()).startswith("2026-01-08 00:00:00")


def test_every_views_dataset_columns_have_a_declared_type_in_sqlite(warehouse):
    """BI tools type a SQLite view's columns by their declared type: an expression has none."""
    from schemas.views import VIEWS

    populate(warehouse)
    if warehouse.engine.dialect.name != "sqlite":
        return  # PostgreSQL types every view column
    with warehouse.engine.connect() as conn:
        for view in VIEWS:
            declared = {row[1]: row[2] for row in conn.execute(sa.text(f"PRAGMA table_info({view.name})"))}
            assert declared["data_synthetic"].upper() == "BOOLEAN" and declared["dataset_note"].upper() == "TEXT", (view.name, declared)
        assert conn.execute(sa.text("SELECT count(*) FROM v_spbe_latest")).scalar_one() == conn.execute(
            sa.text("SELECT count(DISTINCT instansi_id) FROM spbe_index")).scalar_one()
