"""A scanned lampiran the mirror did not make: another font, layout and scanner, built in the tests.

Times-Roman, upper-case headers, names top-aligned (not centred), rules between rows only (no
vertical lines), then printed and scanned at 200 dpi with a 0.8 degree skew, dust and JPEG.
"""

from __future__ import annotations

import io
import random

import numpy as np
import pypdfium2
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_CELL = ParagraphStyle("c", fontName="Times-Roman", fontSize=11, leading=13)
_TITLE = ParagraphStyle("t", fontName="Times-Bold", fontSize=12, leading=15, alignment=1)


def foreign_text_pdf(rows: list[tuple[str, str, str, str]]) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, invariant=1, leftMargin=2 * cm, rightMargin=2 * cm)
    data = [["NO.", "NAMA INSTANSI", "INDEKS", "PREDIKAT"]] + [[no, Paragraph(n, _CELL), v, p] for no, n, v, p in rows]
    table = Table(data, colWidths=[1.4 * cm, 8.5 * cm, 2.4 * cm, 3.6 * cm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, 0), "Times-Bold"),
        ("FONTNAME", (0, 1), (-1, -1), "Times-Roman"),
        ("FONTSIZE", (0, 0), (-1, -1), 11),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (2, 0), (2, -1), "CENTER"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    story = [Paragraph("LAMPIRAN KEPUTUSAN MENTERI PANRB (DATA SINTETIS UNTUK PENGUJIAN)", _TITLE), Spacer(1, 12),
             table, Spacer(1, 30), Paragraph("Ditetapkan di Jakarta pada tanggal 11 Januari 2024", _CELL)]
    doc.build(story)
    return buf.getvalue()


def scan(text_pdf: bytes, *, dpi: int = 200, skew: float = 0.8, dust: float = 0.0008, quality: int = 70,
         seed: int = 7) -> bytes:
    """Print and scan: an image-only PDF, one skewed, dusty JPEG per page."""
    rng = np.random.default_rng(seed)
    document = pypdfium2.PdfDocument(text_pdf)
    pages = []
    for index in range(len(document)):
        image = document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        image = image.rotate(skew, resample=Image.BICUBIC, fillcolor=255)
        pixels = np.array(image)
        n = int(pixels.size * dust)
        pixels[rng.integers(0, pixels.shape[0], n), rng.integers(0, pixels.shape[1], n)] = 30
        out = io.BytesIO()
        Image.fromarray(pixels).save(out, format="JPEG", quality=quality)
        pages.append(Image.open(io.BytesIO(out.getvalue())))
    document.close()
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return buf.getvalue()


def random_rows(names: list[str], seed: int = 3, year: int = 2023) -> list[tuple[str, str, str, str]]:
    from spbe.domain.predikat import predikat_for

    rnd = random.Random(seed)
    rows = []
    for n, name in enumerate(names, start=1):
        value = round(rnd.uniform(1.2, 4.6), 2)
        rows.append((f"{n}.", name, f"{value:.2f}".replace(".", ","), predikat_for(value, year)))
    return rows
