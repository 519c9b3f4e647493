"""Held news figures: corroboration, a person's decision, and the check that none reaches spbe_index."""

from __future__ import annotations

import pandas as pd

from assets.warehouse.spbe_index import _checks
from spbe.index.reconcile import build_targets, reconcile
from spbe.index.settle import held_in_index, review_key, settle
from spbe.index.table import build_spbe_index
from tests.unit.test_reconcile import LOADED, figure, official_facts


def held(iid="18.09", name="Kabupaten Pesawaran", year=2024, value=3.10, url="https://warta.example.id/a", **kw):
    return figure(iid, name, year, value, url=url, status="review", **kw)


def test_a_held_figure_equal_to_the_decree_takes_the_decree_s_year():
    # Read as 2024 from the publication date, but 2.91 is the decree's value for 2023.
    out = settle(pd.DataFrame([held(value=2.91)]), official_facts())
    assert out[["year", "status", "settled_by"]].values.tolist() == [[2023, "accepted", "decree"]]


def test_two_sites_agreeing_confirm_each_other_one_site_twice_does_not():
    other_words = held(year=2022, value=2.40, url="https://kabar.example.id/b") | {"evidence": "Pesawaran meraih 2,40 pada 2022."}
    two_sites = pd.DataFrame([held(year=2022, value=2.40), other_words])
    assert settle(two_sites, official_facts())["settled_by"].tolist() == ["news", "news"]
    one_site = pd.DataFrame([held(year=2022, value=2.40), held(year=2022, value=2.40, url="https://warta.example.id/c")])
    assert settle(one_site, official_facts())["status"].tolist() == ["review", "review"]


def test_a_single_source_held_figure_never_fills_a_year_but_its_conflict_is_listed():
    news = pd.DataFrame([held(year=2022, value=2.40), held(year=2024, value=3.90, url="https://warta.example.id/d")])
    reconciled = reconcile({"spbe_official_result": official_facts(), "spbe_news_figure": news})
    assert (reconciled.facts["source"] == "official").all()  # 2022 stays empty
    assert reconciled.conflicts["other_index_value"].tolist() == [3.90]  # 3.90 vs the decree's 3.49 is still shown
    target = pd.DataFrame([held(year=2025, value=3.41, kind="target")])
    assert build_targets(settle(target, official_facts()), pd.DataFrame()).empty


def test_decisions_accept_with_a_corrected_year_or_reject():
    fig = held(year=2024, value=2.40)
    key = review_key(fig["article_url"], fig["evidence"], fig["index_value"])
    accept = pd.DataFrame([{"review_key": key, "decision": "accept", "year": 2022, "kind": None, "instansi_id": None}])
    out = settle(pd.DataFrame([fig]), official_facts(), accept)
    assert out[["year", "status", "settled_by"]].values.tolist() == [[2022, "accepted", "reviewer"]]
    reconciled = reconcile({"spbe_official_result": official_facts(), "spbe_news_figure": pd.DataFrame([fig]), "spbe_news_review": accept})
    assert ("18.09", 2022, "news") in set(zip(reconciled.facts["instansi_id"], reconciled.facts["year"], reconciled.facts["source"], strict=True))
    reject = accept.assign(decision="reject", year=None)
    assert settle(pd.DataFrame([fig]), official_facts(), reject)["status"].tolist() == ["rejected"]


def test_an_accepted_figure_with_a_corrected_body_takes_that_body_s_names():
    fig = held(year=2022, value=2.40)
    key = review_key(fig["article_url"], fig["evidence"], fig["index_value"])
    accept = pd.DataFrame([{"review_key": key, "decision": "accept", "year": None, "kind": None, "instansi_id": "19.71"}])
    out = settle(pd.DataFrame([fig]), official_facts(), accept).iloc[0]
    assert (out["instansi_id"], out["instansi_type"], out["province_code"]) == ("19.71", "kota", "19")


def test_the_blocking_check_fails_when_a_held_figure_reaches_spbe_index():
    fig = held(year=2022, value=2.40)
    settled = settle(pd.DataFrame([fig]), official_facts())
    # Built as a broken pipeline would: the held figure loaded as a news fill.
    leaked_facts = pd.concat([official_facts().assign(source="official"), pd.DataFrame([{
        "year": 2022, "instansi_id": "18.09", "instansi_name": "Kabupaten Pesawaran", "instansi_type": "kabupaten",
        "province_code": "18", "province_name": "Lampung", "published_name": "Kabupaten Pesawaran", "index_value": 2.40,
        "predikat": None, "source_url": fig["article_url"], "source": "news",
    }])], ignore_index=True)
    index = build_spbe_index(leaked_facts, loaded_at=LOADED)
    leaked = held_in_index(index, settled)
    assert leaked[["instansi_id", "year"]].values.tolist() == [["18.09", 2022]]
    (result,) = [c for c in _checks(pd.DataFrame(), pd.DataFrame(), len(index), leaked) if c.check_name == "no_held_news"]
    assert result.passed is False and result.metadata["held_rows_count"].value == 1
    # The index the pipeline builds from the same inputs passes it.
    sound = build_spbe_index(reconcile({"spbe_official_result": official_facts(), "spbe_news_figure": pd.DataFrame([fig])}).facts, loaded_at=LOADED)
    assert held_in_index(sound, settled).empty


def test_the_report_shows_how_many_figures_are_held():
    from spbe.release.report import _news_and_conflicts

    index = build_spbe_index(official_facts().assign(source="official"), loaded_at=LOADED)
    html = _news_and_conflicts(index, pd.DataFrame(columns=["year", "instansi_name", "instansi_id"]), held=3)
    assert "<strong>3</strong> news figure(s) are held for review" in html
    assert "held for review" not in _news_and_conflicts(index, pd.DataFrame(columns=["year", "instansi_name", "instansi_id"]))


def test_a_release_republished_word_for_word_on_a_second_site_is_one_source():
    # The regional press runs a Diskominfo rilis as it came: the same sentence on two sites.
    same = held(year=2022, value=2.40, url="https://kabar.example.id/b") | {"evidence": " INDEKS  2.4 "}
    out = settle(pd.DataFrame([held(year=2022, value=2.40), same]), official_facts())
    assert out["status"].tolist() == ["review", "review"]


def test_sites_repeating_a_provisional_value_or_a_question_do_not_make_it_a_result():
    for reason in ("H-PROVISIONAL: 'hasil sementara asesor' marks an interim value", "H-QUESTION: the sentence asks"):
        a = held(year=2022, value=2.40) | {"hold_reason": reason}
        b = held(year=2022, value=2.40, url="https://kabar.example.id/b") | {"hold_reason": reason, "evidence": "Pesawaran 2,40 (2022)."}
        assert settle(pd.DataFrame([a, b]), official_facts())["status"].tolist() == ["review", "review"], reason
