"""The text fallback (no ruling lines) on the mirror's real lampiran layout: centred header labels,
names wrapped above and below a vertically centred row, a repeated header on every page, running
footers and a signature block. Every row must come out exactly as the ruled version gives it."""

import pytest
from reportlab.platypus import TableStyle

import mirror.documents as documents
from mirror.official_values import official_results
from spbe.infra.registry import load_registry
from spbe.sources.official.parse import parse_lampiran_pdf
from spbe.sources.official.section import official_source


class _NoRulingLines(TableStyle):
    def __init__(self, cmds=None, *args, **kwargs):
        super().__init__([c for c in (cmds or []) if c[0] not in ("GRID", "BACKGROUND")], *args, **kwargs)


@pytest.mark.parametrize("year", [2020, 2021, 2022])
def test_mirror_layout_without_ruling_lines_reads_every_row(monkeypatch, year):
    monkeypatch.setattr(documents, "TableStyle", _NoRulingLines)
    rows = official_results(year)
    content = documents.render_lampiran_pdf(official_source(load_registry(), year), rows)
    parsed = parse_lampiran_pdf(content, year=year, source_url="https://jdih.menpan.go.id/x.pdf")
    assert parsed.rejects.empty and parsed.missing_rows == 0
    assert list(parsed.rows["published_name"]) == [r.instansi.official_name() for r in rows]
    assert list(parsed.rows["index_text"]) == [f"{r.value:.2f}".replace(".", ",") for r in rows]
    assert list(parsed.rows["predikat_text"]) == [r.predikat for r in rows]
