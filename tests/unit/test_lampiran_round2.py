"""Issue 21, text and HTML path: duplicates, sections that lose their first rows, a decree of another
year, and `spbe parse-lampiran` printing every line it decided on. Each test ran red before."""

from __future__ import annotations

import csv
import io

import pytest

from spbe.cli import main
from spbe.sources.official.parse import LampiranError, parse_lampiran_html, parse_lampiran_pdf
from tests.lampiran_builder import lampiran_html, lampiran_pdf
from tests.unit.test_lampiran_variants import BODIES, EXPECTED, URL, numbered, outcome


def test_the_same_no_with_two_different_rows_loads_neither():
    rows = numbered()
    rows.insert(5, ("5.", "Pemerintah Kota Bekasi", "2,22", "Cukup"))  # a second No. 5, another body and value
    ok, rejected, _ = outcome(parse_lampiran_pdf(lampiran_pdf(rows), year=2024, source_url=URL))
    assert "Pemerintah Kabupaten Bogor" not in ok  # the first No. 5 (before: loaded as ok)
    twice = [r for r in rejected if "'No.' 5 printed twice with different rows" in r]
    assert len(twice) == 2 and "'Pemerintah Kabupaten Bogor' 2,95" in twice[0] and "2,22" in twice[0]
    # Pemerintah Kota Bekasi's own row (No. 9, 3,33) conflicts with nothing loaded, so it stays ok.
    assert ok["Pemerintah Kota Bekasi"] == 3.33


def test_an_identical_repeated_row_loads_once():
    rows = numbered()
    rows.insert(3, rows[2])
    parsed = parse_lampiran_pdf(lampiran_pdf(rows), year=2024, source_url=URL)
    ok, rejected, result = outcome(parsed)
    assert ok == EXPECTED and (result.facts["instansi_id"] == "bps").sum() == 1
    assert rejected == ["duplicate of No. 3 on page 1: identical, loaded once"]


def sectioned(drop_first: int = 0):
    central, regions = numbered(BODIES[:6]), numbered(BODIES[6:])
    return [("", "A. INSTANSI PUSAT", "", ""), *central, ("", "B. PEMERINTAH DAERAH", "", ""), *regions[drop_first:]]


def test_a_section_that_starts_after_no_1_lost_its_first_rows():
    parsed = parse_lampiran_pdf(lampiran_pdf(sectioned(drop_first=4)), year=2024, source_url=URL)
    ok, rejected, _ = outcome(parsed)
    assert len(ok) == len(EXPECTED) - 4
    assert parsed.missing_rows == 4  # before: 0, the restart hid them
    assert any("section 'B. PEMERINTAH DAERAH' starts at No. 5" in r and "No. 1-4 not found" in r for r in rejected), rejected


def test_sections_restarting_at_1_are_whole():
    parsed = parse_lampiran_pdf(lampiran_pdf(sectioned()), year=2024, source_url=URL)
    ok, rejected, _ = outcome(parsed)
    assert ok == EXPECTED and not rejected and parsed.missing_rows == 0
    assert any("restarts at 1 after No. 6 (section 'B. PEMERINTAH DAERAH')" in n for n in parsed.skipped)


@pytest.mark.parametrize(
    "title, header, seen",
    [
        ("LAMPIRAN HASIL EVALUASI SPBE TAHUN 2023", "Indeks", "title 'EVALUASI SPBE TAHUN 2023' names 2023"),
        ("LAMPIRAN KEPUTUSAN MENTERI PANRB NOMOR 13 TAHUN 2024", "Indeks",
         "decree number 13/2024, which published evaluation year 2023 (calendar) names 2023"),
        ("LAMPIRAN KEPUTUSAN MENTERI PANRB NOMOR 77 TAHUN 2021", "Indeks", "decree number 77/2021, not a decree of 2024 or 2025"),
        ("LAMPIRAN KEPUTUSAN MENTERI PANRB", "Indeks SPBE 2023", "index column header 'Indeks SPBE 2023' names 2023"),
    ],
)
def test_a_decree_of_another_year_is_refused_naming_what_it_saw(title, header, seen):
    content = lampiran_pdf(numbered(), title=title, header=["No.", "Nama Instansi", header, "Predikat"])
    with pytest.raises(LampiranError) as caught:
        parse_lampiran_pdf(content, year=2024, source_url=URL)
    message = str(caught.value)
    assert message.startswith(URL) and "not of evaluation year 2024" in message and seen in message, message
    # The run may say it knows better: then it loads, with a note saying so.
    parsed = parse_lampiran_pdf(content, year=2024, source_url=URL, allow_other_year=True)
    assert any("allow_other_year" in n for n in parsed.skipped)


def test_the_right_year_everywhere_is_not_refused():
    title = "LAMPIRAN KEPUTUSAN MENTERI PANRB NOMOR 663 TAHUN 2024 TENTANG HASIL EVALUASI SPBE TAHUN 2024"
    content = lampiran_pdf(numbered(), title=title, header=["No.", "Nama Instansi", "Indeks SPBE 2024", "Predikat"])
    ok, rejected, _ = outcome(parse_lampiran_pdf(content, year=2024, source_url=URL))
    assert ok == EXPECTED and not rejected


def test_an_html_table_headed_with_another_year_is_refused():
    page = lampiran_html(numbered(), header=["No", "Nama Instansi", "Indeks SPBE 2018", "Predikat"])
    with pytest.raises(LampiranError, match="index column header 'Indeks SPBE 2018' names 2018"):
        parse_lampiran_html(page, year=2019, source_url=URL)


def cli(capsys, *args):
    code = main(["parse-lampiran", *map(str, args)])
    out, err = capsys.readouterr()
    table = list(csv.DictReader(io.StringIO(out)))
    return code, table, err


def test_parse_lampiran_prints_average_rows_duplicates_and_headings(tmp_path, capsys):
    rows = sectioned()
    rows.insert(4, rows[3])  # an identical repeat of central No. 3
    rows.insert(8, ("5.", "Pemerintah Kota Bekasi", "2,22", "Cukup"))  # a second, different No. 5
    rows.append(("", "Rata-rata Nasional", "3,12", "Baik"))
    path = tmp_path / "lampiran.pdf"
    path.write_bytes(lampiran_pdf(rows))
    code, table, err = cli(capsys, path, "--year", 2024)
    assert code == 0, err
    by_status = {}
    for r in table:
        by_status.setdefault(r["status"], []).append(r)
    rejected = {r["name"]: r for r in by_status["rejected"]}
    assert "Rata-rata Nasional" in rejected and rejected["Rata-rata Nasional"]["reason"] == "row without a 'No.'"
    assert rejected["Rata-rata Nasional"]["page"] == "2" and rejected["Rata-rata Nasional"]["index"] == "3.12"
    assert "identical, loaded once" in rejected["Badan Pusat Statistik"]["reason"]
    assert {r["name"] for r in by_status["rejected"] if "printed twice" in r["reason"]} == {
        "Pemerintah Kota Bekasi", "Pemerintah Kabupaten Bogor"}
    assert [r["name"] for r in by_status["heading"]] == ["A. INSTANSI PUSAT", "B. PEMERINTAH DAERAH"]
    assert all(r["page"] == "1" for r in by_status["heading"])
    ok_names = {r["name"] for r in by_status["ok"]}
    assert "Badan Pusat Statistik" in ok_names and "Pemerintah Kabupaten Bogor" not in ok_names


def test_parse_lampiran_marks_flagged_rows_as_flagged(tmp_path, capsys):
    rows = numbered()
    rows[1] = ("2.", "Kementerian Dalam Negeri", "3,12", "Memuaskan")
    path = tmp_path / "lampiran.pdf"
    path.write_bytes(lampiran_pdf(rows))
    code, table, _ = cli(capsys, path, "--year", 2024)
    flagged = [r for r in table if r["status"] == "flagged"]
    assert code == 0 and [r["name"] for r in flagged] == ["Kementerian Dalam Negeri"] and "contradicts" in flagged[0]["reason"]


@pytest.mark.parametrize("year", [2027, 2017])
def test_parse_lampiran_year_outside_the_calendar_exits_2_in_one_line(tmp_path, capsys, year):
    path = tmp_path / "lampiran.pdf"
    path.write_bytes(lampiran_pdf(numbered()))
    code, table, err = cli(capsys, path, "--year", year)
    assert code == 2 and table == [] and err.count("\n") == 1
    assert f"--year {year}: outside the calendar" in err


def test_parse_lampiran_refuses_another_years_decree_in_one_line(tmp_path, capsys):
    path = tmp_path / "lampiran.pdf"
    path.write_bytes(lampiran_pdf(numbered(), title="LAMPIRAN KEPUTUSAN MENTERI PANRB NOMOR 13 TAHUN 2024"))
    code, _, err = cli(capsys, path, "--year", 2024)
    assert code == 2 and err.count("\n") == 1 and "decree number 13/2024" in err and str(path) in err
    code, table, _ = cli(capsys, path, "--year", 2024, "--allow-other-year")
    assert code == 0 and len([r for r in table if r["status"] == "ok"]) == len(EXPECTED)


def test_html_rowspans_and_colspans_fill_the_cells_they_cover():
    """A province cell spanning its bodies' rows, one value merged over two rows: before, the cells
    after a spanned one moved a column left (a value read as the name, the row empty)."""
    page = """<table><tr><th>No</th><th>Provinsi</th><th>Nama Instansi</th><th>Indeks</th><th>Predikat</th></tr>
    <tr><td>1</td><td rowspan="3">Jawa Barat</td><td>Pemerintah Provinsi Jawa Barat</td><td>3,64</td><td>Sangat Baik</td></tr>
    <tr><td>2</td><td>Pemerintah Kabupaten Bogor</td><td rowspan="2">2,95</td><td rowspan="2">Baik</td></tr>
    <tr><td>3</td><td>Pemerintah Kota Bogor</td></tr>
    <tr><td>4</td><td>Jawa Timur</td><td>Pemerintah Kota Surabaya</td><td>4,02</td><td>Sangat Baik</td></tr></table>"""
    parsed = parse_lampiran_html(page, year=2019, source_url=URL)
    got = dict(zip(parsed.rows["published_name"], parsed.rows["index_text"], strict=True))
    assert got == {"Pemerintah Provinsi Jawa Barat": "3,64", "Pemerintah Kabupaten Bogor": "2,95",
                   "Pemerintah Kota Bogor": "2,95", "Pemerintah Kota Surabaya": "4,02"}
    assert parsed.rejects.empty


@pytest.mark.parametrize("stated, short", [(23, 3), (20, 0)])
def test_rows_are_checked_against_the_stated_count(stated, short):
    """The last rows of a table gone (a page or a section cut off at the end, no gap to see): the
    count the publication states says so."""
    from spbe.sources.official.fetch import OfficialDocument, parse_official_document

    document = OfficialDocument(2024, "pdf", URL, lampiran_pdf(numbered()), stated_count=stated)
    parsed = parse_official_document(document)
    assert parsed.missing_rows == short
    gap = [r for r in parsed.rejects["reason"] if "evaluated bodies" in r]
    if short:
        assert gap == [f"the publication states {stated} evaluated bodies; the document holds 20 rows: 3 rows unaccounted for"]
    else:
        assert gap == []


def test_a_table_whose_every_row_is_rejected_is_refused_saying_why():
    """A scan whose invisible layer disagrees with the image on every row: the refusal names the
    rejects' commonest reason (before: 'no row under it ... the layout may have changed')."""
    from spbe.sources.official.parse import interpret_lines
    from spbe.sources.official.table_lines import TableLine

    doubt = "hidden_layer_disagrees: the page image reads '3,81' where its invisible text layer reads '3,18'"
    lines = [TableLine(1, ["No.", "Nama Instansi", "Indeks", "Predikat"], (0, 0, 1, 1), None, "ocr")] + [
        TableLine(1, [f"{i}.", name, value, predikat], (0, 10 * i, 1, 10 * i + 5), 0.9, "ocr", doubt=doubt)
        for i, (name, value, predikat) in enumerate(BODIES[:3], start=1)
    ]
    with pytest.raises(LampiranError, match=r"every one of its 3 line\(s\) was rejected; 3 of them: hidden_layer_disagrees"):
        interpret_lines([lines], year=2024, source_url=URL)


def test_a_header_over_two_rows_is_read_as_one():
    """'Hasil Evaluasi' spanning 'Indeks | Predikat', 'No.' and 'Nama Instansi' spanning both rows:
    neither row alone names a name and an index column (before: refused, no header found)."""
    from tests.adversarial.variants import Body, table_pdf

    bodies = [Body(no, name, value, predikat, id="") for no, name, value, predikat in numbered()]
    parsed = parse_lampiran_pdf(table_pdf(bodies, group_header="Hasil Evaluasi", per_page=12), year=2024, source_url=URL)
    ok, rejected, _ = outcome(parsed)
    assert ok == EXPECTED and not rejected


def test_a_number_on_a_line_without_a_value_does_not_take_down_the_row_it_repeats():
    """OCR's '11' from 'pada tanggal 11 Januari 2025' under the table, read as a line in the No.
    column: no value competes with No. 11's, so that line alone is rejected (before: 'printed twice
    with different rows; neither loaded', a good row lost in every scan with that signature)."""
    rows = numbered()
    rows.append(("2", "2025 APARATUR NEGARA", "", ""))
    ok, rejected, _ = outcome(parse_lampiran_pdf(lampiran_pdf(rows), year=2024, source_url=URL))
    assert ok == EXPECTED
    assert rejected == ["'No.' 2 printed again on a line without a value ('2025 APARATUR NEGARA' - - (page 2)): not loaded;"
                        " No. 2 on page 1 stands"]
