"""OCR backend for scanned lampiran pages: page image -> words with boxes -> TableLines.

Engine: Debian's Tesseract (`tesseract-ocr`, `tesseract-ocr-ind`), through its C API in process
(`ocr_engine`: the models loaded once per process), else called as a subprocess that reads a PNG
on stdin and writes TSV (word, box, confidence) on stdout. Why no binding package: pytesseract is
itself a subprocess wrapper (with temp files) and adds nothing we need; tesserocr must compile
against libtesseract's C++ headers on every machine; the C API needs neither. Starting the
command costs 0.15-0.2 CPU-s a run (loading the models), against 0.7-0.9 s of recognition per
page. OMP_THREAD_LIMIT=1: Tesseract's OpenMP
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
import signal
import statistics
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from PIL import Image

from spbe.sources.official import ocr_engine
from spbe.sources.official.ocr_checks import OCR_MIN_CONFIDENCE, value_shape_ok
from spbe.sources.official.ocr_image import clean_page
from spbe.sources.official.ocr_table import ColumnLayout, DigitSample, Word, table_lines_from_words
from spbe.sources.official.table_lines import TableLine

# Pages are rasterised at 200 dpi for the page read: Tesseract took 1.15 CPU-s on a page of the
# mirror's 2022 scan (a 200 dpi scan) upsampled to 300 dpi and 0.89 CPU-s at 200, and cleaning the
# image 0.62 against 0.24 CPU-s, for the same words and values. (The one word that read otherwise,
# "Ilir" as "llir", is I and l, one glyph in sans-serif type: Gazetteer.ocr_candidates.) A page
# image of lower resolution is upsampled to it.
OCR_DPI = 200
SHARP_DPI = 300  # a page with a row that reads badly at OCR_DPI is read again at this (_read_sharper_if_shaky)
LANGUAGE = "ind"
# The page is read as sparse text (psm 11): in the default uniform-block mode a value centred
# between the two lines of a wrapped name made Tesseract splice half-lines into gibberish. English
# data next to Indonesian: alone, the Indonesian model read Helvetica's 7 as 1 ("2,73" -> "2,13").
# Numeric cells are read again with English data and a digit whitelist (see reread_digits).
PAGE_LANGUAGES = f"{LANGUAGE}+eng"
# Bounded OCR. Each engine call has a CPU-time budget (enforced by the kernel through prlimit, so
# it holds whatever else the machine is doing), and a wall-clock backstop. A page whose read runs
# out is rejected naming the page and the budget; it never stalls the document. Whole document:
# at most PAGE_CPU_BUDGET_S + 2 * REREAD_CPU_BUDGET_S (+ ORIENTATION_CPU_BUDGET_S and a second
# page read for a page that needed turning) CPU-seconds per page, two pages at a time; about 1.5 s
# per page in practice. Before the budget a faint scan ran 120 s per page in Tesseract.
PAGE_CPU_BUDGET_S = 5
UPRIGHT_CONFIDENCE = 70  # below this median word confidence a page without rows is checked for orientation
REREAD_CPU_BUDGET_S = 2
ORIENTATION_CPU_BUDGET_S = 3
# The whole document: DOCUMENT_BUDGET_S + PAGE_BUDGET_S per page of engine CPU time; pages left
# when it is spent are rejected unread (a normal page takes about 1.5 s, so only a document of
# pathological pages ever meets it).
DOCUMENT_BUDGET_S = 20
PAGE_BUDGET_S = 6
TESSERACT_TIMEOUT_S = 120  # wall clock, a backstop on a machine too loaded for the CPU budget to bite
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-ind (or run scripts/install_system_deps.sh)"
# A page whose text layer has fewer characters than this is a scan (or a scan with a stray stamp).
MIN_TEXT_CHARS = 40


class OcrUnavailable(RuntimeError):
    """Tesseract (with Indonesian data) is not installed; the message is one line saying what to do."""


class OcrBudgetExceeded(RuntimeError):
    """One engine call ran out of its time budget; the page it was reading is rejected."""


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


def invisible_text_over_image(page, content: bytes) -> bool:
    """A scan whose text layer is drawn invisibly (render mode 3, a scanner's own OCR) is a scan:
    the image is what was published, the hidden text only what some OCR once read. Only a page
    with an image over half its area is opened with pdfium to look at the render modes."""
    area = float(page.width * page.height) or 1.0
    if not page.chars or not any((i["x1"] - i["x0"]) * (i["bottom"] - i["top"]) >= 0.5 * area for i in page.images):
        return False
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    document = pypdfium2.PdfDocument(content)
    try:
        pdf_page = document[page.page_number - 1]
        modes = [pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) for obj in pdf_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT])]
        pdf_page.close()
    finally:
        document.close()
    return bool(modes) and sum(m == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE for m in modes) >= 0.8 * len(modes)


_TSV_FIELDS = 12


_calls = 0  # engine runs in this process (engine_calls): the benchmark reports them per page


def engine_calls() -> int:
    return _calls


def _tesseract(image: Image.Image, args: list[str], cpu_budget_s: int) -> bytes:
    """Run the engine on an image within a CPU-time budget; its stdout."""
    global _calls
    problem = engine_problem()
    if problem:
        raise OcrUnavailable(problem)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    limit = ["prlimit", f"--cpu={cpu_budget_s}", "--"] if shutil.which("prlimit") else []
    _calls += 1
    try:
        proc = subprocess.run([*limit, "tesseract", "stdin", "stdout", *args], input=buf.getvalue(), capture_output=True,
                              env=env, timeout=TESSERACT_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise OcrBudgetExceeded(f"OCR ran past {TESSERACT_TIMEOUT_S} s of wall time") from None
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL, 128 + signal.SIGXCPU, 128 + signal.SIGKILL):
        raise OcrBudgetExceeded(f"OCR ran out of its budget of {cpu_budget_s} CPU-seconds")
    if proc.returncode != 0:
        raise OcrUnavailable(f"tesseract failed (exit {proc.returncode}): {proc.stderr.decode(errors='replace').strip()[:200]}")
    return proc.stdout


def run_tesseract(image: Image.Image, *, psm: int, language: str, whitelist: str | None = None,
                  cpu_budget_s: int | None = None) -> list[Word]:
    """Words Tesseract reads on an image, with pixel boxes and confidences (0-100); a page read
    gets PAGE_CPU_BUDGET_S unless told otherwise."""
    global _calls
    problem = engine_problem()
    if problem:
        raise OcrUnavailable(problem)
    budget = cpu_budget_s or PAGE_CPU_BUDGET_S
    try:
        boxes = ocr_engine.words(image, language=language, psm=psm, whitelist=whitelist, cpu_budget_s=budget,
                                 wall_s=TESSERACT_TIMEOUT_S)
    except ocr_engine.Cancelled as exc:
        raise OcrBudgetExceeded(str(exc)) from None
    if boxes is None:  # no library here: the command
        args = ["-l", language, "--psm", str(psm), "-c", "preserve_interword_spaces=1"]
        if whitelist:
            args += ["-c", f"tessedit_char_whitelist={whitelist}"]
        boxes = _tsv_words(_tesseract(image, [*args, "tsv"], budget))
    else:
        _calls += 1
    return [Word(*box) for box in boxes]


def _tsv_words(stdout: bytes) -> list[ocr_engine.Box]:
    """The word lines (level 5) of the command's TSV, as the library's words give them."""
    words = []
    for line in stdout.decode("utf-8", errors="replace").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) != _TSV_FIELDS or parts[0] != "5" or not parts[11].strip():
            continue
        left, top, width, height = (int(v) for v in parts[6:10])
        words.append((parts[11].strip(), float(parts[10]), left, top, left + width, top + height))
    return words


@dataclass
class OcrPage:
    lines: list[TableLine]  # header and table rows, cells in column order
    skipped: list[str]  # what was read outside the table (titles, signature, footer), for metadata
    layout: ColumnLayout | None  # columns found (or carried over), for the next page
    angle: float  # skew corrected, degrees
    problem: str | None = None  # why the page gave no table lines it should have (budget, orientation)
    blank: bool = False  # nothing on the page to read
    word_confidence: float = 100.0  # median of the page's word confidences (0-100)
    digits_read: str | None = None  # why its No. and Indeks cells were read a second time (None: not read)
    disputes: int = 0  # values whose two clean reads disagreed: the readers then read every later page's


def missed_digits(page: OcrPage, all_digits: bool) -> bool:
    """A page read ahead without the digits pass after an earlier page's reads disagreed: it is read again."""
    return all_digits and page.digits_read is None and any(line.bbox is not None for line in page.lines)


def digit_sample(year: int | None, all_pages: bool) -> DigitSample:
    """The readers' digits-pass policy for a document of evaluation `year` (its bands)."""
    from spbe.domain.predikat import predikat_for

    return DigitSample(band=None if year is None else functools.partial(predikat_for, year=year), all_pages=all_pages)


_OSD_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_OSD_CONFIDENCE = re.compile(r"Orientation confidence:\s*([\d.]+)")


def _engine_cpu() -> float:
    """CPU seconds the engine ran for this process so far: its finished child processes (the
    command's runs) and its runs through the library (ocr_engine)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime + ocr_engine.spent()


OSD_DPI = 150  # orientation is detected on the page at this resolution (half of 300 dpi; 100 misjudged turned pages)


def page_orientation(image: Image.Image, dpi: float = 300) -> tuple[int, float] | None:
    """(degrees to turn the page counter-clockwise to read it upright, confidence) by Tesseract's
    orientation detection (OSD) on the page at OSD_DPI; None when OSD cannot tell."""
    factor = min(1.0, OSD_DPI / dpi)
    small = image.resize((round(image.width * factor), round(image.height * factor)), Image.LANCZOS)
    try:
        out = _tesseract(small, ["--psm", "0", "-l", "osd"], ORIENTATION_CPU_BUDGET_S).decode(errors="replace")
    except (OcrUnavailable, OcrBudgetExceeded):
        return None
    rotate, confidence = _OSD_ROTATE.search(out), _OSD_CONFIDENCE.search(out)
    if rotate is None:
        return None
    # OSD's "Rotate: 90" is clockwise; PIL turns counter-clockwise.
    return (-int(rotate.group(1))) % 360, float(confidence.group(1)) if confidence else 0.0


def budget_spent(spent: float, pages: int, page_no: int, layout: ColumnLayout | None) -> OcrPage | None:
    """The page, unread, when a document of `pages` pages has spent its OCR budget (`spent` engine
    CPU-seconds, however it was counted: in this process or summed over the pool's workers)."""
    budget = DOCUMENT_BUDGET_S + PAGE_BUDGET_S * pages
    if spent <= budget:
        return None
    problem = f"the document's OCR budget is spent ({spent:.0f} of {budget:.0f} engine CPU-seconds); page not read"
    return OcrPage([], [f"page {page_no}: {problem}"], layout, 0.0, problem=problem)


def _has_rows(page: OcrPage) -> bool:
    return any(line.bbox is not None for line in page.lines)

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


def ocr_page_image(image: Image.Image, *, page: int, dpi: float, layout: ColumnLayout | None = None,
                   sample: DigitSample | None = None, sharper: Callable[[], Image.Image] | None = None) -> OcrPage:
    """OCR one page image (any resolution) into table lines; `layout` carries columns across pages.

    A page that gives no table row is checked for orientation (a sheet fed upside down or on its
    side): turned as OSD says and read again. A page that runs out of its budget, or that stays
    unreadable after turning, comes back with a `problem` and no lines: the parser rejects it.
    `sample`: which pages get the digits pass (None: every page). `sharper`: the page rendered at
    SHARP_DPI, for a page that reads badly (else the image is enlarged).
    One plain function of an image: safe to run in a pool of workers, one page each."""
    if dpi < OCR_DPI:
        factor = OCR_DPI / dpi
        image = image.resize((round(image.width * factor), round(image.height * factor)), Image.LANCZOS)
        dpi = OCR_DPI
    try:
        result = _read_sharper_if_shaky(image, page=page, dpi=dpi, layout=layout, sample=sample, sharper=sharper)
        # Upright text reads at a median confidence near 90; text upside down or on its side, far
        # lower. A headerless page read ahead of its columns has no rows either, but reads well.
        if _has_rows(result) or result.blank or result.word_confidence >= UPRIGHT_CONFIDENCE:
            return result
        turn = page_orientation(image, dpi)
        if turn is None or turn[0] == 0:
            return result
        turned = _read_page_image(image.rotate(turn[0], expand=True, fillcolor=255), page=page, dpi=dpi, layout=layout,
                                  sample=sample)
    except OcrBudgetExceeded as exc:
        return OcrPage([], [f"page {page}: {exc}"], layout, 0.0, problem=str(exc))
    how = f"turned {(-turn[0]) % 360} degrees clockwise (OSD, confidence {turn[1]:.1f})"
    if not _has_rows(turned):
        result.problem = f"orientation: {how}, still no table row read"
        return result
    turned.skipped.insert(0, f"page {page}: scanned on its side or upside down, {how}; boxes are on the page turned upright")
    return turned


def _shaky_rows(page: OcrPage) -> int:
    """Rows of a page read that would not load: a value not d,dd, or below OCR's confidence threshold."""
    index = page.layout.index_of("index") if page.layout else None
    rows = [line for line in page.lines if line.bbox is not None]
    return sum(1 for line in rows if index is None or index >= len(line.cells) or not value_shape_ok(line.cells[index])
               or (line.confidence or 0.0) < OCR_MIN_CONFIDENCE)


def _read_sharper_if_shaky(image: Image.Image, *, page: int, dpi: float, layout: ColumnLayout | None,
                           sample: DigitSample | None, sharper: Callable[[], Image.Image] | None) -> OcrPage:
    """The page read at `dpi`, and read again enlarged to SHARP_DPI when a row of it reads badly:
    a faint or blurred scan loses at 200 dpi strokes that Tesseract finds at 300 (a faint test
    scan: 4 of 12 rows loaded at 200, 12 at 300). The read with more rows that load wins."""
    first = _read_page_image(image, page=page, dpi=dpi, layout=layout, sample=sample)
    shaky = _shaky_rows(first)
    # A page with words but no table (no header read, no columns known) is read again too: a
    # blurred scan's header reads at 300 dpi, not at 200.
    if dpi >= SHARP_DPI or not (shaky or (first.layout is None and not first.blank)):
        return first
    if sharper is not None:
        bigger = sharper()
    else:
        factor = SHARP_DPI / dpi
        bigger = image.resize((round(image.width * factor), round(image.height * factor)), Image.LANCZOS)
    try:
        second = _read_page_image(bigger, page=page, dpi=SHARP_DPI, layout=layout, sample=sample)
    except OcrBudgetExceeded:
        return first
    finally:
        bigger.close()
    good = [sum(1 for line in p.lines if line.bbox is not None) - _shaky_rows(p) for p in (first, second)]
    chosen = second if good[1] >= good[0] else first
    chosen.skipped.insert(0, f"page {page}: {shaky} row(s) read badly (or no table) at {dpi:.0f} dpi, read again at {SHARP_DPI} dpi:"
                             f" {good[0]} then {good[1]} row(s) read well, the {'second' if chosen is second else 'first'} read kept")
    return chosen


def _read_page_image(image: Image.Image, *, page: int, dpi: float, layout: ColumnLayout | None,
                     sample: DigitSample | None) -> OcrPage:
    clean = clean_page(image, dpi)
    words = run_tesseract(clean.image, psm=11, language=PAGE_LANGUAGES)
    if not words:
        return OcrPage([], [], layout, clean.angle, blank=True)
    scale = dpi / 72
    table = table_lines_from_words(
        words, rules=clean.rules, page=page, layout=layout, reread=lambda boxes, attempt: reread_digits(clean.image, boxes, attempt),
        sample=sample,
    )
    lines = [
        TableLine(page, line.cells, _to_page_points(line.bbox, clean.angle, clean.image.size, scale), line.confidence, "ocr")
        if line.bbox is not None
        else line
        for line in table.lines
    ]
    confidences = [w.conf for w in words if w.conf >= 0]
    median = statistics.median(confidences) if confidences else 0.0
    return OcrPage(lines, table.skipped, table.layout, clean.angle, word_confidence=median, digits_read=table.digits_read,
                   disputes=table.disputes, problem=unplaced_problem(table.unplaced))


# Lines with an index value on a page without columns that make it a lost table page: more than a
# decree's own text lists (its predikat bands, five lines at most, each with its range of values).
UNPLACED_ROWS = 6


def unplaced_problem(unplaced: int) -> str | None:
    """Why a page whose table could not be laid out is a lost page, not a cover: lines that hold index
    values. Without a problem, a page before the first header read counts as a title page and its
    rows would vanish without a reject (a blurred scan whose first page's header did not read)."""
    if unplaced < UNPLACED_ROWS:
        return None
    return f"no table header read and no columns known, {unplaced} line(s) with an index value could not be placed"


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
    return [read or ("", 0.0) for read in read_stacked_digits(crops, psm=4 if attempt else 6, language="eng")]


def read_stacked_digits(images: list[Image.Image], *, psm: int, language: str) -> list[tuple[str, float] | None]:
    """Digits-only OCR of cell images in one engine call: each cell on its own slot of one white
    sheet, a cell's height of space between. Per cell its words left to right and their lowest
    confidence, or None where the engine found nothing in that slot."""
    if not images:
        return []
    gap = max(i.height for i in images)
    width = max(i.width for i in images) + 2 * gap
    sheet = Image.new("L", (width, gap + sum(i.height + gap for i in images)), 255)
    slots, y = [], gap
    for image in images:
        sheet.paste(image, (gap, y))
        slots.append((y, y + image.height))
        y += image.height + gap
    found: list[list[Word]] = [[] for _ in images]
    for word in run_tesseract(sheet, psm=psm, language=language, whitelist=_DIGITS, cpu_budget_s=REREAD_CPU_BUDGET_S):
        for i, (top, bottom) in enumerate(slots):
            if top <= word.yc < bottom:
                found[i].append(word)
                break
    return [(" ".join(w.text for w in sorted(ws, key=lambda w: w.x0)), min(w.conf for w in ws)) if ws else None for ws in found]


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

    def __init__(self, content: bytes, source_url: str, workers: int = 2, year: int | None = None) -> None:
        self.content, self.source_url, self.year = content, source_url, year
        self.pages_read: list[int] = []
        self._document = None
        self._render_lock = threading.Lock()  # pdfium is not thread-safe
        self._pool: ThreadPoolExecutor | None = None
        self._workers = workers
        self._pending: dict[int, Future] = {}
        self._layout: ColumnLayout | None = None
        self._cpu_start = _engine_cpu()
        self._calls_start = engine_calls()
        self._all_digits = False  # a value's two reads disagreed: the digits pass on every page from now on

    @property
    def engine_calls(self) -> int:
        """Tesseract runs since this reader started (this process's, so a parse's own when alone)."""
        return engine_calls() - self._calls_start

    def needs_ocr(self, page) -> bool:
        with self._render_lock:
            return page_needs_ocr(page) or invisible_text_over_image(page, self.content)


    def _scan(self, page_no: int, layout: ColumnLayout | None = None) -> OcrPage:
        spent = budget_spent(_engine_cpu() - self._cpu_start, len(self._document), page_no, layout)
        if spent is not None:
            return spent
        with self._render_lock:
            image = render_page(self._document, page_no - 1)

        def sharper() -> Image.Image:
            with self._render_lock:
                return render_page(self._document, page_no - 1, SHARP_DPI)

        try:
            return ocr_page_image(image, page=page_no, dpi=OCR_DPI, layout=layout, sample=digit_sample(self.year, self._all_digits),
                                  sharper=sharper)
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
        if (self._layout is not None and result.layout is None) or missed_digits(result, self._all_digits):
            # A page without a header of its own (read ahead, before the columns were known):
            # read it again with the previous page's columns. Rare; decrees repeat the header.
            result = self._scan(page_no, self._layout)
        self._all_digits = self._all_digits or result.disputes > 0
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
