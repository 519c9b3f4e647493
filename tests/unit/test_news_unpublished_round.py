"""The current round across the method change: a PemDI result before the calendar knows its release.

Issue 19: news reporting a body's PemDI 2026 result is real data once the round's results are
announced, which the press often does before (or without) a decree. Such a result is read as what
it is (evaluation, 2026, PemDI) and held until the decree calendar knows the round as published;
the calendar learns that from the source registry (a decree or a signing date registered for the
year), so the same sentence is accepted once the release is registered, with no code change.
A later year stays refused, a 2027 target stays a target, SPBE years stay SPBE, and a name that does
not fit the year is held.

The sentences are written here (invented values for real bodies), never text from ../shared.
"""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from assets.sources.official.results import published_but_absent
from spbe.domain.calendar import Calendar
from spbe.infra.releases import calendar, latest_published_evaluation_year, release_of, round_published
from spbe.sources.news.extract import explain, extract_figures
from spbe.sources.news.extract_cli import main as extract_cli

RESULT_2026 = [
    "Kabupaten Donggala meraih nilai Indeks PemDI 3,12 pada evaluasi 2026.",
    "Pada evaluasi tahun 2026, Indeks Pemerintah Digital Kabupaten Donggala mencapai 3,12.",
]
# Before the turn of the year (the round assessed, results not out), after it (due, not
# registered), and an article whose date is unknown.
DATES = [dt.date(2026, 11, 20), dt.date(2027, 2, 10), None]


def register_2026(tmp_path, monkeypatch, signed: str = "2026-12-01") -> None:
    """A registry overlay that records the 2026 round's release, as a person does once it is out."""
    overlay = tmp_path / "release_2026.toml"
    overlay.write_text(
        "[[official]]\nevaluation_year = 2026\n"
        'decree = "41/2027"\ndecree_source = "test: an invented decree number"\n'
        f'signed = {signed}\nsigned_source = "test: an invented date"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SPBE_REGISTRY_OVERLAY", str(overlay))


def test_the_product_calendar_has_no_2026_release_yet():
    assert release_of(2026) is None and not round_published(2026, dt.date(2026, 12, 7))
    assert round_published(2025, dt.date(2026, 12, 7))


@pytest.mark.parametrize("published", DATES)
@pytest.mark.parametrize("text", RESULT_2026)
def test_a_pemdi_2026_result_before_its_release_is_read_and_held(text, published):
    (f,) = extract_figures(text, published)
    assert (f.name, f.year, f.value, f.kind, f.index_name) == ("Kabupaten Donggala", 2026, 3.12, "evaluation", "PemDI")
    assert f.status == "review" and f.hold_reason.startswith("H-ROUND-UNPUBLISHED: the 2026 round")


@pytest.mark.parametrize("published", DATES)
@pytest.mark.parametrize("text", RESULT_2026)
def test_once_the_registry_records_the_release_the_same_result_is_accepted(text, published, tmp_path, monkeypatch):
    register_2026(tmp_path, monkeypatch)
    (f,) = extract_figures(text, published)
    assert (f.year, f.kind, f.index_name, f.status, f.hold_reason) == (2026, "evaluation", "PemDI", "accepted", "")


def test_a_release_date_still_ahead_keeps_the_result_held(tmp_path, monkeypatch):
    register_2026(tmp_path, monkeypatch, signed="2099-01-15")
    assert release_of(2026).published == dt.date(2099, 1, 15) and not round_published(2026)
    (f,) = extract_figures(RESULT_2026[0], dt.date(2026, 11, 20))
    assert f.status == "review" and "H-ROUND-UNPUBLISHED" in f.hold_reason


def test_the_calendar_learns_a_release_from_the_registry(tmp_path, monkeypatch):
    register_2026(tmp_path, monkeypatch)
    release = release_of(2026)
    assert (release.published, release.decree_number, release.decree_year) == (dt.date(2026, 12, 1), 41, 2027)
    assert latest_published_evaluation_year(dt.date(2026, 12, 2)) == 2026
    assert latest_published_evaluation_year(dt.date(2026, 11, 30)) == 2025
    # The press cites the decree by number: "Keputusan Menteri PANRB Nomor 41 Tahun 2027" dates 2026.
    text = "Berdasarkan Keputusan Menteri PANRB Nomor 41 Tahun 2027, Kabupaten Sigi meraih Indeks PemDI 3,30."
    (f,) = extract_figures(text, dt.date(2027, 3, 2))
    assert (f.year, f.index_name, f.status) == (2026, "PemDI", "accepted")
    # The history the registry does not restate is kept (2023's date and national average).
    assert calendar().release_of(2023).national_average == 2.79


def test_a_registered_decree_without_a_date_counts_from_when_it_was_checked():
    entry = type("Entry", (), {"evaluation_year": 2026, "decree": "41/2027", "signed": None, "checked": dt.date(2027, 1, 20)})
    learned = Calendar().learn([entry])
    assert learned.release_of(2026).published == dt.date(2027, 1, 20)
    # An entry stating neither (the product's 2026 entry today) is no release.
    bare = type("Entry", (), {"evaluation_year": 2026, "decree": None, "signed": None, "checked": dt.date(2026, 12, 5)})
    assert Calendar().learn([bare]).release_of(2026) is None


def test_a_2026_result_is_not_read_as_the_spbe_2025_decree_label():
    # In February 2027 "2026" could be the decree-year label of the 2025 result (released January
    # 2026), but the sentence names PemDI, which 2025 was not rated on.
    (f,) = extract_figures("Kota Palu meraih Indeks PemDI 2026 sebesar 3,05.", dt.date(2027, 2, 10))
    assert (f.year, f.index_name, f.status) == (2026, "PemDI", "review")
    assert f.hold_reason.startswith("H-ROUND-UNPUBLISHED")


def test_an_article_across_the_change_keeps_each_index_and_refuses_a_later_year():
    text = (
        "Indeks PemDI Kabupaten Sigi pada evaluasi 2026 sebesar 3,12, naik dibanding tahun sebelumnya. "
        "Pemkab Sigi menargetkan Indeks PemDI 2027 sebesar 3,50. "
        "Pada evaluasi 2025, indeks SPBE Kabupaten Sigi 2,90 dengan predikat Baik. "
        "Kabupaten Sigi disebut meraih Indeks PemDI 3,70 pada evaluasi 2027."
    )
    figures, refusals = explain(text, dt.date(2027, 2, 10))
    got = {(f.year, f.value, f.kind, f.index_name, f.status) for f in figures}
    assert got == {
        (2026, 3.12, "evaluation", "PemDI", "review"),
        (2027, 3.5, "target", "PemDI", "accepted"),
        (2025, 2.9, "evaluation", "SPBE", "accepted"),
    }
    # 2027's round has not been evaluated in February 2027: no result of it, not even held.
    assert [(r.value, r.reason) for r in refusals] == [("3,70", "R-YEAR-UNPUBLISHED")]


def test_spbe_named_for_the_2026_round_is_held_as_a_mismatch():
    (f,) = extract_figures("Kabupaten Sigi meraih indeks SPBE 3,12 pada evaluasi 2026.", dt.date(2026, 12, 1))
    assert (f.year, f.index_name, f.status) == (2026, "PemDI", "review")
    assert f.hold_reason.startswith("H-INDEX-MISMATCH: the sentence names the SPBE index, but 2026 is a PemDI year")


def test_a_result_reported_days_before_the_calendar_s_release_is_the_round_due():
    # R-YEAR-ROUND-DUE: in January 2023 the 2022 round was due (released 31 January 2023); a
    # result the press reports for it then is that round's, and the round is published today.
    text = "Berdasarkan hasil evaluasi SPBE tahun 2022, Kabupaten Sigi meraih indeks 2,90 dengan predikat Baik."
    (f,) = extract_figures(text, dt.date(2023, 1, 20))
    assert (f.year, f.value, f.kind, f.status) == (2022, 2.9, "evaluation", "accepted")
    assert "R-YEAR-DUE" in f.rule


def test_spbe_extract_news_prints_the_held_pemdi_result(tmp_path, capsys):
    article = tmp_path / "donggala.txt"
    article.write_text(
        "Palu (Warta) - " + RESULT_2026[0] + " Pemkab Donggala menargetkan Indeks PemDI 2027 sebesar 3,40.\n",
        encoding="utf-8",
    )
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("path,url,published\ndonggala.txt,,2026-12-04\n", encoding="utf-8")
    assert extract_cli(["--manifest", str(manifest)]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    got = {(r["year"], r["kind"], r["index_name"], r["status"]) for r in rows}
    assert got == {("2026", "evaluation", "PemDI", "review"), ("2027", "target", "PemDI", "accepted")}


def test_a_published_round_missing_its_source_fails_by_the_run_s_registry():
    entry = type("Entry", (), {"evaluation_year": 2026, "decree": "41/2027", "signed": dt.date(2026, 12, 1)})
    run_calendar = Calendar().learn([entry])
    gap = published_but_absent(2026, "no decree found", dt.date(2026, 12, 7), run_calendar)
    assert gap == "evaluation year 2026 was published on 2026-12-01, but its source is absent: no decree found"
    assert published_but_absent(2026, "no decree found", dt.date(2026, 12, 7)) is None  # the product registry's calendar


def test_a_pemdi_self_assessment_of_the_running_round_is_kept_a_later_one_refused():
    text = "Hasil penilaian mandiri Indeks PemDI Kabupaten Sigi tahun 2026 sebesar 3,20."
    (f,) = extract_figures(text, dt.date(2026, 9, 1))
    assert (f.year, f.kind, f.index_name, f.status) == (2026, "self_assessment", "PemDI", "accepted")
    later, refusals = explain(text.replace("2026", "2027"), dt.date(2026, 9, 1))
    assert later == [] and [r.reason for r in refusals] == ["R-YEAR-RANGE"]


def test_a_stored_figure_held_only_for_its_round_is_loaded_once_the_release_is_registered(tmp_path, monkeypatch):
    # The nightly run never reads a stored article again: settle() lifts the time-bound hold.
    import pandas as pd

    from spbe.index.settle import settle
    from tests.unit.test_reconcile import figure, official_facts

    reason = "H-ROUND-UNPUBLISHED: the 2026 round's results are not confirmed published (no release in the decree calendar)"
    only_round = figure("18.09", "Kabupaten Pesawaran", 2026, 3.12, status="review") | {"hold_reason": reason}
    also_crowded = figure("18.09", "Kabupaten Pesawaran", 2026, 3.30, url="https://news.example.id/b", status="review") | {
        "hold_reason": reason + "; H-CROWDED: 3 values but 1 bodies named in the sentence"
    }
    news = pd.DataFrame([only_round, also_crowded])
    assert settle(news, official_facts())["status"].tolist() == ["review", "review"]
    register_2026(tmp_path, monkeypatch)
    out = settle(news, official_facts())
    assert out[["status", "settled_by"]].values.tolist() == [["accepted", "calendar"], ["review", "extractor"]]
