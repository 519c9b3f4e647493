"""OCR of a scanned lampiran on every core: pages read in worker processes, one page per worker.

`ocr.OcrReader` reads two pages at a time in threads: Tesseract runs in processes of its own, but
the Python around it (cleaning the image, building the table from words, cutting the digit cells)
holds the GIL, so the second core waited for it. Here each page is read by `ocr.ocr_page_image`
(the per-page function; this module only schedules it) in a worker process:

- each worker opens the PDF once (from the bytes handed to it at start) and renders the page it is
  given itself, so no page image crosses a process boundary and none is kept after its page;
- at most `workers` pages are in flight, requested in page order, so memory is bounded by the
  number of workers, not the page count (pages are streamed);
- Tesseract runs with OMP_THREAD_LIMIT=1 (set by ocr.py for every engine call, and here for the
  workers): one engine thread per worker, one worker per core.

Workers fork from a forkserver, not from the parser's process: the parser runs inside Dagster's run
worker, which has threads.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from spbe.sources.official import ocr
from spbe.sources.official.ocr import (
    MIN_TEXT_CHARS,
    OCR_DPI,
    OcrPage,
    OcrReader,
    OcrUnavailable,
    invisible_text_over_image,
    ocr_page_image,
    page_needs_ocr,
    render_page,
)
from spbe.sources.official.ocr_table import ColumnLayout

WORKERS_ENV = "SPBE_OCR_WORKERS"

_document = None  # the worker's own open PDF


def ocr_workers() -> int:
    """SPBE_OCR_WORKERS, else the cores this process may run on."""
    configured = os.environ.get(WORKERS_ENV)
    if configured:
        return max(1, int(configured))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _start_worker(content: bytes) -> None:
    import pypdfium2

    global _document
    os.environ["OMP_THREAD_LIMIT"] = "1"
    ocr.ocr_engine.use_in_this_process()  # Tesseract's models loaded once per worker
    _document = pypdfium2.PdfDocument(content)


def _read(page_no: int, layout: ColumnLayout | None, year: int | None, all_digits: bool) -> tuple[OcrPage, float, int]:
    """The page read, and the engine CPU-seconds and engine runs it took (the worker's Tesseract
    runs: the parent cannot see them, they are its grandchildren)."""
    before, calls = ocr._engine_cpu(), ocr.engine_calls()
    image = render_page(_document, page_no - 1)
    try:
        page = ocr_page_image(image, page=page_no, dpi=OCR_DPI, layout=layout, sample=ocr.digit_sample(year, all_digits),
                              sharper=lambda: render_page(_document, page_no - 1, ocr.SHARP_DPI))
        return page, ocr._engine_cpu() - before, ocr.engine_calls() - calls
    finally:
        image.close()


class ProcessOcrReader:
    """The ScanReader of pdf_lines for one PDF, with pages OCR'd in `workers` processes. The pool is
    started on the first page that needs OCR (a PDF with a text layer never starts one)."""

    def __init__(self, content: bytes, source_url: str, workers: int | None = None, year: int | None = None) -> None:
        self.content, self.source_url, self.year = content, source_url, year
        self.workers = workers or ocr_workers()
        self.pages_read: list[int] = []
        self._document = None  # this process's copy: page count and which pages have text
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[int, tuple[Future, ColumnLayout | None]] = {}  # page -> (its read, the columns it was given)
        self._layout: ColumnLayout | None = None
        self._spent = 0.0  # engine CPU-seconds the workers spent on this document
        self.engine_calls = 0  # Tesseract runs the workers made for this document
        self._all_digits = False  # a value's two reads disagreed: the digits pass on every page from now on

    def needs_ocr(self, page) -> bool:
        return page_needs_ocr(page) or invisible_text_over_image(page, self.content)

    def _is_scan(self, page_no: int) -> bool:
        page = self._document[page_no - 1]
        try:
            return page.get_textpage().count_chars() < MIN_TEXT_CHARS
        finally:
            page.close()

    def _submit(self, page_no: int) -> None:
        if (page_no not in self._pending and page_no <= len(self._document) and self._unspent(page_no) is None
                and self._is_scan(page_no)):
            # With the columns known so far: a page without a header of its own (a continuation
            # page) is then read once, not read ahead without columns and read again.
            self._pending[page_no] = (self._pool.submit(_read, page_no, self._layout, self.year, self._all_digits), self._layout)

    def _unspent(self, page_no: int, layout: ColumnLayout | None = None) -> OcrPage | None:
        """The page unread when the document's OCR budget is spent (`ocr.budget_spent`), counted over
        every page the workers read for this document; None while there is budget left."""
        return ocr.budget_spent(self._spent, len(self._document), page_no, layout)

    def _result(self, future: Future) -> OcrPage:
        page, cpu, calls = future.result()
        self._spent += cpu
        self.engine_calls += calls
        return page

    def read_page(self, page_no: int) -> OcrPage:
        problem = ocr.engine_problem()  # through the module: tests replace it there
        if problem:
            raise OcrUnavailable(f"{self.source_url}: page {page_no} is a scan with no text layer; {problem}")
        if self._pool is None:
            import pypdfium2

            self._document = pypdfium2.PdfDocument(self.content)
            # forkserver, as the news pool: forking the run worker (which has threads holding locks)
            # can deadlock a child; the workers fork from a server that imported only this module.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([__name__])
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker, initargs=(self.content,))
        for ahead in range(page_no, page_no + self.workers):
            self._submit(ahead)
        future, given = self._pending.pop(page_no, (None, self._layout))
        if future is None:
            unread = self._unspent(page_no)
            result = unread or self._result(self._pool.submit(_read, page_no, self._layout, self.year, self._all_digits))
        else:  # read ahead, before the budget ran out: its engine time is spent already
            result = self._result(future)
        if (self._layout is not None and result.layout == given and given != self._layout) or ocr.missed_digits(result, self._all_digits):
            # Read ahead with older columns (none, or a page's before the previous page's new
            # header) and without a header of its own, or without the digits pass an earlier
            # page's disagreement now asks for: read it again.
            result = self._unspent(page_no, self._layout) or self._result(
                self._pool.submit(_read, page_no, self._layout, self.year, self._all_digits))
        self._all_digits = self._all_digits or result.disputes > 0
        self._layout = result.layout or self._layout
        self.pages_read.append(page_no)
        return result

    def __enter__(self) -> ProcessOcrReader:
        return self

    def __exit__(self, *exc) -> None:
        for future, _ in self._pending.values():
            future.cancel()
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._document is not None:
            self._document.close()
            self._document = None


def scan_reader(content: bytes, source_url: str, year: int | None = None) -> ProcessOcrReader | OcrReader:
    """The OCR reader a parse uses: worker processes when there is more than one core to use,
    else the in-process reader (no pool to start for one core). `year`: its bands are a signal
    for the digits pass (ocr_table.DigitSample)."""
    workers = ocr_workers()
    if workers > 1:
        return ProcessOcrReader(content, source_url, workers, year=year)
    return OcrReader(content, source_url, workers=1, year=year)
