"""Scanned decrees: some years' lampiran are served as image-only PDFs, as the real portal's are.

A text-layer lampiran (rendered by documents.py) is rasterised page by page with pypdfium2 and
made to look like it went through an office scanner: a slight skew that varies from page to page,
dust (speckle), greyscale JPEG compression. The result is a PDF with one JPEG per page and no text
layer at all. The page still says DATA SINTETIS in its pixels, and the PDF metadata says so too.

Deterministic for a seed: the same bytes every time (fixed dates, seeded noise).
"""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass

import numpy as np
import pypdfium2
from PIL import Image

SYNTHETIC = "DATA SINTETIS untuk pengujian - bukan hasil resmi KemenPAN-RB"


@dataclass(frozen=True)
class ScanStyle:
    dpi: int
    skew: float  # degrees, the feeder's typical tilt; each page adds a little of its own
    speckle: float  # share of pixels hit by dust
    jpeg_quality: int


# The evaluation years whose decree the mirror serves as a scan, at two resolutions. 2020 and 2022
# are the two smallest PDF years (128 and 451 bodies), which keeps OCR in the demo short.
SCANNED_YEARS: dict[int, ScanStyle] = {
    2020: ScanStyle(dpi=300, skew=0.5, speckle=0.0008, jpeg_quality=70),
    2022: ScanStyle(dpi=200, skew=-0.6, speckle=0.0006, jpeg_quality=75),
}
_FIXED_DATE = time.gmtime(1609459200)  # 2021-01-01: no clock in the bytes


def degrade(image: Image.Image, style: ScanStyle, rng: random.Random) -> Image.Image:
    """One clean greyscale page -> what a scanner makes of it."""
    angle = style.skew + rng.uniform(-0.25, 0.25)
    page = image.convert("L").rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    pixels = np.array(page)
    noise = np.random.default_rng(rng.randrange(2**32))
    count = int(pixels.size * style.speckle)
    ys, xs = noise.integers(0, pixels.shape[0], count), noise.integers(0, pixels.shape[1], count)
    pixels[ys, xs] = noise.integers(0, 120, count).astype(np.uint8)  # dark dust, not all black
    pale = noise.integers(0, pixels.shape[0], count), noise.integers(0, pixels.shape[1], count)
    pixels[pale] = np.minimum(pixels[pale], 200)  # and faint specks
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG", quality=style.jpeg_quality)
    return Image.open(io.BytesIO(buf.getvalue()))


def scan_pdf(text_pdf: bytes, style: ScanStyle, *, seed: int, title: str = "") -> bytes:
    """An image-only PDF of `text_pdf`, one degraded JPEG page at a time."""
    rng = random.Random(seed)
    document = pypdfium2.PdfDocument(text_pdf)
    pages: list[Image.Image] = []
    try:
        for index in range(len(document)):
            page = document[index]
            clean = page.render(scale=style.dpi / 72, grayscale=True).to_pil()
            page.close()
            pages.append(degrade(clean, style, rng))
    finally:
        document.close()
    out = io.BytesIO()
    pages[0].save(
        out,
        format="PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(style.dpi),
        title=title or SYNTHETIC,
        subject=SYNTHETIC,
        author="Kementerian PANRB (DATA SINTETIS)",
        creator="mirror.scanned",
        producer="mirror.scanned",
        creationDate=_FIXED_DATE,
        modDate=_FIXED_DATE,
    )
    return out.getvalue()
