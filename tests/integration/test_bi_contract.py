import pandas as pd
import pytest
import sqlalchemy as sa

from schemas.views import VIEWS
from spbe.index.table import build_spbe_index
from spbe.infra.dictionary import DICTIONARY_PATH, render_dictionary
from spbe.infra.warehouse import Warehouse
from tests.unit.test_index_table import LOADED, fact


def test_data_dictionary_is_generated_from_the_code():
    assert DICTIONARY_PATH.read_text(encoding="utf-8") == render_dictionary(), (
        "docs/data_dictionary.md drifted from schemas/: run `spbe docs` and commit the result"
    )


def test_every_schema_column_is_documented():
    text = render_dictionary()
    from schemas import TABLE_MODELS

    for table, model in TABLE_MODELS.items():
        for name, col in model.to_schema().columns.items():
            assert col.description, f"{table}.{name} has no description"
            assert f"| `{name}` |" in text


def _load_and_query(warehouse, facts: pd.DataFrame, queries: tuple[str, ...]) -> list[pd.DataFrame]:
    warehouse.replace_rows("spbe_index", build_spbe_index(facts, loaded_at=LOADED))
    with warehouse.engine.connect() as conn:
        return [pd.read_sql(sa.text(q), conn) for q in queries]


def test_views_answer_on_the_warehouse(warehouse):
    facts = pd.DataFrame([
        fact(2023, "18.09", "Kabupaten Pesawaran", "kabupaten", 2.91),
        fact(2024, "18.09", "Kabupaten Pesawaran", "kabupaten", 3.49),
        fact(2024, "18.01", "Kabupaten Lampung Selatan", "kabupaten", 3.60),
        fact(2024, "18", "Provinsi Lampung", "provinsi", 3.10),
    ])
    latest, yoy, rank = _load_and_query(warehouse, facts, (
        "SELECT * FROM v_spbe_latest WHERE instansi_id = '18.09'",
        "SELECT * FROM v_spbe_yoy WHERE instansi_id = '18.09' AND year = 2024",
        "SELECT * FROM v_spbe_province_rank WHERE year = 2024 ORDER BY rank_in_province",
    ))
    assert latest["year"].tolist() == [2024]
    assert float(yoy.loc[0, "prev_value"]) == pytest.approx(2.91) and yoy.loc[0, "direction"] == "up"
    assert rank["instansi_id"].tolist() == ["18.01", "18.09"]
    assert rank["province_index_value"].tolist() == [3.10, 3.10]
    names = {v.name for v in VIEWS}
    assert {"v_spbe_latest", "v_spbe_yoy", "v_spbe_province_rank"} <= names


def test_views_show_the_method_break_2025_to_2026(warehouse):
    """The views name each row's index and mark a delta across a method change (SPBE -> PemDI)."""
    facts = pd.DataFrame([
        fact(2024, "18.09", "Kabupaten Pesawaran", "kabupaten", 2.91),
        fact(2025, "18.09", "Kabupaten Pesawaran", "kabupaten", 3.49),
        fact(2026, "18.09", "Kabupaten Pesawaran", "kabupaten", 2.55),
        fact(2026, "18", "Provinsi Lampung", "provinsi", 4.05),
    ])
    yoy, latest, rank = _load_and_query(warehouse, facts, (
        "SELECT * FROM v_spbe_yoy WHERE instansi_id = '18.09' ORDER BY year",
        "SELECT * FROM v_spbe_latest ORDER BY instansi_id",
        "SELECT * FROM v_spbe_province_rank WHERE year = 2026",
    ))
    assert yoy["index_name"].tolist() == ["SPBE", "SPBE", "PemDI"]
    assert yoy["method_version"].tolist() == ["PermenPANRB 59/2020", "PermenPANRB 59/2020", "PermenPANRB 8/2026"]
    assert yoy["prev_method_version"].tolist()[1:] == ["PermenPANRB 59/2020", "PermenPANRB 59/2020"]
    assert pd.isna(yoy.loc[0, "method_change"]) and [bool(v) for v in yoy["method_change"][1:]] == [False, True]
    assert "method change 2025->2026" in yoy.loc[2, "yoy_note"]
    assert latest["index_name"].tolist() == ["PemDI", "PemDI"] and latest["predikat_expected"].tolist() == ["Memuaskan", "Baik"]
    assert rank["index_name"].tolist() == ["PemDI"] and rank["method_version"].tolist() == ["PermenPANRB 8/2026"]


def test_readonly_bi_role_reads_views_and_cannot_write(postgres_url):
    warehouse = Warehouse(postgres_url)
    warehouse.ensure_schema()
    from spbe.infra.bi_role import create_readonly_role

    facts = pd.DataFrame([fact(2024, "18.09", "Kabupaten Pesawaran", "kabupaten", 3.49)])
    warehouse.replace_rows("spbe_index", build_spbe_index(facts, loaded_at=LOADED))
    create_readonly_role(warehouse.engine, "spbe_reader_test", "s3cret'; DROP TABLE x;--")
    reader_url = warehouse.engine.url.set(username="spbe_reader_test", password="s3cret'; DROP TABLE x;--")
    reader = sa.create_engine(reader_url)
    try:
        with reader.connect() as conn:
            for view in VIEWS:
                conn.execute(sa.text(f"SELECT * FROM {view.name}")).fetchall()
            assert conn.execute(sa.text("SELECT count(*) FROM spbe_index")).scalar_one() == 1
        for statement in (
            "INSERT INTO spbe_reject (source, source_url, raw, reason, action) VALUES ('news', 'u', '{}', 'r', 'rejected')",
            "DELETE FROM spbe_index",
            "CREATE TABLE bi_scratch (x int)",
        ):
            with reader.connect() as conn, pytest.raises(sa.exc.DBAPIError):
                conn.execute(sa.text(statement))
                conn.commit()
    finally:
        reader.dispose()
        with warehouse.engine.begin() as conn:
            conn.execute(sa.text("DROP OWNED BY spbe_reader_test"))
            conn.execute(sa.text("DROP ROLE spbe_reader_test"))
        warehouse.dispose()
    assert warehouse.count("spbe_index") == 1
