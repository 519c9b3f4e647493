"""Read the lampiran table (`No. | Nama Instansi | Indeks | Predikat`, in any order and wording) from a
decree PDF or an HTML page.

A backend turns the document into TableLines (`pdf_lines` for the PDF text layer, `_html_lines`
here, OCR for scans); the shared `interpret.LineInterpreter` turns lines into raw rows and
rejects. The parser only transcribes: deciding what a row means (which instansi, whether the
value is valid) happens later, in `spbe.sources.official.facts`, so a bad row is reported with
where it was, never lost here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd
from bs4 import BeautifulSoup

from schemas import RawOfficialRow, Reject
from spbe.sources.official.columns import header_roles
from spbe.sources.official.doc_year import year_conflict
from spbe.sources.official.interpret import InterpretError, LineInterpreter
from spbe.sources.official.layer_check import cross_check, doubt_reason
from spbe.sources.official.ocr import OcrUnavailable
from spbe.sources.official.ocr_pool import scan_reader
from spbe.sources.official.pages import page_rejects, stated_count_gap
from spbe.sources.official.pdf_lines import MAX_PAGES, PdfLineReader, PdfReadError, ScanReader, first_pages_text
from spbe.sources.official.table_lines import TableLine

RAW_COLUMNS = list(RawOfficialRow.to_schema().columns)
REJECT_COLUMNS = list(Reject.to_schema().columns)


class LampiranError(ValueError):
    """The document does not hold a readable lampiran table; the message names URL and cause."""


@dataclass
class ParsedLampiran:
    rows: pd.DataFrame  # validated against RawOfficialRow
    pages: int
    skipped: list[str] = field(default_factory=list)  # headers, titles, headings, joins: notices for metadata
    rejects: pd.DataFrame | None = None  # Reject: lines no row stands for, `No.` gaps, unjoinable halves
    missing_rows: int = 0  # rows the `No.` sequence says are absent
    columns: str = ""  # which header cell was taken for which column, and why
    ocr_pages: list[int] = field(default_factory=list)  # pages without a text layer, read by OCR
    ocr_engine_calls: int = 0  # Tesseract runs those pages took (the benchmark reports them per page)
    judged: list[dict] = field(default_factory=list)  # lines that are no row: {page, kind, text}
    titles: list[str] = field(default_factory=list)  # title and running-title text (the year check reads it)
    index_header: str = ""
    header_pages: list[int] = field(default_factory=list)  # pages where the table's header was read

    def __post_init__(self) -> None:
        if self.rejects is None:
            self.rejects = pd.DataFrame(columns=REJECT_COLUMNS)


def interpret_lines(
    pages: Iterable[list[TableLine]], *, year: int, source_url: str, page_count: int | None = None, allow_other_year: bool = False,
    more_titles: Callable[[], list[str]] | None = None,
) -> ParsedLampiran:
    """The one way from TableLines (any backend, page by page) to a ParsedLampiran.

    A document that names another evaluation year than `year` (title, decree number, index
    header) is refused unless `allow_other_year`."""
    interpreter = LineInterpreter(year=year, source_url=source_url)
    seen = 0
    try:
        for lines in pages:
            seen += 1
            interpreter.feed_page(lines)
        result = interpreter.finish()
    except InterpretError as exc:
        raise LampiranError(str(exc)) from exc
    if not result.rows and result.rejects:
        # Every line under the header was rejected (e.g. a hidden text layer that disagrees with
        # the image on every row): say so and why, not that the layout may have changed.
        kinds = Counter(r["reason"].split(":", 1)[0] for r in result.rejects)
        kind, count = kinds.most_common(1)[0]
        example = next(r["reason"] for r in result.rejects if r["reason"].startswith(kind))
        raise LampiranError(
            f"{source_url}: the table header was found but every one of its {len(result.rejects)} line(s) was rejected;"
            f" {count} of them: {example}"
        )
    if not result.rows:
        raise LampiranError(
            f"{source_url}: the table header was found but no row under it in {page_count or seen} page(s);"
            " the layout may have changed"
        )
    rows = RawOfficialRow.validate(pd.DataFrame(result.rows, columns=RAW_COLUMNS))
    rejects = [
        {"source": "official", "year": year, "source_url": source_url, "action": "rejected", **r}
        for r in result.rejects
    ]
    reject_frame = Reject.validate(pd.DataFrame(rejects, columns=REJECT_COLUMNS))
    titles = result.titles + (more_titles() if more_titles else [])
    conflict = year_conflict(titles, result.index_header, year)
    if conflict and not allow_other_year:
        raise LampiranError(f"{source_url}: {conflict}; refused (set allow_other_year to load it as {year} anyway)")
    parsed = ParsedLampiran(rows, page_count or seen, result.notices, reject_frame, result.missing_rows, result.columns,
                            judged=result.judged, titles=result.titles, index_header=result.index_header,
                            header_pages=sorted(p for p in interpreter.headers if p is not None))
    if conflict:
        parsed.skipped.append(f"{conflict}; loaded as {year} because allow_other_year is set")
    return parsed


def add_stated_count_gap(parsed: ParsedLampiran, stated: int | None, *, year: int, source_url: str) -> None:
    """A reject, and rows counted missing, for the rows a stated count says the document lacks."""
    numbered = parsed.rejects["row_number"].dropna().nunique() if len(parsed.rejects) else 0
    gap = stated_count_gap(rows_seen=len(parsed.rows) + int(numbered), missing=parsed.missing_rows, stated=stated)
    if gap is None:
        return
    reason, short = gap
    extra = pd.DataFrame([{"source": "official", "year": year, "source_url": source_url, "action": "rejected", "page": None,
                           "row_number": None, "published_name": None, "raw": json.dumps({"stated_count": stated}),
                           "reason": reason}], columns=REJECT_COLUMNS)
    parsed.rejects = Reject.validate(pd.concat([parsed.rejects, extra], ignore_index=True))
    parsed.missing_rows += short


_ABOVE = re.compile(r"^page \d+: above the table: (['\"])(.*)\1$")


def _ocr_titles(notes: list[str]) -> list[str]:
    """What OCR read above a scanned page's table (the decree's title): the year check reads it too."""
    return [m.group(2) for note in notes if (m := _ABOVE.match(note))]


def _account_pages(parsed: ParsedLampiran, reader: PdfLineReader, year: int, source_url: str) -> None:
    """A reject for every page of the table region that gave no row (see pages.py)."""
    found, missing = page_rejects(
        page_count=reader.pages,
        header_pages=parsed.header_pages,
        row_pages=[int(p) for p in parsed.rows["page"].dropna()],
        reject_pages=[int(p) for p in parsed.rejects["page"].dropna()],
        judged=parsed.judged + [{"page": p, "kind": "signature", "text": ""} for p in reader.closing_pages],
        problems=reader.page_problems,
        blank=set(reader.blank_pages),
    )
    if not found:
        return
    extra = pd.DataFrame([{"source": "official", "year": year, "source_url": source_url, "action": "rejected", **r} for r in found],
                         columns=REJECT_COLUMNS)
    parsed.rejects = Reject.validate(pd.concat([parsed.rejects, extra], ignore_index=True))
    parsed.missing_rows += missing


def _check_text_layer(parsed: ParsedLampiran, content: bytes, reader: PdfLineReader, source_url: str) -> None:
    """Refuse a text layer that systematically disagrees with its drawing; reject a row it isolates."""
    verdict = cross_check(content, parsed.rows, reader.value_boxes, unmapped_chars=reader.unmapped_chars)
    if verdict.refusal:
        raise LampiranError(f"{source_url}: {verdict.refusal}")
    parsed.skipped.append(verdict.note)
    if not verdict.disagreements:
        return
    doubted = {d["row_number"]: d for d in verdict.disagreements}
    hit = parsed.rows["row_number"].isin(doubted)
    extra = [
        {"source": "official", "year": row["year"], "source_url": row["source_url"], "action": "rejected", "page": row["page"],
         "row_number": row["row_number"], "published_name": row["published_name"],
         "raw": json.dumps(row, ensure_ascii=False, default=str), "reason": doubt_reason(doubted[row["row_number"]])}
        for row in parsed.rows[hit].to_dict("records")
    ]
    parsed.rows = parsed.rows[~hit].reset_index(drop=True)
    parsed.rejects = Reject.validate(pd.concat([parsed.rejects, pd.DataFrame(extra, columns=REJECT_COLUMNS)], ignore_index=True))


def parse_lampiran_pdf(
    content: bytes, *, year: int, source_url: str, max_pages: int = MAX_PAGES, scans: ScanReader | None = None,
    allow_other_year: bool = False,
) -> ParsedLampiran:
    """`scans`: the OCR backend for pages without a text layer; its lines go through the same interpreter."""
    if not content.startswith(b"%PDF"):
        raise LampiranError(f"{source_url}: not a PDF (starts with {content[:16]!r})")
    ocr = scan_reader(content, source_url, year) if scans is None else None  # worker processes, one page each
    reader = PdfLineReader(content, max_pages=max_pages, scans=scans or ocr)
    try:
        if ocr is None:
            parsed = interpret_lines(reader.lines(), year=year, source_url=source_url, allow_other_year=allow_other_year)
        else:
            with ocr:
                parsed = interpret_lines(reader.lines(), year=year, source_url=source_url, allow_other_year=allow_other_year,
                                         more_titles=lambda: _ocr_titles(reader.notes))
            parsed.ocr_pages, parsed.ocr_engine_calls = list(ocr.pages_read), ocr.engine_calls
    except PdfReadError as exc:
        raise LampiranError(f"{source_url}: {exc}") from exc
    except OcrUnavailable as exc:
        raise LampiranError(str(exc)) from None
    except LampiranError:
        if reader.pages and len(reader.pages_without_text) == reader.pages:
            raise LampiranError(
                f"{source_url}: none of the {reader.pages} page(s) has a text layer (a scan?); no table read"
            ) from None
        raise
    parsed.pages = reader.pages
    _account_pages(parsed, reader, year, source_url)
    if reader.value_boxes:
        _check_text_layer(parsed, content, reader, source_url)
    parsed.skipped += reader.notes
    if reader.pages_without_text:
        parsed.skipped.append(f"pages without a text layer: {reader.pages_without_text}")
    return parsed


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name, 1)).strip() or 1), 1000))
    except ValueError:
        return 1


def _fill_spanned(row: list[str], pending: dict[int, tuple[str, int]]) -> None:
    """Put the cells that rows above span into this row, at their columns."""
    while len(row) in pending:
        text, left = pending.pop(len(row))
        row.append(text)
        if left > 1:
            pending[len(row) - 1] = (text, left - 1)


def _grid(table) -> list[list[str]]:
    """The table's rows as a grid: a cell spanning rows (rowspan) or columns (colspan) fills every
    slot it covers, so a merged cell never shifts the cells after it into the wrong column."""
    grid: list[list[str]] = []
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still to fill)
    for tr in table.find_all("tr"):
        row: list[str] = []
        for cell in tr.find_all(["td", "th"]):
            _fill_spanned(row, pending)
            text = cell.get_text(" ", strip=True)
            rows = _span(cell, "rowspan")
            for _ in range(_span(cell, "colspan")):
                if rows > 1:
                    pending[len(row)] = (text, rows - 1)
                row.append(text)
        _fill_spanned(row, pending)
        grid.append(row)
    return grid


def _html_lines(content: bytes | str) -> tuple[list[list[TableLine]], list[str]]:
    """One list of lines per HTML table that has a header line (layout tables are left out), and
    the page's own titles (<title>, <h1>, the tables' captions), which the year check reads as a
    PDF's title above its table. Headings further down a page (h2, h3) are left out: a sidebar
    there lists other years' decrees."""
    soup = BeautifulSoup(content, "lxml")
    tables, titles = [], []
    for table in soup.find_all("table"):
        lines = [TableLine(None, cells, method="html") for cells in _grid(table)]
        if any(header_roles(line.cells) is not None for line in lines):
            tables.append(lines)
            if table.caption is not None:
                titles.append(table.caption.get_text(" ", strip=True))
    titles = [t.get_text(" ", strip=True) for t in soup.find_all(["title", "h1"])] + titles
    return tables, [t for t in titles if t]


def parse_lampiran_html(content: bytes | str, *, year: int, source_url: str, allow_other_year: bool = False) -> ParsedLampiran:
    tables, titles = _html_lines(content)
    if not tables:
        raise LampiranError(
            f"{source_url}: no table with a name and an index column (e.g. 'Nama Instansi', 'Indeks') found;"
            " the layout may have changed"
        )
    return interpret_lines(tables, year=year, source_url=source_url, page_count=1, allow_other_year=allow_other_year,
                           more_titles=lambda: titles)


def _is_pdf(content: bytes, source_url: str) -> bool:
    return content.lstrip()[:5] == b"%PDF-" or source_url.lower().endswith(".pdf")


def parse_document(content: bytes, *, year: int, source_url: str, allow_other_year: bool = False) -> ParsedLampiran:
    """A saved document of either kind: PDF by its magic bytes (or name), anything else read as HTML."""
    if _is_pdf(content, source_url):
        return parse_lampiran_pdf(content, year=year, source_url=source_url, allow_other_year=allow_other_year)
    if b"<" not in content[:4096]:
        raise LampiranError(f"{source_url}: neither a PDF nor an HTML page (starts with {content[:16]!r})")
    return parse_lampiran_html(content, year=year, source_url=source_url, allow_other_year=allow_other_year)


def document_text(content: bytes, *, source_url: str, pages: int = 2) -> str:
    """Plain text of a document's first pages, to find its title."""
    if not _is_pdf(content, source_url):
        return BeautifulSoup(content, "lxml").get_text(" ")
    if not content.startswith(b"%PDF"):
        raise LampiranError(f"{source_url}: not a PDF (starts with {content[:16]!r})")
    try:
        return first_pages_text(content, pages)
    except PdfReadError as exc:
        raise LampiranError(f"{source_url}: {exc}") from exc


def find_lampiran_link(html: bytes | str, base_url: str) -> str | None:
    """The first link on an index page that points at a PDF, made absolute."""
    from urllib.parse import urljoin

    soup = BeautifulSoup(html, "lxml")
    for a in soup.find_all("a", href=True):
        if a["href"].lower().split("?")[0].endswith(".pdf"):
            return urljoin(base_url, a["href"])
    return None
