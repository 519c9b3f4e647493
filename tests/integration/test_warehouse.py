import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from spbe.index.table import build_spbe_index
from tests.unit.test_index_table import fact

LOADED = dt.datetime(2026, 1, 8, tzinfo=dt.UTC)


def index_rows(values: dict[str, float], year: int = 2024) -> pd.DataFrame:
    facts = pd.DataFrame([fact(year, iid, f"Kabupaten {iid}", "kabupaten", v) for iid, v in values.items()])
    return build_spbe_index(facts, loaded_at=LOADED)


def test_rerun_with_same_rows_changes_nothing(warehouse):
    table = index_rows({"18.01": 3.1, "18.02": 2.9})
    warehouse.replace_rows("spbe_index", table)
    first = warehouse.read("spbe_index")
    warehouse.replace_rows("spbe_index", table)
    second = warehouse.read("spbe_index")
    assert len(second) == 2
    pd.testing.assert_frame_equal(first, second)


def test_replacing_one_year_leaves_other_years(warehouse):
    facts_2023 = pd.DataFrame([fact(2023, "18.01", "Kabupaten A", "kabupaten", 2.5)])
    facts_2024 = pd.DataFrame([fact(2024, "18.01", "Kabupaten A", "kabupaten", 3.0), fact(2024, "18.02", "Kabupaten B", "kabupaten", 3.1)])
    warehouse.replace_rows("spbe_official_result", facts_2023.assign(predikat_expected="Cukup"), {"year": 2023})
    warehouse.replace_rows("spbe_official_result", facts_2024.assign(predikat_expected="Baik"), {"year": 2024})
    warehouse.replace_rows("spbe_official_result", facts_2024.iloc[:1].assign(predikat_expected="Baik"), {"year": 2024})
    assert warehouse.count("spbe_official_result", {"year": 2023}) == 1
    assert warehouse.count("spbe_official_result", {"year": 2024}) == 1


def test_failed_write_leaves_previous_table_intact(warehouse):
    good = index_rows({"18.01": 3.1, "18.02": 2.9})
    warehouse.replace_rows("spbe_index", good)
    before = warehouse.read("spbe_index")
    # The second row violates NOT NULL on instansi_name: the insert fails after the delete ran.
    bad = index_rows({"18.03": 3.3, "18.04": 3.4})
    bad.loc[1, "instansi_name"] = None
    with pytest.raises(sa.exc.IntegrityError):
        warehouse.replace_rows("spbe_index", bad)
    pd.testing.assert_frame_equal(warehouse.read("spbe_index"), before)


def test_multi_table_write_is_all_or_nothing(warehouse):
    good = index_rows({"18.01": 3.1})
    warehouse.replace_rows("spbe_index", good)
    broken_rejects = pd.DataFrame([{"source": "official", "year": 2024, "source_url": None, "page": None,
                                    "row_number": 1, "published_name": "x", "raw": "{}", "reason": "r", "action": "rejected"}])
    with pytest.raises(sa.exc.IntegrityError):
        warehouse.replace_slices([("spbe_index", index_rows({"18.09": 3.49}), None), ("spbe_reject", broken_rejects, None)])
    assert warehouse.read("spbe_index")["instansi_id"].tolist() == ["18.01"]


def test_tables_carry_column_comments_from_the_schemas(warehouse):
    column = warehouse.table("spbe_index").c.rank_in_province
    assert "Competition rank" in column.comment
    if warehouse.dialect == "postgresql":
        cols = {c["name"]: c for c in sa.inspect(warehouse.engine).get_columns("spbe_index")}
        assert "Competition rank" in cols["rank_in_province"]["comment"]
