"""The portal locator's pieces: look-alike folding, Livewire unwrapping, a record's number and year,
and the attachment taken on the registry's data host only."""

from spbe.infra.registry import load_registry
from spbe.sources.official.livewire import fold_lookalikes, read_page, unwrap
from spbe.sources.official.portal import AttachmentNotFound, DecreeNumber, choose_attachment, find_record, record_number

HOST = "data-jdih.menpan.go.id"
PAGE = "https://jdih.menpan.go.id/dokumen-hukum/keputusan-663-2024-1297"
LIVE = load_registry(mode="live", overlays=[])
MIRROR = load_registry(mode="mirror", mirror_url="http://127.0.0.1:8765", overlays=[])


def test_cyrillic_look_alikes_fold_to_latin():
    assert fold_lookalikes("Kерutusаn Nоmоr １３") == "Keputusan Nomor 13"


def test_livewire_arrays_unwrap_to_plain_json():
    data = {"data": [[[{"id": 1}, {"s": "arr"}], [{"id": 2}, {"s": "arr"}]], {"s": "arr"}], "totalPage": 3}
    assert unwrap(data) == {"data": [{"id": 1}, {"id": 2}], "totalPage": 3}


def test_a_record_is_its_number_and_year_never_its_title():
    assert record_number({"nomor_peraturan": "13", "tanggal_penetapan": "2024-01-11"}) == DecreeNumber(13, 2024)
    assert record_number({"nomor_peraturan": "Nоmоr 13 Tаhun 2024", "tanggal_penetapan": None}) == DecreeNumber(13, 2024)
    assert record_number({"nomor_peraturan": "13/2024", "tanggal_penetapan": None}) == DecreeNumber(13, 2024)
    assert record_number({"nomor_peraturan": "13", "tanggal_penetapan": "2024-01-11T00:00:00.000000Z"}) == DecreeNumber(13, 2024)
    assert record_number({"nomor_peraturan": "", "tanggal_penetapan": "2024-01-11"}) is None
    records = [
        {"nomor_peraturan": "130", "tanggal_penetapan": "2024-05-01", "judul": "Nomor 13 Tahun 2024"},
        {"nomor_peraturan": "13", "tanggal_penetapan": "2023-01-05", "judul": "Nomor 13 Tahun 2024"},
        {"nomor_peraturan": "13", "tanggal_penetapan": "2024-01-11", "judul": "another wording"},
    ]
    assert find_record(records, DecreeNumber(13, 2024)) is records[2]
    assert find_record(records[:2], DecreeNumber(13, 2024)) is None


def page(snapshot_lampiran: str | None = None, *links: str) -> str:
    import html
    import json

    data = {"dokumen": [{"dokumen_lampiran": snapshot_lampiran}, {"s": "arr"}]}
    snap = html.escape(json.dumps({"data": data, "memo": {"name": "dokumen.dokumen-detail"}}))
    anchors = "".join(f'<a href="{h}">x</a>' for h in links)
    return f'<div wire:snapshot="{snap}"><button wire:click="download">Unduh</button>{anchors}</div>'


def test_the_attachment_comes_from_the_snapshot_on_the_data_host():
    lw = read_page(page("https://data-jdih.menpan.go.id/dokumen/2024kepmenpanrb663.pdf", "/panduan.pdf"))
    assert choose_attachment(lw, PAGE, PAGE, HOST, LIVE) == "https://data-jdih.menpan.go.id/dokumen/2024kepmenpanrb663.pdf"
    # A bare file name lives in the data host's /dokumen/ folder.
    assert choose_attachment(read_page(page("2024kepmenpanrb663.pdf")), PAGE, PAGE, HOST, LIVE).endswith(
        "data-jdih.menpan.go.id/dokumen/2024kepmenpanrb663.pdf")


def test_a_mirror_url_maps_back_to_the_live_data_host():
    mirror_page = "http://127.0.0.1:8765/jdih.menpan.go.id/dokumen-hukum/x-1"
    lw = read_page(page("http://127.0.0.1:8765/data-jdih.menpan.go.id/dokumen/a.pdf"))
    assert choose_attachment(lw, PAGE, mirror_page, HOST, MIRROR) == "https://data-jdih.menpan.go.id/dokumen/a.pdf"


def test_pdfs_elsewhere_are_refused_naming_the_page():
    lw = read_page(page("https://evil.example.com/dokumen/x.pdf", "/jdih-panduan.pdf"))
    try:
        choose_attachment(lw, PAGE, PAGE, HOST, LIVE)
    except AttachmentNotFound as exc:
        assert PAGE in str(exc) and "evil.example.com" in str(exc)
    else:
        raise AssertionError("a PDF off the data host was taken")
