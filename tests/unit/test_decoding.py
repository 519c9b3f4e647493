"""Text decoding of pages and saved articles: every case once broke silently."""

from __future__ import annotations

import random

import pytest

from spbe.infra.decoding import UndecodableText, decode_text
from spbe.sources.news.extract import extract_figures
from spbe.sources.news.parse import parse_article, read_article_file

TEXT = (
    "Pemerintah Kabupaten Pesawaran meraih indeks SPBE 3,12 dengan predikat Baik pada evaluasi tahun 2024 "
    "– naik dari tahun sebelumnya, kata Kepala Dinas Kominfo di Gedong Tataan, Senin (13/1/2025).\n"
)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read_and_gives_its_figures(tmp_path, encoding):
    raw = TEXT.encode(encoding)
    if encoding != "utf-16":  # the explicit-endian codecs write no mark: add the one a file would carry
        raw = ("\ufeff" + TEXT).encode(encoding)
    path = tmp_path / "artikel.txt"
    path.write_bytes(raw)
    article = read_article_file(path)
    assert article.text.strip() == TEXT.strip()
    assert [(f.instansi_id, f.value) for f in extract_figures(article.text, article.published)] == [("18.09", 3.12)]


def test_utf16_without_a_mark_is_detected_not_read_as_nul_riddled_utf8():
    text = decode_text((TEXT * 3).encode("utf-16-le"), what="x.txt")
    assert "\x00" not in text and "indeks SPBE 3,12" in text


def test_one_stray_byte_in_utf8_is_replaced_not_a_switch_to_cp1252(tmp_path):
    raw = TEXT.encode("utf-8").replace(b"Gedong", b"Ged\x96ong")
    path = tmp_path / "artikel.txt"
    path.write_bytes(raw)
    text = read_article_file(path).text
    assert "– naik" in text and "â€" not in text
    assert text.count("\ufffd") == 1 and "Ged\ufffdong" in text


def test_a_page_with_a_stray_byte_keeps_its_utf8_evidence():
    page = f'<html><head><meta charset="utf-8"><title>SPBE</title></head><body><article><p>{TEXT}</p><p>{TEXT}</p>' \
           "</article></body></html>"
    raw = page.encode("utf-8").replace(b"Gedong", b"Ged\xffong", 1)
    article = parse_article(raw, "https://www.kabar.example.id/spbe")
    assert "– naik" in article.text and "â€" not in article.text


def test_declared_windows_1252_pages_still_decode_as_declared():
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body>{TEXT}</body></html>'
    assert "– naik" in decode_text(page.encode("cp1252"))


def test_a_windows_1252_page_is_decoded_once_its_canonical_link_and_title_too():
    """The page's metadata is read from the tree parsed from the decoded text: re-parsing UTF-8 bytes
    under the page's own charset declaration turned "Pasar Baru – Café" into "CafÃ©"."""
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            '<link rel="canonical" href="https://www.kabar.example.id/berita/café-spbe"></head>'
            f"<body><h1>Indeks SPBE – Café</h1><article><p>{TEXT}</p><p>{TEXT}</p></article></body></html>")
    article = parse_article(page.encode("cp1252"), "https://www.kabar.example.id/x")
    assert article.canonical_url == "https://www.kabar.example.id/berita/café-spbe"
    assert article.title == "Indeks SPBE – Café"


def test_a_utf8_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "artikel.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert read_article_file(path).title.startswith("Pemerintah Kabupaten Pesawaran")


def test_an_undecodable_file_is_reported_naming_it_not_read_as_empty(tmp_path):
    rng = random.Random(7)
    path = tmp_path / "rusak.txt"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    with pytest.raises(UndecodableText, match=r"rusak\.txt: not readable as text"):
        read_article_file(path)
    with pytest.raises(UndecodableText, match="https://www.kabar.example.id/x"):
        parse_article(path.read_bytes(), "https://www.kabar.example.id/x")
