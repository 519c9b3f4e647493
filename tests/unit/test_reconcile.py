import datetime as dt

import pandas as pd
import pytest

from spbe.index.reconcile import build_targets, reconcile, targets_of, within_rounding
from spbe.index.table import build_spbe_index
from tests.unit.test_index_table import fact

LOADED = dt.datetime(2026, 1, 8, tzinfo=dt.UTC)


def figure(iid, name, year, value, kind="evaluation", url="https://news.example.id/a", published="2024-05-04", predikat=None, status="accepted"):
    return {
        "figure_key": f"{url}|{iid}|{year}|{kind}|{value}", "article_url": url, "article_title": "t",
        "published": pd.Timestamp(published, tz="UTC"), "instansi_id": iid, "instansi_name": name,
        "instansi_type": "kabupaten", "province_code": "18", "province_name": "Lampung", "year": year,
        "index_value": value, "kind": kind, "predikat": predikat, "evidence": f"indeks {value}",
        "status": status, "hold_reason": None if status == "accepted" else "H-YEAR-IMPLIED: test", "cues": None,
        "index_name": "SPBE" if year <= 2025 else "PemDI",
    }


def official_facts():
    return pd.DataFrame([fact(2023, "18.09", "Kabupaten Pesawaran", "kabupaten", 2.91),
                         fact(2024, "18.09", "Kabupaten Pesawaran", "kabupaten", 3.49)])


@pytest.mark.parametrize("ref, reported, same", [(2.91, 2.91, True), (2.91, 2.9, True), (2.94, 2.9, True),
                                                  (2.96, 2.9, False), (2.91, 2.95, False), (3.49, 3.5, True), (3.44, 3.49, False)])
def test_within_rounding(ref, reported, same):
    assert within_rounding(ref, reported) is same


def test_official_wins_news_fills_gaps_and_conflicts_are_recorded():
    news = pd.DataFrame([
        figure("18.09", "Kabupaten Pesawaran", 2023, 2.9),                 # rounding only
        figure("18.09", "Kabupaten Pesawaran", 2024, 3.59, url="https://news.example.id/b"),  # conflict
        figure("18.09", "Kabupaten Pesawaran", 2022, 2.40, url="https://news.example.id/c"),  # fills a gap
        figure("18.09", "Kabupaten Pesawaran", 2025, 3.41, kind="target"),
        figure("18.09", "Kabupaten Pesawaran", 2024, 3.77, kind="self_assessment"),
    ])
    result = reconcile({"spbe_official_result": official_facts(), "spbe_news_figure": news})
    facts = result.facts.set_index("year")
    assert facts.loc[2024, "index_value"] == 3.49 and facts.loc[2024, "source"] == "official"
    assert facts.loc[2022, "source"] == "news" and facts.loc[2022, "source_url"] == "https://news.example.id/c"
    assert len(facts) == 3  # targets and self-assessments never become results
    conflicts = result.conflicts
    assert len(conflicts) == 1
    row = conflicts.iloc[0]
    assert (row.reference_source, row.reference_index_value, row.other_source, row.other_index_value, row.difference) == ("official", 3.49, "news", 3.59, 0.10)
    assert (row.kept_source, row.resolution, row.other_url, row.other_evidence) == ("official", "precedence", "https://news.example.id/b", "indeks 3.59")
    assert (row.instansi_type, row.province_code, row.province_name) == ("kabupaten", "18", "Lampung")
    index = build_spbe_index(result.facts, loaded_at=LOADED)
    assert set(index["source"]) == {"official", "news"}


def test_news_that_disagrees_with_news_fills_nothing():
    news = pd.DataFrame([figure("18.09", "Kabupaten Pesawaran", 2022, 2.40, url="https://a.example.id/1"),
                         figure("18.09", "Kabupaten Pesawaran", 2022, 2.70, url="https://b.example.id/2")])
    result = reconcile({"spbe_official_result": official_facts(), "spbe_news_figure": news})
    assert 2022 not in set(result.facts["year"])
    conflict = result.conflicts.iloc[0]
    assert (conflict.reference_source, conflict.other_source, conflict.kept_source, conflict.resolution) == ("news", "news", None, "unsettled")


def test_targets_get_attainment_once_the_result_is_known():
    news = pd.DataFrame([figure("18.09", "Kabupaten Pesawaran", 2024, 3.00, kind="target"),
                         figure("18.09", "Kabupaten Pesawaran", 2025, 3.41, kind="target")])
    index = build_spbe_index(official_facts().assign(source="official"), loaded_at=LOADED)
    targets = build_targets(targets_of(news), index).set_index("year")
    assert bool(targets.loc[2024, "attained"]) and targets.loc[2024, "gap"] == pytest.approx(0.49)
    assert targets.loc[2024, "result_source"] == "official"
    assert pd.isna(targets.loc[2025, "attained"]) and pd.isna(targets.loc[2025, "result_index_value"])
    assert targets.loc[2024, "province_name"] == "Lampung" and targets.loc[2024, "target_index_value"] == 3.00


def body_result(iid, name, year, value, url="hasil-2025.csv"):
    row = fact(year, iid, name, "kabupaten", value)
    return {**row, "source": "published_by_body", "source_url": url}


def test_the_decree_outranks_a_bodys_own_result_which_outranks_the_news():
    body = pd.DataFrame([body_result("18.09", "Kabupaten Pesawaran", 2024, 3.10),   # the decree has 2024
                         body_result("18.09", "Kabupaten Pesawaran", 2025, 3.20)])  # only the body has 2025
    news = pd.DataFrame([figure("18.09", "Kabupaten Pesawaran", 2025, 3.90, url="https://news.example.id/z")])
    result = reconcile({"spbe_official_result": official_facts(), "spbe_source_result": body, "spbe_news_figure": news})
    facts = result.facts.set_index("year")
    assert (facts.loc[2024, "source"], facts.loc[2024, "index_value"]) == ("official", 3.49)
    assert (facts.loc[2025, "source"], facts.loc[2025, "index_value"]) == ("published_by_body", 3.20)
    conflicts = result.conflicts.set_index("year")
    # The decree's 3.49 and the body's own 3.10 for 2024: one conflict naming both, the decree kept by precedence.
    assert conflicts.loc[2024, ["reference_source", "reference_index_value", "other_source", "other_index_value", "kept_source", "resolution"]].tolist() == [
        "official", 3.49, "published_by_body", 3.10, "official", "precedence"]
    assert (conflicts.loc[2024, "other_url"], conflicts.loc[2024, "other_evidence"], conflicts.loc[2024, "difference"]) == ("hasil-2025.csv", None, -0.39)
    # The body's 3.20 for 2025 (no decree) against the news's 3.90: the body's kept.
    assert conflicts.loc[2025, ["reference_source", "reference_url", "other_source", "other_index_value", "kept_source"]].tolist() == [
        "published_by_body", "hasil-2025.csv", "news", 3.9, "published_by_body"]
    assert len(conflicts) == 2


def test_a_decree_and_a_bodys_own_result_conflict_only_when_they_disagree_and_the_news_conflicts_remain():
    """Any two sources are compared, whatever they are: a body's own result the decree outranks is one
    conflict row naming both and the kept one; the same value (or its rounding) is none."""
    body = pd.DataFrame([body_result("18.09", "Kabupaten Pesawaran", 2023, 2.91),    # equal to the decree's 2.91
                         body_result("18.09", "Kabupaten Pesawaran", 2024, 3.30)])   # the decree says 3.49
    news = pd.DataFrame([figure("18.09", "Kabupaten Pesawaran", 2024, 3.59, url="https://news.example.id/b")])
    result = reconcile({"spbe_official_result": official_facts(), "spbe_source_result": body, "spbe_news_figure": news})
    assert result.facts.set_index("year").loc[[2023, 2024], "source"].tolist() == ["official", "official"]
    pairs = result.conflicts[["year", "reference_source", "other_source", "other_index_value", "kept_source", "resolution"]].values.tolist()
    assert sorted(pairs) == [[2024, "official", "news", 3.59, "official", "precedence"],
                             [2024, "official", "published_by_body", 3.30, "official", "precedence"]]
    from schemas import SourceConflict, validate

    assert validate(SourceConflict, result.conflicts).ok

    rounded = pd.DataFrame([body_result("18.09", "Kabupaten Pesawaran", 2024, 3.49)])
    assert reconcile({"spbe_official_result": official_facts(), "spbe_source_result": rounded}).conflicts.empty
