"""`spbe ingest-file` and the nightly's drop folder: a 2025 result dropped by hand reaches spbe_index as
its own source (published_by_body), with the file's name and hash as provenance; a rerun is a no-op."""

from __future__ import annotations

import dagster as dg
import pytest

from assets.resources import SourcesResource, WarehouseResource
from assets.sources.published_by_body.results import body_results
from spbe.cli import main
from spbe.domain.predikat import predikat_for
from spbe.infra.warehouse import Warehouse
from tests.lampiran_builder import lampiran_pdf

CSV = ("instansi,tahun,indeks,predikat,sumber\n"
       "Kabupaten Pesawaran,2025,\"3,12\",Baik,LHE Pemantauan SPBE 2025 Kabupaten Pesawaran\n"
       "18.71,2025,3.55,Sangat Baik,https://pemkot.example.id/berita/spbe-2025\n"
       "Provinsi Lampung,2025,3.05,Baik,\n")


def ingest(monkeypatch, capsys, url: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("SPBE_WAREHOUSE_URL", url)
    code = main(["ingest-file", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_an_analyst_csv_is_shown_then_loaded_then_a_rerun_is_a_no_op(tmp_path, monkeypatch, capsys):
    path = tmp_path / "drop" / "hasil-2025-lampung.csv"
    path.parent.mkdir()
    path.write_text(CSV, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    code, out, _ = ingest(monkeypatch, capsys, url, str(path), "--year", "2025")
    assert code == 0 and "3 row(s) to load as published_by_body" in out and "--commit" in out
    assert not (tmp_path / "wh.sqlite").exists()  # shown, not loaded
    code, out, err = ingest(monkeypatch, capsys, url, str(path), "--year", "2025", "--commit")
    assert code == 0, err
    warehouse = Warehouse(url)
    index = warehouse.read("spbe_index").set_index("instansi_id")
    assert set(index["source"]) == {"published_by_body"} and index.loc["18.09", "index_value"] == 3.12
    assert index.loc["18.71", "source_url"] == "https://pemkot.example.id/berita/spbe-2025"
    assert index.loc["18", "source_url"] == "hasil-2025-lampung.csv"  # no source given: the file's name
    rows = warehouse.read("spbe_source_result")
    assert set(rows["file_name"]) == {"hasil-2025-lampung.csv"} and rows["file_sha256"].str.len().eq(64).all()
    assert not any(str(tmp_path) in str(v) for v in rows.astype(str).to_numpy().ravel())  # never a local path
    before = (warehouse.read("spbe_index"), warehouse.read("spbe_build_state"))
    code, out, _ = ingest(monkeypatch, capsys, url, str(path), "--year", "2025", "--commit")
    assert code == 0 and "nothing written" in out
    assert warehouse.read("spbe_index").equals(before[0]) and warehouse.read("spbe_build_state").equals(before[1])
    warehouse.dispose()


def test_errors_name_the_row_and_the_column_and_nothing_is_written(tmp_path, monkeypatch, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("kode;tahun;indeks;predikat;sumber\n18.09;2025;7,5;Baik;x\n18.10;2024;3,0;Baik;y\n"
                    "Kabupaten Entah;2025;3,1;Baik;z\n" + "".join(f"18.{n};2025;3,0;Baik;w\n" for n in (11, 12, 13)), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    code, _, err = ingest(monkeypatch, capsys, url, str(path), "--year", "2025", "--commit")
    assert code == 2 and not (tmp_path / "wh.sqlite").exists()
    assert "bad.csv: row 2, column 'indeks'" in err and "bad.csv: row 3, column 'tahun'" in err
    assert "bad.csv: row 4, column 'kode': unknown instansi name 'Kabupaten Entah'" in err
    assert err.strip().splitlines()[-1].startswith("spbe ingest-file: bad.csv: 3 of the file's rows refused")


def test_a_full_table_in_a_layout_the_parser_reads_is_loaded(tmp_path, monkeypatch, capsys):
    names = ["Kabupaten Lampung Selatan", "Kabupaten Lampung Tengah", "Kabupaten Lampung Utara", "Kabupaten Tanggamus"]
    rows = [(str(i + 1), f"Pemerintah {n}", f"2,{60 + i}", predikat_for(2.60 + i / 100, 2025)) for i, n in enumerate(names)]
    path = tmp_path / "hasil-pemantauan-2025.pdf"
    path.write_bytes(lampiran_pdf(rows, rows_per_page=10))
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    code, out, err = ingest(monkeypatch, capsys, url, str(path), "--year", "2025", "--commit")
    assert code == 0, err
    assert "4 row(s) to load" in out
    assert Warehouse(url).count("spbe_index", {"source": "published_by_body"}) == 4


@pytest.fixture
def drop(tmp_path):
    folder = tmp_path / "manual" / "published_by_body" / "2025"
    folder.mkdir(parents=True)
    (folder / "hasil-2025-lampung.csv").write_text(CSV, encoding="utf-8")
    return tmp_path / "manual"


def test_the_nightly_reads_the_drop_folder_through_the_same_path(tmp_path, drop):
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    resources = {"warehouse": WarehouseResource(url=url),
                 "sources": SourcesResource(source_mode="live", manual_drop_dir=str(drop), cache_dir=str(tmp_path / "c"))}
    instance = dg.DagsterInstance.ephemeral()
    first = dg.materialize([body_results], resources=resources, instance=instance)
    assert first.success
    meta = first.asset_materializations_for_node("body_results")[0].metadata
    assert meta["dagster/row_count"].value == 3 and meta["written"].value == 3
    second = dg.materialize([body_results], resources=resources, instance=instance)
    assert second.asset_materializations_for_node("body_results")[0].metadata["written"].value == 0
    (drop / "published_by_body" / "2025" / "typo.csv").write_text("instansi,indeks\nKabupaten Entah,3.1\n", encoding="utf-8")
    third = dg.materialize([body_results], resources=resources, instance=instance, raise_on_error=False)
    assert not third.success
    assert Warehouse(url).count("spbe_source_result") == 3  # nothing of the bad night was written
