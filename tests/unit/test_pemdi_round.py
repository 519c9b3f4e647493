"""The 2026 round (Indeks Pemerintah Digital, PermenPANRB 8/2026) through the decree parser and facts:
PemDI columns found by their header's meaning, predikat checked against PemDI's bands, an SPBE table
offered as 2026 refused, and the 2025 -> 2026 delta marked as crossing a method."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from spbe.domain.instansi import gazetteer
from spbe.index.table import build_spbe_index
from spbe.sources.official.facts import build_official_facts
from spbe.sources.official.parse import LampiranError, parse_lampiran_html, parse_lampiran_pdf
from tests.lampiran_builder import lampiran_html, lampiran_pdf

URL = "https://jdih.menpan.go.id/storage/lampiran-2026.pdf"
PEMDI_HEADER = ["No.", "Nama Instansi", "Indeks Pemerintah Digital", "Predikat"]
# Printed predikat as PemDI's bands give them: 4.05 is Memuaskan (SPBE: Sangat Baik), 2.55 is Baik
# (SPBE: Cukup), 1.55 is Cukup (SPBE: Kurang).
ROWS_2026 = [
    ("1.", "Kementerian Keuangan", "4,05", "Memuaskan"),
    ("2.", "Pemerintah Provinsi Lampung", "2,55", "Baik"),
    ("3.", "Pemerintah Kabupaten Pesawaran", "1,55", "Cukup"),
    ("4.", "Pemerintah Kota Bogor", "3,99", "Sangat Baik"),
    ("5.", "Pemerintah Kabupaten Bogor", "3,20", "Baik"),
]


def _facts(parsed):
    return build_official_facts(parsed.rows, gazetteer(), parsed.rejects)


@pytest.mark.parametrize("header_index", ["Indeks Pemerintah Digital", "Indeks PemDI 2026", "Nilai Indeks PemDI"])
def test_pemdi_columns_are_found_by_meaning_and_predikat_follows_pemdi_bands(header_index):
    header = ["No.", "Nama Instansi", header_index, "Predikat"]
    parsed = parse_lampiran_pdf(lampiran_pdf(ROWS_2026, header=header, title="LAMPIRAN HASIL EVALUASI PEMERINTAH DIGITAL TAHUN 2026"),
                                year=2026, source_url=URL)
    assert f"index={header_index!r}" in parsed.columns
    result = _facts(parsed)
    assert result.rejected.empty and result.flagged.empty, (result.rejected, result.flagged)
    got = result.facts.set_index("published_name")[["index_value", "predikat", "predikat_expected"]]
    assert got.loc["Kementerian Keuangan"].tolist() == [4.05, "Memuaskan", "Memuaskan"]
    assert got.loc["Pemerintah Provinsi Lampung"].tolist() == [2.55, "Baik", "Baik"]


def test_a_2026_row_printed_with_spbe_bands_is_flagged_against_pemdi():
    rows = [*ROWS_2026[:1], ("2.", "Pemerintah Provinsi Lampung", "2,55", "Cukup")]  # SPBE's band, not PemDI's
    parsed = parse_lampiran_html(lampiran_html(rows, header=PEMDI_HEADER), year=2026, source_url=URL)
    result = _facts(parsed)
    reasons = list(result.flagged["reason"])
    assert len(reasons) == 1 and "'Cukup' contradicts index 2.55 (bands say 'Baik')" in reasons[0], reasons


def test_the_same_printed_row_is_right_for_2025_under_spbe_bands():
    rows = [("1.", "Pemerintah Provinsi Lampung", "2,55", "Cukup"), ("2.", "Kementerian Keuangan", "4,05", "Sangat Baik")]
    parsed = parse_lampiran_html(lampiran_html(rows, header=["No.", "Nama Instansi", "Indeks", "Predikat"]), year=2025, source_url=URL)
    result = _facts(parsed)
    assert result.flagged.empty and len(result.facts) == 2


def test_an_spbe_table_offered_as_the_2026_result_is_refused_in_one_line():
    header = ["No.", "Nama Instansi", "Indeks SPBE", "Predikat"]
    with pytest.raises(LampiranError) as exc:
        parse_lampiran_html(lampiran_html(ROWS_2026, header=header), year=2026, source_url=URL)
    text = str(exc.value)
    assert "\n" not in text and URL in text
    assert "'Indeks SPBE' names the SPBE index, but evaluation year 2026 is rated by the Indeks Pemerintah Digital" in text
    with pytest.raises(LampiranError, match="names the PemDI index, but evaluation year 2024"):
        parse_lampiran_html(lampiran_html(ROWS_2026, header=PEMDI_HEADER), year=2024, source_url=URL)


def test_2025_to_2026_is_marked_as_a_method_change_and_ranks_stay_within_a_year():
    spbe = _facts(parse_lampiran_html(lampiran_html(
        [("1.", "Pemerintah Kabupaten Pesawaran", "2,40", "Cukup"), ("2.", "Pemerintah Kabupaten Bogor", "3,00", "Baik")],
        header=["No.", "Nama Instansi", "Indeks", "Predikat"]), year=2025, source_url=URL)).facts
    pemdi = _facts(parse_lampiran_html(lampiran_html(ROWS_2026, header=PEMDI_HEADER), year=2026, source_url=URL)).facts
    index = build_spbe_index(pd.concat([spbe, pemdi], ignore_index=True), loaded_at=dt.datetime(2027, 1, 5, tzinfo=dt.UTC))
    row = index[(index["instansi_id"] == "18.09") & (index["year"] == 2026)].iloc[0]
    assert row["method_version"] == "PermenPANRB 8/2026" and row["predikat_expected"] == "Cukup"
    assert row["yoy_delta"] == pytest.approx(-0.85)  # still computed, but marked
    assert "method change 2025->2026 (PermenPANRB 59/2020 -> PermenPANRB 8/2026): not like for like" in row["yoy_note"]
    by_year = index[index["instansi_type"] == "kabupaten"].groupby("year")["rank_in_type"].apply(sorted).to_dict()
    assert by_year == {2025: [1, 2], 2026: [1, 2]}


def test_the_report_breaks_at_the_method_change_and_names_both_indices():
    from spbe.release import report
    from spbe.release.report import charts, peers
    from tests.unit.test_index_table import LOADED, fact

    facts = [fact(y, "18.09", "Kabupaten Pesawaran", "kabupaten", v) for y, v in ((2024, 3.0), (2025, 3.2), (2026, 2.55))]
    index = build_spbe_index(pd.DataFrame(facts), loaded_at=LOADED)
    trend = peers.peer_trends(index, pd.DataFrame(columns=["year", "other_index_value", "other_source", "instansi_name", "reference_index_value"]),
                              charts.method_changes(index)).data[0]
    assert list(trend.x) == [2024, 2025, 2025.5, 2026] and list(trend.y) == [3.0, 3.2, None, 2.55] and trend.connectgaps is False
    mean = charts.national_average(index, report.press_figures()).data[0]
    assert None in list(mean.y) and 2025.5 in list(mean.x)
    assert charts.index_label(index["year"]) == "Indeks SPBE / Indeks Pemerintah Digital"
    shaded = {(s.x0, s.y0) for s in charts.distribution_by_year(index).layout.shapes if s.type == "rect"}
    assert (2025.5, 4.0) in shaded and (2023.5, 4.2) in shaded  # PemDI's floor behind 2026, SPBE's behind 2024-2025
    html = report._methods_section(index)
    assert "PermenPANRB 59/2020" in html and "PermenPANRB 8/2026" in html and "Indeks Pemerintah Digital / Indeks PemDI" in html
    assert "Memuaskan from 4.00" in html and "Memuaskan from 4.20" in html


def test_2026_on_the_real_registry_is_a_visible_skip_until_a_decree_or_a_file_is_there(tmp_path):
    from spbe.infra.registry import load_registry
    from spbe.sources.official.fetch import NoOfficialSource, download_official_year

    class NoNetwork:
        def fetch(self, url):  # a year without a decree must not fetch anything
            raise AssertionError(f"fetched {url}")

    registry = load_registry(mode="live")
    with pytest.raises(NoOfficialSource) as exc:
        download_official_year(2026, registry=registry, client=NoNetwork(), manual_dir=tmp_path)
    text = str(exc.value)
    assert "evaluation year 2026: no decree is registered for it yet" in text and str(tmp_path / "official" / "2026") in text
    # The manual drop folder works the same way as 2025's: a copy of the lampiran placed there is read.
    folder = tmp_path / "official" / "2026"
    folder.mkdir(parents=True)
    (folder / "lampiran-2026.html").write_text(lampiran_html(ROWS_2026, header=PEMDI_HEADER), encoding="utf-8")
    document = download_official_year(2026, registry=registry, client=NoNetwork(), manual_dir=tmp_path)
    assert document.method == "manual_drop" and document.year == 2026 and document.format == "html"
