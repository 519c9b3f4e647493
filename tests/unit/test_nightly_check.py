"""The no-change check's rules (spbe.nightly) on plain data: what counts as unchanged, and that
anything else, a failure to check included, asks for a run."""

import datetime as dt

from spbe import nightly
from spbe.infra.registry import load_registry
from spbe.sources.official.fetch import NoOfficialSource

TODAY = dt.date(2026, 12, 7)


class Document:
    sha256, from_cache, url = "a" * 64, 1, "https://jdih.example/lampiran.pdf"


def official(year: int, download, last=None, held=620, version="v1"):
    return nightly.official_year_finding(year, download=download, last=last or {}, held_rows=lambda: held, code_version=version, today=TODAY)


def no_source():
    raise NoOfficialSource("no decree is registered for it yet")


def test_the_current_year_without_results_is_an_unchanged_visible_skip():
    found = official(2026, no_source)
    assert not found.changed and found.detail.startswith("no results yet, a normal skip: no decree is registered")


def test_a_published_year_without_its_source_is_a_change_the_run_must_report():
    found = official(2025, no_source)  # 2025 was published in January 2026 (the calendar)
    assert found.changed and "was published on" in found.detail


def test_a_year_in_the_future_is_a_change_the_run_fails():
    found = official(2027, lambda: Document())
    assert found.changed and "in the future" in found.detail


def test_a_decree_is_unchanged_only_with_the_same_bytes_parser_and_rows():
    last = {"content_sha256": "a" * 64, "code_version": "v1", "dagster/row_count": 620}
    assert not official(2024, Document, last).changed
    assert official(2024, Document, {**last, "content_sha256": "b" * 64}).changed  # a corrected decree
    assert official(2024, Document, last, version="v2").changed  # a new parser
    assert official(2024, Document, last, held=619).changed  # rows deleted by hand
    assert official(2024, Document, {}).changed  # never loaded


def test_the_last_run_must_have_succeeded_with_this_registry():
    assert nightly.last_run_finding("refresh_all", None, None, "r" * 64).changed
    assert nightly.last_run_finding("refresh_all", "FAILURE", "r" * 64, "r" * 64).changed
    assert nightly.last_run_finding("refresh_all", "STARTED", "r" * 64, "r" * 64).changed
    hand = nightly.last_run_finding("refresh_all", "SUCCESS", None, "r" * 64)
    assert hand.changed and "started by hand" in hand.detail
    assert nightly.last_run_finding("refresh_all", "SUCCESS", "s" * 64, "r" * 64).changed
    assert not nightly.last_run_finding("refresh_all", "SUCCESS", "r" * 64, "r" * 64).changed


def test_code_unchanged_only_when_every_asset_was_last_made_by_its_current_code():
    assert not nightly.code_finding({"a": "1", "b": "2"}, {"a": "1", "b": "2"}).changed
    changed = nightly.code_finding({"a": "1", "b": "3"}, {"a": "1", "b": "2"})
    assert changed.changed and changed.detail.endswith(": b")
    assert nightly.code_finding({"a": "1"}, {"a": None}).changed  # never materialized


def test_a_probe_that_fails_is_a_change_and_the_check_stops_at_the_first_change():
    calls = []

    def broken():
        raise ConnectionError("host down")

    def never():
        calls.append(1)
        return nightly.Finding("later", False, "fine")

    check = nightly.check_all({"fine": lambda: nightly.Finding("fine", False, "ok"), "broken": broken, "later": never})
    assert [f.what for f in check.changed] == ["broken"] and "could not check (ConnectionError: host down)" in check.summary()
    assert calls == []


def test_a_probe_of_several_inputs_keeps_what_it_found_before_it_failed():
    def years():
        yield nightly.Finding("official 2025", False, "decree unchanged")
        raise TimeoutError("portal did not answer")

    check = nightly.check_all({"official": years})
    assert [(f.what, f.changed) for f in check.findings] == [("official 2025", False), ("official", True)]
    assert "official: could not check (TimeoutError: portal did not answer)" in check.summary()


def test_a_skip_names_every_input_it_checked():
    check = nightly.check_all({w: (lambda w=w: nightly.Finding(w, False, "unchanged")) for w in ("registry", "official 2026", "news")})
    assert not check.changed
    assert check.summary() == ("nothing changed since the last run, so no run: registry: unchanged; official 2026: unchanged; "
                               "news: unchanged")


def test_the_registry_fingerprint_follows_the_entries_not_the_mirror_port(tmp_path):
    from mirror.registry import OVERLAY

    a = load_registry(mode="mirror", mirror_url="http://127.0.0.1:8001", overlays=[OVERLAY])
    b = load_registry(mode="mirror", mirror_url="http://127.0.0.1:9002", overlays=[OVERLAY])
    assert nightly.registry_fingerprint(a) == nightly.registry_fingerprint(b)
    extra = tmp_path / "extra.toml"
    extra.write_text('[[official]]\nevaluation_year = 2024\nstated_count = 999\nstated_count_source = "a test"\n', encoding="utf-8")
    c = load_registry(mode="mirror", mirror_url="http://127.0.0.1:8001", overlays=[OVERLAY, extra])
    assert nightly.registry_fingerprint(c) != nightly.registry_fingerprint(a)


def test_a_spent_budget_fails_every_request_and_so_asks_for_a_run():
    class Client:
        stats = "kept"

        def fetch(self, url):
            return url

    assert nightly.Deadline(seconds=60).bounded(Client()).fetch("u") == "u"
    spent = nightly.Deadline(seconds=-1).bounded(Client())
    assert spent.stats == "kept"  # attributes pass through; only calls are bounded
    found = nightly.check_all({"official 2026": lambda: nightly.Finding("official 2026", False, spent.fetch("https://x"))})
    assert found.changed and "could not check (TimeoutError: the check's budget of -1 s is spent)" in found.summary()
