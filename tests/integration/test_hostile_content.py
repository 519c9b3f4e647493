"""Hostile scraped text is stored verbatim through parameterised SQL and rendered escaped in metadata."""

import dagster as dg

from assets.resources import SourcesResource, WarehouseResource
from assets.sources.official.results import official_results
from spbe.infra.markdown import escape_cell, markdown_table
from spbe.infra.registry import load_registry
from spbe.sources.official.section import official_source
from tests.fault_server import Fault
from tests.integration.test_faults import mirror_root, server  # noqa: F401  (fixtures)
from tests.lampiran_builder import HEADER

SOURCE_2018 = official_source(load_registry(mode="live"), 2018)
PATH_2018 = "/" + SOURCE_2018.index_url.split("://", 1)[1]
GOOD = [f"Pemerintah Kabupaten {n}" for n in (
    "Lampung Selatan", "Lampung Tengah", "Lampung Utara", "Lampung Barat", "Tulang Bawang", "Tanggamus", "Lampung Timur",
    "Way Kanan", "Pringsewu", "Mesuji", "Pesisir Barat", "Bogor", "Bekasi", "Sukabumi", "Cianjur", "Bandung", "Garut",
    "Tasikmalaya", "Ciamis", "Kuningan", "Cirebon", "Majalengka", "Sumedang", "Indramayu", "Subang", "Purwakarta",
    "Karawang", "Pangandaran", "Bandung Barat", "Pesawaran", "Paser", "Berau", "Kutai Barat", "Kutai Timur",
    "Mahakam Ulu", "Penajam Paser Utara", "Kutai Kartanegara", "Nunukan", "Malinau", "Bulungan")]
HOSTILE = "Robert'); DROP TABLE spbe_index;-- <script>alert('x')</script> | Pésawaran\x07"


def page(names: list[str], encoding: str) -> bytes:
    rows = "".join(f"<tr><td>{i}</td><td>{n}</td><td>2,75</td><td>Baik</td></tr>" for i, n in enumerate(names, 1))
    head = "".join(f"<th>{h}</th>" for h in HEADER)
    doc = (f'<html><head><meta charset="{encoding}"><title>Hasil “SPBE” 2018</title></head><body>'
           f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></body></html>")
    return doc.encode(encoding)


def test_hostile_names_are_rejected_verbatim_and_escaped(server, tmp_path):  # noqa: F811
    names = GOOD + [HOSTILE.replace("<", "&lt;").replace(">", "&gt;")]  # as HTML source would carry it
    server.inject(PATH_2018, Fault("body", body=page(names, "windows-1252"), headers={"Content-Type": "text/html"}))
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    result = dg.materialize(
        [official_results], partition_key="2018", instance=dg.DagsterInstance.ephemeral(),
        resources={"warehouse": WarehouseResource(url=url),
                   "sources": SourcesResource(source_mode="mirror", mirror_url=server.base_url, cache_dir=str(tmp_path / "c"))},
    )
    assert result.success
    from spbe.infra.warehouse import Warehouse

    wh = Warehouse(url)
    assert wh.count("spbe_official_result", {"year": 2018}) == len(GOOD)
    assert wh.count("spbe_index") == 0  # the table the SQL names is intact (and untouched)
    rejects = wh.read("spbe_reject")
    # Stored exactly as decoded from the windows-1252 page: quotes, markup, pipe, accent, control char.
    assert rejects["published_name"].tolist() == [HOSTILE]
    check = [e for e in result.get_asset_check_evaluations() if e.check_name == "rows_valid"][0]
    sample = check.metadata["rejected_sample"].value
    assert "<script>" not in sample and "&lt;script&gt;" in sample and "\\|" in sample


def test_markdown_cells_cannot_break_out():
    cell = escape_cell("a|b\n| --- |\n<img src=x onerror=alert(1)> `code` " + "x" * 500)
    assert "\n" not in cell and "<img" not in cell and "|" not in cell.replace("\\|", "")
    assert len(cell) < 200
    table = markdown_table(__import__("pandas").DataFrame({"name": ["<b>x</b>"]}))
    assert "<b>" not in table
