"""Lampiran variants real decrees come in. Each gives one of three outcomes: every row right; the wrong
rows rejected with a reason; a loud failure. Never an `ok` row with a wrong value, never a row that
vanished without a reject.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest

from spbe.domain.instansi import gazetteer
from spbe.sources.official.facts import build_official_facts
from spbe.sources.official.parse import LampiranError, parse_document, parse_lampiran_html, parse_lampiran_pdf
from tests.lampiran_builder import lampiran_html, lampiran_pdf

URL = "https://jdih.menpan.go.id/storage/lampiran.pdf"
SIAU = "Pemerintah Kabupaten Kepulauan Siau Tagulandang Biaro"
BODIES = [
    ("Kementerian Keuangan", "3,81", "Sangat Baik"),
    ("Kementerian Dalam Negeri", "3,12", "Baik"),
    ("Badan Pusat Statistik", "4,25", "Memuaskan"),
    ("Pemerintah Provinsi Jawa Barat", "3,64", "Sangat Baik"),
    ("Pemerintah Kabupaten Bogor", "2,95", "Baik"),
    (SIAU, "2,80", "Baik"),
    ("Pemerintah Kota Bogor", "3,12", "Baik"),
    ("Pemerintah Kabupaten Bekasi", "2,61", "Baik"),
    ("Pemerintah Kota Bekasi", "3,33", "Baik"),
    ("Pemerintah Kota Bandung", "3,90", "Sangat Baik"),
    ("Pemerintah Kabupaten Bandung", "2,44", "Cukup"),
    ("Pemerintah Kota Surabaya", "4,02", "Sangat Baik"),
    ("Pemerintah Kabupaten Sleman", "3,71", "Sangat Baik"),
    ("Pemerintah Kota Yogyakarta", "3,55", "Sangat Baik"),
    ("Pemerintah Kota Denpasar", "3,48", "Baik"),
    ("Pemerintah Kabupaten Gianyar", "2,88", "Baik"),
    ("Pemerintah Provinsi Bali", "3,59", "Sangat Baik"),
    ("Pemerintah Kota Medan", "2,73", "Baik"),
    ("Pemerintah Provinsi Lampung", "3,10", "Baik"),
    ("Pemerintah Kabupaten Pesawaran", "3,49", "Baik"),
]
EXPECTED = {name: float(value.replace(",", ".")) for name, value, _ in BODIES}


def numbered(bodies=BODIES):
    return [(f"{i}.", name, value, predikat) for i, (name, value, predikat) in enumerate(bodies, start=1)]


def outcome(parsed):
    """(ok rows as {published name: value}, rejected reasons); asserts the three-outcome rule."""
    result = build_official_facts(parsed.rows, gazetteer(), parsed.rejects)
    ok = dict(zip(result.facts["published_name"], result.facts["index_value"], strict=True))
    for name, value in ok.items():
        assert EXPECTED.get(name) == value, f"ok row with a wrong value or name: {name!r} {value}"
    unaccounted = set(EXPECTED) - set(ok)
    rejected = list(result.rejected["reason"])
    assert len(rejected) + parsed.missing_rows >= len(unaccounted), f"rows vanished: {sorted(unaccounted)}"
    return ok, rejected, result


def all_right(parsed):
    ok, rejected, _ = outcome(parsed)
    assert ok == EXPECTED and not rejected, rejected
    return ok


# -- columns found by meaning ---------------------------------------------------------------


def test_two_index_columns_take_the_evaluation_years_and_say_so():
    rows = [(no, name, "1,50", value, pred) for no, name, value, pred in numbered()]
    header = ["No.", "Nama Instansi", "Indeks 2023", "Indeks 2024", "Predikat"]
    parsed = parse_lampiran_pdf(lampiran_pdf(rows, header=header), year=2024, source_url=URL)
    all_right(parsed)
    assert "'Indeks 2024' chosen" in parsed.columns and "'Indeks 2023'" in parsed.columns


def test_two_index_columns_without_the_year_fail_naming_the_columns():
    rows = [(no, name, "1,50", value, pred) for no, name, value, pred in numbered()]
    header = ["No.", "Nama Instansi", "Indeks 2022", "Indeks 2023", "Predikat"]
    with pytest.raises(LampiranError, match=r"2 index columns \('Indeks 2022', 'Indeks 2023'\).*2024"):
        parse_lampiran_pdf(lampiran_pdf(rows, header=header), year=2024, source_url=URL)
    html = lampiran_html(rows, header=header)
    with pytest.raises(LampiranError, match="2 index columns"):
        parse_lampiran_html(html, year=2024, source_url="https://www.menpan.go.id/x")


def test_extra_columns_are_reported_and_ignored():
    rows = [(no, name, "Jawa", value, pred, "-") for no, name, value, pred in numbered()]
    header = ["No.", "Nama Instansi", "Provinsi", "Indeks", "Predikat", "Keterangan"]
    parsed = parse_lampiran_pdf(lampiran_pdf(rows, header=header, wide=True), year=2024, source_url=URL)
    all_right(parsed)
    assert "extra columns 'Provinsi', 'Keterangan'" in parsed.columns


def test_reordered_columns():
    rows = [(name, pred, value, no) for no, name, value, pred in numbered()]
    header = ["Nama Instansi", "Predikat", "Indeks", "No."]
    all_right(parse_lampiran_pdf(lampiran_pdf(rows, header=header), year=2024, source_url=URL))


@pytest.mark.parametrize(
    "header",
    [
        ["NO", "NAMA K/L/PEMDA", "NILAI", "PREDIKAT"],
        ["No.", "Kementerian/Lembaga/Pemerintah Daerah", "Skor Indeks", "Predikat"],
        ["Nomor", "Instansi", "Indeks SPBE", "Kategori"],
    ],
)
def test_other_header_words(header):
    parsed = parse_lampiran_pdf(lampiran_pdf(numbered(), header=header), year=2024, source_url=URL)
    all_right(parsed)
    html = parse_lampiran_html(lampiran_html(numbered(), header=header), year=2024, source_url="https://www.menpan.go.id/x")
    all_right(html)


def test_dot_decimals():
    rows = [(no, name, value.replace(",", "."), pred) for no, name, value, pred in numbered()]
    all_right(parse_lampiran_pdf(lampiran_pdf(rows), year=2024, source_url=URL))


# -- page geometry and protection -------------------------------------------------------------


def test_landscape_pages():
    all_right(parse_lampiran_pdf(lampiran_pdf(numbered(), wide=True, rows_per_page=7), year=2024, source_url=URL))


@pytest.mark.parametrize("rotation", [90, 180, 270])  # 180: was read backwards ("01,4"), every row a reject
def test_rotated_pages_are_read_upright(rotation):
    all_right(parse_lampiran_pdf(lampiran_pdf(numbered(), rotate=rotation, rows_per_page=8), year=2024, source_url=URL))


def test_encrypted_pdf_names_the_cause():
    with pytest.raises(LampiranError, match=r"lampiran\.pdf: .*encrypted and needs a password"):
        parse_lampiran_pdf(lampiran_pdf(numbered(), encrypt="rahasia"), year=2024, source_url=URL)


def test_page_cap_is_a_clear_error():
    content = lampiran_pdf(numbered(), rows_per_page=5)
    with pytest.raises(LampiranError, match=r"lampiran\.pdf: \d+ pages, more than the cap of 3 pages"):
        parse_lampiran_pdf(content, year=2024, source_url=URL, max_pages=3)


# -- no line lost -----------------------------------------------------------------------------

BAD = [("21.", "Pemerintah Kabupaten Sorong", "-", ""), ("22.", "Pemerintah Kabupaten Paser", "N/A", ""),
       ("23.", "Pemerintah Kota Pangkalpinang", "Sedang", "Cukup"), ("24.", "Pemerintah Aceh", "35", "Baik")]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "no-ruling-lines"])
def test_bad_rows_and_wrapped_names_are_rows_or_rejects(ruled):
    parsed = parse_lampiran_pdf(lampiran_pdf(numbered() + BAD, ruled=ruled, rows_per_page=12), year=2024, source_url=URL)
    ok, rejected, _ = outcome(parsed)
    assert ok == EXPECTED  # the wrapped SIAU name included
    assert len(rejected) == 4
    for text in ("'-'", "'N/A'", "'Sedang'", "'35'"):
        assert any(text in r for r in rejected), (text, rejected)


def test_text_path_keeps_a_line_it_cannot_read_as_a_reject():
    rows = numbered()[:5] + [("", "Catatan: nilai sementara", "", ""), ("", "", "x", "")] + numbered()[5:]
    renumbered = [(f"{i}." if r[0] else "", *r[1:]) for i, r in enumerate(rows, start=1)]
    parsed = parse_lampiran_pdf(lampiran_pdf(renumbered, ruled=False), year=2024, source_url=URL)
    _, rejected, _ = outcome(parsed)
    assert parsed.rejects["page"].notna().all()


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "no-ruling-lines"])
def test_row_split_across_pages_is_joined(ruled):
    # A name long enough that reportlab breaks the row itself at the page end (splitInRow).
    long_name = SIAU + " " + " ".join(f"Wilayah {i}" for i in range(120))
    rows = numbered(BODIES[:15] + [(long_name, "2,80", "Baik")] + BODIES[15:])
    content = lampiran_pdf(rows, rows_per_page=None, ruled=ruled)
    with pdfplumber.open(io.BytesIO(content)) as pdf:  # the row really is cut by the page break
        assert "Wilayah 1 " in pdf.pages[0].extract_text() and "Wilayah 119" in pdf.pages[1].extract_text()
    parsed = parse_lampiran_pdf(content, year=2024, source_url=URL)
    names = list(parsed.rows["published_name"])
    assert len(parsed.rows) == 21 and parsed.missing_rows == 0
    assert long_name in names, names[17:]
    result = build_official_facts(parsed.rows, gazetteer(), parsed.rejects)
    # The long name is no real body: it is rejected by name, with the whole name, not lost.
    assert any(long_name in r for r in result.rejected["reason"])
    assert len(result.facts) == 20 and len(result.rejected) == 1


def test_section_headings_are_not_glued_to_the_previous_body():
    rows = [("", "A. INSTANSI PUSAT", "", "")] + numbered()[:3] + [("", "PEMERINTAH DAERAH", "", ""), ("B.", "Provinsi", "", "")]
    rows += [(f"{i}.", *b) for i, b in enumerate(BODIES[3:], start=4)]
    parsed = parse_lampiran_pdf(lampiran_pdf(rows), year=2024, source_url=URL)
    all_right(parsed)
    assert "PEMERINTAH DAERAH" in " ".join(parsed.skipped)


def test_unrecognised_repeated_header_is_one_notice_not_rejects():
    header = ["NO", "NAMA K/L/PEMDA", "NILAI", "PREDIKAT"]
    parsed = parse_lampiran_pdf(lampiran_pdf(numbered(), header=header, rows_per_page=2), year=2024, source_url=URL)
    all_right(parsed)
    assert [n for n in parsed.skipped if "header repeated 9 time(s)" in n]


def test_a_gap_in_the_number_sequence_is_a_reject_saying_rows_are_missing():
    rows = [r for r in numbered() if r[0] not in ("7.", "12.", "13.")]
    parsed = parse_lampiran_pdf(lampiran_pdf(rows, rows_per_page=10), year=2024, source_url=URL)
    assert parsed.missing_rows == 3
    reasons = list(parsed.rejects["reason"])
    assert any("rows missing: No. 7 not found (1 row) before No. 8 on page 1" in r for r in reasons), reasons
    assert any("rows missing: No. 12-13 not found (2 rows) before No. 14" in r for r in reasons), reasons
    _, rejected, _ = outcome(parsed)
    assert len(rejected) == 2


def test_html_path_shares_the_interpreter():
    rows = numbered() + [("21.", "Pemerintah Kabupaten Sorong", "-", "")]
    parsed = parse_document(lampiran_html(rows).encode(), year=2024, source_url="https://www.menpan.go.id/x")
    ok, rejected, _ = outcome(parsed)
    assert ok == EXPECTED and len(rejected) == 1 and parsed.rows["method"].eq("html").all()


class _FakeScans:
    """Stands in for the OCR backend: page 2 'has no text layer' and is read as these lines."""

    def __init__(self, lines):
        self.lines = lines

    def needs_ocr(self, page):
        return page.page_number == 2

    def read_page(self, page_no):
        return type("Result", (), {"lines": self.lines, "skipped": [f"page {page_no}: read by OCR"]})()


def test_ocr_lines_share_the_interpreter_and_its_sequence_check():
    from spbe.sources.official.table_lines import TableLine

    content = lampiran_pdf(numbered()[:12], rows_per_page=6)  # pages 1-2 (and a blank third)
    ocr = [TableLine(2, ["No.", "Nama Instansi", "Indeks", "Predikat"], (80, 70, 500, 90), 0.95, "ocr")] + [
        TableLine(2, [no, name, value, pred], (80, 90 + 20 * i, 500, 108 + 20 * i), 0.9, "ocr")
        for i, (no, name, value, pred) in enumerate(numbered()[6:12]) if no != "9."
    ]
    parsed = parse_lampiran_pdf(content, year=2024, source_url=URL, scans=_FakeScans(ocr))
    assert parsed.rows["method"].tolist() == ["text"] * 6 + ["ocr"] * 5
    assert parsed.rows["confidence"].tolist()[-1] == 0.9 and parsed.rows["bbox"].iloc[-1] == "80,190,500,208"
    assert parsed.missing_rows == 1 and "rows missing: No. 9" in parsed.rejects["reason"].iloc[0]
    assert "page 2: read by OCR" in parsed.skipped


def test_a_running_title_on_pages_without_a_repeated_header_is_not_glued_to_names():
    from reportlab.lib.pagesizes import A4

    def title(canvas, doc):  # drawn at the top of every page, inside the table's columns
        canvas.setFont("Helvetica", 9)
        canvas.drawString(150, A4[1] - 60, "Keputusan Menteri PANRB Nomor 663 Tahun 2024")

    content = lampiran_pdf(numbered(), rows_per_page=None, ruled=False, repeat_header=False, on_page=title, padding=30)
    parsed = parse_lampiran_pdf(content, year=2024, source_url=URL)
    assert parsed.pages >= 3
    ok, rejected, _ = outcome(parsed)
    assert ok == EXPECTED and not rejected
