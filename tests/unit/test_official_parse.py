import pytest

from spbe.domain.instansi import gazetteer
from spbe.sources.official.facts import build_official_facts
from spbe.sources.official.parse import LampiranError, parse_lampiran_html, parse_lampiran_pdf
from tests.lampiran_builder import lampiran_html, lampiran_pdf

URL = "https://jdih.menpan.go.id/storage/lampiran.pdf"
LONG = "Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan"
ROWS = [
    ("1", "Kementerian Koordinator Bidang Politik, Hukum dan Keamanan", "3,01", "Baik"),
    ("2", LONG, "3,72", "Sangat Baik"),
    ("3", "Pemerintah Provinsi Lampung", "3,10", "Baik"),
    ("4", "Pemerintah Kabupaten Pesawaran", "3,49", "Baik"),
    ("5", "Pemerintah Kota Pangkalpinang", "2,87", "Baik"),
    ("6", "Pemerintah Aceh", "2,50", "Cukup"),
] + [(str(7 + i), f"Pemerintah Kabupaten {n}", "2,6" + str(i), "Baik") for i, n in enumerate(["Bogor", "Bekasi", "Sorong"])]


def test_pdf_rows_survive_wrapping_repeated_headers_and_decimal_commas():
    parsed = parse_lampiran_pdf(lampiran_pdf(ROWS, rows_per_page=4), year=2023, source_url=URL)
    rows = parsed.rows
    assert parsed.pages >= 3  # header repeated on each page
    assert len(rows) == len(ROWS)
    assert not rows["published_name"].str.contains("Nama Instansi").any()
    assert rows.loc[1, "published_name"] == LONG  # wrapped over two lines in its cell
    assert rows["index_text"].tolist()[:3] == ["3,01", "3,72", "3,10"]
    assert rows["page"].tolist()[:5] == [1, 1, 1, 1, 2]
    facts = build_official_facts(rows, gazetteer()).facts.set_index("instansi_id")
    assert facts.loc["18.09", "index_value"] == 3.49
    assert facts.loc["19.71", "instansi_name"] == "Kota Pangkal Pinang"
    assert facts.loc["11", "instansi_type"] == "provinsi"
    assert facts.loc["kemenko-pmk", "published_name"] == LONG


def test_pdf_name_wrapped_onto_a_line_of_its_own_is_joined():
    # Some decrees print the rest of a long name on a separate table line with empty cells.
    rows = [("1", "Pemerintah Kabupaten Kepulauan Siau", "2,80", "Baik"), ("", "Tagulandang Biaro", "", ""), ("2", "Pemerintah Kota Bogor", "3,12", "Baik")]
    parsed = parse_lampiran_pdf(lampiran_pdf(rows), year=2023, source_url=URL)
    assert parsed.rows["published_name"].tolist() == ["Pemerintah Kabupaten Kepulauan Siau Tagulandang Biaro", "Pemerintah Kota Bogor"]
    facts = build_official_facts(parsed.rows, gazetteer()).facts
    assert set(facts["instansi_id"]) == {"71.09", "32.71"}


def test_malformed_rows_are_rejected_with_their_location_never_dropped():
    rows = ROWS[:3] + [
        ("4", "Pemerintah Kabupaten Pesawaran", "3,4,9", "Baik"),
        ("5", "Pemerintah Kabupaten Antah Berantah", "2,50", "Cukup"),
        ("6", "Pemerintah Kota Bogor", "N/A", ""),
        ("7", "Pemerintah Kota Bekasi", "35", "Baik"),
        ("8", "Pemerintah Kabupaten Paser", "2,90", "Sangat Baik"),
        ("9", "Pemerintah Kabupaten Bogor", "2,95", "Baik"),
        ("10", "Pemerintah Kabupaten Bogor", "2,95", "Baik"),
        ("11", "Pemerintah Kota Sorong", "2,10", "Cukup"),
        ("12", "Pemerintah Kota Sorong", "2,30", "Cukup"),
    ]
    parsed = parse_lampiran_pdf(lampiran_pdf(rows, rows_per_page=5), year=2023, source_url=URL)
    assert len(parsed.rows) == 12
    result = build_official_facts(parsed.rows, gazetteer())
    rejected = result.rejected.set_index("row_number")
    assert "3,4,9" in rejected.loc[4, "reason"] and rejected.loc[4, "page"] == 1
    assert "unknown instansi name" in rejected.loc[5, "reason"] and rejected.loc[5, "page"] == 1
    assert "N/A" in rejected.loc[6, "reason"] and rejected.loc[6, "page"] == 2
    assert "outside" in rejected.loc[7, "reason"] or "not an index" in rejected.loc[7, "reason"]
    assert "duplicate of" in rejected.loc[10, "reason"] and "row 9" in rejected.loc[10, "reason"]
    assert "conflicting values" in rejected.loc[11, "reason"] and "conflicting values" in rejected.loc[12, "reason"]
    flagged = result.flagged.set_index("row_number")
    assert "contradicts index 2.90" in flagged.loc[8, "reason"]
    loaded = set(result.facts["row_number"])
    # every row is accounted for exactly once as loaded or rejected
    assert loaded | set(rejected.index) == set(range(1, 13)) and not loaded & set(rejected.index)
    assert result.facts.set_index("instansi_id").loc["64.01", "predikat"] == "Sangat Baik"  # as published


def test_html_table_is_found_among_layout_tables():
    parsed = parse_lampiran_html(lampiran_html(ROWS), year=2018, source_url="https://www.menpan.go.id/x")
    assert len(parsed.rows) == len(ROWS) and parsed.rows["page"].isna().all()
    facts = build_official_facts(parsed.rows, gazetteer()).facts
    assert len(facts) == len(ROWS)


def test_layout_change_and_non_pdf_fail_with_url():
    with pytest.raises(LampiranError, match="not a PDF"):
        parse_lampiran_pdf(b"<html>error</html>", year=2023, source_url=URL)
    import io

    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(100, 700, "Pengumuman: lampiran menyusul")
    c.save()
    with pytest.raises(LampiranError, match=r"lampiran\.pdf.*no lampiran table"):
        parse_lampiran_pdf(buf.getvalue(), year=2023, source_url=URL)
    with pytest.raises(LampiranError, match="no table"):
        parse_lampiran_html("<table><tr><td>x</td></tr></table>", year=2018, source_url="https://www.menpan.go.id/x")
