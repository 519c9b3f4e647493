"""News discovery (feeds, sitemaps, listings) and the synthetic news sites it runs against."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from mirror.news_sites import DEFAULT_DEVSET, STYLES, local_path, write_news_sites
from mirror.registry import OVERLAY, mirror_registry
from spbe.infra.registry import load_registry
from spbe.sources.news.fetch import SeenUrls, canonicalize_url, discover, is_spbe_candidate, parse_feed
from spbe.sources.news.section import NewsSite, news_sites

# The fictional sites live in the mirror's overlay, mirror-only: the mirror registry lists them
# (with their live URLs); the product registry names only real publishers.
LIVE = mirror_registry()
SITES = {site.host: site for site in news_sites(LIVE)}


def manifest() -> list[dict]:
    with open(DEFAULT_DEVSET / "manifest.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def devset_urls(host: str) -> set[str]:
    return {canonicalize_url(r["url"]) for r in manifest() if r["site"] == host}


@dataclass
class Resp:
    content: bytes
    status: int = 200
    final_url: str | None = None


class FakeWeb:
    """A fetch callable over a dict of live URL -> body (str/bytes) or exception; records calls."""

    def __init__(self, pages: dict[str, object]):
        self.pages = pages
        self.calls: list[str] = []

    def __call__(self, url: str) -> Resp:
        self.calls.append(url)
        body = self.pages.get(url)
        if body is None:
            return Resp(b"<html><body>404</body></html>", status=404)
        if isinstance(body, Exception):
            raise body
        return Resp(body.encode("utf-8") if isinstance(body, str) else body)


class MirrorFiles:
    """A fetch callable reading the generated mirror tree directly (no HTTP)."""

    def __init__(self, root: Path):
        self.root = root
        self.calls: list[str] = []

    def __call__(self, url: str) -> Resp:
        self.calls.append(url)
        path = local_path(self.root, url)
        if not path.is_file():
            return Resp(b"not found", status=404)
        return Resp(path.read_bytes())


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> tuple[Path, list[dict]]:
    root = tmp_path_factory.mktemp("news_mirror")
    return root, write_news_sites(root)


# -- canonical URLs and the SPBE filter --------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, canonical",
    [
        ("HTTPS://WWW.Kabar.Example.ID/2025/01/21/indeks-spbe/?utm_source=rss&utm_medium=rss&utm_campaign=x",
         "https://www.kabar.example.id/2025/01/21/indeks-spbe"),
        ("https://www.kabar.example.id/read/1/indeks-spbe?fbclid=IwAR0abc&gclid=x&ref=home#comments",
         "https://www.kabar.example.id/read/1/indeks-spbe"),
        ("https://www.kabar.example.id/2025/01/21/indeks-spbe/amp/", "https://www.kabar.example.id/2025/01/21/indeks-spbe"),
        ("https://www.kabar.example.id/amp/berita/2024/indeks-spbe.html", "https://www.kabar.example.id/berita/2024/indeks-spbe.html"),
        ("https://www.kabar.example.id/berita/indeks-spbe.amp.html", "https://www.kabar.example.id/berita/indeks-spbe.html"),
        ("https://www.kabar.example.id/2025/01/indeks-spbe?amp=1", "https://www.kabar.example.id/2025/01/indeks-spbe"),
        ("https://www.kabar.example.id:443/x/indeks-spbe?page=2&id=7", "https://www.kabar.example.id/x/indeks-spbe?id=7&page=2"),
        ("https://www.kabar.example.id", "https://www.kabar.example.id/"),
        ("https://www.kabar.example.id/?utm_source=x", "https://www.kabar.example.id/"),
    ],
)
def test_canonicalize_url(raw, canonical):
    assert canonicalize_url(raw) == canonical
    assert canonicalize_url(canonical) == canonical  # idempotent


def test_amp_word_inside_a_slug_is_kept():
    url = "https://www.kabar.example.id/2025/01/amp-dan-spbe-bersinergi"
    assert canonicalize_url(url) == url


@pytest.mark.parametrize(
    "url, title, summary",
    [
        ("https://x.example.id/2025/01/indeks-spbe-naik", None, None),
        ("https://x.example.id/read/123/pemkab-raih-predikat-baik", "Pemkab Raih Predikat Baik SPBE", None),
        ("https://x.example.id/read/124/rapor-digital", "Rapor Digital Pemkot",
         "Evaluasi Sistem Pemerintahan Berbasis Elektronik tahun 2023 menempatkan ..."),
        ("https://x.example.id/read/125/e-government-award", None, None),
        ("https://x.example.id/read/126/transisi", "Siap Hadapi Pengukuran Pemerintah Digital (PemDI)", None),
        ("https://x.example.id/read/127/tanpa-angka", "Domain Manajemen Jadi Titik Lemah SPBE Kota Bitung", None),
    ],
)
def test_spbe_candidates_are_recognised(url, title, summary):
    assert is_spbe_candidate(url, title, summary)


@pytest.mark.parametrize(
    "url, title, summary",
    [
        ("https://x.example.id/2024/pemkab-raih-nilai-sakip-bb", "Pemkab Raih Nilai SAKIP BB", "Nilai 70,15 dari KemenPAN-RB."),
        ("https://x.example.id/2024/ipm-naik", "Indeks Pembangunan Manusia Kota Metro Naik Jadi 78,45", None),
        ("https://x.example.id/2024/ipp", "Indeks Pelayanan Publik Disdukcapil Raih Kategori A-", None),
        ("https://x.example.id/2024/antrean-solar-di-spbu-mengular", "Antrean Solar di SPBU Mengular", None),
        ("https://x.example.id/2024/pasokan-elpiji-3-kg-dari-spbe-aman", None, None),
        ("https://x.example.id/2024/lpg", "Pasokan Elpiji dari SPBE Aman Jelang Lebaran", "Pertamina memastikan ..."),
    ],
)
def test_non_spbe_is_dropped(url, title, summary):
    assert not is_spbe_candidate(url, title, summary)


# -- feeds ---------------------------------------------------------------------------------------------

HOME = "https://www.kabar.example.id/"

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Kabar</title><link>https://www.kabar.example.id/</link><description>d</description>
<item><title>Indeks SPBE Kota Metro Naik Jadi 3,12</title>
<link>https://www.kabar.example.id/2025/01/15/metro-spbe-naik/?utm_source=rss&amp;utm_medium=rss</link>
<pubDate>Wed, 15 Jan 2025 08:30:00 +0700</pubDate>
<description><![CDATA[<p>Pemkot Metro meraih <b>predikat Baik</b>.</p>]]></description></item>
<item><title>Perbaikan Jalan Sudirman Rampung Maret</title><link>/2025/01/14/perbaikan-jalan-sudirman-rampung/</link>
<pubDate>Tue, 14 Jan 2025 23:30:00 GMT</pubDate><description>Dinas PUPR memperbaiki jalan.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Kabar</title><id>tag:kabar</id><updated>2025-01-20T10:00:00+07:00</updated>
<entry><title>Rapor Digital Pemkab Pesawaran</title><link rel="alternate" href="https://www.kabar.example.id/read/77/rapor-digital-pesawaran"/>
<id>tag:kabar,77</id><published>2025-01-20T10:00:00+07:00</published><updated>2025-01-20T10:00:00+07:00</updated>
<summary type="html">&lt;p&gt;Hasil evaluasi Sistem Pemerintahan Berbasis Elektronik 2024.&lt;/p&gt;</summary></entry>
<entry><title>Kasus DBD Meningkat di Pringsewu</title><link rel="alternate" href="https://www.kabar.example.id/read/78/kasus-dbd-meningkat"/>
<id>tag:kabar,78</id><updated>2025-01-19T10:00:00+07:00</updated><summary>Warga diminta 3M plus.</summary></entry>
</feed>"""


def test_rss_and_atom_feeds():
    entries = parse_feed(RSS.encode(), "https://www.kabar.example.id/feed/")
    assert [e.url for e in entries][1] == "https://www.kabar.example.id/2025/01/14/perbaikan-jalan-sudirman-rampung/"
    assert entries[0].summary == "Pemkot Metro meraih predikat Baik."
    assert entries[0].published == dt.date(2025, 1, 15)
    assert entries[1].published == dt.date(2025, 1, 15)  # 23:30 UTC is the 15th in WIB

    site = NewsSite(name="Kabar", home=HOME, feeds=(HOME + "rss.xml", HOME + "atom.xml"))
    result = discover(site, fetch=FakeWeb({HOME + "rss.xml": RSS, HOME + "atom.xml": ATOM}), seen=set())
    assert result.errors == []
    assert result.urls == ["https://www.kabar.example.id/read/77/rapor-digital-pesawaran",
                           "https://www.kabar.example.id/2025/01/15/metro-spbe-naik"]
    atom, rss = result.candidates
    assert atom.title == "Rapor Digital Pemkab Pesawaran" and atom.published == dt.date(2025, 1, 20)
    assert "Sistem Pemerintahan Berbasis Elektronik" in atom.summary
    assert rss.title.startswith("Indeks SPBE Kota Metro") and rss.found_via == ("feed",)
    assert sorted(result.rejected) == ["https://www.kabar.example.id/2025/01/14/perbaikan-jalan-sudirman-rampung",
                                       "https://www.kabar.example.id/read/78/kasus-dbd-meningkat"]


# -- sitemaps ------------------------------------------------------------------------------------------

SM = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def _index(*locs: str) -> str:
    return f"<?xml version='1.0'?><sitemapindex {SM}>" + "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in locs) + "</sitemapindex>"


def _urlset(*locs: str) -> str:
    return f"<?xml version='1.0'?><urlset {SM}>" + "".join(
        f"<url><loc>{u}</loc><lastmod>2024-02-0{i + 1}T10:00:00+07:00</lastmod></url>" for i, u in enumerate(locs)) + "</urlset>"


def test_sitemap_index_children_news_sitemap_and_gzip():
    news = (f"<?xml version='1.0'?><urlset {SM} {NEWS}><url><loc>{HOME}read/9/rapor-digital-daerah</loc><news:news>"
            "<news:publication><news:name>Kabar</news:name><news:language>id</news:language></news:publication>"
            "<news:publication_date>2025-02-03T09:00:00+07:00</news:publication_date>"
            "<news:title>Rapor SPBE Daerah Diumumkan</news:title></news:news></url></urlset>")
    pages = {
        HOME + "sitemap.xml": _index(HOME + "sitemap-2024.xml", HOME + "nested.xml", HOME + "news.xml",
                                     "https://other.example.id/sitemap.xml"),
        HOME + "sitemap-2024.xml": _urlset(HOME + "2024/02/01/indeks-spbe-kota-bogor", HOME + "2024/02/02/banjir-rendam-rumah-warga",
                                           HOME + "tag/spbe/"),
        HOME + "nested.xml": _index(HOME + "posts-2023.xml.gz", HOME + "sitemap.xml"),  # a cycle back to the root
        HOME + "posts-2023.xml.gz": gzip.compress(_urlset(HOME + "2023/05/22/sigi-penilaian-mandiri-spbe").encode(), mtime=0),
        HOME + "news.xml": news,
    }
    web = FakeWeb(pages)
    result = discover(NewsSite(name="Kabar", home=HOME, sitemaps=(HOME + "sitemap.xml",)), fetch=web, seen=set())
    assert result.errors == [("https://other.example.id/sitemap.xml", "skipped: sitemap on another host")]
    assert web.calls.count(HOME + "sitemap.xml") == 1
    assert set(result.urls) == {HOME + "read/9/rapor-digital-daerah", HOME + "2024/02/01/indeks-spbe-kota-bogor",
                                HOME + "2023/05/22/sigi-penilaian-mandiri-spbe"}
    by_url = {c.url: c for c in result.candidates}
    news_item = by_url[HOME + "read/9/rapor-digital-daerah"]
    assert news_item.found_via == ("news_sitemap",) and news_item.title == "Rapor SPBE Daerah Diumumkan"
    assert news_item.published == dt.date(2025, 2, 3)
    plain = by_url[HOME + "2024/02/01/indeks-spbe-kota-bogor"]
    assert plain.found_via == ("sitemap",) and plain.published is None and plain.lastmod.date() == dt.date(2024, 2, 1)
    assert HOME + "2024/02/02/banjir-rendam-rumah-warga" in result.rejected


def test_sitemap_recursion_is_bounded():
    chain = {HOME + f"s{i}.xml": _index(HOME + f"s{i + 1}.xml") for i in range(10)}
    result = discover(NewsSite(name="Kabar", home=HOME, sitemaps=(HOME + "s0.xml",)), fetch=FakeWeb(chain), seen=set(),
                      max_sitemap_depth=3)
    assert len(result.fetched) == 4
    assert result.errors == [(HOME + "s4.xml", "skipped: sitemap nesting deeper than 3")]
    wide = {HOME + "index.xml": _index(*(HOME + f"c{i}.xml" for i in range(8)))}
    wide.update({HOME + f"c{i}.xml": _urlset(HOME + f"2024/0{i}/berita-spbe-nomor-{i}") for i in range(8)})
    result = discover(NewsSite(name="Kabar", home=HOME, sitemaps=(HOME + "index.xml",)), fetch=FakeWeb(wide), seen=set(), max_sitemaps=5)
    assert len(result.fetched) == 5 and len(result.candidates) == 4
    assert [e for _, e in result.errors] == ["skipped: more than 5 sitemaps"] * 4


# -- listings ------------------------------------------------------------------------------------------


def _listing(page: int, pages: int, items: list[tuple[str, str]], style: str) -> str:
    cards = "".join(
        f'<article class="post"><a href="{u}"><img src="/t.jpg"></a><h2><a href="{u}">{t}</a></h2>'
        f'<time datetime="2024-0{page}-1{i}T08:00:00+07:00">x</time><p class="excerpt">Ringkasan {t}.</p>'
        f'<a href="{u}">Baca selengkapnya</a></article>'
        for i, (u, t) in enumerate(items))
    nav = ""
    if page < pages:
        nav = (f'<a class="next" rel="next" href="/tag/spbe/?page={page + 1}">Berikutnya</a>' if style == "rel"
               else f'<a href="/tag/spbe/page/{page + 1}/">Selanjutnya &rsaquo;</a>')
    side = '<aside><ol><li><a href="/2024/01/01/harga-cabai-turun-lagi?fbclid=IwAR0x">Harga Cabai Turun Lagi</a></li></ol></aside>'
    chrome = '<nav><a href="/">Beranda</a><a href="/kanal/pemerintahan/">Pemerintahan</a><a href="/indeks/">Indeks</a></nav>'
    return f"<html><head></head><body>{chrome}<main>{cards}</main><div class='pagination'>{nav}</div>{side}</body></html>"


@pytest.mark.parametrize("style", ["rel", "text"])
def test_listing_pagination_is_followed_and_bounded(style):
    def page_url(n: int) -> str:
        if n == 1:
            return HOME + "tag/spbe/"
        return HOME + (f"tag/spbe/?page={n}" if style == "rel" else f"tag/spbe/page/{n}/")

    pages = {page_url(n): _listing(n, 4, [(f"/2024/0{n}/1{i}/berita-spbe-halaman-{n}-nomor-{i}", f"Berita SPBE {n}.{i}")
                                          for i in range(3)], style) for n in range(1, 5)}
    site = NewsSite(name="Kabar", home=HOME, listings=(HOME + "tag/spbe/",), max_listing_pages=3)
    web = FakeWeb(pages)
    result = discover(site, fetch=web, seen=set())
    assert web.calls == [page_url(1), page_url(2), page_url(3)]
    assert len(result.candidates) == 9 and result.errors == []
    first = next(c for c in result.candidates if c.url.endswith("halaman-1-nomor-0"))
    assert first.title == "Berita SPBE 1.0" and first.summary == "Ringkasan Berita SPBE 1.0."
    assert first.published == dt.date(2024, 1, 10) and first.found_via == ("listing",)
    assert result.rejected == [HOME + "2024/01/01/harga-cabai-turun-lagi"]  # the sidebar filler, fbclid stripped


def test_one_broken_source_does_not_stop_the_others():
    class Boom(Exception):
        pass

    pages = {
        HOME + "ok.rss": RSS,
        HOME + "broken.rss": "<rss><channel><item><title>oops",
        HOME + "garbage.rss": "<html><body>Maaf, halaman sedang dalam perbaikan</body></html>",
        HOME + "timeout.rss": Boom("read timed out"),
        HOME + "bad-sitemap.xml": "<urlset><url><loc>x</loc></url>",
        HOME + "sitemap.xml": _urlset(HOME + "2024/02/01/indeks-spbe-kota-bogor"),
        HOME + "tag/spbe/": _listing(1, 1, [("/2024/01/10/evaluasi-spbe-kabupaten-sigi", "Evaluasi SPBE Sigi")], "rel"),
    }
    site = NewsSite(name="Kabar", home=HOME, feeds=(HOME + "missing.rss", HOME + "broken.rss", HOME + "garbage.rss",
                                          HOME + "timeout.rss", HOME + "ok.rss"),
                    sitemaps=(HOME + "bad-sitemap.xml", HOME + "sitemap.xml"), listings=(HOME + "gone/", HOME + "tag/spbe/"))
    result = discover(site, fetch=FakeWeb(pages), seen=set())
    failed = dict(result.errors)
    assert set(failed) == {HOME + "missing.rss", HOME + "broken.rss", HOME + "garbage.rss", HOME + "timeout.rss", HOME + "bad-sitemap.xml", HOME + "gone/"}
    assert failed[HOME + "missing.rss"] == "HTTP 404" and "read timed out" in failed[HOME + "timeout.rss"]
    assert set(result.urls) == {HOME + "2025/01/15/metro-spbe-naik", HOME + "2024/02/01/indeks-spbe-kota-bogor",
                                HOME + "2024/01/10/evaluasi-spbe-kabupaten-sigi"}


def test_seen_urls_are_matched_canonically_and_listing_stops_at_seen():
    pages = {HOME + "tag/spbe/": _listing(1, 2, [("/2024/01/10/evaluasi-spbe-kabupaten-sigi", "Evaluasi SPBE Sigi")], "rel"),
             HOME + "tag/spbe/?page=2": _listing(2, 2, [("/2023/01/10/evaluasi-spbe-kota-palu", "Evaluasi SPBE Palu")], "rel")}
    site = NewsSite(name="Kabar", home=HOME, listings=(HOME + "tag/spbe/",))
    web = FakeWeb(pages)
    seen = {"https://WWW.kabar.example.id/2024/01/10/evaluasi-spbe-kabupaten-sigi/?utm_source=wa"}  # raw form
    result = discover(site, fetch=web, seen=seen)
    assert result.candidates == [] and result.skipped_seen == 1
    assert web.calls == [HOME + "tag/spbe/"]  # page 1 held nothing new: older pages are not fetched
    result = discover(site, fetch=FakeWeb(pages), seen=seen, stop_at_seen=False)
    assert result.urls == [HOME + "2023/01/10/evaluasi-spbe-kota-palu"]


def test_seen_urls_built_once_fold_host_variants_and_keep_sites_apart():
    """The pipeline canonicalises the stored URLs once for all sites (SeenUrls); each site must
    still see its own URLs under its host variants, and no other site's."""
    stored = ["https://m.kabar.example.id/2024/01/10/evaluasi-spbe-kabupaten-sigi/?fbclid=x",
              "https://kabar.example.id/amp/2023/01/10/evaluasi-spbe-kota-palu",
              "https://www.lain.example.id/2024/01/10/evaluasi-spbe-kabupaten-sigi"]
    seen = SeenUrls(stored)
    assert seen.for_site("www.kabar.example.id") == {HOME + "2024/01/10/evaluasi-spbe-kabupaten-sigi",
                                                     HOME + "2023/01/10/evaluasi-spbe-kota-palu"}
    assert seen.for_site("www.other.example.id") == set()
    pages = {HOME + "tag/spbe/": _listing(1, 1, [("/2024/01/10/evaluasi-spbe-kabupaten-sigi", "Evaluasi SPBE Sigi"),
                                                 ("/2022/05/02/indeks-spbe-kota-bogor", "Indeks SPBE Bogor")], "rel")}
    site = NewsSite(name="Kabar", home=HOME, listings=(HOME + "tag/spbe/",))
    once, plain = discover(site, fetch=FakeWeb(pages), seen=seen), discover(site, fetch=FakeWeb(pages), seen=stored)
    assert once.urls == plain.urls == [HOME + "2022/05/02/indeks-spbe-kota-bogor"]
    assert once.skipped_seen == plain.skipped_seen == 1


# -- the generated news sites ------------------------------------------------------------------------------


def test_sites_follow_the_dev_set_manifest(mirror):
    root, summaries = mirror
    rows = manifest()
    assert len(rows) >= 45
    by_host = {s["host"]: s for s in summaries}
    assert set(by_host) == {r["site"] for r in rows} == set(SITES)
    for host, summary in by_host.items():
        assert summary["articles"] == sum(r["site"] == host for r in rows)
        assert summary["filler"] == 3 * summary["articles"]
        assert 0 < summary["dateline_only"] < (summary["articles"] + summary["filler"]) / 2
    assert sorted(u for s in summaries for u in s["devset_urls"]) == sorted(r["url"] for r in rows)
    kinds = [s["feed_kind"] for s in summaries]
    assert kinds.count("rss") >= 1 and kinds.count("atom") >= 1


def test_registry_entries_point_at_generated_files(mirror):
    root, _ = mirror
    for style in STYLES:
        site = SITES[style.host]
        assert site.home == style.home
        for url in (*site.feeds, *site.sitemaps, *site.listings, site.home):
            assert local_path(root, url).is_file(), url


def test_article_pages_look_like_real_news_pages(mirror):
    root, _ = mirror
    seen_charsets, dated, undated = set(), 0, 0
    for row in manifest():
        raw = local_path(root, row["url"]).read_bytes()
        charset = "windows-1252" if re.search(rb'charset="?windows-1252', raw[:400]) else "utf-8"
        seen_charsets.add(charset)
        page = raw.decode("cp1252" if charset == "windows-1252" else "utf-8")
        assert f'<link rel="canonical" href="{row["url"]}">' in page
        assert "Baca Juga:" in page and 'class="comments"' in page and "share-buttons" in page and "post-tags" in page
        if 'property="article:published_time"' in page:
            dated += 1
            assert f'content="{row["published"]}T' in page
        else:
            undated += 1
        day = dt.date.fromisoformat(row["published"])
        assert f"{day.day} {['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'][day.month - 1]} {day.year}" in page
    assert seen_charsets == {"utf-8", "windows-1252"}
    assert dated > undated > 0


def test_amp_variants_point_back_to_the_article(mirror):
    root, _ = mirror
    row = next(r for r in manifest() if r["site"] == "www.kabarsumatra.example.id")
    amp = local_path(root, row["url"] + "amp/").read_text(encoding="utf-8")
    assert '<html amp lang="id">' in amp and f'<link rel="canonical" href="{row["url"]}">' in amp


def test_generation_is_deterministic(tmp_path, mirror):
    root, _ = mirror

    def digest(base: Path) -> dict[str, str]:
        return {p.relative_to(base).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in base.rglob("*") if p.is_file()}

    write_news_sites(tmp_path)
    assert digest(tmp_path) == digest(root)


def test_feeds_on_the_mirror(mirror):
    root, _ = mirror
    for style in STYLES:
        entries = parse_feed(local_path(root, style.url(style.feed_path)).read_bytes(), style.url(style.feed_path))
        assert len(entries) == min(20, 4 * len(devset_urls(style.host)))
        assert entries == sorted(entries, key=lambda e: e.published, reverse=True)
        assert all(e.title and e.summary and e.published for e in entries)


def test_mirror_only_sites_are_left_out_of_a_live_night():
    assert SITES and all(site.mirror_only for site in SITES.values())
    product = {site.host for site in news_sites(load_registry(mode="live"))}
    assert product and not product & set(SITES)
    # even with the overlay loaded by mistake, a live night does not knock on them
    live_with_overlay = {site.host for site in news_sites(load_registry(mode="live", overlays=[OVERLAY]))}
    assert not live_with_overlay & set(SITES)


def test_discovery_on_every_mirrored_site_finds_the_dev_set_only(mirror):
    root, _ = mirror
    for site in news_sites(LIVE):
        web = MirrorFiles(root)
        result = discover(site, fetch=web, seen=set())
        assert result.errors == []
        assert set(result.urls) == devset_urls(site.host), site.host  # every dev-set article, no filler
        assert len(result.urls) == len(set(result.urls))
        assert not any(t in u for u in result.urls for t in ("utm_", "fbclid", "/amp", "amp=", "#"))
        assert len(result.rejected) == 3 * len(devset_urls(site.host))
        assert all(c.published for c in result.candidates)
        assert all("sitemap" in c.found_via for c in result.candidates)
        # incremental: the next night finds nothing new, and stops paginating early
        again = MirrorFiles(root)
        second = discover(site, fetch=again, seen=set(result.urls))
        assert second.candidates == [] and second.skipped_seen == len(result.urls)
        assert len(again.calls) <= len(web.calls)


def test_discovery_over_http_with_the_polite_client(mirror):
    server_mod = pytest.importorskip("mirror.server")
    http = pytest.importorskip("spbe.infra.http_client")
    root, _ = mirror
    with server_mod.serve_mirror(root) as server:
        registry = mirror_registry(server.base_url)
        netloc = server.base_url.split("://", 1)[1]
        settings = http.HttpSettings(allowed_hosts=frozenset({netloc}), allow_private_addresses=True, max_retries=0,
                                     total_timeout_s=10)
        with http.PoliteClient(settings) as client:
            site = next(s for s in news_sites(registry) if s.host == "www.kabarjawa.example.id")

            def fetch(url):
                return client.fetch(registry.resolve_url(url))

            first = discover(site, fetch=fetch, seen=set())
            assert first.errors == [] and set(first.urls) == devset_urls(site.host)
            merged = [c for c in first.candidates if set(c.found_via) == {"feed", "listing", "news_sitemap", "sitemap"}]
            assert merged  # one article, four sources, one candidate
            broken = site.model_copy(update={"feeds": (*site.feeds, site.home + "feed/hilang.xml"), "listings": ()})
            result = discover(broken, fetch=fetch, seen=set(first.urls))
            assert result.candidates == [] and [u for u, _ in result.errors] == [site.home + "feed/hilang.xml"]
            assert "404" in result.errors[0][1]
