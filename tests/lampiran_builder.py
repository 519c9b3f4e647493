"""Small decree-lampiran PDFs and HTML pages built in the tests, independent of the mirror generator."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

HEADER = ["No.", "Nama Instansi", "Indeks", "Predikat"]


def lampiran_pdf(rows: list[tuple[str, str, str, str]], *, rows_per_page: int = 20) -> bytes:
    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, invariant=1)
    story = [Paragraph("LAMPIRAN KEPUTUSAN MENTERI PANRB NOMOR 13 TAHUN 2024", styles["Title"])]
    for start in range(0, len(rows), rows_per_page):
        chunk = rows[start : start + rows_per_page]
        data = [HEADER] + [[no, Paragraph(name, styles["BodyText"]), idx, pred] for no, name, idx, pred in chunk]
        table = Table(data, colWidths=[30, 170, 50, 80], repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story += [table, PageBreak()]
    doc.build(story)
    return buf.getvalue()


def lampiran_html(rows: list[tuple[str, str, str, str]]) -> str:
    body = "".join(f"<tr><td>{no}</td><td>{name}</td><td>{idx}</td><td>{pred}</td></tr>" for no, name, idx, pred in rows)
    head = "".join(f"<th>{h}</th>" for h in HEADER)
    return (
        "<html><body><nav><a href='/'>Beranda</a></nav><table><tr><td>menu</td></tr></table>"
        f"<table class='hasil'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>"
    )
