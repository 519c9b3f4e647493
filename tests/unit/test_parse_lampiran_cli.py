"""`spbe parse-lampiran`: the asset's parser on a saved document, CSV on stdout, exit 2 naming the file."""

import csv
import io

import pytest

from spbe.cli import main
from tests.lampiran_builder import lampiran_html, lampiran_pdf
from tests.unit.test_lampiran_variants import BAD, EXPECTED, numbered

TITLE = "LAMPIRAN KEPUTUSAN MENTERI PANRB NOMOR 13 TAHUN 2025 TENTANG HASIL EVALUASI SPBE TAHUN 2024"


def run_cli(capsys, *args):
    code = main(["parse-lampiran", *map(str, args)])
    out, err = capsys.readouterr()
    return code, list(csv.reader(io.StringIO(out))), err


def test_csv_lists_every_row_ok_or_rejected_with_its_reason(tmp_path, capsys):
    gap = [r for r in numbered() + BAD if r[0] != "9."]
    path = tmp_path / "lampiran.pdf"
    path.write_bytes(lampiran_pdf(gap, title=TITLE, rows_per_page=10))
    code, rows, err = run_cli(capsys, path)  # the year comes from the title
    assert code == 0 and "2024" in err
    assert rows[0] == ["no", "name", "instansi_id", "index", "predikat", "page", "method", "confidence", "status", "reason"]
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    ok = {r["name"]: r["index"] for r in body if r["status"] == "ok"}
    assert ok == {n: f"{v:.2f}" for n, v in EXPECTED.items() if n != "Pemerintah Kota Bekasi"}
    assert all("." in i for i in ok.values()) and {r["method"] for r in body if r["status"] != "note"} == {"text"}
    rejected = [r for r in body if r["status"] == "rejected"]
    assert len(rejected) == 5 and all(r["reason"] and r["page"] for r in rejected)
    assert any("rows missing: No. 9" in r["reason"] for r in rejected)
    assert any(r["no"] == "22" and "'N/A'" in r["reason"] for r in rejected)


def test_html_with_year_option(tmp_path, capsys):
    path = tmp_path / "hasil.html"
    path.write_text(lampiran_html(numbered()), encoding="utf-8")
    code, rows, _ = run_cli(capsys, path, "--year", 2018)
    assert code == 0 and len(rows) == 1 + len(EXPECTED) and all(r[8] == "ok" for r in rows[1:])


@pytest.mark.parametrize(
    "content, cause",
    [
        (None, "cannot read the file: No such file or directory"),
        (b"\x89PNG\r\n\x1a\n....", "not a PDF"),
        ("encrypted", "encrypted and needs a password"),
        (b"%PDF-1.4 broken", "unreadable PDF"),
    ],
)
def test_unreadable_file_exits_2_with_one_line_naming_file_and_cause(tmp_path, capsys, content, cause):
    path = tmp_path / "dokumen.pdf"
    if content == "encrypted":
        path.write_bytes(lampiran_pdf(numbered(), encrypt="rahasia"))
    elif content is not None:
        path.write_bytes(content)
    code, rows, err = run_cli(capsys, path, "--year", 2024)
    assert code == 2 and rows == []
    assert err.count("\n") == 1 and str(path) in err and cause in err, err
