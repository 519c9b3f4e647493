"""`spbe summary` says what the data is, first and last, and counts a target once per body and year."""

from __future__ import annotations

import pandas as pd

from spbe.cli import main, target_line
from tests.release_warehouse import populate


def test_summary_opens_and_closes_with_synthetic(warehouse, monkeypatch, capsys):
    populate(warehouse)  # written by a mirror build
    monkeypatch.setenv("SPBE_WAREHOUSE_URL", warehouse.url)
    monkeypatch.delenv("SPBE_SOURCE_MODE", raising=False)
    assert main(["summary"]) == 0
    lines = [line for line in capsys.readouterr().out.strip().splitlines() if not line.startswith("NOTE: ")]
    # First (after a staleness note, when there is one) and last.
    assert lines[0].startswith("SYNTHETIC DATA: ") and lines[-1] == lines[0], (lines[0], lines[-1])


def test_a_target_two_articles_report_counts_once():
    row = {"instansi_id": "19.71", "year": 2024, "target_index_value": 3.0, "result_index_value": 3.2, "attained": True}
    targets = pd.DataFrame([
        row | {"article_url": "https://a.example.id/1"},
        row | {"article_url": "https://b.example.id/2"},  # the same target, another article
        row | {"instansi_id": "18.09", "result_index_value": 2.5, "attained": False},
        row | {"instansi_id": "18.71", "result_index_value": None, "attained": None},
    ])
    assert target_line(targets) == "  3 targets (distinct body and year), 2 with a result: 1 attained"


def test_extract_news_on_an_empty_file_exits_2_with_one_line(tmp_path, capsys):
    empty = tmp_path / "artikel.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert main(["extract-news", str(empty)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip().splitlines() == [f"spbe extract-news: {empty}: empty file, no article text to read"]
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("path,url,published\nartikel.txt,,\n", encoding="utf-8")
    assert main(["extract-news", "--manifest", str(manifest)]) == 2
    assert "row 2: artikel.txt: empty file" in capsys.readouterr().err
