"""A year the calendar says was published whose source is absent is a failure; a year not yet published is a skip."""

import datetime as dt

from assets.sources.official.results import published_but_absent

TODAY = dt.date(2026, 12, 6)


def test_a_published_year_without_its_source_is_a_failure_with_the_reason():
    gap = published_but_absent(2025, "place the file in data/manual_drop/official/2025/", TODAY)
    assert gap == ("evaluation year 2025 was published on 2026-01-07, but its source is absent: "
                   "place the file in data/manual_drop/official/2025/")


def test_a_year_not_yet_published_is_a_normal_skip():
    assert published_but_absent(2026, "no official source registered", TODAY) is None
    assert published_but_absent(2025, "no file", dt.date(2025, 12, 31)) is None  # before the calendar's date


def test_a_copy_dropped_for_a_year_awaiting_its_decree_is_recorded_by_name_and_hash(tmp_path):
    import hashlib
    from types import SimpleNamespace

    from spbe.sources.official.fetch import _awaiting_decree, _from_manual_drop

    source = SimpleNamespace(evaluation_year=2026, verified=False, stated_count=None, manual_drop=None, application=None)
    (tmp_path / "official" / "2026").mkdir(parents=True)
    (tmp_path / "official" / "2026" / "lampiran.pdf").write_bytes(b"%PDF-1.4 x")
    digest = hashlib.sha256(b"%PDF-1.4 x").hexdigest()
    assert _awaiting_decree(source, tmp_path).url == f"manual_drop/official/2026/lampiran.pdf#sha256={digest}"
    dropped = SimpleNamespace(evaluation_year=2025, verified=False, stated_count=None, manual_drop="official/2026", application="x")
    assert str(tmp_path) not in _from_manual_drop(dropped, tmp_path).url
