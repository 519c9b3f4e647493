"""Small decree-lampiran PDFs and HTML pages built in the tests, independent of the mirror generator.

`lampiran_pdf` draws the variants real decrees come in: other header words and column orders,
extra columns, no ruling lines, landscape pages, a /Rotate'd page, encryption, rows that
reportlab splits across a page break.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

HEADER = ["No.", "Nama Instansi", "Indeks", "Predikat"]
_WIDTHS = {"name": 170, "other": 60}


def _widths(header: list[str]) -> list[float]:
    widths = []
    for h in header:
        low = h.lower()
        if low.startswith("no"):
            widths.append(max(30, 7 * len(h)))
        elif "nama" in low or "instansi" in low or "k/l" in low or "kementerian" in low:
            widths.append(_WIDTHS["name"])
        else:
            widths.append(max(_WIDTHS["other"], 7 * len(h)))
    return widths


def _name_column(header: list[str]) -> int:
    widths = _widths(header)
    return widths.index(max(widths))


def _rotating_canvas(rotation: int):
    class RotatedCanvas(rl_canvas.Canvas):
        def showPage(self):  # noqa: N802 - reportlab's name
            self.setPageRotation(rotation)
            super().showPage()

    return RotatedCanvas


def lampiran_pdf(
    rows: list[tuple[str, ...]],
    *,
    header: list[str] | None = HEADER,
    rows_per_page: int | None = 20,
    ruled: bool = True,
    wide: bool = False,
    rotate: int = 0,
    encrypt: str | None = None,
    repeat_header: bool = True,
    padding: float | None = None,
    on_page=None,
    title: str = "LAMPIRAN KEPUTUSAN MENTERI PANRB TENTANG HASIL EVALUASI SPBE",
) -> bytes:
    """A lampiran with `rows` under `header`; rows_per_page=None lets reportlab split the table itself."""
    header = header or HEADER
    styles = getSampleStyleSheet()
    name_col = _name_column(header)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4) if wide else A4, invariant=1, encrypt=encrypt)
    story = [Paragraph(title, styles["Title"])]
    chunks = [rows] if rows_per_page is None else [rows[i : i + rows_per_page] for i in range(0, len(rows), rows_per_page)]
    for chunk in chunks:
        body = [[Paragraph(c, styles["BodyText"]) if i == name_col else c for i, c in enumerate(row)] for row in chunk]
        head = [Paragraph(h, styles["BodyText"]) for h in header]
        table = Table([head, *body], colWidths=_widths(header), repeatRows=1 if repeat_header else 0,
                      splitInRow=1 if rows_per_page is None else 0)
        if ruled:
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        if padding is not None:
            table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), padding), ("BOTTOMPADDING", (0, 0), (-1, -1), padding)]))
        story.append(table)
        if rows_per_page is not None:
            story.append(PageBreak())
    pages = {"onFirstPage": on_page, "onLaterPages": on_page} if on_page else {}
    doc.build(story, canvasmaker=_rotating_canvas(rotate) if rotate else rl_canvas.Canvas, **pages)
    return buf.getvalue()


def lampiran_html(rows: list[tuple[str, ...]], *, header: list[str] | None = None) -> str:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    head = "".join(f"<th>{h}</th>" for h in header or HEADER)
    return (
        "<html><body><nav><a href='/'>Beranda</a></nav><table><tr><td>menu</td></tr></table>"
        f"<table class='hasil'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>"
    )
