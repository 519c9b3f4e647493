"""The six fictional news sites' looks (SiteStyle), the article record (Item) and the small
formatting helpers every page renderer shares. Synthetic: a development tool, not product code."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEVSET = REPO_ROOT / "devset" / "news"
FEED_ITEMS = 20
PAGE_SIZE = 10
NEWS_SITEMAP_ITEMS = 15
FILLER_PER_ARTICLE = 3
SEED = 20250121
FILLER_START = dt.date(2019, 3, 1)
FILLER_END = dt.date(2026, 3, 10)

HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"]
NOTICE = "Situs berita fiktif untuk pengujian. Isi berita sintetis, kecuali lima artikel contoh."


@dataclass(frozen=True)
class SiteStyle:
    host: str
    name: str
    tagline: str
    article: str  # path template: {y} {m} {d} {slug} {id}
    feed_kind: str  # "rss" | "atom"
    feed_path: str
    sitemap_index: str
    posts_sitemap: str  # "{year}" in it: one posts sitemap per year
    news_sitemap: str
    listings: tuple[str, ...]
    charset: str = "utf-8"
    tz: str = "WIB"
    amp: str | None = None  # "suffix": URL/amp/; "prefix": /amp/PATH
    max_listing_pages: int = 5
    places: tuple[tuple[str, str], ...] = ()
    province: str = ""
    rel_next: bool = True
    jsonld: bool = False
    feed_tracking: bool = False
    feed_amp_links: bool = False
    listing_slash_variant: bool = False
    listing_utm: bool = False
    relative_links: bool = False

    @property
    def home(self) -> str:
        return f"https://{self.host}/"

    def url(self, path: str) -> str:
        return f"https://{self.host}{path}"

    @property
    def offset(self) -> dt.timezone:
        return dt.timezone(dt.timedelta(hours={"WIB": 7, "WITA": 8, "WIT": 9}[self.tz]))


STYLES: tuple[SiteStyle, ...] = (
    SiteStyle(
        host="www.kabarsumatra.example.id", name="Kabar Sumatra", tagline="Kabar Terkini dari Bumi Andalas",
        article="/{y}/{m}/{d}/{slug}/", feed_kind="rss", feed_path="/rss.xml",
        sitemap_index="/sitemap_index.xml", posts_sitemap="/post-sitemap.xml", news_sitemap="/news-sitemap.xml",
        listings=("/tag/spbe/",), amp="suffix", feed_tracking=True, province="Lampung",
        places=(("kabupaten", "Pesawaran"), ("kabupaten", "Pringsewu"), ("kota", "Metro"), ("kabupaten", "Tanggamus"),
                ("kota", "Padang"), ("kota", "Pekanbaru"), ("kota", "Jambi"), ("kota", "Palembang"),
                ("kota", "Bengkulu"), ("kota", "Medan"), ("kota", "Banda Aceh"), ("kabupaten", "Lampung Selatan")),
    ),
    SiteStyle(
        host="www.kabarjawa.example.id", name="KabarJawa.id", tagline="Berita Jawa Hari Ini",
        article="/read/{y}{m}{d}{id:04d}/{slug}", feed_kind="atom", feed_path="/feed/atom.xml",
        sitemap_index="/sitemap.xml", posts_sitemap="/sitemap-posts.xml", news_sitemap="/sitemap-news.xml",
        listings=("/tag/spbe/", "/kanal/pemerintahan/"), charset="windows-1252", max_listing_pages=3,
        rel_next=False, jsonld=True, listing_slash_variant=True, province="Jawa Barat",
        places=(("kabupaten", "Indramayu"), ("kota", "Bogor"), ("kabupaten", "Sleman"), ("kota", "Tangerang"),
                ("kabupaten", "Bekasi"), ("kabupaten", "Cirebon"), ("kabupaten", "Kediri"), ("kabupaten", "Sumedang"),
                ("kabupaten", "Pemalang"), ("kabupaten", "Gunungkidul"), ("kota", "Malang"), ("kota", "Surakarta")),
    ),
    SiteStyle(
        host="www.borneotimes.example.id", name="Borneo Times", tagline="Suara dari Pulau Kalimantan",
        article="/berita/{y}/{m}/{d}/{slug}.html", feed_kind="rss", feed_path="/rss/berita.xml",
        sitemap_index="/sitemap-index.xml", posts_sitemap="/sitemap/berita-{year}.xml",
        news_sitemap="/sitemap/news.xml", listings=("/tag/spbe/",), tz="WITA", amp="prefix", jsonld=True,
        relative_links=True, province="Kalimantan Timur",
        places=(("kabupaten", "Paser"), ("kabupaten", "Kotabaru"), ("kota", "Balikpapan"), ("kota", "Samarinda"),
                ("kota", "Pontianak"), ("kota", "Banjarmasin"), ("kabupaten", "Kutai Timur"),
                ("kabupaten", "Kotawaringin Barat"), ("kota", "Palangka Raya")),
    ),
    SiteStyle(
        host="www.sulawesipos.example.id", name="Sulawesi Pos", tagline="Harian Digital Sulawesi",
        article="/daerah/{slug}-{id}", feed_kind="atom", feed_path="/atom.xml",
        sitemap_index="/sitemaps/index.xml", posts_sitemap="/sitemaps/posts.xml", news_sitemap="/sitemaps/news.xml",
        listings=("/tag/spbe/",), charset="windows-1252", tz="WITA", listing_utm=True, province="Sulawesi Selatan",
        places=(("kabupaten", "Kepulauan Selayar"), ("kota", "Makassar"), ("kabupaten", "Gowa"), ("kota", "Kotamobagu"),
                ("kabupaten", "Sigi"), ("kota", "Baubau"), ("kota", "Bitung"), ("kabupaten", "Polewali Mandar"),
                ("kota", "Gorontalo")),
    ),
    SiteStyle(
        host="www.timurnews.example.id", name="Timur News", tagline="Berita Indonesia Timur",
        article="/{y}/{m}/{slug}", feed_kind="rss", feed_path="/feeds/posts.rss",
        sitemap_index="/sitemap.xml", posts_sitemap="/sitemap-posts.xml", news_sitemap="/sitemap-news.xml",
        listings=("/tag/spbe/",), tz="WITA", feed_amp_links=True, province="Nusa Tenggara Barat",
        places=(("kota", "Mataram"), ("kabupaten", "Lombok Timur"), ("kota", "Sorong"), ("kota", "Ambon"),
                ("kota", "Denpasar"), ("kota", "Kupang"), ("kota", "Jayapura"), ("kota", "Ternate")),
    ),
    SiteStyle(
        host="www.wartanusantara.example.id", name="Warta Nusantara", tagline="Kabar Pusat dan Daerah",
        article="/nasional/{y}/{m}/{d}/{slug}", feed_kind="atom", feed_path="/feed.atom",
        sitemap_index="/sitemap.xml", posts_sitemap="/sitemap-posts.xml", news_sitemap="/sitemap-news.xml",
        listings=("/tag/spbe/",), jsonld=True, province="DKI Jakarta",
        places=(("kota", "Bandung"), ("kota", "Semarang"), ("kota", "Surabaya"), ("kabupaten", "Badung"),
                ("kota", "Yogyakarta"), ("kabupaten", "Banyuwangi")),
    ),
)
STYLE_BY_HOST = {s.host: s for s in STYLES}


def style_for(host: str) -> SiteStyle:
    """The site's style; a plain WordPress-like one for a host the dev set adds later (the
    registry test then fails until the host gets a style and a [[news_site]] entry)."""
    if host in STYLE_BY_HOST:
        return STYLE_BY_HOST[host]
    label = host.removeprefix("www.").split(".")[0]
    return SiteStyle(
        host=host, name=label.title(), tagline="Berita Daerah", article="/{y}/{m}/{d}/{slug}/", feed_kind="rss",
        feed_path="/feed.xml", sitemap_index="/sitemap_index.xml", posts_sitemap="/post-sitemap.xml",
        news_sitemap="/news-sitemap.xml", listings=("/tag/spbe/",), province="Jawa Tengah",
        places=(("kota", "Semarang"), ("kabupaten", "Demak"), ("kabupaten", "Kendal"), ("kota", "Salatiga")),
    )


@dataclass
class Item:
    url: str  # canonical live URL
    title: str
    paragraphs: list[str]
    published: dt.datetime  # aware, site-local
    devset: bool
    kanal: str
    tags: list[str]
    author: str
    editor: str
    key: int  # stable per-site number (feed guid, ids)
    related: Item | None = None
    extra: dict = field(default_factory=dict)


# -- small helpers ------------------------------------------------------------------------------


def stable_hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def slugify(text: str, limit: int = 80) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def dateline(when: dt.datetime, tz: str) -> str:
    """'Selasa, 21 Januari 2025 10:15 WIB'."""
    return f"{HARI[when.weekday()]}, {when.day} {BULAN[when.month - 1]} {when.year} {when:%H:%M} {tz}"


def rfc822(when: dt.datetime) -> str:
    return when.strftime("%a, %d %b %Y %H:%M:%S %z")


def iso(when: dt.datetime) -> str:
    return when.isoformat(timespec="seconds")


def id_decimal(value: float, nd: int = 2) -> str:
    return f"{value:.{nd}f}".replace(".", ",")


def id_thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def encode_page(text: str, charset: str) -> bytes:
    return text.encode("cp1252" if charset == "windows-1252" else "utf-8", errors="xmlcharrefreplace")


def excerpt(item: Item, limit: int = 180) -> str:
    first = item.paragraphs[0] if item.paragraphs else ""
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def article_path(style: SiteStyle, day: dt.date, slug: str, ident: int) -> str:
    return style.article.format(y=f"{day.year:04d}", m=f"{day.month:02d}", d=f"{day.day:02d}", slug=slug, id=ident)


def amp_url(style: SiteStyle, url: str) -> str | None:
    if style.amp == "suffix":
        return url.rstrip("/") + "/amp/"
    if style.amp == "prefix":
        parts = urlsplit(url)
        return f"https://{parts.netloc}/amp{parts.path}"
    return None
