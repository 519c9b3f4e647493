"""Adversarial decree lampiran with known truth (synthetic: no real decree, no real value).

Each `Variant` is one document (PDF with a text layer, a scan, a scan with a hidden text layer, an
HTML page) built from a seeded table of real body names and made-up values, damaged in one or more
ways real decrees are: pages turned in the feeder, later pages without a header, sections that
restart at 1 next to a lost page, fonts whose character map lies, invisible OCR layers that misread,
another year's title or header, duplicates, merged cells, rowspans, rows split over a page break,
faint and noisy scans, reordered, missing and extra columns, totals and average rows, footnotes,
a table continued after a signature block.

The truth says what a right reading loads: `truth` (instansi id -> value) are the rows a right
reading may load, `forbidden` ids must never load (both halves of a conflicting duplicate), and
`refuse` marks a document only a refusal reads right (a decree of another year). The harness
(`tests/adversarial/harness.py`) runs `spbe parse-lampiran` on each and classifies the outcome.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pypdfium2
from PIL import Image, ImageFilter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from spbe.domain.instansi import gazetteer
from spbe.domain.predikat import predikat_for

YEAR = 2024
TITLE = f"LAMPIRAN KEPUTUSAN MENTERI PANRB TENTANG HASIL EVALUASI SPBE TAHUN {YEAR} (DATA SINTETIS UNTUK PENGUJIAN)"
SIGNATURE = ["Ditetapkan di Jakarta", "pada tanggal 11 Januari 2025", "MENTERI PENDAYAGUNAAN APARATUR NEGARA", "ttd."]
_CELL = ParagraphStyle("c", fontName="Helvetica", fontSize=9, leading=11)
_TITLE = ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=11, leading=14, alignment=1)


@dataclass
class Body:
    no: str
    name: str
    value: str  # as printed, "3,45"
    predikat: str
    id: str
    section: str = ""


@dataclass
class Variant:
    name: str
    kind: str  # pdf | html
    build: Callable[[], bytes]
    truth: dict[str, float]
    forbidden: set[str] = field(default_factory=set)
    refuse: bool = False  # only a refusal is right
    slow: bool = False  # OCR'd
    year: int = YEAR
    tags: tuple[str, ...] = ()


def bodies(count: int, seed: int, year: int = YEAR) -> list[Body]:
    """`count` distinct bodies (a few central, the rest regions), seeded values and their bands."""
    gaz = gazetteer()
    rnd = random.Random(seed)
    regions = [i for i in gaz.evaluated_regions() if gaz.existed_in(i.id, year)]
    central = [i for i in gaz.central_bodies() if gaz.existed_in(i.id, year)]
    picked = rnd.sample(central, min(6, count // 5)) + rnd.sample(regions, count - min(6, count // 5))
    out = []
    for n, inst in enumerate(picked, start=1):
        value = round(rnd.uniform(1.2, 4.6), 2)
        name = inst.official_name()
        assert gaz.resolve(name) is not None and gaz.resolve(name).id == inst.id, name
        out.append(Body(f"{n}.", name, f"{value:.2f}".replace(".", ","), predikat_for(value, year), inst.id))
    return out


def twin_bodies(count: int, seed: int, year: int = YEAR) -> list[Body]:
    """Bodies whose name is another body's name plus a word ('… Bandung Barat' next to '… Bandung'):
    a name that loses its last word when it wraps resolves to the other body, not to nothing."""
    gaz = gazetteer()
    names = {i.official_name(): i for i in gaz.evaluated_regions() if gaz.existed_in(i.id, year)}
    twins = sorted({n + w for n in names for w in (" Barat", " Utara", " Selatan", " Timur", " Tengah") if n + w in names})
    rnd = random.Random(seed)
    picked = rnd.sample(twins, min(count, len(twins)))
    out = []
    for n, name in enumerate(picked, start=1):
        value = round(rnd.uniform(1.2, 4.6), 2)
        out.append(Body(f"{n}.", name, f"{value:.2f}".replace(".", ","), predikat_for(value, year), names[name].id))
    return out


def truth_of(rows: list[Body]) -> dict[str, float]:
    return {b.id: float(b.value.replace(",", ".")) for b in rows}


# -- PDF with a text layer --------------------------------------------------------------------

COLUMNS = {"no": "No.", "name": "Nama Instansi", "value": "Indeks", "predikat": "Predikat",
           "province": "Provinsi", "note": "Keterangan"}


def _cells(body: Body, order: list[str], extra: dict[str, str] | None = None) -> list:
    values = {"no": body.no, "name": Paragraph(body.name, _CELL), "value": body.value, "predikat": body.predikat,
              "province": "", "note": "", **(extra or {})}
    return [values[c] for c in order]


def _widths(order: list[str]) -> list[float]:
    size = {"no": 1.2, "name": 7.5, "value": 2.0, "predikat": 2.8, "province": 3.0, "note": 2.4}
    return [size[c] * cm for c in order]


def table_pdf(
    rows: list[Body | tuple],
    *,
    order: tuple[str, ...] = ("no", "name", "value", "predikat"),
    header: dict[str, str] | None = None,
    per_page: int | None = 18,
    repeat_header: bool = True,
    title: str = TITLE,
    after: list[str] | None = None,
    spans: list[tuple[tuple[int, int], tuple[int, int]]] | None = None,
    padding: float = 3,
    signature_after_chunk: int | None = None,
    signature: bool = True,
    name_width: float | None = None,
    valign: str = "MIDDLE",
    group_header: str | None = None,
) -> bytes:
    """A ruled lampiran. `rows`: Body, or a tuple of raw cells for lines that are no body (a heading,
    an average row). `per_page` rows per table chunk, each chunk on its page; None lets reportlab
    split one table. `spans`: reportlab SPAN ranges over the body rows (row 0 is the first body)."""
    order = list(order)
    names = {**COLUMNS, **(header or {})}
    head = [Paragraph(names[c], _CELL) for c in order]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, invariant=1, leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                            topMargin=1.5 * cm, bottomMargin=1.5 * cm)
    story: list = [Paragraph(title, _TITLE), Spacer(1, 10)]
    chunks = [rows] if per_page is None else [rows[i : i + per_page] for i in range(0, len(rows), per_page)]
    for k, chunk in enumerate(chunks):
        data = [head] if (k == 0 or repeat_header) else []
        group = []
        if group_header and data:
            # Two header rows: `group_header` spans the index and predikat headers below it; No. and
            # name span both rows.
            top = [Paragraph(names[c], _CELL) if c in ("no", "name") else "" for c in order]
            top[order.index("value")] = Paragraph(group_header, _CELL)
            head_below = [("" if c in ("no", "name") else h) for c, h in zip(order, head, strict=True)]
            data = [top, head_below]
            for c in ("no", "name"):
                group.append(("SPAN", (order.index(c), 0), (order.index(c), 1)))
            group.append(("SPAN", (order.index("value"), 0), (order.index("value") + 1, 0)))
        for row in chunk:
            if isinstance(row, Body):
                data.append(_cells(row, order))
            else:
                data.append([Paragraph(c, _CELL) if i == order.index("name") else c for i, c in enumerate(row)])
        widths = _widths(order)
        if name_width:
            widths[order.index("name")] = name_width * cm
        table = Table(data, colWidths=widths, repeatRows=1 if (repeat_header and per_page is None) else 0)
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), valign),
                 ("FONTSIZE", (0, 0), (-1, -1), 9), ("TOPPADDING", (0, 0), (-1, -1), padding),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), padding)]
        offset = (2 if group else 1) if data and (data[0] is head or group) else 0
        style += group
        for (c0, r0), (c1, r1) in spans or []:
            if k == 0:
                style.append(("SPAN", (c0, r0 + offset), (c1, r1 + offset)))
        table.setStyle(TableStyle(style))
        story.append(table)
        if signature_after_chunk is not None and k == signature_after_chunk:
            story += [Spacer(1, 20)] + [Paragraph(s, _CELL) for s in SIGNATURE]
        if per_page is not None and k < len(chunks) - 1:
            story.append(PageBreak())
    story += [Spacer(1, 12)] + [Paragraph(s, _CELL) for s in (after or [])]
    if signature:
        story += [Spacer(1, 20)] + [Paragraph(s, _CELL) for s in SIGNATURE]
    doc.build(story)
    return buf.getvalue()


# -- scans --------------------------------------------------------------------------------------


def render(pdf: bytes, dpi: int = 200) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(document))]
    document.close()
    return images


def to_pdf(images: list[Image.Image], dpi: int = 200, quality: int = 75) -> bytes:
    pages = []
    for image in images:
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=quality)
        pages.append(Image.open(io.BytesIO(out.getvalue())))
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return buf.getvalue()


def scanned(pdf: bytes, *, seed: int = 1, skew: float = 0.6, dust: float = 0.0006,
            per_page: Callable[[int, Image.Image], Image.Image | None] | None = None, faint: bool = False,
            noise: float = 0.0, blur: float = 0.0) -> bytes:
    """Print and scan: skewed, dusty greyscale pages; `per_page(page_no, image)` damages one page
    (turns it, shifts it, or returns None to leave the sheet out)."""
    rng = np.random.default_rng(seed)
    out = []
    for n, image in enumerate(render(pdf), start=1):
        image = image.rotate(skew, resample=Image.BICUBIC, fillcolor=255)
        if blur:
            image = image.filter(ImageFilter.GaussianBlur(blur))
        pixels = np.array(image).astype(np.float32)
        if faint:
            pixels = 200 + pixels * (238 - 200) / 255
        if noise:
            pixels = pixels + rng.normal(0, noise, pixels.shape)
        pixels = np.clip(pixels, 0, 255).astype(np.uint8)
        k = int(pixels.size * dust)
        pixels[rng.integers(0, pixels.shape[0], k), rng.integers(0, pixels.shape[1], k)] = 40
        image = Image.fromarray(pixels)
        if per_page is not None:
            image = per_page(n, image)
        if image is not None:
            out.append(image)
    return to_pdf(out)


def turn(page: int, degrees: int):
    return lambda n, image: image.rotate(degrees, expand=True, fillcolor=255) if n == page else image


def shift(page: int, dx: int, dy: int):
    def move(n, image):
        if n != page:
            return image
        canvas = Image.new("L", image.size, 255)
        canvas.paste(image, (dx, dy))
        return canvas
    return move


def smudge(page: int):
    """A page the scanner ruined: the sheet came out nearly black with a few marks."""
    def ruin(n, image):
        if n != page:
            return image
        pixels = np.array(image).astype(np.float32) * 0.12 + 10
        return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    return ruin


def unreadable(page: int, seed: int = 5):
    """A sheet the scanner turned into noise: nothing on it can be read."""
    def ruin(n, image):
        if n != page:
            return image
        rng = np.random.default_rng(seed)
        return Image.fromarray(rng.integers(0, 256, (image.height, image.width), dtype=np.uint8))
    return ruin


# -- HTML ---------------------------------------------------------------------------------------


def html_page(rows: list[list[str]], header: list[str] | str, title: str = TITLE) -> bytes:
    """`rows`: lists of <td> HTML fragments (so a cell can carry rowspan/colspan)."""
    head = header if isinstance(header, str) else "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in rows)
    return (f"<html><head><meta charset='utf-8'><title>Hasil Evaluasi SPBE (sintetis)</title></head><body>"
            f"<h1>{title}</h1><table class='hasil'><thead>{head}</thead><tbody>{body}</tbody></table>"
            "<p>Data sintetis untuk pengujian.</p></body></html>").encode()


def td(text: str, **attrs) -> str:
    extra = "".join(f" {k}='{v}'" for k, v in attrs.items())
    return f"<td{extra}>{text}</td>"
