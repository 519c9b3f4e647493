"""Issue 21: a text layer is evidence, not truth. A font whose map swaps digits is refused; a scan's
invisible text layer is compared with the image and what disagrees is rejected. Each ran red before
(the lying values loaded as ok)."""

from __future__ import annotations

import pytest

from spbe.domain.instansi import gazetteer
from spbe.sources.official.facts import build_official_facts
from spbe.sources.official.parse import LampiranError, parse_lampiran_pdf
from tests.integration.test_ocr_scans import engine  # noqa: F401 - the fixture
from tests.lying_builder import hidden_layer_scan, lying_font_pdf, tesseract_layer_scan
from tests.scanned_builder import foreign_text_pdf
from tests.unit.test_lampiran_variants import EXPECTED, URL, numbered, outcome


def test_a_font_whose_map_swaps_two_digits_refuses_the_document(engine):  # noqa: F811
    content = lying_font_pdf(numbered(), swap=("8", "9"))
    with pytest.raises(LampiranError) as caught:
        parse_lampiran_pdf(content, year=2024, source_url=URL)
    message = str(caught.value)
    assert message.startswith(URL) and "the text layer disagrees with the page as drawn" in message
    assert "text '3,91', drawn '3,81'" in message or "text '2,85', drawn '2,95'" in message, message


def test_an_honest_embedded_font_loads_and_says_it_was_checked(engine):  # noqa: F811
    parsed = parse_lampiran_pdf(lying_font_pdf(numbered(), swap=None), year=2024, source_url=URL)
    ok, rejected, _ = outcome(parsed)
    assert ok == EXPECTED and not rejected
    assert any(n.startswith("text layer checked against the drawing") and ", 0 disagree" in n for n in parsed.skipped)


def test_many_contradicting_predikat_widen_the_sample_to_those_rows(engine):  # noqa: F811
    rows = numbered()
    for i in (1, 4, 7, 10):  # printed so: the drawing agrees with the text, the flags stand
        no, name, value, _ = rows[i]
        rows[i] = (no, name, value, "Kurang")
    from tests.lampiran_builder import lampiran_pdf

    parsed = parse_lampiran_pdf(lampiran_pdf(rows), year=2024, source_url=URL)
    note = next(n for n in parsed.skipped if n.startswith("text layer checked"))
    assert "4 rows whose predikat contradicts the value: sampled first" in note and ", 0 disagree" in note
    result = build_official_facts(parsed.rows, gazetteer(), parsed.rejects)
    assert len(result.flagged) == 4 and len(result.facts) == len(EXPECTED)


def test_a_lying_font_on_contradicting_rows_is_caught(engine):  # noqa: F811
    """Digits 3 and 4 swapped: 3,12 'Baik' reads 4,12 'Baik', a contradiction on many rows."""
    with pytest.raises(LampiranError, match="the text layer disagrees with the page as drawn"):
        parse_lampiran_pdf(lying_font_pdf(numbered(), swap=("3", "4")), year=2024, source_url=URL)


def test_a_scan_whose_invisible_layer_disagrees_with_the_image_rejects_those_rows(engine):  # noqa: F811
    content = hidden_layer_scan(foreign_text_pdf(numbered()), lie={"3,81": "3,18", "2,95": "2,59"})
    parsed = parse_lampiran_pdf(content, year=2024, source_url=URL)
    assert parsed.ocr_pages == [1]  # before: the hidden layer was read as the text, 3,18 loaded as ok
    ok, rejected, _ = outcome(parsed)
    lies = [r for r in rejected if r.startswith("hidden_layer_disagrees")]
    assert len(lies) == 2 and "reads '3,81' where its invisible text layer reads '3,18'" in lies[0]
    assert "Kementerian Keuangan" not in ok and "Pemerintah Kabupaten Bogor" not in ok
    assert any("scan with an invisible text layer" in n for n in parsed.skipped)


def test_tesseracts_own_hidden_layer_is_compared_never_trusted_blindly(engine):  # noqa: F811
    content = tesseract_layer_scan(foreign_text_pdf(numbered()))
    parsed = parse_lampiran_pdf(content, year=2024, source_url=URL)
    assert parsed.ocr_pages == [1]
    ok, _, _ = outcome(parsed)  # every ok value right, the rest rejected with a reason
    assert len(ok) >= 0.8 * len(EXPECTED)
    note = next(n for n in parsed.skipped if "invisible text layer" in n)
    assert "row value(s) compared with the hidden text" in note
