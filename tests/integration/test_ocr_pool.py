"""OCR on every core: the scanned pages of a lampiran are read in worker processes, one page each,
and give exactly the rows the in-process reader gives."""

from __future__ import annotations

import os

import pytest

from spbe.sources.official import ocr, ocr_pool
from spbe.sources.official.parse import parse_lampiran_pdf
from tests.scanned_builder import foreign_text_pdf, random_rows, scan

URL = "https://data-jdih.menpan.go.id/dokumen/scan.pdf"


@pytest.fixture(scope="module")
def scanned() -> bytes:
    problem = ocr.engine_problem()
    if problem:
        if os.environ.get("SPBE_REQUIRE_OCR"):
            pytest.fail(problem)
        pytest.skip(problem)
    from tests.integration.test_ocr_scans import names

    return scan(foreign_text_pdf(random_rows(names(60))))


def test_pages_are_read_in_worker_processes_with_the_rows_of_the_in_process_reader(scanned, monkeypatch):
    with ocr.OcrReader(scanned, URL, workers=1) as alone:
        expected = parse_lampiran_pdf(scanned, year=2023, source_url=URL, scans=alone).rows
    # This process must not render or read a page: only the workers (forked from a server that
    # imported the module afresh, so this patch does not reach them) may.
    monkeypatch.setattr(ocr_pool, "render_page", lambda *a, **k: pytest.fail("a page was rendered in the parser's process"))
    with ocr_pool.ProcessOcrReader(scanned, URL, workers=2) as pooled:
        parsed = parse_lampiran_pdf(scanned, year=2023, source_url=URL, scans=pooled)
        workers = {p.pid for p in pooled._pool._processes.values()}
    assert len(expected) > 40 and parsed.rows.equals(expected)
    assert pooled.pages_read == alone.pages_read and len(workers) == 2 and os.getpid() not in workers


def test_the_parser_uses_the_pool_when_there_is_more_than_one_core(monkeypatch):
    monkeypatch.setenv(ocr_pool.WORKERS_ENV, "2")
    assert isinstance(ocr_pool.scan_reader(b"%PDF", URL), ocr_pool.ProcessOcrReader)
    monkeypatch.setenv(ocr_pool.WORKERS_ENV, "1")
    assert isinstance(ocr_pool.scan_reader(b"%PDF", URL), ocr.OcrReader)


def test_the_document_ocr_budget_holds_in_the_worker_pool(scanned, monkeypatch):
    """The workers' engine time is summed in the parser: once the document's budget is spent, the
    pages left are rejected unread (before: each worker kept only its per-call budgets, and a pool
    read every page however long the document took)."""
    monkeypatch.setattr(ocr, "DOCUMENT_BUDGET_S", 0)
    monkeypatch.setattr(ocr, "PAGE_BUDGET_S", 0)
    with ocr_pool.ProcessOcrReader(scanned, URL, workers=2) as pooled:
        parsed = parse_lampiran_pdf(scanned, year=2023, source_url=URL, scans=pooled)
    assert parsed.pages == 3 and pooled._spent > 0  # the workers' Tesseract time reached the parser
    lost = parsed.rejects[parsed.rejects["reason"].str.contains("OCR budget is spent")]
    # Pages 1 and 2 were under way before any time was counted; page 3 is never started.
    assert list(lost["page"]) == [3], parsed.rejects[["page", "reason"]].to_dict("records")
    assert lost["reason"].iloc[0].startswith("page 3 yields no rows") and parsed.missing_rows > 0
    assert 3 not in set(parsed.rows["page"])
