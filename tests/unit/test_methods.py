"""spbe/data/methods.toml and its loader: the facts it holds and every check that refuses a bad copy."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources

import pytest

from spbe.domain import methods as m
from spbe.domain.calendar import METHOD_VERSIONS, Calendar, method_version
from spbe.domain.predikat import predikat_for
from spbe.infra import releases as process_calendar

PACKAGED = resources.files("spbe.data").joinpath("methods.toml").read_text(encoding="utf-8")


def test_the_three_regulations_cover_2018_onwards_without_gap():
    assert [x.id for x in m.methods()] == ["PermenPANRB 5/2018", "PermenPANRB 59/2020", "PermenPANRB 8/2026"]
    assert tuple(x.id for x in m.methods()) == METHOD_VERSIONS
    assert {y: method_version(y) for y in (2018, 2020, 2021, 2025, 2026, 2031)} == {
        2018: "PermenPANRB 5/2018", 2020: "PermenPANRB 5/2018", 2021: "PermenPANRB 59/2020",
        2025: "PermenPANRB 59/2020", 2026: "PermenPANRB 8/2026", 2031: "PermenPANRB 8/2026",
    }
    with pytest.raises(ValueError, match="2017"):
        m.method_for_year(2017)


def test_index_names_the_press_uses():
    assert m.method_for_year(2025).index_code == "SPBE" and m.method_for_year(2025).index_names == ("Indeks SPBE",)
    pemdi = m.method_for_year(2026)
    assert pemdi.index_code == "PemDI" and pemdi.index_names == ("Indeks Pemerintah Digital", "Indeks PemDI")


@pytest.mark.parametrize(
    ("value", "spbe", "pemdi"),
    [
        (4.05, "Sangat Baik", "Memuaskan"),  # the examples (docs/domain.md)
        (2.55, "Cukup", "Baik"),
        (4.20, "Memuaskan", "Memuaskan"),  # lower bounds are inclusive
        (4.19, "Sangat Baik", "Memuaskan"),
        (4.00, "Sangat Baik", "Memuaskan"),
        (3.99, "Sangat Baik", "Sangat Baik"),
        (2.50, "Cukup", "Baik"),
        (1.50, "Kurang", "Cukup"),
        (1.49, "Kurang", "Kurang"),
        (1.00, "Kurang", "Kurang"),
        (5.00, "Memuaskan", "Memuaskan"),  # the top of the scale belongs to the top band
        (4.1999999, "Memuaskan", "Memuaskan"),  # rounded to the published two decimals first
        (5.01, None, None),
        (0.996, None, None),  # off the scale before rounding: not a published 1.00
        (5.004, None, None),
        (0.99, None, None),
        (None, None, None),
        (float("nan"), None, None),
    ],
)
def test_bands_of_each_method(value, spbe, pemdi):
    assert predikat_for(value, 2024) == spbe and predikat_for(value, 2019) == spbe
    assert predikat_for(value, 2026) == pemdi


def test_indicators_weights_and_aspects():
    spbe = m.method_for_year(2023)
    assert len(spbe.indicators) == 47 and [i.number for i in spbe.indicators] == list(range(1, 48))
    assert {d.name: d.weight for d in spbe.domains} == {
        "Kebijakan Internal SPBE": 13.0, "Tata Kelola SPBE": 25.0, "Manajemen SPBE": 16.5, "Layanan SPBE": 45.5,
    }
    assert [a.weight for a in spbe.aspects] == [13.0, 10.0, 10.0, 5.0, 12.0, 4.5, 27.5, 18.0]
    first = spbe.indicators[0]
    assert first.aspect == "Kebijakan Internal Tata Kelola SPBE" and first.domain == "Kebijakan Internal SPBE" and first.weight == 1.3
    assert all(i.name for i in spbe.indicators)
    pemdi = m.method_for_year(2026)
    assert len(pemdi.indicators) == 20 and not pemdi.domains
    assert {a.name: a.weight for a in pemdi.aspects} == {
        "Tata Kelola & Manajemen": 10, "Penyelenggara": 10, "Data": 15, "Keamanan": 15, "Teknologi": 10,
        "Keterpaduan Layanan": 15, "Kepuasan Pengguna": 25,
    }
    assert [i.weight for i in pemdi.indicators] == [5, 5, 5, 5, 5, 3, 3, 4, 4, 4, 3, 4, 5, 5, 4, 4, 4, 3, 10, 15]
    assert all(i.name is None for i in pemdi.indicators)  # no public source names them
    old = m.method_for_year(2018)
    assert old.indicators == () and old.indicator_count == 35 and old.aspect_count == 7 and old.domain_count == 3


def _load_copy(tmp_path, text: str):
    path = tmp_path / "methods.toml"
    path.write_text(text, encoding="utf-8")
    m.load_file.cache_clear()
    try:
        return m.load_methods(path)
    finally:
        m.load_file.cache_clear()


def _edit(pattern: str, replacement: str, count: int = 1) -> str:
    text, n = re.subn(pattern, replacement, PACKAGED, count=count)
    assert n == count, pattern
    return text


def test_an_unedited_copy_loads(tmp_path):
    assert [x.id for x in _load_copy(tmp_path, PACKAGED)] == [x.id for x in m.methods()]


@pytest.mark.parametrize(
    ("pattern", "replacement", "message"),
    [
        # indicator 1 of 59/2020 weighs 1.4: the total, then its aspect, no longer add up
        (r"number = 1, weight = 1\.3", "number = 1, weight = 1.4", r"method 'PermenPANRB 59/2020': indicator weights add up to 100\.1, not 100"),
        # an aspect whose indicators do not make its weight (the total still 100)
        (r'name = "Data"\nweight = 15\.0', 'name = "Data"\nweight = 14.0', r"aspect 'Data': its indicators weigh 15, the aspect 14"),
        # PemDI's Baik starting at 2.60 leaves 2.50-2.60 in no band
        (r'"Baik", from = 2\.50', '"Baik", from = 2.60', r"method 'PermenPANRB 8/2026': gap between 'Cukup' \(to 2\.5\) and 'Baik' \(from 2\.6\)"),
        (r'"Cukup", from = 1\.80, from_inclusive = true, to = 2\.60', '"Cukup", from = 1.80, from_inclusive = true, to = 2.70',
         r"overlap between 'Cukup' \(to 2\.7\) and 'Baik' \(from 2\.6\)"),
        (r'"Baik", from = 2\.60, from_inclusive = true', '"Baik", from = 2.60, from_inclusive = false',
         r"boundary 2\.6 belongs to neither of 'Cukup' and 'Baik'"),
        (r'"Memuaskan", from = 4\.00, from_inclusive = true, to = 5\.00, to_inclusive = true', '"Memuaskan", from = 4.00, from_inclusive = true, to = 4.90, to_inclusive = true',
         r"bands end at 4\.9, not at the scale's maximum 5\.0"),
        (r"last_year = 2025", "last_year = 2024", r"years of 'PermenPANRB 59/2020' \(2021-2024\) and 'PermenPANRB 8/2026' \(2026-\) overlap or leave a gap"),
        (r"indicator_count = 20", "indicator_count = 21", r"indicators are numbered 1\.\.20 \(20\), expected 1\.\.21"),
        (r"aspect_count = 8", "aspect_count = 9", r"8 aspects listed, aspect_count says 9"),
        (r'domain = "Tata Kelola SPBE"', 'domain = "Tata Kelola"', r"unknown domain 'Tata Kelola'"),
        (r"first_year = 2026", 'first_year = "2026"', r"'PermenPANRB 8/2026' first_year: Input should be a valid integer"),
        (r"index_code = \"PemDI\"", 'index_code = "PemDI"\nindex_nmae = "x"', r"index_nmae: Extra inputs are not permitted"),
        # Release entries (the calendar's history), each named by its evaluation year. A date TOML
        # cannot read: tomllib names only the line and column, the loader adds the entry and key.
        pytest.param(r"published = 2020-02-01", "published = 2020-02-30", r"release 2019 published: Invalid date or datetime \(at line \d+",
                     id="malformed-date"),
        pytest.param(r"published = 2020-02-01", "published = 2020-2-1", r"release 2019 published: Expected newline", id="malformed-date-form"),
        pytest.param(r"published = 2020-02-01", 'published = "2020-02-01"', r"release 2019 published: Input should be a valid date",
                     id="date-as-string"),
        (r"published = 2024-12-31", "published = 2023-12-31", r"release 2024: published 2023-12-31, before its evaluation year 2024"),
        (r"evaluation_year = 2019\n", "evaluation_year = 2018\n", r"release 2018: listed twice"),
        (r"evaluation_year = 2018\n", "evaluation_year = 2017\n", r"release 2017: no method covers 2017"),
        (r'decree = "663/2024"', 'decree = "663/2023"', r"release 2024: decree 663/2023 is older than its evaluation year 2024"),
        (r'decree = "153/2021"', 'decree = "153-2021"', r"release 2020 decree: String should match pattern"),
        (r"national_average = 3\.23", "national_average = 32.3", r"release 2025: national average 32\.3 is off the scale 1-5"),
        (r"national_average = 3\.23", "natinal_average = 3.23", r"release 2025 natinal_average: Extra inputs are not permitted"),
    ],
)
def test_a_broken_copy_is_one_line_naming_file_entry_and_problem(tmp_path, pattern, replacement, message):
    with pytest.raises(m.MethodsFileError) as exc:
        _load_copy(tmp_path, _edit(pattern, replacement))
    text = str(exc.value)
    assert "\n" not in text and text.startswith(str(tmp_path / "methods.toml")), text
    assert re.search(message, text), text


def test_the_calendar_reads_its_history_from_the_file_in_force(tmp_path, monkeypatch):
    # The recorded releases are the file's: a copy with another date moves the domain's calendar
    # and the process's (infra) one, whose cache was filled before the variable was set.
    assert Calendar().release_of(2023).published == dt.date(2024, 1, 11) == process_calendar.release_of(2023).published
    assert Calendar().evaluation_year_of_decree(13, 2024) == 2023 and Calendar().release_of(2025).decree_number is None
    path = tmp_path / "methods.toml"
    path.write_text(_edit(r"published = 2024-01-11", "published = 2024-01-12"), encoding="utf-8")
    monkeypatch.setenv(m.METHODS_FILE_ENV, str(path))
    assert Calendar().release_of(2023).published == dt.date(2024, 1, 12) == process_calendar.release_of(2023).published
    assert not Calendar().published(2023, dt.date(2024, 1, 11))


def test_the_env_var_points_everything_at_a_copy(tmp_path, monkeypatch):
    path = tmp_path / "methods.toml"
    path.write_text(_edit(r'"Memuaskan", from = 4\.20', '"Memuaskan", from = 4.10', count=2)
                    .replace('"Sangat Baik", from = 3.50, from_inclusive = true, to = 4.20', '"Sangat Baik", from = 3.50, from_inclusive = true, to = 4.10'),
                    encoding="utf-8")
    assert predikat_for(4.15, 2024) == "Sangat Baik"
    monkeypatch.setenv(m.METHODS_FILE_ENV, str(path))
    assert predikat_for(4.15, 2024) == "Memuaskan" and predikat_for(4.15, 2019) == "Memuaskan"
    monkeypatch.delenv(m.METHODS_FILE_ENV)
    assert predikat_for(4.15, 2024) == "Sangat Baik"
