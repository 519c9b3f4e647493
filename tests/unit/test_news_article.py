"""Article pages: main text without boilerplate, metadata, and Indonesian dates."""

from __future__ import annotations

import datetime as dt

import pytest

from spbe.infra.decoding import UndecodableText
from spbe.sources.news.extract import extract_figures
from spbe.sources.news.parse import (
    Article,
    infer_weekday_date,
    parse_article,
    parse_indonesian_date,
    read_article_file,
    strip_boilerplate_lines,
)

PAGE = """<!DOCTYPE html>
<html lang="id"><head>
<meta charset="utf-8">
<title>Indeks SPBE Pemkab Paser Naik Jadi 2,90 - Berita Paser</title>
<meta property="og:title" content="Indeks SPBE Pemkab Paser Naik Jadi 2,90">
<meta property="article:published_time" content="2024-10-22T09:15:00+08:00">
<meta property="article:modified_time" content="2024-11-30T10:00:00+08:00">
<link rel="canonical" href="/berita/2024/10/indeks-spbe-paser">
</head><body>
<header><nav><a href="/">Beranda</a> | <a href="/politik">Politik</a> | <a href="/ekonomi">Ekonomi</a></nav></header>
<div class="share-buttons"><a href="https://facebook.com/sharer">Bagikan ke Facebook</a>
<a href="https://twitter.com/intent/tweet">Tweet</a> <a href="https://wa.me/">Kirim lewat WhatsApp</a></div>
<article>
<h1>Indeks SPBE Pemkab Paser Naik Jadi 2,90</h1>
<p>Tana Paser – Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Paser menggelar kegiatan
wawancara evaluasi SPBE bersama tim asesor pada Selasa (22/10/2024).</p>
<p>Seperti diketahui, Indeks SPBE Pemerintah Kabupaten Paser pada tahun 2023 mendapat nilai 2,9 dengan
kategori Baik. Hasil tersebut telah meningkat dari tahun 2022 yang hanya mendapatkan nilai 2,13 dengan
predikat Cukup.</p>
<p><strong>Baca Juga: Indeks SPBE Kota Balikpapan Tembus 3,62</strong></p>
<p>Sekda Paser berharap melalui evaluasi ini, Pemkab Paser dapat meningkatkan kualitas penerapan SPBE secara
signifikan sehingga tata kelola pemerintahan berbasis elektronik di Kabupaten Paser semakin meningkat dan
pelayanan publik semakin baik bagi seluruh masyarakat.</p>
<p>Ia mengapresiasi dan mengucapkan terima kasih kepada tim evaluator yang telah mendampingi dan memberikan
perhatian serta dukungan kepada Pemkab Paser selama proses evaluasi berlangsung.</p>
</article>
<aside class="related"><h3>Berita Terkait</h3><ul>
<li><a href="/a">Indeks SPBE Kutai Timur Capai 3,1</a></li>
<li><a href="/b">Pemprov Kaltim Raih Predikat Baik</a></li></ul></aside>
<section id="comments" class="comments"><h3>Tinggalkan Balasan</h3>
<div class="comment"><p>Mantap pak, semoga tahun depan indeks SPBE Paser jadi 3,5!</p></div>
<form><textarea name="comment"></textarea><button>Kirim Komentar</button></form></section>
<footer><p>© 2024 Berita Paser. Hak cipta dilindungi.</p></footer>
</body></html>
"""

URL = "https://beritapaser.example/berita/2024/10/indeks-spbe-paser?utm_source=facebook"


@pytest.fixture(scope="module")
def article() -> Article:
    return parse_article(PAGE.encode("utf-8"), URL)


def test_metadata(article):
    assert article.url == URL
    assert article.title == "Indeks SPBE Pemkab Paser Naik Jadi 2,90"
    assert article.published == dt.date(2024, 10, 22)  # published, not modified
    assert article.canonical_url == "https://beritapaser.example/berita/2024/10/indeks-spbe-paser"


def test_main_text_kept(article):
    assert "Indeks SPBE Pemerintah Kabupaten Paser pada tahun 2023 mendapat nilai 2,9" in article.text
    assert "kepada Pemkab Paser selama proses evaluasi berlangsung." in article.text


@pytest.mark.parametrize(
    "boilerplate",
    ["Baca Juga", "Balikpapan", "Berita Terkait", "Kutai Timur", "Tinggalkan Balasan", "Mantap pak", "Kirim Komentar",
     "Bagikan ke Facebook", "Tweet", "WhatsApp", "Beranda", "Hak cipta"],
)
def test_boilerplate_removed(article, boilerplate):
    assert boilerplate not in article.text


def test_figures_from_the_page_ignore_teasers_and_comments(article):
    got = {(f.instansi_id, f.year, f.value, f.kind) for f in extract_figures(article.text, article.published)}
    assert got == {("64.01", 2023, 2.9, "evaluation"), ("64.01", 2022, 2.13, "evaluation")}


def test_jsonld_date_and_time_element():
    jsonld = """<html><head><title>T</title><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"},
     {"@type": "NewsArticle", "headline": "Judul", "datePublished": "2023-07-14T08:00:00+07:00"}]}
    </script></head><body><article><h1>Judul</h1><p>Isi berita yang cukup panjang tentang SPBE di Kabupaten
    Indramayu dan upaya meningkatkan indeks SPBE tahun ini bersama seluruh perangkat daerah.</p></article></body></html>"""
    assert parse_article(jsonld, None).published == dt.date(2023, 7, 14)
    timed = """<html><body><article><h1>Judul</h1><time datetime="2024-05-04T10:00:00+07:00">Sabtu</time>
    <p>Isi berita yang cukup panjang tentang SPBE di Kota Pangkalpinang dan target indeks SPBE tahun 2024
    yang ditetapkan pemerintah kota bersama seluruh perangkat daerah.</p></article></body></html>"""
    assert parse_article(timed, None).published == dt.date(2024, 5, 4)


def test_date_falls_back_to_the_indonesian_dateline():
    page = """<html><head><title>Rapat SPBE</title></head><body><article><h1>Rapat SPBE</h1>
    <p>KABARDAERAH – Pemkab Tanggamus membahas hasil evaluasi indeks SPBE bersama perangkat daerah di
    aula kantor bupati, Selasa (21/1/2025). Pertemuan diikuti para kepala dinas Kabupaten Tanggamus.</p>
    </article></body></html>"""
    a = parse_article(page, "https://kabardaerah.example/rapat-spbe")
    assert a.published == dt.date(2025, 1, 21)
    assert a.canonical_url is None


def test_empty_pages_do_not_raise_and_garbage_is_reported_not_read_as_empty():
    for page in (b"", b"   ", "<html></html>"):
        a = parse_article(page, None)
        assert isinstance(a.text, str)
    with pytest.raises(UndecodableText, match="https://x.example.id/a"):  # the ingest lists it as an error
        parse_article(b"\x00\xff\xfe garbage", "https://x.example.id/a")


def test_strip_boilerplate_lines():
    text = "Paragraf satu.\nBaca Juga: Berita lain 3,62\nBACA JUGA : lagi\nBaca Disini  Judul lain\nBacaan Lainnya\nParagraf dua."
    assert strip_boilerplate_lines(text) == "Paragraf satu.\nParagraf dua."


@pytest.mark.parametrize(
    "text, expected",
    [
        ("di aula kantor bupati, Selasa (21/1/2025).", dt.date(2025, 1, 21)),
        ("ditetapkan. Sabtu (4/5/24)", dt.date(2024, 5, 4)),
        ("pada 12 Februari 2024 lalu", dt.date(2024, 2, 12)),
        ("Jumat, 3 Mei 2024", dt.date(2024, 5, 3)),
        ("Kamis, 31 Okt 2024 10:00 WIB", dt.date(2024, 10, 31)),
        ("1 Agu 2023", dt.date(2023, 8, 1)),
        ("24 Des. 2021", dt.date(2021, 12, 24)),
        ("7 Jan 2026", dt.date(2026, 1, 7)),
        ("5 Feb 2023", dt.date(2023, 2, 5)),
        ("Rabu (12/07/2023)", dt.date(2023, 7, 12)),
        ("21-01-2025", dt.date(2025, 1, 21)),
        ("2024-12-31T23:00:00Z", dt.date(2024, 12, 31)),
        ("dirilis 5 Januari 2024, dibahas (21/1/2025)", dt.date(2024, 1, 5)),  # the first date in the text
        ("nilai 2,87 dan 3.00", None),
        # Past the lead, a date after "pada" is when something happened, not the dateline.
        ("Walikota memberi apresiasi, Selasa (7/2). " + "Lorem ipsum dolor. " * 25 + "Perpres diteken pada 20 Desember 2022.", None),
        ("32/13/2024", None),
        ("31 Februari 2024", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_indonesian_date(text, expected):
    assert parse_indonesian_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 9 March is a Thursday in 2023 (and 2017, 2028): the article names 2022.
        ("Indeks SPBE 2022 diumumkan. Hal itu disampaikan Bupati, Kamis (9/3).", dt.date(2023, 3, 9)),
        ("Hasil evaluasi SPBE 2022 dibahas dalam rapat, Senin, 13 Maret.", dt.date(2023, 3, 13)),
        ("Indeks SPBE tahun 2021 diserahkan, Selasa (4/1).", dt.date(2022, 1, 4)),  # the year after the one named
        # 9 March is a Wednesday in 2022 and 2028, neither a year this text is about: a slip, no date.
        ("Penilaian SPBE 2025 dibahas, Rabu (9/3).", None),
        # 4 January is a Tuesday in 2022 and 2028: both fit the years named, so neither is taken.
        ("Indeks SPBE 2021 naik, target 2027 disusun, Selasa (4/1).", None),
        ("Rapat SPBE digelar, Kamis (9/3).", None),  # no year named at all
        ("Indeks SPBE 2022 dan 2023 dibahas tanpa hari.", None),  # no weekday date
    ],
)
def test_infer_weekday_date_reads_the_year_from_the_weekday(text, expected):
    assert infer_weekday_date(text) == expected


def test_a_text_without_a_dated_dateline_takes_its_weekday_date(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Indeks SPBE Kota Palu 3,05\n\nNilai itu hasil evaluasi SPBE 2022, kata Wali Kota, Kamis (9/3).\n", encoding="utf-8")
    assert read_article_file(p).published == dt.date(2023, 3, 9)


def test_read_article_file_txt(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(
        "\n\nIndeks SPBE Kota Pangkalpinang 2.87\n\nPANGKALPINANG – Rapat digelar Jumat, 3 Mei 2024.\n"
        "Baca Juga: Berita lain\nDiketahui capaian indeks SPBE Kota Pangkalpinang pada tahun 2023 mencapai angka 2.87.\n",
        encoding="utf-8",
    )
    a = read_article_file(p)
    assert a.title == "Indeks SPBE Kota Pangkalpinang 2.87"
    assert a.published == dt.date(2024, 5, 3)
    assert "Baca Juga" not in a.text and "mencapai angka 2.87" in a.text
    b = read_article_file(p, published=dt.date(2024, 5, 4), url="https://x.example/a")
    assert (b.published, b.url) == (dt.date(2024, 5, 4), "https://x.example/a")


def test_read_article_file_html(tmp_path):
    p = tmp_path / "page.html"
    p.write_bytes(PAGE.encode("utf-8"))
    a = read_article_file(p, url=URL)
    assert a.published == dt.date(2024, 10, 22)
    assert a.canonical_url.endswith("/berita/2024/10/indeks-spbe-paser")
    assert read_article_file(p, published=dt.date(2024, 10, 23)).published == dt.date(2024, 10, 23)
