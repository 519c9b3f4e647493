"""Checks that an OCR'd row must pass to be loaded: OCR is never allowed to be silently wrong.

A row from the text layer that disagrees with itself is loaded as published and flagged (the
decree said so). A row from OCR that disagrees with itself is more likely misread than misprinted,
so it is rejected, with the page and box a human needs to look at the scan:
- the index reads exactly as d,dd (the two reads of the cell agreed; see ocr_table._merge_read);
- the confidence of the row's weakest deciding word reaches OCR_MIN_CONFIDENCE;
- the predikat read is the band of the value read, under the bands of the row's evaluation year
  (`ocr_band_mismatch`; SPBE and PemDI bands differ); a row without a predikat (a table without
  that column) has nothing to confirm its value (`ocr_no_second_signal`).
"""

from __future__ import annotations

import re

from spbe.domain.predikat import normalize_predikat, predikat_for
from spbe.sources.official.table_lines import crop_reference

# Tesseract's word confidence (0-1 here). Rows of the mirror's scans read at 0.60 and above; the
# values of those rows are still cross-checked by a second read and by the band.
OCR_MIN_CONFIDENCE = 0.5
# The printed shape. A point for the comma is accepted: at 200 dpi the comma's tail is a pixel or
# two and Tesseract reads it as a point; the digits, which carry the value, are unchanged.
_OCR_VALUE = re.compile(r"^[1-5][,.]\d\d$")


def value_shape_ok(text: str | None) -> bool:
    """The index as read has the printed shape an OCR'd row needs to load (d,dd within 1-5)."""
    return bool(_OCR_VALUE.match((text or "").strip()))


def crop_of(raw: dict) -> str:
    """The crop reference of a raw row: page and bounding box in PDF points."""
    box = raw.get("bbox")
    bbox = tuple(float(v) for v in box.split(",")) if isinstance(box, str) and box else None
    page = raw.get("page")
    return crop_reference(int(page) if page == page and page is not None else None, bbox)


def ocr_problem(raw: dict, value: float | None) -> str | None:
    """Why an OCR'd row must not be loaded, or None. `value` is the parsed index (None if unparsable)."""
    if raw.get("method") != "ocr":
        return None
    text = (raw.get("index_text") or "").strip()
    if value is None or not _OCR_VALUE.match(text):
        return f"ocr_value_unreadable: index read as {text!r}, not d,dd within 1-5"
    confidence = raw.get("confidence")
    if confidence is None or confidence != confidence or confidence < OCR_MIN_CONFIDENCE:
        return f"ocr_low_confidence: row read with confidence {confidence} (threshold {OCR_MIN_CONFIDENCE})"
    published = normalize_predikat(raw.get("predikat_text"))
    expected = predikat_for(value, int(raw["year"]))
    if not (raw.get("predikat_text") or "").strip():
        # No predikat on the row (or no predikat column): nothing confirms the value OCR read.
        return (f"ocr_no_second_signal: no predikat read on this row, so nothing confirms the index read as {text!r}"
                f" (band {expected!r}); a scanned value needs its predikat to load")
    if published != expected:
        return (
            f"ocr_band_mismatch: predikat read as {raw.get('predikat_text')!r} but the index read as {text!r}"
            f" is in band {expected!r}"
        )
    return None
