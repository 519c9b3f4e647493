"""Rebuild the lampiran table from OCR word boxes (no engine here: plain geometry, testable alone).

- Visual lines: words grouped by their vertical centre.
- Header: the line whose words read as No. / Nama Instansi / Indeks / Predikat (fuzzy: OCR drops
  and swaps letters). Columns are the x-bands between empty vertical gaps of the rows below it,
  each band named by the header word standing over it. A page without a header (a continuation
  page) keeps the previous page's columns.
- Rows: a line with a number in the No. column or a value in the Indeks column anchors a row; a
  line with only a name is a wrapped part of the nearest anchor not separated from it by a ruling
  line. Names are vertically centred in their cell in most decrees, so a name line may sit above its
  anchor as well as below it.
- Lines above the header (titles) and after the last row (signature block, footer) are dropped,
  and listed in `skipped` so nothing vanishes without a trace.
"""

from __future__ import annotations

import difflib
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from spbe.domain.predikat import normalize_predikat
from spbe.sources.official.table_lines import TableLine

# Column meanings and the header words that name them (lower case, without punctuation).
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "no": ("no", "nomor"),
    "name": ("nama", "instansi", "kementerian/lembaga/pemerintah", "k/l/pemda"),
    "index": ("indeks", "nilai", "skor"),
    "predikat": ("predikat",),
}
_NUMBER = re.compile(r"^\d{1,4}[.,]?$")
_VALUE_LIKE = re.compile(r"^\d[.,]\d{2}$")  # clean enough to lay out the columns with
# What a misread value still looks like ("2.1l", "271", "2,7"), and a day of the month does not.
_VALUE_ISH = re.compile(r"^\D{0,2}\d[.,]\w{1,3}\W?$|^\d{3}$")
_PUNCT_ONLY = re.compile(r"^[\W_]+$")


@dataclass(frozen=True)
class Word:
    text: str
    conf: float  # 0-100, Tesseract's
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class ColumnLayout:
    """Column bands left to right: (meaning, x0, x1); meaning is one of HEADER_WORDS or 'extra'."""

    bands: list[tuple[str, float, float]]
    header: list[str]  # the header text per band, as read

    def column_of(self, word: Word) -> int:
        for i, (_, x0, x1) in enumerate(self.bands):
            if x0 <= word.xc < x1:
                return i
        return 0 if word.xc < self.bands[0][1] else len(self.bands) - 1

    def index_of(self, meaning: str) -> int | None:
        return next((i for i, (m, _, _) in enumerate(self.bands) if m == meaning), None)


@dataclass
class _Line:
    words: list[Word]

    @property
    def y0(self) -> int:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> int:
        return max(w.y1 for w in self.words)

    @property
    def yc(self) -> float:
        return statistics.median(w.yc for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in sorted(self.words, key=lambda w: w.x0))


@dataclass
class OcrTable:
    lines: list[TableLine]
    skipped: list[str] = field(default_factory=list)
    layout: ColumnLayout | None = None
    digits_read: str | None = None  # why the page's numeric cells were read a second time (None: they were not)
    disputes: int = 0  # values read with no signal whose two clean reads disagreed (the sample's alarm: DigitSample)
    unplaced: int = 0  # lines holding an index value that no columns were known to place (no header read)


# Below this Tesseract word confidence (0-100) a value read on the page asks for the digits pass.
SURE_CONFIDENCE = 90


@dataclass(frozen=True)
class DigitSample:
    """Which pages get the digits pass (`_reread_cells`): one engine run a page, most of it Tesseract
    loading its model, so a page is read a second time only when something asks for it:
    - the sample: pages 1, 1 + every, 1 + 2 * every, ...;
    - a cheap signal on one of its rows: a value or No. that does not read cleanly (d,dd; a
      number), a value read below SURE_CONFIDENCE, a predikat that is not the band of the value
      read (`band`: the evaluation year's bands);
    - `all_pages`: on a page before, the digits pass contradicted a value the page read had read
      cleanly, confidently and in its predikat's band (no signal): the signals miss misreads in
      this document, so every page from then on.
    A sampled page (and every page once the alarm is raised) has all its No. and Indeks cells read
    again: that is how the sample finds misreads the signals miss. A page sent by a signal has only
    its signalled rows read, and those whose No. the page read missed (`rows_to_read`): the
    engine's time grows with the cells on the sheet (on the mirror's 2022 scan most such pages had
    one or two signalled rows of 27)."""

    every: int = 4
    band: Callable[[float], str | None] | None = None
    all_pages: bool = False

    def row_signal(self, layout: ColumnLayout, row: list[list[Word]]) -> str | None:
        """What in a row's page read asks for the digits pass, or None."""
        no, index, predikat = (layout.index_of(m) for m in ("no", "index", "predikat"))
        value = " ".join(w.text for w in row[index])
        number = " ".join(w.text for w in row[no]) if no is not None else ""
        # An empty No. is common (psm 11 drops a lone short number) and harmless: the parser
        # numbers such a row from its neighbours. A No. read as something else is not.
        if number and not _CLEAN_NO.match(number):
            return f"No. read as {number!r}"
        if not _CLEAN_VALUE.match(value):
            return f"value read as {value!r}"
        if min(w.conf for w in row[index]) < SURE_CONFIDENCE:
            return f"value {value!r} read with confidence {min(w.conf for w in row[index]):.0f}"
        read = " ".join(w.text for w in row[predikat]) if predikat is not None else ""
        if self.band is not None and read and normalize_predikat(read) != self.band(float(value.replace(",", "."))):
            return f"predikat {read!r} is not the band of {value!r}"
        return None

    def sampled(self, page: int) -> bool:
        return (page - 1) % self.every == 0

    def reason(self, page: int, signals: list[str | None]) -> str | None:
        """Why this page gets the digits pass (None: it does not)."""
        if self.all_pages:
            return "a confident value read was contradicted on an earlier page"
        if self.sampled(page):
            return "sampled page"
        return next((s for s in signals if s), None)

    def rows_to_read(self, page: int, signals: list[str | None], no_read: list[bool]) -> set[int] | None:
        """The rows whose cells the digits pass reads on a page it reads (None: all of them): the
        signalled rows and those whose No. the page read missed (harmless alone, the parser numbers
        such a row from its neighbours, but not across a smudge where a section restarts at 1)."""
        if self.all_pages or self.sampled(page):
            return None
        return {r for r, (signal, has_no) in enumerate(zip(signals, no_read, strict=True)) if signal or not has_no}


def _meaning(text: str) -> str | None:
    key = re.sub(r"[^\w/]", "", text.lower())
    if not key:
        return None
    for meaning, words in HEADER_WORDS.items():
        if key in words or any(len(key) >= 4 and difflib.SequenceMatcher(None, key, w).ratio() >= 0.75 for w in words):
            return meaning
    return None


def visual_lines(words: list[Word]) -> list[_Line]:
    if not words:
        return []
    height = statistics.median(w.y1 - w.y0 for w in words)
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: w.yc):
        if lines and abs(word.yc - lines[-1].yc) <= 0.5 * height:
            lines[-1].words.append(word)
        else:
            lines.append(_Line([word]))
    return lines


def _find_header(lines: list[_Line]) -> int | None:
    for i, line in enumerate(lines):
        found = {_meaning(w.text) for w in line.words} - {None}
        if len(found) >= 3 and "name" in found and "index" in found:
            return i
    return None


def _gaps(lines: list[_Line], min_gap: float) -> list[tuple[float, float]]:
    """Empty vertical corridors between the words of the table's rows: (middle x, width)."""
    spans = sorted((w.x0, w.x1) for line in lines for w in line.words)
    cuts, reach = [], None
    for x0, x1 in spans:
        if reach is not None and x0 - reach >= min_gap:
            cuts.append(((reach + x0) / 2, x0 - reach))
        reach = x1 if reach is None else max(reach, x1)
    return cuts


def _holds_value(line: _Line) -> bool:
    return any(_VALUE_LIKE.match(w.text) for w in line.words)


def _layout(header: _Line, body: list[_Line], height: float) -> ColumnLayout | None:
    rows = [line for line in body if _holds_value(line)] or body
    cuts = _gaps(rows, min_gap=1.0 * height)
    edges = [float("-inf"), *(x for x, _ in cuts), float("inf")]
    widths = [w for _, w in cuts]
    bands = [[x0, x1, [w for w in header.words if x0 <= w.xc < x1]] for x0, x1 in zip(edges, edges[1:], strict=False)]
    # A corridor inside a column (a gap between words that no row happens to bridge) leaves a
    # part without a header word: join it to the neighbour across the narrower corridor.
    while len(bands) > 1 and (lonely := next((i for i, b in enumerate(bands) if not b[2]), None)) is not None:
        left = widths[lonely - 1] if lonely > 0 else float("inf")
        right = widths[lonely] if lonely < len(widths) else float("inf")
        other = lonely - 1 if left <= right else lonely + 1
        lo, hi = sorted((lonely, other))
        bands[lo] = [bands[lo][0], bands[hi][1], bands[lo][2] + bands[hi][2]]
        del bands[hi]
        del widths[lo]
    named = []
    for x0, x1, over in bands:
        meanings = {_meaning(w.text) for w in over} - {None}
        meaning = meanings.pop() if len(meanings) == 1 else "extra"
        named.append(((meaning, x0, x1), " ".join(w.text for w in sorted(over, key=lambda w: w.x0))))
    layout = ColumnLayout([b for b, _ in named], [n for _, n in named])
    if layout.index_of("name") is None or layout.index_of("index") is None:
        return None
    return layout


def _reading_order(words: list[Word], height: float) -> list[Word]:
    """Top to bottom by sub-line (a descender must not put "Sangat" after "Baik"), then left to right."""
    out: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.yc):
        if out and abs(word.yc - statistics.median(w.yc for w in out[-1])) <= 0.5 * height:
            out[-1].append(word)
        else:
            out.append([word])
    return [w for sub in out for w in sorted(sub, key=lambda w: w.x0)]


def _cells(layout: ColumnLayout, words: list[Word], height: float) -> list[list[Word]]:
    cells: list[list[Word]] = [[] for _ in layout.bands]
    for word in words:
        cells[layout.column_of(word)].append(word)
    return [_reading_order(cell, height) for cell in cells]


def _is_anchor(layout: ColumnLayout, line: _Line) -> bool:
    no, index = layout.index_of("no"), layout.index_of("index")
    for word in line.words:
        column = layout.column_of(word)
        if (column == no and _NUMBER.match(word.text)) or (column == index and _VALUE_ISH.match(word.text)):
            return True
    return False


def _separated(rules: list[tuple[int, int, int]], a: float, b: float, x0: float, x1: float) -> bool:
    lo, hi = sorted((a, b))
    return any(lo < y < hi and rx0 <= x1 and rx1 >= x0 for y, rx0, rx1 in rules)


def _confidence(layout: ColumnLayout, cells: list[list[Word]]) -> float:
    """The weakest word among the cells that carry the value (Indeks, Predikat), and the name's
    average (a misread name fails the gazetteer anyway, a misread digit would not). The No. does
    not count: it is not loaded, and a misread No. breaks the No. sequence check."""
    key = [w.conf for i, cell in enumerate(cells) if layout.bands[i][0] in ("index", "predikat") for w in cell]
    name = [w.conf for i, cell in enumerate(cells) if layout.bands[i][0] == "name" for w in cell]
    parts = ([min(key)] if key else []) + ([statistics.mean(name)] if name else [])
    return round(min(parts) / 100, 3) if parts else 0.0


# A second, focused read of the No. and Indeks cells: digits only, each cell on its own slot.
# It gets (cell boxes, attempt) and returns, per box, the text and confidence it read, or None.
# Attempt 1 is a third read, made differently, of the values whose first two reads disagree.
Reread = Callable[[list[tuple[int, int, int, int]], int], list[tuple[str, float] | None]]
_CLEAN_VALUE = re.compile(r"^\d[.,]\d{2}$")
_CLEAN_NO = re.compile(r"^\d{1,4}\.?$")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _merge_read(first: list[Word], second: tuple[str, float] | None, clean: re.Pattern) -> list[Word]:
    """The focused read wins when it reads cleanly; otherwise the page read stays."""
    if second is None or not second[0]:
        return first
    text, conf = second
    anchor = first[0] if first else Word("", 0, 0, 0, 0, 0)
    if clean.match(text) or not clean.match(" ".join(w.text for w in first)):
        return [Word(text, conf, anchor.x0, anchor.y0, anchor.x1, anchor.y1)]
    return first


def _disagree(first: list[Word], second: tuple[str, float] | None) -> bool:
    first_text = " ".join(w.text for w in first)
    return bool(second) and bool(_CLEAN_VALUE.match(first_text)) and bool(_CLEAN_VALUE.match(second[0])) and (
        _digits(first_text) != _digits(second[0])
    )


def _vote(first: list[Word], second: tuple[str, float], third: tuple[str, float] | None) -> list[Word]:
    """Two clean reads of a value that disagree: a third read decides when it sides with one of
    them (two of three). Otherwise both are kept, the cell reads as neither and is rejected."""
    anchor = first[0]
    first_text = " ".join(w.text for w in first)
    confs = [second[1], *(w.conf for w in first)]
    if third and _CLEAN_VALUE.match(third[0]):
        for text in (second[0], first_text):
            if _digits(third[0]) == _digits(text):
                return [Word(text, min(third[1], max(confs)), anchor.x0, anchor.y0, anchor.x1, anchor.y1)]
    return [Word(f"{second[0]} / {first_text}", min(confs), anchor.x0, anchor.y0, anchor.x1, anchor.y1)]


def _reread_cells(layout: ColumnLayout, rows: list[list[_Line]], cells: list[list[list[Word]]], height: float,
                  reread: Reread, only: set[int] | None = None) -> list[int]:
    """Read the No. and Indeks cells again (in place; `only`: of those rows), and a third time
    where a value's reads disagree; the rows whose values did."""
    numeric = [i for meaning in ("no", "index") if (i := layout.index_of(meaning)) is not None]
    boxes, where = [], []
    for r, row in enumerate(rows):
        if only is not None and r not in only:
            continue
        anchors = [ln for ln in row if _is_anchor(layout, ln)] or row
        y0, y1 = min(ln.y0 for ln in anchors), max(ln.y1 for ln in anchors)
        for col in numeric:
            x0, x1 = _band_extent(layout, col, rows)
            boxes.append((int(x0), int(y0 - 0.3 * height), int(x1), int(y1 + 0.3 * height)))
            where.append((r, col))
    disputed = []
    for box, (r, col), second in zip(boxes, where, reread(boxes, 0), strict=True):
        if layout.bands[col][0] == "index" and _disagree(cells[r][col], second):
            disputed.append((box, r, col, second))
            continue
        cells[r][col] = _merge_read(cells[r][col], second, _CLEAN_NO if layout.bands[col][0] == "no" else _CLEAN_VALUE)
    if disputed:
        thirds = reread([d[0] for d in disputed], 1)
        for (_, r, col, second), third in zip(disputed, thirds, strict=True):
            cells[r][col] = _vote(cells[r][col], second, third)
    return [r for _, r, _, _ in disputed]


def _row_lines(layout: ColumnLayout, page: int, rows: list[list[_Line]], height: float, reread: Reread | None,
               sample: DigitSample | None, table: OcrTable) -> None:
    """Table rows from their visual lines (onto `table`), with the numeric cells read a second time
    on every page (`sample` None) or where the sample asks for it."""
    cells = [_cells(layout, [w for line in row for w in line.words], height) for row in rows]
    if reread is not None and cells:
        signals = [None] * len(cells) if sample is None else [sample.row_signal(layout, row) for row in cells]
        table.digits_read = "every page" if sample is None else sample.reason(page, signals)
        if table.digits_read:
            no = layout.index_of("no")
            only = None if sample is None else sample.rows_to_read(page, signals, [no is None or bool(c[no]) for c in cells])
            table.disputes = sum(1 for r in _reread_cells(layout, rows, cells, height, reread, only) if signals[r] is None)
    for row, row_cells in zip(rows, cells, strict=True):
        words = [w for line in row for w in line.words]
        bbox = (min(w.x0 for w in words), min(w.y0 for w in words), max(w.x1 for w in words), max(w.y1 for w in words))
        texts = [" ".join(w.text for w in cell) for cell in row_cells]
        table.lines.append(TableLine(page, texts, bbox, _confidence(layout, row_cells), "ocr"))


def _band_extent(layout: ColumnLayout, col: int, rows: list[list[_Line]]) -> tuple[float, float]:
    """A column's horizontal extent on the page: its band, clipped to where its words are."""
    xs = [(w.x0, w.x1) for row in rows for ln in row for w in ln.words if layout.column_of(w) == col]
    _, b0, b1 = layout.bands[col]
    if not xs:
        return max(b0, 0), b1 if b1 != float("inf") else max(b0, 0) + 1
    pad = 4
    return max(b0, min(x for x, _ in xs) - pad), min(b1, max(x for _, x in xs) + pad)


def _columns_used(layout: ColumnLayout, lines: list[_Line]) -> set[int]:
    return {layout.column_of(w) for line in lines for w in line.words}


def _anchor_groups(layout: ColumnLayout, body: list[_Line], rules, height: float) -> list[list[_Line]]:
    """Anchor lines, with the pieces of one row that OCR put on two lines (the No. a few pixels
    off the value's line) joined: close, not split by a rule, and not filling the same column."""
    groups: list[list[_Line]] = []
    x0, x1 = layout.bands[0][1], layout.bands[-1][2]
    for line in body:
        if not _is_anchor(layout, line):
            continue
        if groups:
            prev = groups[-1]
            close = line.yc - prev[-1].yc <= 1.0 * height
            if close and not _separated(rules, prev[-1].yc, line.yc, x0, x1) and not (
                _columns_used(layout, prev) & _columns_used(layout, [line])
            ):
                prev.append(line)
                continue
        groups.append([line])
    return groups


# How far (in word heights) a wrapped name line may sit from its row's No./value line: the outer
# lines of a name wrapped over three or four lines, centred on the value, are 1-1.5 line pitches
# (about 1.6-2.4 word heights) away; a signature block after the table is further.
_REACH = 2.6


def _group_rows(layout: ColumnLayout, body: list[_Line], rules, height: float) -> tuple[list[list[_Line]], list[_Line]]:
    """Body lines -> rows (anchor plus its wrapped name lines) and the trailing lines after the table."""
    groups = _anchor_groups(layout, body, rules, height)
    if not groups:
        return [], body
    centre = [statistics.mean(ln.yc for ln in g) for g in groups]
    in_group = {id(ln) for g in groups for ln in g}
    name_band = layout.bands[layout.index_of("name")]
    leading, trailing = [], []
    for line in body:
        if id(line) in in_group:
            continue
        if line.yc - max(ln.yc for ln in groups[-1]) > _REACH * height:
            trailing.append(line)
            continue
        near = [
            g
            for g, c in enumerate(centre)
            if abs(c - line.yc) <= _REACH * height and not _separated(rules, line.yc, c, name_band[1], name_band[2])
        ]
        if near:
            # Equidistant (a name wrapped over two lines around a centred value): the upper row
            # never wins a line below a rule it cannot see, so prefer the row the line is nearer to.
            groups[min(near, key=lambda g: abs(centre[g] - line.yc))].append(line)
        else:
            leading.append(line)  # the rest of a row the page break cut, or a stray line
    rows = [[line] for line in leading] + groups
    return sorted(rows, key=lambda r: min(ln.yc for ln in r)), trailing


def table_lines_from_words(
    words: list[Word],
    *,
    rules: list[tuple[int, int, int]],
    page: int,
    layout: ColumnLayout | None = None,
    reread: Reread | None = None,
    sample: DigitSample | None = None,
) -> OcrTable:
    words = [w for w in words if w.conf >= 0 and not _PUNCT_ONLY.match(w.text)]
    lines = visual_lines(words)
    if not lines:
        return OcrTable([], [], layout)
    height = statistics.median(w.y1 - w.y0 for w in words)
    start = _find_header(lines)
    skipped: list[str] = []
    out: list[TableLine] = []
    if start is not None:
        header = lines[start]
        found = _layout(header, lines[start + 1 :], height)
        layout = found or layout
        skipped += [f"page {page}: above the table: {line.text!r}" for line in lines[:start]]
        body = lines[start + 1 :]
        if layout is not None:
            out.append(TableLine(page, [" ".join(w.text for w in c) for c in _cells(layout, header.words, height)], None, None, "ocr"))
    else:
        body = lines
    if layout is None:
        skipped += [f"page {page}: no table header read: {line.text!r}" for line in body]
        unplaced = sum(1 for line in body if _holds_value(line))
        return OcrTable([], skipped, None, unplaced=unplaced)
    rows, trailing = _group_rows(layout, body, rules, height)
    table = OcrTable(out, skipped, layout)
    _row_lines(layout, page, rows, height, reread, sample, table)
    skipped += [f"page {page}: after the table: {line.text!r}" for line in trailing]
    return table
