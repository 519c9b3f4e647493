"""The warehouse refuses a database that has drifted from the models, before writing anything,
and says what built it (spbe_dataset, exposed on every view)."""

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from schemas import VIEWS
from spbe.index.table import build_spbe_index
from spbe.infra.ddl import METADATA, SchemaDriftError, schema_drift
from spbe.infra.provenance import Build, code_version, with_provenance
from spbe.infra.warehouse import Warehouse
from tests.unit.test_index_table import fact

LOADED = dt.datetime(2026, 1, 8, tzinfo=dt.UTC)


def _tables(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def _drifted(url: str, change) -> Warehouse:
    """A warehouse built by the models, then altered behind their back by `change(conn)`."""
    wh = Warehouse(url)
    wh.ensure_schema()
    with wh.engine.begin() as conn:
        for view in reversed(VIEWS):  # views read the tables; drop them so the tables can change
            conn.execute(sa.text(f"DROP VIEW {view.name}"))
        change(conn)
    return wh


def test_fresh_database_gets_the_ddl_and_matches(warehouse_url):
    wh = Warehouse(warehouse_url)
    wh.ensure_schema()
    wh.ensure_schema()  # and a second start finds nothing to complain about
    assert set(METADATA.tables) <= _tables(wh.engine)
    with wh.engine.connect() as conn:
        assert schema_drift(conn) == []
    wh.dispose()


def test_a_missing_column_and_an_extra_one_are_named(warehouse_url):
    def change(conn):
        conn.execute(sa.text("DROP TABLE spbe_target"))
        conn.execute(sa.text("CREATE TABLE spbe_target (instansi_id TEXT NOT NULL, target_year INTEGER NOT NULL)"))

    wh = _drifted(warehouse_url, change)
    with pytest.raises(SchemaDriftError) as err:
        wh.ensure_schema()
    message = str(err.value)
    assert "spbe_target.year: missing" in message
    assert "spbe_target.target_index_value: missing" in message
    assert "spbe_target.target_year: in the database but not in the model" in message
    assert "nothing was written" in message
    wh.dispose()


def test_a_changed_type_nullability_and_a_missing_table_are_named_and_nothing_is_created(warehouse_url):
    def change(conn):
        conn.execute(sa.text("DROP TABLE spbe_source_conflict"))
        conn.execute(sa.text("DROP TABLE spbe_dataset"))
        conn.execute(sa.text("DROP TABLE spbe_reject"))
        conn.execute(sa.text(
            "CREATE TABLE spbe_reject (source TEXT NOT NULL, year TEXT, source_url TEXT NOT NULL, page INTEGER, "
            "row_number INTEGER, published_name TEXT, raw TEXT NOT NULL, reason TEXT, action TEXT NOT NULL)"
        ))

    wh = _drifted(warehouse_url, change)
    with pytest.raises(SchemaDriftError) as err:
        wh.ensure_schema()
    message = str(err.value)
    assert "spbe_source_conflict: table missing" in message and "spbe_dataset: table missing" in message
    assert "spbe_reject.year: type" in message
    assert "spbe_reject.reason: nullable in the database, model says NOT NULL" in message
    # Refused before any DDL: the missing tables were not created behind the error, no view came back.
    assert not {"spbe_source_conflict", "spbe_dataset"} & _tables(wh.engine)
    assert "v_spbe_latest" not in sa.inspect(wh.engine).get_view_names()
    wh.dispose()


def test_a_changed_primary_key_is_named(warehouse_url):
    def change(conn):
        conn.execute(sa.text("DROP TABLE spbe_news_article"))
        cols = ", ".join(f"{c.name} {c.type.compile(conn.dialect)}{'' if c.nullable else ' NOT NULL'}" for c in METADATA.tables["spbe_news_article"].columns)
        conn.execute(sa.text(f"CREATE TABLE spbe_news_article ({cols}, PRIMARY KEY (discovered_url))"))

    wh = _drifted(warehouse_url, change)
    with pytest.raises(SchemaDriftError, match=r"spbe_news_article: primary key \(discovered_url\) in the database, model says \(url\)"):
        wh.ensure_schema()
    wh.dispose()


def _index(values: dict[str, float]) -> pd.DataFrame:
    facts = pd.DataFrame([fact(2024, iid, f"Kabupaten {iid}", "kabupaten", v) for iid, v in values.items()])
    return build_spbe_index(facts, loaded_at=LOADED)


def _read_view(wh: Warehouse, name: str) -> pd.DataFrame:
    with wh.engine.connect() as conn:
        return pd.read_sql(sa.text(f"SELECT * FROM {name}"), conn)


def test_every_view_says_whether_the_data_is_synthetic(warehouse):
    before = _read_view(warehouse, "v_spbe_dataset")
    assert before["builds"].tolist() == [0] and before["dataset_note"].isna().all()  # no build yet: nothing claimed
    live = Build.now("live", build_id="run-live")
    warehouse.replace_slices(with_provenance([("spbe_index", _index({"18.01": 3.1}), None)], live))
    assert not bool(_read_view(warehouse, "v_spbe_latest")["data_synthetic"].iloc[0])
    demo = Build.now("mirror", build_id="run-demo")
    assert demo.synthetic
    warehouse.replace_slices(with_provenance([("spbe_index", _index({"18.01": 3.1, "18.02": 2.9}), None)], demo))
    for view in VIEWS:
        frame = _read_view(warehouse, view.name)
        assert {"data_synthetic", "dataset_note"} <= set(frame.columns), view.name
        if len(frame):
            assert frame["data_synthetic"].astype(bool).all() and frame["dataset_note"].str.startswith("SYNTHETIC").all(), view.name
    assert len(_read_view(warehouse, "v_spbe_latest")) == 2  # the one-row dataset view never multiplies rows
    dataset = warehouse.read("spbe_dataset").set_index("build_id")
    assert dataset.loc["run-demo", "tables"] == "spbe_index" and dataset.loc["run-demo", "source_mode"] == "mirror"
    assert dataset.loc["run-live", "code_version"] == code_version() and code_version()


def test_the_dataset_row_rolls_back_with_a_failed_write(warehouse):
    bad = _index({"18.03": 3.3, "18.04": 3.4})
    bad.loc[1, "instansi_name"] = None
    with pytest.raises(sa.exc.IntegrityError):
        warehouse.replace_slices(with_provenance([("spbe_index", bad, None)], Build.now("mirror", build_id="doomed")))
    assert warehouse.count("spbe_dataset") == 0


def test_upserts_carry_their_dataset_row_and_reruns_keep_one(warehouse):
    build = Build.now("live", build_id="news-run")
    warehouse.upsert_slices(with_provenance([("spbe_news_article", pd.DataFrame(columns=[c.name for c in warehouse.table("spbe_news_article").columns]))], build))
    warehouse.upsert_slices(with_provenance([("spbe_news_article", pd.DataFrame(columns=[c.name for c in warehouse.table("spbe_news_article").columns]))], build))
    assert warehouse.read("spbe_dataset")[["build_id", "tables"]].values.tolist() == [["news-run", "spbe_news_article"]]


def test_an_unknown_source_mode_is_refused():
    with pytest.raises(ValueError, match="source mode"):
        Build.now("offline")


def test_a_duplicated_key_fails_validation_for_every_keyed_table(warehouse):
    from schemas import TABLE_MODELS, primary_key, validate
    from spbe.index.rebuild import rebuild_index
    from tests.release_warehouse import populate

    populate(warehouse)
    body = {"source": "published_by_body", "year": 2025, "instansi_id": "18.09", "instansi_name": "Kabupaten Pesawaran",
            "instansi_type": "kabupaten", "province_code": "18", "province_name": "Lampung", "published_name": "18.09",
            "index_value": 3.1, "predikat": "Baik", "source_url": "own.csv", "file_name": "own.csv", "file_sha256": "c" * 64,
            "row_number": 2}
    warehouse.replace_slices([("spbe_source_result", pd.DataFrame([body]), None)])
    rebuild_index(warehouse)  # as the spbe_index asset does: also writes spbe_build_state
    keyed = {name: model for name, model in TABLE_MODELS.items() if primary_key(model)}
    assert set(keyed) == {
        "spbe_official_result", "spbe_index", "spbe_news_article", "spbe_news_figure", "spbe_news_review", "spbe_news_rank_claim",
        "spbe_indicator_level", "spbe_dataset", "spbe_build_state", "spbe_source_result",
    }
    for name, model in keyed.items():
        rows = warehouse.read(name)
        assert validate(model, rows).ok, name  # as written, every table passes its own model
        doubled = pd.concat([rows, rows.iloc[:1]], ignore_index=True)
        failures = validate(model, doubled).failure_cases
        dupes = failures[failures["check"] == "multiple_fields_uniqueness"]
        assert set(dupes["index"]) == {0, len(rows)}, name
