"""Tesseract through its C API (ocr_engine) reads what the command reads, within the same budget,
and says nothing on the console."""

from __future__ import annotations

import pypdfium2
import pytest

from spbe.sources.official import ocr, ocr_engine
from spbe.sources.official.ocr_image import clean_page
from tests.integration.test_ocr_pool import scanned  # noqa: F401 - the fixture


@pytest.fixture()
def page(scanned, monkeypatch):  # noqa: F811 - the fixture
    monkeypatch.setattr(ocr_engine, "_enabled", True)  # as in an OCR worker (ocr_pool._start_worker)
    if ocr_engine.library() is None:
        pytest.skip("no libtesseract here: every run uses the command")
    document = pypdfium2.PdfDocument(scanned)
    try:
        return clean_page(ocr.render_page(document, 0), ocr.OCR_DPI).image
    finally:
        document.close()


def test_the_library_reads_the_words_the_command_reads_and_prints_nothing(page, monkeypatch, capfd):
    calls, cpu = ocr.engine_calls(), ocr._engine_cpu()
    library = ocr.run_tesseract(page, psm=11, language=ocr.PAGE_LANGUAGES)
    assert ocr.engine_calls() == calls + 1 and ocr._engine_cpu() > cpu  # counted, its CPU in the budget
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # "Estimating resolution as ..." would reach the user's console
    monkeypatch.setattr(ocr_engine, "words", lambda *a, **k: None)  # what a machine without the library does
    command = ocr.run_tesseract(page, psm=11, language=ocr.PAGE_LANGUAGES)
    assert len(library) > 100 and library == command


def test_a_library_run_past_its_cpu_budget_is_stopped(page):
    with pytest.raises(ocr.OcrBudgetExceeded, match="budget of 0.05 CPU-seconds"):
        ocr.run_tesseract(page, psm=11, language=ocr.PAGE_LANGUAGES, cpu_budget_s=0.05)
    # The handle is left clean: the next run reads the page.
    assert len(ocr.run_tesseract(page, psm=11, language=ocr.PAGE_LANGUAGES)) > 100


def test_the_parsing_process_runs_the_command_its_workers_the_library(monkeypatch):
    """A handle keeps its models (25-50 MB) for its process's life: only OCR workers load one."""
    monkeypatch.setattr(ocr_engine, "_enabled", False)
    assert ocr_engine.library() is None

