"""PDF text layer -> TableLines, page by page, with each page released as soon as it is read.

Two ways to find the cells of a line:
- a ruled table (pdfplumber's `find_tables`): one line per table row, the cells as ruled; words
  outside the table (titles, footers, a row half that lost its ruling) become lines too, cut
  into cells at the table's column edges, so nothing on the page escapes the interpreter;
- no ruling lines: words are grouped into lines by their vertical position and cut into cells at
  the edges of the header's labels, found by meaning (`columns.header_roles`).
"""

from __future__ import annotations

import io
import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Protocol

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from spbe.sources.official.columns import header_roles
from spbe.sources.official.interpret import SIGNATURE
from spbe.sources.official.layer_check import compare_hidden
from spbe.sources.official.table_lines import TableLine

MAX_PAGES = 2000  # the largest lampiran has ~550 pages; a document far above is not one
_LINE_TOLERANCE = 3.0  # words whose tops differ by less (points) sit on one line
MIN_HIDDEN_CHARS = 40
_VALUE_WORD = re.compile(r"^\d[.,]\d\d$")
_VALUE_IN_TEXT = re.compile(r"(?<![\d.,])\d[.,]\d\d(?![\d.,])")
# What a glyph without a usable Unicode map extracts as: pdfminer's "(cid:12)", U+FFFD, private use.
_UNMAPPED = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff]")


class PdfReadError(ValueError):
    """The PDF cannot be opened or read; the message says why without the URL (the caller adds it)."""


def _cause(exc: Exception) -> str:
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
        return "the PDF is encrypted and needs a password to open; an unprotected copy is needed"
    text = str(inner) or "no message"
    return f"{type(inner).__name__}: {text}"


def _words_to_lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= _LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _bbox(words: list[dict]) -> tuple[float, float, float, float]:
    return (min(w["x0"] for w in words), min(w["top"] for w in words), max(w["x1"] for w in words), max(w["bottom"] for w in words))


def _cut(words: list[dict], edges: list[float]) -> list[str]:
    """Words into cells: a word goes to the column whose left edge is the last one left of its centre."""
    cells = [""] * max(len(edges), 1)
    for word in words:
        col = max(bisect_right(edges, (word["x0"] + word["x1"]) / 2) - 1, 0)
        cells[col] = f"{cells[col]} {word['text']}".strip()
    return cells


def _phrases(words: list[dict]) -> list[list[dict]]:
    """Split a line where the gap between words is wider than a space: the cells of a header."""
    groups = [[words[0]]]
    for prev, word in zip(words, words[1:], strict=False):
        gap_limit = max(6.0, 0.6 * (word["bottom"] - word["top"]))
        if word["x0"] - prev["x1"] > gap_limit:
            groups.append([word])
        else:
            groups[-1].append(word)
    return groups


def _header_phrases(line: list[dict]) -> list[list[dict]] | None:
    phrases = _phrases(line)
    if header_roles([" ".join(w["text"] for w in p) for p in phrases]) is None:
        return None
    return phrases


def _gutter_edges(phrases: list[list[dict]], body: list[list[dict]]) -> list[float]:
    """Column edges in the emptiest vertical strip between neighbouring header labels.

    Labels may be centred over their column, so a label's own edge says little about where the
    column starts; the body's words do: between two labels, the x where the fewest words lie
    (a gutter) is the edge, the middle of the widest such strip.
    """
    centres = [(p[0]["x0"] + p[-1]["x1"]) / 2 for p in phrases]
    # Lines of three or more cells are table rows; titles, footers and signatures would fill gutters.
    rows = [line for line in body if len(_phrases(line)) >= 3]
    body = rows if len(rows) >= 3 else body
    width = int(max([centres[-1], *(w["x1"] for line in body for w in line)])) + 2
    count = [0] * width
    for line in body:
        for word in line:
            for x in range(max(int(word["x0"]), 0), min(int(word["x1"]) + 1, width)):
                count[x] += 1
    edges = [float("-inf")]
    for left, right in zip(centres, centres[1:], strict=False):
        span = range(int(left) + 1, max(int(right), int(left) + 2))
        low = min(count[x] for x in span)
        best, run_start, best_len = (span.start + span.stop) / 2, None, 0
        for x in [*span, span.stop]:
            if x < span.stop and count[x] == low:
                run_start = x if run_start is None else run_start
            elif run_start is not None:
                if x - run_start > best_len:
                    best, best_len = (run_start + x) / 2, x - run_start
                run_start = None
        edges.append(best)
    return edges


def _table_edges(table) -> list[float]:
    """Left edges of a ruled table's columns, from its widest row."""
    row = max(table.rows, key=lambda r: sum(c is not None for c in r.cells))
    lefts = sorted(c[0] for c in row.cells if c is not None)
    return [float("-inf")] + lefts[1:]


def first_pages_text(content: bytes, pages: int) -> str:
    """The plain text of the first pages (to find a title), with the same errors as the reader."""
    try:
        with pdfplumber.open(io.BytesIO(content), pages=list(range(1, pages + 1))) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    except Exception as exc:
        raise PdfReadError(f"unreadable PDF: {_cause(exc)}") from exc


class ScanReader(Protocol):
    """Reads a page that has no usable text layer (OCR): its lines, header line included."""

    def needs_ocr(self, page: Page) -> bool: ...

    def read_page(self, page_no: int):  # -> object with .lines (list[TableLine]) and .skipped (list[str])
        ...


class PdfLineReader:
    """Reads one PDF page by page; column edges found on one page carry over to the next."""

    def __init__(self, content: bytes, *, max_pages: int = MAX_PAGES, scans: ScanReader | None = None) -> None:
        self.content, self.max_pages, self.scans = content, max_pages, scans
        self.notes: list[str] = []
        self.edges: list[float] | None = None
        self.pages = 0
        self.pages_without_text: list[int] = []
        self.page_problems: dict[int, str] = {}  # page -> why it gave no lines (OCR: unreadable, orientation, time)
        self.blank_pages: list[int] = []  # pages with nothing on them to read
        self.closing_pages: list[int] = []  # scanned pages holding only the signature block
        # Text-layer words that read as an index value, per page, with their boxes: a sample of them
        # is checked against the page as drawn (layer_check). And how many characters had no map.
        self.value_boxes: dict[int, list[tuple[str, tuple[float, float, float, float]]]] = {}
        self.unmapped_chars = 0

    def lines(self) -> Iterator[list[TableLine]]:
        """One list of lines per page, in page order."""
        try:
            pdf = pdfplumber.open(io.BytesIO(self.content))
            self.pages = len(pdf.pages)
        except Exception as exc:  # pdfminer raises a zoo of exception types on broken files
            raise PdfReadError(f"unreadable PDF: {_cause(exc)}") from exc
        if self.pages > self.max_pages:
            pdf.close()
            raise PdfReadError(f"{self.pages} pages, more than the cap of {self.max_pages} pages for one lampiran")
        with pdf:
            for number, page in enumerate(pdf.pages, start=1):
                try:
                    yield self._page_lines(pdf, page, number)
                except PdfReadError:
                    raise
                except Exception as exc:
                    raise PdfReadError(f"page {number}: cannot read: {_cause(exc)}") from exc
                finally:
                    page.close()  # drop the page's parsed objects: memory stays flat over 500+ pages

    def _page_lines(self, pdf, page: Page, number: int) -> list[TableLine]:
        if self.scans is not None and self.scans.needs_ocr(page):
            result = self.scans.read_page(number)
            self.notes += result.skipped
            if len(page.chars) >= MIN_HIDDEN_CHARS:  # a scan with an invisible text layer: evidence to compare
                result.lines, compared = compare_hidden(result.lines, page.extract_words())
                self.notes.append(f"page {number}: scan with an invisible text layer, read by OCR;"
                                  f" {compared} row value(s) compared with the hidden text")
            if getattr(result, "problem", None):
                self.page_problems[number] = result.problem
            if getattr(result, "blank", False):
                self.blank_pages.append(number)
            if (not any(line.bbox for line in result.lines) and any(SIGNATURE.search(note) for note in result.skipped)
                    and not any(_VALUE_IN_TEXT.search(note) for note in result.skipped)):
                # OCR read only the signature block: the decree's last page. A page that also holds
                # index values OCR could not place in columns (rows without a header of their own,
                # shifted on the sheet) is a lost page, not the end: the parser rejects it.
                self.closing_pages.append(number)
            return result.lines
        page = self._upright(pdf, page, number)
        words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
        self._note_evidence(page, words, number)
        if not words:
            self.pages_without_text.append(number)
            if not page.images and not page.rects and not page.curves:
                self.blank_pages.append(number)
            return []
        tables = page.find_tables()
        if tables:
            return self._ruled_lines(tables, words, number)
        return self._text_lines(words, number)

    def _note_evidence(self, page: Page, words: list[dict], number: int) -> None:
        self.unmapped_chars += sum(1 for c in page.chars if _UNMAPPED.search(c.get("text", "")))
        if page.rotation % 360 == 0:
            values = [(w["text"], (w["x0"], w["top"], w["x1"], w["bottom"])) for w in words if _VALUE_WORD.match(w["text"])]
            if values:
                self.value_boxes[number] = values

    @staticmethod
    def _upright(pdf, page: Page, number: int) -> Page:
        """A page whose /Rotate turns its text sideways is read as drawn, i.e. upright."""
        chars = page.chars
        if chars and page.rotation % 360 == 180:
            return PdfLineReader._upright_of_two(pdf, page, number)
        if not chars or sum(c["upright"] for c in chars) * 2 >= len(chars):
            return page
        if page.rotation % 360 == 0:
            raise PdfReadError(f"page {number}: the text runs vertically (rotated in the page content); cannot read its table")
        page.page_obj.rotate = 0
        return Page(pdf, page.page_obj, page_number=number, initial_doctop=page.initial_doctop)

    @staticmethod
    def _upright_of_two(pdf, page: Page, number: int) -> Page:
        """A page turned upside down by its /Rotate 180: its text is upright either in the page's own
        frame (a sheet turned for display) or as displayed (content drawn upside down and turned
        back). Read the way that gives index values: read the other way, '4,10' comes out '01,4'
        and every row was a reject."""
        as_is = sum(1 for w in page.extract_words() if _VALUE_WORD.match(w["text"]))
        page.page_obj.rotate = 0
        unturned = Page(pdf, page.page_obj, page_number=number, initial_doctop=page.initial_doctop)
        if sum(1 for w in unturned.extract_words() if _VALUE_WORD.match(w["text"])) > as_is:
            return unturned
        page.page_obj.rotate = 180
        return page

    def _ruled_lines(self, tables, words: list[dict], number: int) -> list[TableLine]:
        found: list[TableLine] = []
        self.edges = _table_edges(tables[0])
        boxes = [t.bbox for t in tables]
        for table in tables:
            for row, cells in zip(table.rows, table.extract(), strict=False):
                found.append(TableLine(number, [c or "" for c in cells], tuple(row.bbox), None, "text"))
        outside = [w for w in words if not any(_inside(w, b) for b in boxes)]
        found += [TableLine(number, _cut(line, self.edges), _bbox(line), None, "text") for line in _words_to_lines(outside)]
        return sorted(found, key=lambda line: line.bbox[1])

    def _text_lines(self, words: list[dict], number: int) -> list[TableLine]:
        lines = _words_to_lines(words)
        header_at = [(i, phrases) for i, line in enumerate(lines) if (phrases := _header_phrases(line))]
        found: list[TableLine] = []
        for i, line in enumerate(lines):
            if header_at and i == header_at[0][0]:
                phrases = header_at.pop(0)[1]
                below = lines[i + 1 : header_at[0][0] if header_at else len(lines)]
                self.edges = _gutter_edges(phrases, below)
            cells = _cut(line, self.edges) if self.edges else [" ".join(w["text"] for w in line)]
            found.append(TableLine(number, cells, _bbox(line), None, "text"))
        return found


def _inside(word: dict, box: tuple[float, float, float, float]) -> bool:
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]
