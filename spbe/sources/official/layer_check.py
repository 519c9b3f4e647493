"""A text layer is evidence, not truth: its index cells are checked against the page as drawn.

A font's character map can lie (a map that swaps two digits loaded 3,98 as 3,89 on 40 rows), and
nothing in the text says so. The drawing does: a sample of index cells is rendered (pypdfium2)
and read digits-only by OCR, all in one engine call. The sample is small, so the text path stays
fast: SAMPLE_CELLS cells spread over the document. It grows (WIDE_SAMPLE) only when a cheap signal
asks: many predikat that contradict their value (the contradicting rows are sampled first), or
characters the text layer could not map to Unicode.

- No disagreement: the layer stands.
- Disagreements that are systematic (at least two, and at least SYSTEMATIC_SHARE of the cells that
  read cleanly): the document is refused, naming the cells.
- An isolated disagreement: that row is rejected, the rest stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
from PIL import Image

from spbe.domain.numbers import ValueParseError, parse_index_value
from spbe.domain.predikat import normalize_predikat, predikat_for

SAMPLE_CELLS = 12
WIDE_SAMPLE = 40
DIGIT_COVER = 2  # every digit glyph of the index column is read in at least this many sampled cells
SYSTEMATIC_SHARE = 0.1
CONTRADICTION_SIGNAL = 0.05  # share of rows whose predikat contradicts the value that widens the sample
RENDER_DPI = 300
_VALUE = re.compile(r"^\d[.,]\d\d$")

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points (pdfplumber's frame)


@dataclass
class LayerVerdict:
    sampled: int = 0  # cells read cleanly by OCR and compared
    disagreements: list[dict] = field(default_factory=list)  # {row_number, page, layer, drawn}
    refusal: str | None = None  # set when the layer is not trusted at all
    note: str = ""


def _contradicts(row: dict) -> bool:
    try:
        value = parse_index_value(row.get("index_text"))
    except ValueParseError:
        return False
    published = normalize_predikat(row.get("predikat_text"))
    return published is not None and published != predikat_for(value, int(row["year"]))


def choose_sample(rows: pd.DataFrame, *, unmapped_chars: int) -> tuple[list[dict], str]:
    """The rows whose index cell is read from the drawing, and why this many."""
    text = [r for r in rows.to_dict("records") if r.get("method") == "text" and r.get("index_text")]
    if not text:
        return [], "no text-layer rows"
    contradicting = [r for r in text if _contradicts(r)]
    size, why = SAMPLE_CELLS, f"{SAMPLE_CELLS} cells spread over the document"
    if len(contradicting) >= 3 and len(contradicting) >= CONTRADICTION_SIGNAL * len(text):
        size, why = WIDE_SAMPLE, f"{len(contradicting)} rows whose predikat contradicts the value: sampled first"
    elif unmapped_chars:
        size, why = WIDE_SAMPLE, f"{unmapped_chars} characters without a Unicode mapping in the text layer"
    picked = contradicting[:size] if size == WIDE_SAMPLE else []
    rest = [r for r in text if r not in picked]
    want = min(size - len(picked), len(rest))
    if want > 0:
        step = len(rest) / want
        picked += [rest[int(i * step)] for i in range(want)]
    added = _cover_digits(text, picked)
    if added:
        why += f", and {added} more so that every digit the column prints is read at least {DIGIT_COVER} times"
    return picked, why


def _cover_digits(text: list[dict], picked: list[dict]) -> int:
    """Add rows to `picked` until every digit the index column uses is in DIGIT_COVER sampled cells
    (or in all the cells that have it). A lying map swaps glyphs, whichever rows they are in: a
    sample spread evenly missed two digits that only three rows used (two wrong values loaded),
    and a glyph read once is an isolated disagreement, not a systematic one."""
    added = 0
    for digit in "0123456789":
        having = [r for r in text if digit in _digits(r["index_text"])]
        short = min(DIGIT_COVER, len(having)) - sum(1 for r in picked if digit in _digits(r["index_text"]))
        for row in (r for r in having if r not in picked):
            if short <= 0:
                break
            picked.append(row)
            added += 1
            short -= 1
    return added


def _cell_box(row: dict, boxes: dict[int, list[tuple[str, Box]]]) -> Box | None:
    """The index cell of a row: the value word on its page with its text, inside the row's band."""
    page = int(row["page"])
    top, bottom = (float(v) for v in row["bbox"].split(",")[1::2]) if row.get("bbox") else (None, None)
    for text, box in boxes.get(page, []):
        if text != row["index_text"]:
            continue
        centre = (box[1] + box[3]) / 2
        if top is None or top - 1 <= centre <= bottom + 1:
            return box
    return None


def _render_cells(content: bytes, cells: list[tuple[int, Box]]) -> list[Image.Image]:
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    try:
        images = []
        for page_no, (x0, top, x1, bottom) in cells:
            page = document[page_no - 1]
            try:
                width, height = page.get_size()
                pad = 2.0
                crop = (max(x0 - pad, 0), max(height - bottom - pad, 0), max(width - x1 - pad, 0), max(top - pad, 0))
                images.append(page.render(scale=RENDER_DPI / 72, crop=crop, grayscale=True).to_pil().convert("L"))
            finally:
                page.close()
        return images
    finally:
        document.close()


def read_drawn(images: list[Image.Image], language: str = "eng") -> list[tuple[str, float] | None]:
    """Digits-only OCR of cell images, one engine call for all: the cells stacked on one sheet,
    each on its own line. English first; the Indonesian model gives the second opinion (English
    reads Helvetica's 5 as 0 in some cells, Indonesian its 7 as 1: a disagreement must survive both)."""
    from spbe.sources.official.ocr import read_stacked_digits

    return read_stacked_digits(images, psm=6, language=language)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def cross_check(content: bytes, rows: pd.DataFrame, boxes: dict[int, list[tuple[str, Box]]], *, unmapped_chars: int = 0) -> LayerVerdict:
    from spbe.sources.official.ocr import engine_problem

    problem = engine_problem()
    if problem:
        return LayerVerdict(note=f"text layer not checked against the drawing: {problem}")
    picked, why = choose_sample(rows, unmapped_chars=unmapped_chars)
    located = [(r, box) for r in picked if (box := _cell_box(r, boxes)) is not None]
    if not located:
        return LayerVerdict(note=f"text layer not checked against the drawing: no index cell located ({why})")
    images = _render_cells(content, [(int(r["page"]), box) for r, box in located])
    drawn = read_drawn(images)
    verdict = LayerVerdict()
    differ = []
    for i, ((row, _), read) in enumerate(zip(located, drawn, strict=True)):
        if not read or not _VALUE.match(read[0]):
            continue  # an unclear read proves nothing either way
        verdict.sampled += 1
        if _digits(read[0]) != _digits(row["index_text"]):
            differ.append((i, row, read[0]))
    # A disagreement stands only when a second read, by another model, also reads other digits.
    second = read_drawn([images[i] for i, _, _ in differ], language="ind") if differ else []
    for (_, row, first), again in zip(differ, second, strict=True):
        if again and _VALUE.match(again[0]) and _digits(again[0]) != _digits(row["index_text"]):
            verdict.disagreements.append({"row_number": int(row["row_number"]), "page": int(row["page"]),
                                          "no": row.get("published_no"), "layer": row["index_text"], "drawn": first})
    verdict.note = (f"text layer checked against the drawing: {verdict.sampled} index cells read by OCR ({why}),"
                    f" {len(verdict.disagreements)} disagree")
    shown = "; ".join(f"page {d['page']} No. {d['no']}: text '{d['layer']}', drawn '{d['drawn']}'" for d in verdict.disagreements[:5])
    if len(verdict.disagreements) >= 2 and len(verdict.disagreements) >= SYSTEMATIC_SHARE * verdict.sampled:
        verdict.refusal = (f"the text layer disagrees with the page as drawn in {len(verdict.disagreements)} of"
                           f" {verdict.sampled} index cells read by OCR ({shown}); a font whose character map lies:"
                           " no value of this text layer is trusted")
    return verdict


def doubt_reason(disagreement: dict) -> str:
    return (f"text_layer_disagrees: the text layer reads {disagreement['layer']!r} where the page as drawn reads"
            f" {disagreement['drawn']!r} (OCR of the rendered cell)")


def compare_hidden(lines: list, words: list[dict]) -> tuple[list, int]:
    """OCR'd lines of a scan that carries an invisible text layer (a scanner's own OCR), checked
    against that layer: a row whose value the image and the hidden text read differently gets a
    doubt (the row is rejected). (lines, rows compared)."""
    from dataclasses import replace

    hidden = [(w["text"], (w["top"] + w["bottom"]) / 2) for w in words if _VALUE.match(w["text"])]
    out, compared = [], 0
    for line in lines:
        value = next((c.strip() for c in line.cells if _VALUE.match((c or "").strip())), None)
        if line.bbox is None or value is None:
            out.append(line)
            continue
        near = [text for text, y in hidden if line.bbox[1] - 3 <= y <= line.bbox[3] + 3]
        if not near:
            out.append(line)
            continue
        compared += 1
        if any(_digits(text) == _digits(value) for text in near):
            out.append(line)
        else:
            doubt = (f"hidden_layer_disagrees: the page image reads {value!r} where its invisible text layer reads"
                     f" {' / '.join(repr(t) for t in near)}")
            out.append(replace(line, doubt=doubt))
    return out, compared
