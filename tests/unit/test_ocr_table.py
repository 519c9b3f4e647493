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


# The digits pass on a sample of pages and where a cheap signal asks for it (ocr_table.DigitSample).
def band_2022(value: float):
    from spbe.domain.predikat import predikat_for

    return predikat_for(value, 2022)


def one_row(value: str, predikat: str, conf: float = 95) -> list[Word]:
    return (words(200, (110, "4."), (250, "Pemerintah"), (480, "Kota"), (600, "Metro"))
            + words(200, (1270, value), conf=conf) + words(200, (1500, predikat)))


def read_with(ws, page: int, sample, second: str = "2,13", third: str | None = None):
    from spbe.sources.official.ocr_table import DigitSample  # noqa: F401 - the type the tests hand in

    first = table_lines_from_words(page_words(), rules=[], page=1)
    calls = []

    def reread(boxes, attempt):
        calls.append(attempt)
        return [("4.", 95.0), (second, 96.0)] if attempt == 0 else [(third or second, 93.0)]

    return table_lines_from_words(ws, rules=[], page=page, layout=first.layout, reread=reread, sample=sample), calls


def test_an_unsampled_page_read_cleanly_surely_and_in_band_gets_no_digits_pass():
    from spbe.sources.official.ocr_table import DigitSample

    table, calls = read_with(one_row("2,13", "Cukup"), page=2, sample=DigitSample(band=band_2022))
    assert calls == [] and table.digits_read is None and table.lines[0].cells[2] == "2,13"


def test_each_cheap_signal_asks_for_the_digits_pass_and_the_digits_read_wins():
    """A value read below SURE_CONFIDENCE, a predikat not the band of the value, a value not d,dd,
    a No. that is not a number: each sends its page to the digits pass (else it is wrongly loaded:
    2,18 read as 2,13 is in the same band)."""
    from spbe.sources.official.ocr_table import SURE_CONFIDENCE, DigitSample

    sample = DigitSample(band=band_2022)
    cases = {
        "confidence": one_row("2,13", "Cukup", conf=SURE_CONFIDENCE - 1),
        "band": one_row("2,13", "Baik"),
        "shape": one_row("2.1B", "Cukup"),
        "No.": [w if w.text != "4." else Word("4,", 95, w.x0, w.y0, w.x1, w.y1) for w in one_row("2,13", "Cukup")],
    }
    for signal, ws in cases.items():
        table, calls = read_with(ws, page=2, sample=sample, second="2,18", third="2,18")
        assert table.digits_read and calls[:1] == [0], signal
        assert table.lines[0].cells[2] == "2,18", signal
        assert table.disputes == 0, signal  # a flagged value that was misread: the signals work, no alarm


def test_sampled_pages_and_the_alarm_a_confident_misread_raises():
    """Pages 1, 5, 9, ... are read twice whatever the signals; a sampled value read cleanly, surely
    and in band that the digits pass contradicts is the alarm: the readers then read every page."""
    from spbe.sources.official import ocr
    from spbe.sources.official.ocr_table import DigitSample

    sample = DigitSample(band=band_2022)
    for page in (1, 5, 9):
        table, calls = read_with(one_row("2,13", "Cukup"), page=page, sample=sample, second="2,18", third="2,18")
        assert table.digits_read == "sampled page" and table.lines[0].cells[2] == "2,18" and table.disputes == 1
    table, calls = read_with(one_row("2,13", "Cukup"), page=6, sample=DigitSample(band=band_2022, all_pages=True))
    assert calls == [0] and table.digits_read.startswith("a confident value read was contradicted")
    # The readers' side: a page read ahead without the pass after the alarm is read again.
    page = ocr.OcrPage(table.lines, [], table.layout, 0.0, digits_read=None)
    assert ocr.missed_digits(page, all_digits=True) and not ocr.missed_digits(page, all_digits=False)
    assert ocr.digit_sample(2022, False).band(2.13) == "Cukup"


def test_a_page_sent_by_a_signal_has_only_its_signalled_rows_read_again():
    """The digits pass reads the cells of the rows a signal names, and of rows whose No. the page
    read missed, not the whole page (the engine's time grows with the cells on its sheet); a
    sampled page still has every row read, since that is how misreads with no signal are found.
    Fails if a signal sends the whole page, or if a row without its No. is left unread (a section
    restarting at 1 behind a smudge is then misnumbered)."""
    from spbe.sources.official.ocr_table import DigitSample

    first = table_lines_from_words(page_words(), rules=[], page=1)
    quiet = one_row("2,13", "Cukup")
    flagged = [Word(w.text, w.conf, w.x0, w.y0 + 120, w.x1, w.y1 + 120) for w in one_row("2,13", "Baik")]
    no_number = [Word(w.text, w.conf, w.x0, w.y0 + 240, w.x1, w.y1 + 240) for w in one_row("2,13", "Cukup") if w.text != "4."]
    for page, expected in ((2, 4), (5, 6)):  # page 5 is sampled (every 4th from page 1)
        boxes_read: list[int] = []

        def reread(boxes, attempt, boxes_read=boxes_read):
            boxes_read.append(len(boxes))
            return [("4.", 95.0), ("2,18", 96.0)] * (len(boxes) // 2) if attempt == 0 else [("2,18", 93.0)] * len(boxes)

        table = table_lines_from_words(quiet + flagged + no_number, rules=[], page=page, layout=first.layout, reread=reread,
                                       sample=DigitSample(band=band_2022))
        assert boxes_read[0] == expected, (page, boxes_read)
        rows = [line.cells for line in table.lines if line.bbox is not None]
        assert [r[2] for r in rows] == (["2,13", "2,18", "2,18"] if page == 2 else ["2,18"] * 3), (page, rows)
        assert rows[2][0] == "4.", rows


def test_an_ocr_name_with_l_for_i_resolves_only_when_one_body_matches():
    """I and l are one glyph in sans-serif type: 'Ogan Komering llir' is Ogan Komering Ilir when
    read by OCR (never from a text layer, where the letters are what was typed)."""
    gaz = gazetteer()
    name = "Pemerintah Kabupaten Ogan Komering llir"
    assert gaz.candidates(name) == [] and [i.id for i in gaz.ocr_candidates(name)] == ["16.02"]
    assert gaz.ocr_candidates("Pemerintah Kabupaten Tidak Ada") == []
    assert build_official_facts(raw("2,71", "Baik", name=name), gazetteer()).facts["instansi_id"].tolist() == ["16.02"]
    text = build_official_facts(raw("2,71", "Baik", name=name, method="text"), gazetteer())
    assert text.facts.empty and text.rejected["reason"].iloc[0].startswith("unknown instansi name")


def test_a_page_without_a_header_whose_lines_hold_values_is_a_lost_page_not_a_cover():
    """A scan whose first page's header does not read (blurred) has no columns to place its rows in.
    Such a page before the first header read used to count as a title page, and its rows vanished
    without a reject. Lines holding index values make it a problem page (the parser then rejects it
    and counts its rows missing); a cover with a decree's band list (five ranges) stays a cover."""
    from spbe.sources.official.ocr import UNPLACED_ROWS, unplaced_problem

    rows = [w for i in range(8) for w in words(400 + 40 * i, (250, "Pemerintah"), (480, "Kota"), (1270, f"2,{10 + i}"))]
    table = table_lines_from_words(rows, rules=[], page=1)
    assert table.lines == [] and table.layout is None and table.unplaced == 8
    assert "8 line(s) with an index value" in unplaced_problem(table.unplaced)
    bands = [w for i, band in enumerate(("Kurang", "Cukup", "Baik", "Sangat", "Memuaskan"))
             for w in words(400 + 40 * i, (250, band), (480, f"{1 + i},00"), (600, "-"), (640, f"{1 + i},99"))]
    cover = table_lines_from_words(bands, rules=[], page=1)
    assert cover.unplaced == 5 < UNPLACED_ROWS and unplaced_problem(cover.unplaced) is None
