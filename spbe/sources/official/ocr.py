"""OCR backend for scanned lampiran pages: page image -> words with boxes -> TableLines.

Engine: Debian's Tesseract (`tesseract-ocr`, `tesseract-ocr-ind`), called as a subprocess that
reads a PNG on stdin and writes TSV (word, box, confidence) on stdout. Why a subprocess and not a
binding: pytesseract is itself a subprocess wrapper (with temp files) and adds nothing we need;
tesserocr must compile against libtesseract's C++ headers on every machine. Process start-up is a
few milliseconds against ~1 s of recognition per page. OMP_THREAD_LIMIT=1: Tesseract's OpenMP
threads made a page five times slower on this 2-core machine (4.7 s against 0.9 s).

Pages are rasterised one at a time with pypdfium2 (already a pdfplumber dependency) and released
before the next, so memory does not grow with the page count.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from PIL import Image

from spbe.sources.official.ocr_image import clean_page
from spbe.sources.official.ocr_table import ColumnLayout, Word, table_lines_from_words
from spbe.sources.official.table_lines import TableLine

OCR_DPI = 300  # pages are rasterised here; a 200 dpi scan is upsampled to it (small digits read better)
LANGUAGE = "ind"
# The page is read as sparse text (psm 11): in the default uniform-block mode a value centred
# between the two lines of a wrapped name made Tesseract splice half-lines into gibberish. English
# data next to Indonesian: alone, the Indonesian model read Helvetica's 7 as 1 ("2,73" -> "2,13").
# Numeric cells are read again with English data and a digit whitelist (see reread_digits).
PAGE_LANGUAGES = f"{LANGUAGE}+eng"
TESSERACT_TIMEOUT_S = 120
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-ind (or run scripts/install_system_deps.sh)"
# A page whose text layer has fewer characters than this is a scan (or a scan with a stray stamp).
MIN_TEXT_CHARS = 40


class OcrUnavailable(RuntimeError):
    """Tesseract (with Indonesian data) is not installed; the message is one line saying what to do."""


@functools.lru_cache(maxsize=1)
def engine_problem() -> str | None:
    """None when Tesseract with Indonesian data can run; otherwise one line saying what is missing."""
    exe = shutil.which("tesseract")
    if exe is None:
        return f"OCR engine not installed: no 'tesseract' on PATH; {INSTALL_HINT}"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"OCR engine unusable: 'tesseract --list-langs' failed ({exc}); {INSTALL_HINT}"
    missing = [lang for lang in (LANGUAGE, "eng") if lang not in out.stdout.split()]
    if missing:
        return f"OCR engine lacks language data {missing} (tesseract --list-langs); {INSTALL_HINT}"
    return None


def page_needs_ocr(page) -> bool:
    """A pdfplumber page with no usable text layer: (almost) no characters, but something drawn."""
    chars = sum(1 for c in page.chars if not c.get("text", "").isspace())
    return chars < MIN_TEXT_CHARS and bool(page.images)


_TSV_FIELDS = 12


def run_tesseract(image: Image.Image, *, psm: int, language: str, whitelist: str | None = None) -> list[Word]:
    """Words Tesseract reads on an image, with pixel boxes and confidences (0-100)."""
    problem = engine_problem()
    if problem:
        raise OcrUnavailable(problem)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cmd = ["tesseract", "stdin", "stdout", "-l", language, "--psm", str(psm), "-c", "preserve_interword_spaces=1"]
    if whitelist:
        cmd += ["-c", f"tessedit_char_whitelist={whitelist}"]
    cmd.append("tsv")
    proc = subprocess.run(cmd, input=buf.getvalue(), capture_output=True, env=env, timeout=TESSERACT_TIMEOUT_S, check=False)
    if proc.returncode != 0:
        raise OcrUnavailable(f"tesseract failed (exit {proc.returncode}): {proc.stderr.decode(errors='replace').strip()[:200]}")
    words = []
    for line in proc.stdout.decode("utf-8", errors="replace").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) != _TSV_FIELDS or parts[0] != "5" or not parts[11].strip():
            continue
        left, top, width, height = (int(v) for v in parts[6:10])
        words.append(Word(parts[11].strip(), float(parts[10]), left, top, left + width, top + height))
    return words


@dataclass
class OcrPage:
    lines: list[TableLine]  # header and table rows, cells in column order
    skipped: list[str]  # what was read outside the table (titles, signature, footer), for metadata
    layout: ColumnLayout | None  # columns found (or carried over), for the next page
    angle: float  # skew corrected, degrees


def _to_page_points(box, angle: float, size: tuple[int, int], scale: float) -> tuple[float, float, float, float]:
    """A box in the straightened image -> the enclosing box on the PDF page, in points."""
    import math

    width, height = size
    cx, cy = width / 2, height / 2
    theta = math.radians(angle)
    cos, sin = math.cos(theta), math.sin(theta)
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - cx, y - cy
        # PIL rotated the scan counter-clockwise by `angle`; turn the corners back.
        xs.append(cx + dx * cos - dy * sin)
        ys.append(cy + dx * sin + dy * cos)
    return (min(xs) / scale, min(ys) / scale, max(xs) / scale, max(ys) / scale)


def ocr_page_image(image: Image.Image, *, page: int, dpi: float, layout: ColumnLayout | None = None) -> OcrPage:
    """OCR one page image (any resolution) into table lines; `layout` carries columns across pages."""
    if dpi < OCR_DPI:
        factor = OCR_DPI / dpi
        image = image.resize((round(image.width * factor), round(image.height * factor)), Image.LANCZOS)
        dpi = OCR_DPI
    clean = clean_page(image, dpi)
    words = run_tesseract(clean.image, psm=11, language=PAGE_LANGUAGES)
    scale = dpi / 72
    table = table_lines_from_words(
        words, rules=clean.rules, page=page, layout=layout, reread=lambda boxes, attempt: reread_digits(clean.image, boxes, attempt)
    )
    lines = [
        TableLine(page, line.cells, _to_page_points(line.bbox, clean.angle, clean.image.size, scale), line.confidence, "ocr")
        if line.bbox is not None
        else line
        for line in table.lines
    ]
    return OcrPage(lines, table.skipped, table.layout, clean.angle)


_DIGITS = "0123456789,."


def reread_digits(image: Image.Image, boxes: list[tuple[int, int, int, int]], attempt: int = 0) -> list[tuple[str, float] | None]:
    """Read numeric cells again, digits only: the cells are cut out and stacked one per slot with
    white space between, so Tesseract sees short clean lines and cannot drift into a neighbour
    column. One engine call per page, not per cell. Attempt 1 (a tie-break between two reads that
    disagree) reads the cells enlarged 1.5 times, one line at a time in the engine's eyes (psm 4)."""
    if not boxes:
        return []
    crops = [image.crop(box) for box in boxes]
    if attempt:
        crops = [c.resize((round(c.width * 1.5), round(c.height * 1.5)), Image.LANCZOS) for c in crops]
    gap = max(c.height for c in crops)
    width = max(c.width for c in crops) + 2 * gap
    sheet = Image.new("L", (width, gap + sum(c.height + gap for c in crops)), 255)
    slots, y = [], gap
    for crop in crops:
        sheet.paste(crop, (gap, y))
        slots.append((y, y + crop.height))
        y += crop.height + gap
    found: list[list[Word]] = [[] for _ in boxes]
    for word in run_tesseract(sheet, psm=4 if attempt else 6, language="eng", whitelist=_DIGITS):
        for i, (top, bottom) in enumerate(slots):
            if top <= word.yc < bottom:
                found[i].append(word)
                break
    return [
        (" ".join(w.text for w in sorted(ws, key=lambda w: w.x0)), min(w.conf for w in ws)) if ws else ("", 0.0)
        for ws in found
    ]


def render_page(pdf_document, index: int, dpi: float = OCR_DPI) -> Image.Image:
    """Rasterise one page (0-based) of an open pypdfium2 document, greyscale."""
    page = pdf_document[index]
    try:
        return page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        page.close()


_VALUE_SHAPE = re.compile(r"^\d,\d\d$")


def value_reads_cleanly(text: str | None) -> bool:
    """OCR'd index must read exactly as d,dd: anything else (a lost comma, a stray mark) is not trusted."""
    return bool(text) and bool(_VALUE_SHAPE.match(text.strip()))


class OcrReader:
    """OCR for the scanned pages of one PDF, page by page: the document is opened for rendering
    only when the first page without a text layer turns up. Two pages are in flight at most (one
    per core: Tesseract runs in its own process, numpy mostly outside the GIL), each image is
    dropped once read, so memory does not grow with the page count. Column layouts carry over
    to a page without a header of its own."""

    def __init__(self, content: bytes, source_url: str, workers: int = 2) -> None:
        self.content, self.source_url = content, source_url
        self.pages_read: list[int] = []
        self._document = None
        self._render_lock = threading.Lock()  # pdfium is not thread-safe
        self._pool: ThreadPoolExecutor | None = None
        self._workers = workers
        self._pending: dict[int, Future] = {}
        self._layout: ColumnLayout | None = None

    def needs_ocr(self, page) -> bool:
        return page_needs_ocr(page)

    def _scan(self, page_no: int, layout: ColumnLayout | None = None) -> OcrPage:
        with self._render_lock:
            image = render_page(self._document, page_no - 1)
        try:
            return ocr_page_image(image, page=page_no, dpi=OCR_DPI, layout=layout)
        finally:
            image.close()

    def _submit(self, page_no: int) -> None:
        if page_no in self._pending or page_no > len(self._document):
            return
        with self._render_lock:
            page = self._document[page_no - 1]
            has_text = page.get_textpage().count_chars() >= MIN_TEXT_CHARS
            page.close()
        if not has_text:
            self._pending[page_no] = self._pool.submit(self._scan, page_no)

    def read_page(self, page_no: int) -> OcrPage:
        problem = engine_problem()
        if problem:
            raise OcrUnavailable(f"{self.source_url}: page {page_no} is a scan with no text layer; {problem}")
        if self._document is None:
            import pypdfium2

            self._document = pypdfium2.PdfDocument(self.content)
            self._pool = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="ocr")
        for ahead in range(page_no, page_no + self._workers):
            self._submit(ahead)
        future = self._pending.pop(page_no, None) or self._pool.submit(self._scan, page_no)
        result = future.result()
        if self._layout is not None and result.layout is None:
            # A page without a header of its own (read ahead, before the columns were known):
            # read it again with the previous page's columns. Rare; decrees repeat the header.
            result = self._scan(page_no, self._layout)
        self._layout = result.layout or self._layout
        self.pages_read.append(page_no)
        return result

    def __enter__(self) -> OcrReader:
        return self

    def __exit__(self, *exc) -> None:
        for future in self._pending.values():
            future.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        if self._document is not None:
            self._document.close()
            self._document = None
