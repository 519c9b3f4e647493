"""Read the lampiran table (`No. | Nama Instansi | Indeks | Predikat`) from a decree PDF or an HTML page.

The parser only transcribes: every printed row becomes a raw row with its page and position, the
cells as printed. Deciding what a row means (which instansi, whether the value is valid) happens
later, in `spbe.sources.official.facts`, so a bad row is reported with where it was, never lost here.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pandas as pd
import pdfplumber
from bs4 import BeautifulSoup

from schemas import RawOfficialRow
from spbe.sources.official.ocr import OcrReader, OcrUnavailable
from spbe.sources.official.table_lines import TableLine


class LampiranError(ValueError):
    """The document does not hold a readable lampiran table; the message names URL and cause."""


@dataclass
class ParsedLampiran:
    rows: pd.DataFrame  # validated against RawOfficialRow
    pages: int
    skipped: list[str] = field(default_factory=list)  # section headings and such, for metadata
    ocr_pages: list[int] = field(default_factory=list)  # pages without a text layer, read by OCR


_HEADER_NAME = re.compile(r"nama\s*instansi|instansi", re.I)
_HEADER_INDEX = re.compile(r"^\s*(indeks|nilai)", re.I)
_NUMBER = re.compile(r"^\s*\d+\s*\.?\s*$")
# Fallback for pages pdfplumber sees no ruled table on: "12 Pemerintah Kota X 3,49 Baik".
_TEXT_ROW = re.compile(
    r"^\s*(?P<no>\d{1,4})\.?\s+(?P<name>.+?)\s+(?P<index>\d[.,]\d{1,3})\s+"
    r"(?P<predikat>Memuaskan|Sangat\s+Baik|Baik|Cukup|Kurang)\s*$",
    re.I,
)


def _clean(cell: object) -> str:
    if cell is None:
        return ""
    return re.sub(r"\s+", " ", str(cell).replace("\u00a0", " ")).strip()


def _is_header(cells: list[str]) -> bool:
    return len(cells) >= 3 and bool(_HEADER_NAME.search(cells[1])) and bool(_HEADER_INDEX.match(cells[2]))


class _RowCollector:
    """Turns table lines into rows, joining names that wrapped onto a line of their own."""

    def __init__(self, year: int, source_url: str) -> None:
        self.year, self.source_url = year, source_url
        self.rows: list[dict] = []
        self.skipped: list[str] = []

    def add_line(self, line: TableLine) -> None:
        """Adapter for the backends' TableLines until the shared interpreter (issue 12) lands."""
        bbox = ",".join(f"{v:.0f}" for v in line.bbox) if line.bbox else None
        self.add(line.cells, line.page, method=line.method, confidence=line.confidence, bbox=bbox)

    def add(self, cells: list[str], page: int | None, *, method: str = "text", confidence: float | None = None,
            bbox: str | None = None) -> None:
        cells = [_clean(c) for c in cells] + [""] * (4 - len(cells))
        no, name, index_text, predikat_text = cells[:4]
        if not any(cells) or _is_header(cells):
            return
        if not no and not index_text and not predikat_text and name and self.rows:
            # The rest of a long name that the layout pushed onto its own line.
            self.rows[-1]["published_name"] += f" {name}"
            return
        if not no and not index_text and not name:
            self.skipped.append(f"page {page}: stray cells {cells!r}")
            return
        if no and not _NUMBER.match(no) and not index_text:
            # Section headings ("A. INSTANSI PUSAT") span the table without a value.
            self.skipped.append(f"page {page}: heading {' '.join(c for c in cells if c)!r}")
            return
        self.rows.append(
            {
                "year": self.year,
                "source_url": self.source_url,
                "page": page,
                "row_number": len(self.rows) + 1,
                "published_no": no.rstrip(".") or None,
                "published_name": name or "(empty)",
                "index_text": index_text or None,
                "predikat_text": predikat_text or None,
                "method": method,
                "confidence": confidence,
                "bbox": bbox,
            }
        )

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(self.rows, columns=list(RawOfficialRow.to_schema().columns))
        return RawOfficialRow.validate(df)


def _table_cells(table: list[list[object]]) -> list[list[str]]:
    # Tables wider than four columns (a "Keterangan" column, say) keep the first four that
    # carry the header's meaning; narrower ones are padded by the collector.
    return [[_clean(c) for c in row][:4] for row in table]


def parse_lampiran_pdf(content: bytes, *, year: int, source_url: str) -> ParsedLampiran:
    if not content.startswith(b"%PDF"):
        raise LampiranError(f"{source_url}: not a PDF (starts with {content[:16]!r})")
    collector = _RowCollector(year, source_url)
    try:
        pdf = pdfplumber.open(io.BytesIO(content))
    except Exception as exc:  # pdfminer raises a zoo of exception types on broken files
        raise LampiranError(f"{source_url}: unreadable PDF: {exc}") from exc
    ocr = OcrReader(content, source_url)
    with pdf, ocr:
        pages = len(pdf.pages)
        for page_no, page in enumerate(pdf.pages, start=1):
            if ocr.needs_ocr(page):
                try:
                    result = ocr.read_page(page_no)
                except OcrUnavailable as exc:
                    raise LampiranError(str(exc)) from None
                for line in result.lines:
                    collector.add_line(line)
                collector.skipped += result.skipped
                continue
            try:
                tables = page.extract_tables()
            except Exception as exc:
                raise LampiranError(f"{source_url}: page {page_no}: cannot read tables: {exc}") from exc
            if tables:
                for table in tables:
                    for cells in _table_cells(table):
                        collector.add(cells, page_no)
                continue
            for line in (page.extract_text() or "").splitlines():
                m = _TEXT_ROW.match(line)
                if m:
                    collector.add([m["no"], m["name"], m["index"], m["predikat"]], page_no)
    if not collector.rows:
        raise LampiranError(
            f"{source_url}: no lampiran table (No. | Nama Instansi | Indeks | Predikat) found in {pages} page(s);"
            " the layout may have changed"
        )
    return ParsedLampiran(collector.frame(), pages, collector.skipped, ocr.pages_read)


def parse_lampiran_html(content: bytes | str, *, year: int, source_url: str) -> ParsedLampiran:
    soup = BeautifulSoup(content, "lxml")
    collector = _RowCollector(year, source_url)
    for table in soup.find_all("table"):
        lines = [
            [cell.get_text(" ", strip=True) for cell in tr.find_all(["td", "th"])]
            for tr in table.find_all("tr")
        ]
        if not any(_is_header(_table_cells([line])[0]) for line in lines if len(line) >= 3):
            continue
        for cells in _table_cells(lines):
            collector.add(cells, None, method="html")
    if not collector.rows:
        raise LampiranError(
            f"{source_url}: no table with 'Nama Instansi' and 'Indeks' columns found; the layout may have changed"
        )
    return ParsedLampiran(collector.frame(), 1, collector.skipped)


def find_lampiran_link(html: bytes | str, base_url: str) -> str | None:
    """The first link on an index page that points at a PDF, made absolute."""
    from urllib.parse import urljoin

    soup = BeautifulSoup(html, "lxml")
    for a in soup.find_all("a", href=True):
        if a["href"].lower().split("?")[0].endswith(".pdf"):
            return urljoin(base_url, a["href"])
    return None
