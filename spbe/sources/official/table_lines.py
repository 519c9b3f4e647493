"""The one intermediate every lampiran backend produces: the table's lines, page by page.

A backend (the PDF text layer, an HTML table, OCR of a scanned page) only says what it saw on a
line: the cells left to right, where the line is and how sure it is. One shared interpreter turns
lines into rows and rejects, so a check written there (the `No.` sequence, the stated count)
holds for every backend alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Method = Literal["text", "ocr", "html"]
# (x0, top, x1, bottom) in PDF points, origin at the page's top-left corner (pdfplumber's frame),
# so a human can crop the page at any resolution to see what the backend read.
BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class TableLine:
    page: int | None  # 1-based PDF page; None for HTML
    cells: list[str] = field(default_factory=list)  # as read, left to right; "" for an empty cell
    bbox: BBox | None = None
    confidence: float | None = None  # 0..1; OCR only (the weakest word that decides the row)
    method: Method = "text"
    # Why the row on this line must not be trusted, though it reads cleanly: an OCR read that
    # disagrees with the page's hidden text layer, a text-layer cell that its rendering contradicts.
    doubt: str | None = None

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)


def crop_reference(page: int | None, bbox: BBox | None) -> str:
    """'page 3, bbox 85,410,510,446 pt': where to look on the document for a row a human must check."""
    if bbox is None:
        return f"page {page}" if page is not None else "no position"
    return f"page {page}, bbox {','.join(f'{v:.0f}' for v in bbox)} pt"
