"""Lampiran whose text layer lies, built in the tests (synthetic: no real decree).

- `lying_font_pdf`: a lampiran set in an embedded TrueType font (reportlab's own Vera) whose
  ToUnicode map swaps two digits: the page shows 3,98, the text layer says 3,89.
- `hidden_layer_scan`: a scanned page image with an invisible text layer (render mode 3) drawn
  over it, as scanners that OCR their own output make; `lie` replaces values in the hidden layer
  only. `tesseract_layer_scan` makes that layer with Tesseract's own PDF renderer instead.
"""

from __future__ import annotations

import io
import os
import re
import subprocess

import pdfplumber
import pypdfium2
import reportlab
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from tests.lampiran_builder import HEADER


def _vera() -> str:
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")))
    return "Vera"


def lying_font_pdf(rows: list[tuple[str, ...]], *, swap: tuple[str, str] | None = ("8", "9")) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, invariant=1, pageCompression=0)
    table = Table([HEADER, *rows], colWidths=[30, 280, 60, 80], repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), _vera()), ("FONTSIZE", (0, 0), (-1, -1), 8),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    doc.build([table])
    data = buf.getvalue()
    if swap is None:
        return data
    a, b = (f"{ord(c):02X}".encode() for c in swap)
    # Same length in and out: the xref offsets stay right.
    swapped = data.replace(b"<%s> <00%s>" % (a, a), b"<%s> <00@@>" % a).replace(b"<%s> <00%s>" % (b, b), b"<%s> <00%s>" % (b, a))
    swapped = swapped.replace(b"<00@@>", b"<00%s>" % b)
    assert swapped != data, "no ToUnicode entry to swap"
    return swapped


def _words(text_pdf: bytes) -> list[list[dict]]:
    with pdfplumber.open(io.BytesIO(text_pdf)) as pdf:
        return [page.extract_words() for page in pdf.pages]


def _images(text_pdf: bytes, dpi: int) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(text_pdf)
    images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(document))]
    document.close()
    return images


def hidden_layer_scan(text_pdf: bytes, *, lie: dict[str, str] | None = None, dpi: int = 200) -> bytes:
    """Each page: the page as a grey JPEG image, and the page's words drawn over it invisibly."""
    lie = lie or {}
    buf = io.BytesIO()
    sheet = canvas.Canvas(buf, pagesize=A4, invariant=1)
    width, height = A4
    for image, words in zip(_images(text_pdf, dpi), _words(text_pdf), strict=True):
        jpeg = io.BytesIO()
        image.save(jpeg, format="JPEG", quality=80)
        sheet.drawInlineImage(Image.open(io.BytesIO(jpeg.getvalue())), 0, 0, width, height)
        text = sheet.beginText()
        text.setTextRenderMode(3)
        for word in words:
            size = max(4.0, (word["bottom"] - word["top"]) * 0.9)
            text.setFont("Helvetica", size)
            text.setTextOrigin(word["x0"], height - word["bottom"] + 0.2 * size)
            text.textOut(lie.get(word["text"], word["text"]))
        sheet.drawText(text)
        sheet.showPage()
    sheet.save()
    return buf.getvalue()


def tesseract_layer_scan(text_pdf: bytes, dpi: int = 200) -> bytes:
    """One page: Tesseract's own PDF output (the image with its reading as an invisible layer)."""
    image = _images(text_pdf, dpi)[0]
    png = io.BytesIO()
    image.save(png, format="PNG", dpi=(dpi, dpi))
    out = subprocess.run(["tesseract", "stdin", "stdout", "-l", "ind", "pdf"], input=png.getvalue(), capture_output=True,
                         check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    assert re.match(rb"%PDF", out.stdout)
    return out.stdout
