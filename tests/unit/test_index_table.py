import datetime as dt

import pandas as pd
import pytest

from spbe.index.table import build_spbe_index, competition_rank

LOADED = dt.datetime(2026, 1, 8, tzinfo=dt.UTC)


def fact(year, iid, name, itype, value, province=("18", "Lampung"), predikat=None):
    regional = itype in ("provinsi", "kabupaten", "kota")
    return {
        "year": year, "instansi_id": iid, "instansi_name": name, "instansi_type": itype,
        "province_code": province[0] if regional else None, "province_name": province[1] if regional else None,
        "published_name": name, "index_value": value, "predikat": predikat, "predikat_expected": None,
        "source_url": "https://example.test/l.pdf", "page": 1, "row_number": 1,
    }


def test_competition_rank_shares_ties_and_skips():
    assert competition_rank(pd.Series([3.1, 3.5, 3.5, 2.0, 3.49999999])).tolist() == [4, 1, 1, 5, 1]


def test_ranks_within_province_among_provinces_and_type():
    facts = pd.DataFrame([
        fact(2024, "18.01", "Kabupaten A", "kabupaten", 3.00),
        fact(2024, "18.02", "Kabupaten B", "kabupaten", 3.49),
        fact(2024, "18.71", "Kota C", "kota", 3.49),
        fact(2024, "18.03", "Kabupaten D", "kabupaten", 2.10),
        fact(2024, "19.01", "Kabupaten E", "kabupaten", 4.00, province=("19", "Babel")),
        fact(2024, "18", "Provinsi Lampung", "provinsi", 3.10),
        fact(2024, "19", "Provinsi Babel", "provinsi", 3.10, province=("19", "Babel")),
        fact(2024, "32", "Provinsi Jabar", "provinsi", 3.90, province=("32", "Jawa Barat")),
        fact(2024, "kemenkeu", "Kementerian Keuangan", "kementerian", 4.5),
    ])
    out = build_spbe_index(facts, loaded_at=LOADED).set_index("instansi_id")
    assert out.loc[["18.02", "18.71", "18.01", "18.03"], "rank_in_province"].tolist() == [1, 1, 3, 4]
    assert out.loc["19.01", "rank_in_province"] == 1  # a different province ranks on its own
    assert out.loc[["32", "18", "19"], "rank_among_provinces"].tolist() == [1, 2, 2]
    assert pd.isna(out.loc["18", "rank_in_province"]) and pd.isna(out.loc["18.01", "rank_among_provinces"])
    # Nationally within type: kabupaten E (4.00) first, B second; kota C alone in its type.
    assert out.loc[["19.01", "18.02", "18.01", "18.03"], "rank_in_type"].tolist() == [1, 2, 3, 4]
    assert out.loc["18.71", "rank_in_type"] == 1
    assert pd.isna(out.loc["kemenkeu", "province_code"]) and out.loc["kemenkeu", "rank_in_type"] == 1


def test_deltas_over_consecutive_years_gaps_and_the_method_change():
    facts = pd.DataFrame([
        fact(2019, "18.09", "Kabupaten Pesawaran", "kabupaten", 2.00),
        # no 2020 result: the limited round skipped it
        fact(2021, "18.09", "Kabupaten Pesawaran", "kabupaten", 2.40),
        fact(2022, "18.09", "Kabupaten Pesawaran", "kabupaten", 2.60),
        fact(2023, "18.09", "Kabupaten Pesawaran", "kabupaten", 2.91),
        fact(2024, "18.09", "Kabupaten Pesawaran", "kabupaten", 3.49),
        fact(2020, "18.10", "Kabupaten X", "kabupaten", 2.00),
        fact(2021, "18.10", "Kabupaten X", "kabupaten", 2.25),
    ])
    out = build_spbe_index(facts, loaded_at=LOADED).set_index(["instansi_id", "year"])
    p = out.loc["18.09"]
    assert p.loc[2024, "yoy_delta"] == pytest.approx(0.58)
    assert p.loc[2019, "yoy_note"] == "first result" and pd.isna(p.loc[2019, "yoy_delta"])
    # A gap: no one-year delta, but the span to the previous result is kept and explained.
    assert pd.isna(p.loc[2021, "yoy_delta"])
    assert p.loc[2021, "prev_year"] == 2019 and p.loc[2021, "delta_since_prev"] == pytest.approx(0.40)
    assert "gap: no result for 2020" in p.loc[2021, "yoy_note"] and "method change" in p.loc[2021, "yoy_note"]
    # Across the method change the delta is computed and marked.
    x = out.loc["18.10"]
    assert x.loc[2021, "yoy_delta"] == pytest.approx(0.25)
    assert "method change 2020->2021" in x.loc[2021, "yoy_note"]
    assert pd.isna(p.loc[2024, "yoy_note"])


def test_predikat_mismatch_is_flagged_not_fixed():
    facts = pd.DataFrame([fact(2023, "18.09", "Kabupaten Pesawaran", "kabupaten", 2.91, predikat="Sangat Baik")])
    row = build_spbe_index(facts, loaded_at=LOADED).iloc[0]
    assert row["predikat"] == "Sangat Baik" and row["predikat_expected"] == "Baik" and row["predikat_mismatch"]


def test_rebuild_on_same_facts_keeps_rows_identical():
    facts = pd.DataFrame([fact(2023, "18.09", "Kabupaten Pesawaran", "kabupaten", 2.91)])
    first = build_spbe_index(facts, loaded_at=LOADED)
    second = build_spbe_index(facts, loaded_at=LOADED + dt.timedelta(days=1), previous=first)
    pd.testing.assert_frame_equal(first, second)
    changed = facts.assign(index_value=2.95)
    third = build_spbe_index(changed, loaded_at=LOADED + dt.timedelta(days=2), previous=first)
    assert third.loc[0, "loaded_at"] > first.loc[0, "loaded_at"]


def test_row_changes_count_what_a_rebuild_really_changed():
    from spbe.index.table import row_changes

    base = [fact(2024, "kemenkeu", "Kementerian Keuangan", "kementerian", 4.5), fact(2024, "18", "Provinsi Lampung", "provinsi", 3.1)]
    first = build_spbe_index(pd.DataFrame(base), loaded_at=LOADED)
    later = LOADED + dt.timedelta(days=1)
    same = build_spbe_index(pd.DataFrame(base), loaded_at=later, previous=first)
    assert row_changes(first, same, later) == {"added": 0, "changed": 0, "removed": 0}
    edited = [base[0] | {"index_value": 4.4}, fact(2024, "19", "Provinsi Babel", "provinsi", 3.0, province=("19", "Babel"))]
    rebuilt = build_spbe_index(pd.DataFrame(edited), loaded_at=later, previous=first)
    assert row_changes(first, rebuilt, later) == {"added": 1, "changed": 1, "removed": 1}
