"""Scanned lampiran read by OCR (Tesseract): exact or rejected with a reason, never silently wrong."""

from __future__ import annotations

import csv
import io
import os

import pytest
from PIL import Image

from spbe.cli import main
from spbe.domain.instansi import gazetteer
from spbe.sources.official import ocr
from spbe.sources.official.facts import build_official_facts
from spbe.sources.official.parse import LampiranError, parse_lampiran_pdf
from tests.scanned_builder import foreign_text_pdf, random_rows, scan

URL = "https://data-jdih.menpan.go.id/dokumen/scan.pdf"


@pytest.fixture(scope="module")
def engine():
    problem = ocr.engine_problem()
    if problem:
        if os.environ.get("SPBE_REQUIRE_OCR"):
            pytest.fail(problem)
        pytest.skip(problem)


def names(count: int) -> list[str]:
    gaz = gazetteer()
    regions = [i for i in gaz.evaluated_regions() if i.type != "provinsi"]
    picked = regions[:: max(1, len(regions) // count)][:count]
    return [i.official_name() for i in gaz.central_bodies()[:6]] + [i.official_name() for i in picked]


@pytest.fixture(scope="module")
def foreign_scan(engine) -> tuple[list, bytes]:
    rows = random_rows(names(40))
    # A printed predikat that contradicts its value: from OCR it cannot be told from a misread.
    no, name, value, _ = rows[7]
    rows[7] = (no, name, value, "Memuaskan" if value < "4" else "Kurang")
    return rows, scan(foreign_text_pdf(rows))


@pytest.fixture(scope="module")
def foreign(foreign_scan):
    rows, pdf = foreign_scan
    parsed = parse_lampiran_pdf(pdf, year=2023, source_url=URL)
    return rows, parsed, build_official_facts(parsed.rows, gazetteer(), parsed.rejects)


def test_a_lampiran_the_mirror_did_not_make_reads_exact_or_rejected_never_wrong(foreign):
    rows, parsed, result = foreign
    gaz = gazetteer()
    truth = {gaz.resolve(name).id: float(value.replace(",", ".")) for _, name, value, _ in rows}
    assert parsed.ocr_pages == list(range(1, parsed.pages + 1)) and parsed.pages >= 2
    assert set(parsed.rows["method"]) == {"ocr"} and parsed.rows["confidence"].between(0, 1).all()
    loaded = result.facts.set_index("instansi_id")["index_value"].to_dict()
    wrong = {k: (v, truth.get(k)) for k, v in loaded.items() if truth.get(k) != v}
    assert not wrong, f"OCR loaded wrong values: {wrong}"
    rejected = result.rejected
    assert (rejected["reason"].str.len() > 0).all() and rejected["page"].notna().all()
    assert rejected["reason"].str.contains(r"\[scan: page \d+, bbox [\d,]+ pt\]").all()
    # Every printed row is accounted for, and most are read (rejecting everything is no answer).
    assert len(loaded) + len(rejected) >= len(rows)
    assert len(loaded) >= 0.85 * len(rows), rejected[["row_number", "reason"]].to_string()


def test_the_contradicting_predikat_is_rejected_as_ocr_band_mismatch(foreign):
    rows, _, result = foreign
    name = rows[7][1]
    hit = result.rejected[result.rejected["published_name"] == name]
    assert len(hit) == 1 and hit["reason"].iloc[0].startswith("ocr_band_mismatch"), hit["reason"].tolist()


def test_titles_and_the_signature_are_not_rows(foreign):
    rows, parsed, _ = foreign
    assert not parsed.rows["published_name"].str.contains("Ditetapkan|LAMPIRAN|NAMA INSTANSI").any()
    assert any("Ditetapkan" in s for s in parsed.skipped)
    assert len(parsed.rows) <= len(rows) + 2


def test_parse_lampiran_on_a_scan_prints_ocr_rows_exact_or_rejected_with_the_crop(foreign_scan, tmp_path, capsys):
    """`spbe parse-lampiran` is how a user checks a downloaded scan before a run: the same reader,
    every row with method ocr and its confidence, never a wrong value."""
    rows, pdf = foreign_scan
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf)
    code = main(["parse-lampiran", str(path), "--year", "2023"])
    out, err = capsys.readouterr()
    assert code == 0, err
    table = list(csv.DictReader(io.StringIO(out)))
    gaz = gazetteer()
    truth = {gaz.resolve(name).id: f"{float(value.replace(',', '.')):.2f}" for _, name, value, _ in rows}
    ok = [r for r in table if r["status"] == "ok"]
    assert {r["method"] for r in table if r["name"]} == {"ocr"}
    assert all(0 <= float(r["confidence"]) <= 1 for r in ok)
    assert [r["name"] for r in ok if truth.get(r["instansi_id"]) != r["index"]] == []
    assert len(ok) >= 0.85 * len(rows)
    assert all("[scan: page" in r["reason"] for r in table if r["status"] == "rejected")


def image_only_pdf() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (1654, 2339), 255).save(buf, format="PDF", resolution=200.0)
    return buf.getvalue()


def test_a_scan_without_the_engine_fails_in_one_line_naming_file_page_and_what_to_install(monkeypatch):
    monkeypatch.setattr(ocr, "engine_problem", lambda: "OCR engine not installed: no 'tesseract' on PATH; apt-get install tesseract-ocr tesseract-ocr-ind")
    with pytest.raises(LampiranError) as caught:
        parse_lampiran_pdf(image_only_pdf(), year=2023, source_url=URL)
    message = str(caught.value)
    assert "\n" not in message and URL in message and "page 1" in message and "tesseract-ocr-ind" in message
