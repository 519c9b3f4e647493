"""Read the lampiran table (`No. | Nama Instansi | Indeks | Predikat`, in any order and wording) from a
decree PDF or an HTML page.

A backend turns the document into TableLines (`pdf_lines` for the PDF text layer, `_html_lines`
here, OCR for scans); the shared `interpret.LineInterpreter` turns lines into raw rows and
rejects. The parser only transcribes: deciding what a row means (which instansi, whether the
value is valid) happens later, in `spbe.sources.official.facts`, so a bad row is reported with
where it was, never lost here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from bs4 import BeautifulSoup

from schemas import RawOfficialRow, Reject
from spbe.sources.official.columns import header_roles
from spbe.sources.official.interpret import InterpretError, LineInterpreter
from spbe.sources.official.ocr import OcrUnavailable
from spbe.sources.official.ocr_pool import scan_reader
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

    def __post_init__(self) -> None:
        if self.rejects is None:
            self.rejects = pd.DataFrame(columns=REJECT_COLUMNS)


def interpret_lines(pages: Iterable[list[TableLine]], *, year: int, source_url: str, page_count: int | None = None) -> ParsedLampiran:
    """The one way from TableLines (any backend, page by page) to a ParsedLampiran."""
    interpreter = LineInterpreter(year=year, source_url=source_url)
    seen = 0
    try:
        for lines in pages:
            seen += 1
            interpreter.feed_page(lines)
        result = interpreter.finish()
    except InterpretError as exc:
        raise LampiranError(str(exc)) from exc
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
    return ParsedLampiran(rows, page_count or seen, result.notices, reject_frame, result.missing_rows, result.columns)


def parse_lampiran_pdf(
    content: bytes, *, year: int, source_url: str, max_pages: int = MAX_PAGES, scans: ScanReader | None = None
) -> ParsedLampiran:
    """`scans`: the OCR backend for pages without a text layer; its lines go through the same interpreter."""
    if not content.startswith(b"%PDF"):
        raise LampiranError(f"{source_url}: not a PDF (starts with {content[:16]!r})")
    ocr = scan_reader(content, source_url) if scans is None else None  # worker processes, one page each
    reader = PdfLineReader(content, max_pages=max_pages, scans=scans or ocr)
    try:
        if ocr is None:
            parsed = interpret_lines(reader.lines(), year=year, source_url=source_url)
        else:
            with ocr:
                parsed = interpret_lines(reader.lines(), year=year, source_url=source_url)
            parsed.ocr_pages = list(ocr.pages_read)
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
    parsed.skipped += reader.notes
    if reader.pages_without_text:
        parsed.skipped.append(f"pages without a text layer: {reader.pages_without_text}")
    return parsed


def _html_lines(content: bytes | str) -> list[list[TableLine]]:
    """One list of lines per HTML table that has a header line; layout tables are left out."""
    soup = BeautifulSoup(content, "lxml")
    tables = []
    for table in soup.find_all("table"):
        lines = [
            TableLine(None, [cell.get_text(" ", strip=True) for cell in tr.find_all(["td", "th"])], method="html")
            for tr in table.find_all("tr")
        ]
        if any(header_roles(line.cells) is not None for line in lines):
            tables.append(lines)
    return tables


def parse_lampiran_html(content: bytes | str, *, year: int, source_url: str) -> ParsedLampiran:
    tables = _html_lines(content)
    if not tables:
        raise LampiranError(
            f"{source_url}: no table with a name and an index column (e.g. 'Nama Instansi', 'Indeks') found;"
            " the layout may have changed"
        )
    return interpret_lines(tables, year=year, source_url=source_url, page_count=1)


def _is_pdf(content: bytes, source_url: str) -> bool:
    return content.lstrip()[:5] == b"%PDF-" or source_url.lower().endswith(".pdf")


def parse_document(content: bytes, *, year: int, source_url: str) -> ParsedLampiran:
    """A saved document of either kind: PDF by its magic bytes (or name), anything else read as HTML."""
    if _is_pdf(content, source_url):
        return parse_lampiran_pdf(content, year=year, source_url=source_url)
    if b"<" not in content[:4096]:
        raise LampiranError(f"{source_url}: neither a PDF nor an HTML page (starts with {content[:16]!r})")
    return parse_lampiran_html(content, year=year, source_url=source_url)


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
