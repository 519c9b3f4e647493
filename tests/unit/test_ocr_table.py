"""OCR without the engine: the table rebuilt from word boxes, and the checks an OCR'd row must pass."""

import pandas as pd

from schemas import RawOfficialRow
from spbe.domain.instansi import gazetteer
from spbe.sources.official.facts import build_official_facts
from spbe.sources.official.ocr_table import Word, table_lines_from_words

H = 30  # word height in pixels (a 9.5 pt line at 300 dpi)


def words(y: int, *items: tuple[int, str], conf: float = 95) -> list[Word]:
    """Words on one line at height y: (x, text); each word as wide as 20 px per character."""
    return [Word(text, conf, x, y, x + 20 * len(text), y + H) for x, text in items]


HEADER = words(300, (100, "No."), (500, "Nama"), (620, "Instansi"), (1250, "Indeks"), (1550, "Predikat"))


def page_words() -> list[Word]:
    """A title, the header, a one-line row, a row whose name wraps around a centred value, a
    signature block and a footer, as OCR boxes."""
    return (
        words(100, (400, "LAMPIRAN"), (620, "KEPUTUSAN"), (860, "MENTERI"))
        + HEADER
        + words(400, (110, "1."), (250, "Pemerintah"), (480, "Provinsi"), (660, "Lampung"), (1270, "3,10"), (1500, "Baik"))
        # Name over two lines (y 470 and 510), No., value and predikat centred between them (y 490).
        + words(470, (250, "Kementerian"), (490, "Koordinator"), (730, "Bidang"), (880, "Pembangunan"))
        + words(490, (110, "2."), (1270, "3,72"), (1500, "Sangat"), (1640, "Baik"))
        + words(510, (250, "Manusia"), (420, "dan"), (500, "Kebudayaan"))
        + words(600, (110, "3."), (250, "Pemerintah"), (480, "Kabupaten"), (700, "Pesawaran"), (1270, "2,91"), (1500, "Baik"))
        + words(800, (900, "Ditetapkan"), (1120, "di"), (1180, "Jakarta"))
        + words(850, (900, "pada"), (1000, "tanggal"), (1160, "11"), (1220, "Januari"), (1380, "2024"))
        + words(3300, (150, "Lampiran"), (330, "Keputusan"), (1400, "Halaman"), (1560, "2"), (1600, "dari"), (1700, "9"))
    )


def test_columns_come_from_the_header_and_wrapped_names_join_their_row():
    table = table_lines_from_words(page_words(), rules=[], page=2)
    assert [m for m, _, _ in table.layout.bands] == ["no", "name", "index", "predikat"]
    header, *rows = table.lines
    assert header.cells == ["No.", "Nama Instansi", "Indeks", "Predikat"]
    assert [r.cells for r in rows] == [
        ["1.", "Pemerintah Provinsi Lampung", "3,10", "Baik"],
        ["2.", "Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan", "3,72", "Sangat Baik"],
        ["3.", "Pemerintah Kabupaten Pesawaran", "2,91", "Baik"],
    ]
    assert all(r.method == "ocr" and r.page == 2 and r.confidence == 0.95 for r in rows)
    assert rows[1].bbox == (110, 470, 1720, 540)  # the whole row: both name lines, value and predikat


def test_titles_signature_and_footer_are_dropped_but_listed():
    skipped = " | ".join(table_lines_from_words(page_words(), rules=[], page=2).skipped)
    assert "above the table: 'LAMPIRAN KEPUTUSAN MENTERI'" in skipped
    assert "after the table: 'Ditetapkan di Jakarta'" in skipped
    assert "Halaman 2 dari 9" in skipped


def test_a_ruling_line_decides_which_row_a_name_line_belongs_to():
    # Top-aligned cells: the second name line is as near the next row's No. as its own.
    ws = (
        HEADER
        + words(400, (110, "1."), (250, "Pemerintah"), (480, "Kabupaten"), (700, "Kepulauan"), (1270, "2,80"), (1500, "Baik"))
        + words(440, (250, "Siau"), (360, "Tagulandang"), (620, "Biaro"))
        + words(480, (110, "2."), (250, "Pemerintah"), (480, "Kota"), (600, "Bogor"), (1270, "3,12"), (1500, "Baik"))
    )
    table = table_lines_from_words(ws, rules=[(474, 80, 1800)], page=1)
    assert [r.cells[1] for r in table.lines[1:]] == [
        "Pemerintah Kabupaten Kepulauan Siau Tagulandang Biaro",
        "Pemerintah Kota Bogor",
    ]


def test_a_page_without_header_keeps_the_previous_columns_and_the_focused_read_wins():
    first = table_lines_from_words(page_words(), rules=[], page=1)
    ws = words(200, (110, "4."), (250, "Pemerintah"), (480, "Kota"), (600, "Bandar"), (760, "Lampung"), (1270, "2.1l"), (1500, "Cukup"))
    reads = []

    def reread(boxes, attempt):
        reads.extend(boxes)
        return [("4.", 90.0), ("2,11", 93.0)]

    table = table_lines_from_words(ws, rules=[], page=2, layout=first.layout, reread=reread)
    assert table.lines[0].cells == ["4.", "Pemerintah Kota Bandar Lampung", "2,11", "Cukup"]
    assert len(reads) == 2  # the No. and the Indeks cell of the one row
    assert table.lines[0].confidence == 0.93  # the re-read value (93); the No. (90) does not count


def test_a_third_read_settles_two_that_disagree_only_by_siding_with_one_of_them():
    first = table_lines_from_words(page_words(), rules=[], page=1)
    ws = words(200, (110, "4."), (250, "Pemerintah"), (480, "Kota"), (600, "Metro"), (1270, "2,13"), (1500, "Cukup"))
    attempts = []

    def reread(boxes, attempt):
        attempts.append((attempt, len(boxes)))
        return [("4.", 95.0), ("2,73", 96.0)] if attempt == 0 else [("2,73", 91.0)]

    table = table_lines_from_words(ws, rules=[], page=2, layout=first.layout, reread=reread)
    assert table.lines[0].cells[2] == "2,73" and attempts == [(0, 2), (1, 1)]


def test_two_clean_reads_of_a_value_that_disagree_are_both_kept_so_the_row_is_rejected():
    first = table_lines_from_words(page_words(), rules=[], page=1)
    ws = words(200, (110, "4."), (250, "Pemerintah"), (480, "Kota"), (600, "Metro"), (1270, "2,13"), (1500, "Cukup"))
    table = table_lines_from_words(ws, rules=[], page=2, layout=first.layout, reread=lambda b, attempt: [("4.", 95.0), ("2,73", 96.0)] if attempt == 0 else [("2,74", 90.0)])
    assert table.lines[0].cells[2] == "2,73 / 2,13"


def raw(index_text, predikat, confidence=0.93, method="ocr", name="Pemerintah Kabupaten Pesawaran"):
    row = {"year": 2022, "source_url": "https://jdih.example/l.pdf", "page": 4, "row_number": 1, "published_no": "1",
           "published_name": name, "index_text": index_text, "predikat_text": predikat, "method": method,
           "confidence": confidence if method == "ocr" else None, "bbox": "85,410,510,446" if method == "ocr" else None}
    return RawOfficialRow.validate(pd.DataFrame([row]))


def test_ocr_row_whose_predikat_is_not_the_band_of_its_value_is_rejected_with_a_crop_reference():
    result = build_official_facts(raw("3,49", "Sangat Baik"), gazetteer())
    assert result.facts.empty
    reason = result.rejected["reason"].iloc[0]
    assert reason.startswith("ocr_band_mismatch") and "'Sangat Baik'" in reason and "'Baik'" in reason
    assert "page 4, bbox 85,410,510,446 pt" in reason
    assert result.rejected["page"].iloc[0] == 4
    # The same row from a text layer is loaded as published and flagged: the decree said so.
    text = build_official_facts(raw("3,49", "Sangat Baik", method="text"), gazetteer())
    assert len(text.facts) == 1 and "contradicts" in text.flagged["reason"].iloc[0]


def test_ocr_row_below_the_confidence_threshold_or_not_reading_d_dd_is_rejected():
    low = build_official_facts(raw("3,49", "Baik", confidence=0.31), gazetteer()).rejected["reason"].iloc[0]
    assert low.startswith("ocr_low_confidence") and "0.31" in low
    for bad in ("349", "3,4", "3,49 / 3,19", "7,49"):
        reason = build_official_facts(raw(bad, "Baik"), gazetteer()).rejected["reason"].iloc[0]
        assert reason.startswith("ocr_value_unreadable"), (bad, reason)
    ok = build_official_facts(raw("3,49", "Baik"), gazetteer())
    assert ok.facts["index_value"].tolist() == [3.49] and ok.rejects.empty


def test_an_ocr_row_without_a_predikat_is_rejected_saying_nothing_confirms_its_value():
    """A scanned table without a predikat column: the reason says what is missing (before:
    "predikat read as None but ...", as if a predikat had been misread)."""
    result = build_official_facts(raw("3,49", None), gazetteer())
    assert result.facts.empty
    reason = result.rejected["reason"].iloc[0]
    assert reason.startswith("ocr_no_second_signal: no predikat read on this row") and "'3,49'" in reason, reason
