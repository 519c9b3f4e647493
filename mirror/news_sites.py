"""Render six fictional Indonesian local-news sites into the mirror tree (out_dir/HOST/PATH).

The articles about SPBE come from the news dev set (`devset/news/manifest.csv` gives URL, site,
date and title; the text comes from `articles/NNN_slug.txt`). Around them each site carries about
three times as many short filler articles on other local topics (roads, health, sports, SAKIP,
elections, other "indeks": IPM, IKM, Indeks Pelayanan Publik, IHK, and an LPG filling station that
is also called "SPBE"), so discovery has to filter.

Every site has what a scraper meets in the wild:

- article pages with header/nav, the body in <p>, a "Baca Juga:" block mid-article, an ad slot,
  share widgets, a tag list, a comments section whose comments mention numbers, a "Terpopuler"
  sidebar, a footer, <link rel="canonical">, and `article:published_time` on most pages (about one
  page in five shows only an Indonesian dateline such as "Selasa, 21 Januari 2025 10:15 WIB");
  two sites are windows-1252, declared in a <meta>; unencodable characters become char refs;
- an RSS 2.0 feed (three sites) or an Atom feed (three sites) with the latest 20 articles;
- a sitemap index pointing at the posts sitemap(s) (one site splits them by year) and a Google
  news sitemap;
- tag listing pages /tag/spbe/ (and /kanal/pemerintahan/ on one site), 10 per page, paginated as
  /page/N/ (the path-prefix mirror ignores query strings, so ?page=N cannot be served), with
  rel=next/prev links on most sites and only a "Selanjutnya" anchor on one;
- links carrying tracking parameters (utm_*, fbclid), fragments, trailing-slash variants and AMP
  variants (/amp/ pages whose rel=canonical points at the article), links to sister sites.

A robots.txt per host is impossible in the path-prefix mirror (robots.txt is per netloc): none.
Output is deterministic (no clock, no unseeded randomness); file mtimes are the publication times.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import json
import os
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

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


def _h(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def _e(text: str) -> str:
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


def _dec(value: float, nd: int = 2) -> str:
    return f"{value:.{nd}f}".replace(".", ",")


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _encode(text: str, charset: str) -> bytes:
    return text.encode("cp1252" if charset == "windows-1252" else "utf-8", errors="xmlcharrefreplace")


def _excerpt(item: Item, limit: int = 180) -> str:
    first = item.paragraphs[0] if item.paragraphs else ""
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def _article_path(style: SiteStyle, day: dt.date, slug: str, ident: int) -> str:
    return style.article.format(y=f"{day.year:04d}", m=f"{day.month:02d}", d=f"{day.day:02d}", slug=slug, id=ident)


def amp_url(style: SiteStyle, url: str) -> str | None:
    if style.amp == "suffix":
        return url.rstrip("/") + "/amp/"
    if style.amp == "prefix":
        parts = urlsplit(url)
        return f"https://{parts.netloc}/amp{parts.path}"
    return None


# -- the dev-set articles ---------------------------------------------------------------------------


def load_devset(devset_dir: Path) -> list[dict]:
    rows = []
    with open(Path(devset_dir) / "manifest.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = (Path(devset_dir) / "articles" / row["path"]).read_text(encoding="utf-8")
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            if lines and lines[0] == row["title"].strip():
                lines = lines[1:]  # the headline is the first line for 003+ (000-002 have none)
            rows.append({**row, "paragraphs": lines})
    return rows


# -- filler articles ------------------------------------------------------------------------------

FIRST = ["Ahmad", "Budi", "Siti", "Rahmat", "Dewi", "Hendra", "Yusuf", "Nurhayati", "Agus", "Fitri", "Rudi", "Wahyuni",
         "Andi", "Sri", "Hasan", "Lestari", "Irwan", "Maya", "Joko", "Ratna"]
LAST = ["Saputra", "Hidayat", "Rahmawati", "Siregar", "Pratama", "Wibowo", "Lubis", "Kusuma", "Nasution", "Harahap",
        "Syahputra", "Rangkuti", "Gunawan", "Susanti", "Effendi", "Marpaung", "Setiawan", "Tambunan"]
ROADS = ["Lintas Barat", "Ahmad Yani", "Sudirman", "Diponegoro", "Poros Kecamatan", "Trans Desa", "Pattimura",
         "Imam Bonjol", "Hasanuddin", "Gatot Subroto"]
FESTIVALS = ["Budaya Pesisir", "Kuliner Nusantara", "Layang-Layang", "Tenun Ikat", "Perahu Hias", "Kopi Rakyat"]
MARKETS = ["Induk", "Sentral", "Inpres", "Baru", "Tradisional Kota"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _pemda(kind: str, name: str) -> str:
    return ("Pemkot " if kind == "kota" else "Pemkab ") + name


def _place(kind: str, name: str) -> str:
    return ("Kota " if kind == "kota" else "Kabupaten ") + name


# Each template: kanal, tags, title, paragraphs. Placeholders are filled from `_filler_values`.
TEMPLATES: list[tuple[str, tuple[str, ...], str, tuple[str, ...]]] = [
    ("Daerah", ("Infrastruktur", "Jalan Rusak"),
     "Perbaikan Jalan {road} di {short} Ditargetkan Rampung {month2}",
     ("{pemda} melalui Dinas Pekerjaan Umum dan Penataan Ruang (PUPR) mulai memperbaiki ruas Jalan {road} sepanjang {km} kilometer yang rusak sejak musim hujan lalu.",
      "Kepala Dinas PUPR {place}, {official}, mengatakan pekerjaan tersebut menelan anggaran Rp {miliar} miliar yang bersumber dari APBD tahun {year}.",
      "“Kami minta pengguna jalan berhati-hati karena ada penyempitan di beberapa titik. Targetnya rampung akhir {month2},” ujarnya.",
      "Warga setempat menyambut baik perbaikan itu. Selama ini waktu tempuh ke pasar kecamatan bisa mencapai {minutes} menit karena jalan berlubang.")),
    ("Kesehatan", ("Stunting", "Posyandu"),
     "Dinkes {short} Gencarkan Posyandu untuk Tekan Angka Stunting",
     ("Dinas Kesehatan {place} menggencarkan kegiatan posyandu di {n} desa dan kelurahan untuk menekan angka stunting yang kini berada di {pct} persen.",
      "“Target kami turun di bawah {pct2} persen pada akhir tahun,” kata Kepala Dinas Kesehatan {place}, {official}.",
      "Selain penimbangan balita, petugas membagikan makanan tambahan dan tablet tambah darah bagi remaja putri.")),
    ("Kesehatan", ("DBD", "Kesehatan"),
     "Kasus DBD di {short} Meningkat, Warga Diminta Galakkan 3M Plus",
     ("Dinas Kesehatan {place} mencatat {n} kasus demam berdarah dengue (DBD) sejak Januari {year}, naik dibanding periode yang sama tahun lalu.",
      "Kepala Bidang Pencegahan dan Pengendalian Penyakit, {official}, meminta warga menguras, menutup, dan mendaur ulang barang bekas.",
      "Pengasapan atau fogging hanya dilakukan jika ditemukan kasus positif di satu lingkungan, agar nyamuk tidak kebal.")),
    ("Olahraga", ("Liga 3", "Sepak Bola"),
     "PS {short} Melaju ke Semifinal Liga 3 Zona {province}",
     ("PS {short} memastikan satu tempat di semifinal Liga 3 Zona {province} setelah menang {g1}-{g2} atas PS {other} di Stadion Mini {short}, {weekday} sore.",
      "Pelatih PS {short}, {official}, mengaku puas dengan penampilan anak asuhnya meski sempat tertinggal pada babak pertama.",
      "Laga semifinal dijadwalkan pekan depan. Panitia menyiapkan {tickets} tiket untuk penonton.")),
    ("Olahraga", ("Porprov", "Olahraga"),
     "Kontingen {short} Raih {gold} Emas di Porprov {province}",
     ("Kontingen {place} mengumpulkan {gold} medali emas, {silver} perak, dan {bronze} perunggu pada Pekan Olahraga Provinsi (Porprov) {province} {year}.",
      "Ketua KONI {place}, {official}, menyebut cabang atletik dan pencak silat menjadi penyumbang medali terbanyak.",
      "Pemerintah daerah menyiapkan bonus bagi atlet peraih medali yang akan diserahkan bulan depan.")),
    ("Pemerintahan", ("SAKIP", "Akuntabilitas Kinerja"),
     "{pemda} Raih Nilai SAKIP {grade}, Naik dari Tahun Sebelumnya",
     ("{pemda} menerima hasil evaluasi Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP) dari Kementerian PANRB dengan nilai {sakip} dan predikat {grade}.",
      "Nilai tersebut naik {delta} poin dibanding evaluasi sebelumnya. Sekretaris Daerah {place}, {official}, menyebut perbaikan pohon kinerja menjadi kuncinya.",
      "“Setiap perangkat daerah kini punya indikator kinerja yang terukur dan selaras dengan RPJMD,” katanya.")),
    ("Pemerintahan", ("Pemilu", "KPU"),
     "KPU {short} Tetapkan DPT Pemilu {eyear} Sebanyak {dpt} Pemilih",
     ("Komisi Pemilihan Umum (KPU) {place} menetapkan daftar pemilih tetap (DPT) Pemilu {eyear} sebanyak {dpt} pemilih yang tersebar di {tps} tempat pemungutan suara.",
      "Ketua KPU {place}, {official}, mengatakan jumlah itu bertambah dibanding pemilu sebelumnya karena banyak pemilih pemula.",
      "Warga yang belum terdaftar masih bisa mengurus pindah memilih paling lambat 30 hari sebelum hari pemungutan suara.")),
    ("Pemerintahan", ("Pilkada", "Bawaslu"),
     "Bawaslu {short} Rekrut {n} Pengawas TPS untuk Pilkada {eyear}",
     ("Badan Pengawas Pemilu (Bawaslu) {place} membuka rekrutmen {n} pengawas tempat pemungutan suara untuk Pilkada {eyear}.",
      "Pendaftar minimal berusia 21 tahun, berpendidikan paling rendah SMA, dan tidak menjadi anggota partai politik.",
      "Anggota Bawaslu {place}, {official}, meminta pendaftar memeriksa jadwal seleksi di kantor panwascam masing-masing.")),
    ("Pemerintahan", ("IPM", "BPS"),
     "Indeks Pembangunan Manusia {short} Naik Jadi {ipm}",
     ("Badan Pusat Statistik (BPS) mencatat Indeks Pembangunan Manusia (IPM) {place} tahun {year} mencapai {ipm}, naik {delta} poin dibanding tahun sebelumnya.",
      "Kenaikan didorong oleh harapan lama sekolah dan pengeluaran per kapita yang disesuaikan, kata Kepala BPS {place}, {official}.",
      "Dengan capaian itu, IPM {short} masuk kategori tinggi dan berada di atas rata-rata provinsi.")),
    ("Pemerintahan", ("Pelayanan Publik", "Disdukcapil"),
     "Indeks Pelayanan Publik Disdukcapil {short} Raih Kategori {ippgrade}",
     ("Dinas Kependudukan dan Pencatatan Sipil {place} meraih nilai Indeks Pelayanan Publik {ipp} dengan kategori {ippgrade} dalam pemantauan Kementerian PANRB.",
      "Penilaian mencakup kebijakan pelayanan, profesionalisme petugas, sarana prasarana, dan sistem informasi pelayanan publik.",
      "Kepala Disdukcapil {place}, {official}, berjanji mempercepat penerbitan akta kelahiran yang masih dikeluhkan warga.")),
    ("Kesehatan", ("RSUD", "Survei Kepuasan"),
     "Indeks Kepuasan Masyarakat RSUD {short} Capai {ikm}",
     ("Survei Indeks Kepuasan Masyarakat (IKM) RSUD {place} semester ini mencapai {ikm} atau kategori baik.",
      "Direktur RSUD, {official}, mengatakan keluhan terbanyak masih soal waktu tunggu di poliklinik yang bisa mencapai {minutes} menit.",
      "Rumah sakit menambah {n} loket pendaftaran dan memperpanjang jam layanan farmasi.")),
    ("Ekonomi", ("Inflasi", "BPS"),
     "BPS: Inflasi {short} Bulan {month} Terkendali di {infl} Persen",
     ("Badan Pusat Statistik (BPS) {place} mencatat inflasi tahunan bulan {month} {year} sebesar {infl} persen dengan Indeks Harga Konsumen (IHK) {ihk}.",
      "Kelompok makanan, minuman, dan tembakau menjadi penyumbang inflasi terbesar, terutama beras dan cabai merah.",
      "Tim Pengendalian Inflasi Daerah (TPID) {place} akan menggelar pasar murah di {n} kecamatan.")),
    ("Pemerintahan", ("Reformasi Birokrasi",),
     "Indeks Reformasi Birokrasi {pemda} Naik ke {rb}",
     ("Kementerian PANRB menetapkan Indeks Reformasi Birokrasi {pemda} sebesar {rb}, naik dibanding tahun sebelumnya.",
      "Sekretaris Daerah {place}, {official}, menyebut penyederhanaan birokrasi dan penataan jabatan fungsional sebagai faktor pendorong.",
      "Pemerintah daerah menargetkan predikat BB pada evaluasi berikutnya.")),
    ("Ekonomi", ("SPBU", "BBM"),
     "Antrean Solar di SPBU {short} Mengular, Sopir Truk Mengeluh",
     ("Antrean kendaraan yang hendak mengisi solar di sejumlah SPBU di {place} mengular hingga {meters} meter sejak pagi.",
      "Seorang sopir truk, {official}, mengaku sudah menunggu lebih dari {hours} jam. “Kalau begini terus, ongkos angkut naik,” katanya.",
      "Pertamina menyatakan kuota solar subsidi di wilayah itu akan ditambah {pct} persen hingga akhir bulan.")),
    ("Pendidikan", ("PPDB", "Pendidikan"),
     "PPDB SMP Negeri di {short} Dibuka Pekan Depan, Kuota Zonasi {zonasi} Persen",
     ("Dinas Pendidikan {place} membuka penerimaan peserta didik baru (PPDB) SMP negeri mulai pekan depan dengan kuota jalur zonasi {zonasi} persen.",
      "Sebanyak {n} SMP negeri menyediakan {tickets} kursi. Pendaftaran dilakukan secara daring dan luring.",
      "Kepala Dinas Pendidikan {place}, {official}, mengingatkan orang tua agar tidak memalsukan domisili.")),
    ("Ekonomi", ("Harga Pangan", "Cabai"),
     "Harga Cabai Rawit di Pasar {market} {short} Turun Jadi Rp {harga} per Kilogram",
     ("Harga cabai rawit di Pasar {market} {place} turun menjadi Rp {harga} per kilogram setelah pasokan dari sentra produksi kembali lancar.",
      "Pedagang, {official}, mengatakan pekan lalu harga sempat menyentuh Rp {harga2} per kilogram.",
      "Dinas Perdagangan memantau harga bahan pokok setiap hari menjelang hari besar keagamaan.")),
    ("Daerah", ("Banjir", "BPBD"),
     "Banjir Rendam {houses} Rumah di {short}, BPBD Dirikan Posko",
     ("Hujan deras sejak dini hari menyebabkan banjir yang merendam {houses} rumah di {n} desa di {place}.",
      "Kepala Pelaksana BPBD {place}, {official}, mengatakan ketinggian air mencapai {cm} sentimeter di titik terendah.",
      "BPBD mendirikan posko pengungsian dan dapur umum. Tidak ada korban jiwa dalam peristiwa itu.")),
    ("Pemerintahan", ("Adminduk", "Layanan Publik"),
     "Disdukcapil {short} Luncurkan Layanan Antrean Daring",
     ("Dinas Kependudukan dan Pencatatan Sipil {place} meluncurkan layanan antrean daring sehingga warga dapat mengambil nomor antrean melalui ponsel.",
      "Dalam sehari kantor Disdukcapil melayani sekitar {n} warga. Selama ini antrean sudah mengular sejak subuh.",
      "Kepala Disdukcapil {place}, {official}, mengatakan pengambilan KTP elektronik tetap harus datang langsung.")),
    ("Daerah", ("Wifi Gratis", "Diskominfo"),
     "Diskominfo {short} Pasang Wifi Gratis di {n} Titik Ruang Publik",
     ("Dinas Komunikasi dan Informatika {place} memasang jaringan wifi gratis di {n} titik ruang publik, termasuk taman kota dan alun-alun.",
      "Kecepatan internet di setiap titik mencapai {mbps} Mbps dan bisa digunakan pukul 06.00 hingga 22.00.",
      "Kepala Diskominfo {place}, {official}, meminta warga menjaga perangkat yang terpasang.")),
    ("Wisata", ("Pariwisata", "Festival"),
     "Festival {festival} Kembali Digelar, {pemda} Targetkan {visitors} Pengunjung",
     ("{pemda} kembali menggelar Festival {festival} selama tiga hari mulai {weekday} pekan ini.",
      "Kepala Dinas Pariwisata {place}, {official}, menargetkan {visitors} pengunjung dengan perputaran uang sekitar Rp {miliar} miliar.",
      "Festival diisi pameran UMKM, lomba kuliner, dan pertunjukan seni dari {n} sanggar.")),
]
# The LPG filling station ("Stasiun Pengisian Bulk Elpiji") is also abbreviated SPBE: a trap for
# keyword filters. Tagged SPBE too, as careless editors do.
ELPIJI = ("Ekonomi", ("Elpiji", "SPBE", "Pertamina"),
          "Pasokan Elpiji 3 Kg dari SPBE {short} Dipastikan Aman Jelang Lebaran",
          ("Pertamina Patra Niaga memastikan pasokan elpiji 3 kilogram dari Stasiun Pengisian Bulk Elpiji (SPBE) di {place} aman menjelang Lebaran.",
           "SPBE tersebut menyalurkan rata-rata {tabung} tabung per hari ke {n} agen dan pangkalan.",
           "Sales Branch Manager, {official}, meminta warga membeli elpiji di pangkalan resmi dengan harga eceran tertinggi Rp {het} per tabung."))
ELPIJI_SITES = ("www.kabarsumatra.example.id", "www.kabarjawa.example.id", "www.timurnews.example.id")


def _filler_values(rng: random.Random, style: SiteStyle, kind: str, name: str, day: dt.date) -> dict:
    other = rng.choice([p for p in style.places if p[1] != name] or [(kind, name)])[1]
    return {
        "place": _place(kind, name), "short": name, "pemda": _pemda(kind, name), "other": other,
        "province": style.province, "road": rng.choice(ROADS), "official": _name(rng),
        "month": BULAN[(day.month - 2) % 12], "month2": BULAN[(day.month + 1) % 12], "year": day.year,
        "eyear": next(y for y in (2019, 2024, 2029) if y >= day.year), "weekday": HARI[rng.randrange(7)],
        "km": _dec(rng.uniform(1.5, 12), 1), "miliar": _dec(rng.uniform(1, 25), 1), "minutes": rng.randrange(30, 120),
        "n": rng.randrange(12, 160), "pct": _dec(rng.uniform(12, 28), 1), "pct2": rng.randrange(10, 14),
        "g1": rng.randrange(2, 5), "g2": rng.randrange(0, 2), "tickets": _thousands(rng.randrange(1500, 9000)),
        "gold": rng.randrange(8, 40), "silver": rng.randrange(8, 40), "bronze": rng.randrange(8, 40),
        "grade": rng.choice(["B", "BB"]), "sakip": _dec(rng.uniform(62, 79)), "delta": _dec(rng.uniform(0.2, 3)),
        "dpt": _thousands(rng.randrange(150_000, 2_500_000)), "tps": _thousands(rng.randrange(400, 6000)),
        "ipm": _dec(rng.uniform(66, 82)), "ipp": _dec(rng.uniform(3.1, 4.6)), "ippgrade": rng.choice(["A-", "B", "B+", "A"]),
        "ikm": _dec(rng.uniform(78, 92), 1), "infl": _dec(rng.uniform(1.5, 4.5)), "ihk": _dec(rng.uniform(104, 118)),
        "rb": _dec(rng.uniform(55, 80)), "meters": rng.randrange(200, 900), "hours": rng.randrange(2, 6),
        "zonasi": rng.choice([50, 55, 60]), "market": rng.choice(MARKETS), "harga": _thousands(rng.randrange(25, 60) * 1000),
        "harga2": _thousands(rng.randrange(70, 110) * 1000), "houses": rng.randrange(60, 900), "cm": rng.randrange(40, 150),
        "mbps": rng.choice([10, 20, 50]), "festival": rng.choice(FESTIVALS),
        "visitors": _thousands(rng.randrange(5, 60) * 1000), "tabung": _thousands(rng.randrange(8, 30) * 1000),
        "het": rng.choice(["16.000", "18.000", "19.000"]),
    }


def _random_time(rng: random.Random, day: dt.date, tz: dt.timezone) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randrange(6, 22), rng.randrange(0, 60)), tz)


def _fillers(style: SiteStyle, count: int, seed: int, taken: set[str],
             start: dt.date = FILLER_START, end: dt.date = FILLER_END) -> list[Item]:
    """Filler articles dated between start and end (inclusive)."""
    rng = random.Random(f"{seed}:{style.host}:filler")
    span = (end - start).days + 1
    order = list(range(len(TEMPLATES)))
    rng.shuffle(order)
    items: list[Item] = []
    attempt = 0
    while len(items) < count and attempt < count * 10:
        i, attempt = len(items), attempt + 1
        template = ELPIJI if (i == 5 and style.host in ELPIJI_SITES) else TEMPLATES[order[attempt % len(order)]]
        kanal, tags, title_t, paras_t = template
        kind, name = style.places[rng.randrange(len(style.places))]
        day = start + dt.timedelta(days=rng.randrange(span))
        values = _filler_values(rng, style, kind, name, day)
        title = title_t.format(**values)
        ident = 1000 + attempt if "{id:04d}" in style.article else 9000 + attempt
        url = style.url(_article_path(style, day, slugify(title), ident))
        if url in taken:
            continue
        taken.add(url)
        items.append(Item(
            url=url, title=title, paragraphs=[p.format(**values) for p in paras_t],
            published=_random_time(rng, day, style.offset), devset=False, kanal=kanal,
            tags=[*tags, name], author=_name(rng), editor=_name(rng), key=0,
        ))
    return items


def _devset_items(style: SiteStyle, rows: list[dict], seed: int) -> list[Item]:
    items = []
    for row in rows:
        rng = random.Random(f"{seed}:{row['url']}")
        day = dt.date.fromisoformat(row["published"])
        tags = ["SPBE", "Pemerintahan", "Diskominfo"] if "SPBE" in " ".join(row["paragraphs"]) else ["Pemerintahan"]
        items.append(Item(
            url=row["url"], title=row["title"].strip(), paragraphs=row["paragraphs"],
            published=_random_time(rng, day, style.offset), devset=True, kanal="Pemerintahan",
            tags=tags, author=_name(rng), editor=_name(rng), key=0, extra={"path": row["path"]},
        ))
    return items


# -- page chrome ------------------------------------------------------------------------------------

NAV = [("Beranda", "/"), ("Daerah", "/kanal/daerah/"), ("Pemerintahan", "/kanal/pemerintahan/"),
       ("Ekonomi", "/kanal/ekonomi/"), ("Kesehatan", "/kanal/kesehatan/"), ("Olahraga", "/kanal/olahraga/"),
       ("Wisata", "/kanal/wisata/"), ("Indeks", "/indeks/")]

COMMENTS_SPBE = [
    "Alhamdulillah ada kemajuan. Semoga tahun depan bisa tembus 3,8 dan dapat predikat Sangat Baik.",
    "Sinyal di kecamatan kami masih 1 bar, bagaimana mau serba digital? Mohon diperhatikan, Pak.",
    "Kalau tidak salah dulu nilainya cuma 1,9. Lumayan naiknya.",
    "Anggaran aplikasi Rp 2,5 miliar, tapi pelayanan di kelurahan masih manual semua.",
    "Nilai 4,2 ke atas itu Memuaskan kan? Masih jauh ya.",
    "Tetangga sebelah sudah 3,6 loh. Ayo kejar!",
]
COMMENTS_OTHER = [
    "Jalan di RT 04 juga rusak sepanjang 1,2 km, kapan diperbaiki?",
    "Mantap, semoga terus ditingkatkan.",
    "Harga di pasar kami masih Rp 45.000, belum turun.",
    "Tahun lalu juga janjinya sama, realisasinya baru 60 persen.",
    "Terima kasih infonya, min.",
]
COMMENTERS = ["Budi S.", "warga_kedaton", "Rina Marlina", "Anak Rantau", "Pak RT 07", "nurul.h", "Dedi Kurniawan",
              "masyarakat peduli"]


def _head(style: SiteStyle, title: str, canonical: str, extra: str = "") -> str:
    charset = (f'<meta charset="{style.charset}">' if style.host != "www.kabarjawa.example.id"
               else f'<meta http-equiv="Content-Type" content="text/html; charset={style.charset}">')
    feed_type = "application/rss+xml" if style.feed_kind == "rss" else "application/atom+xml"
    return (
        "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n"
        f"{charset}\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{_e(title)}</title>\n<link rel=\"canonical\" href=\"{_e(canonical)}\">\n"
        f"<link rel=\"alternate\" type=\"{feed_type}\" title=\"{_e(style.name)}\" href=\"{style.url(style.feed_path)}\">\n"
        f"<link rel=\"stylesheet\" href=\"/assets/css/style.min.css?ver=3.2.1\">\n{extra}"
        "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-XXXXXXX\"></script>\n"
        "</head>\n"
    )


def _header(style: SiteStyle) -> str:
    nav = "".join(f'<li><a href="{href}">{label}</a></li>' for label, href in NAV)
    return (
        "<body>\n<div class=\"topbar\"><span class=\"date-today\">Portal berita daerah</span>"
        " <a href=\"/login\">Masuk</a> <a href=\"/daftar\">Daftar</a></div>\n"
        f"<header class=\"site-header\"><a class=\"logo\" href=\"/\"><img src=\"/assets/img/logo.png\" alt=\"{_e(style.name)}\"></a>"
        f"<p class=\"tagline\">{_e(style.tagline)}</p>\n<nav class=\"main-nav\"><ul>{nav}</ul></nav>\n"
        "<form class=\"search\" action=\"/search\"><input name=\"q\" placeholder=\"Cari berita...\"></form></header>\n"
    )


def _footer(style: SiteStyle, sisters: list[Item]) -> str:
    sister = "".join(f'<li><a href="{_e(s.url)}">{_e(s.title)}</a></li>' for s in sisters)
    return (
        "<footer class=\"site-footer\">\n"
        f"<div class=\"network\"><h4>Berita Jaringan</h4><ul>{sister}</ul></div>\n"
        "<ul class=\"footer-links\"><li><a href=\"/redaksi\">Redaksi</a></li><li><a href=\"/pedoman-media-siber\">Pedoman Media Siber</a></li>"
        "<li><a href=\"/kode-etik\">Kode Etik</a></li><li><a href=\"/kontak\">Kontak</a></li><li><a href=\"/iklan\">Info Iklan</a></li></ul>\n"
        f"<p>Jl. Pahlawan No. 12, Lantai 2 &middot; Telp. (0721) 123456 &middot; redaksi@{style.host.removeprefix('www.')}</p>\n"
        f"<p class=\"copyright\">&copy; 2019&ndash;2026 {_e(style.name)}. Seluruh hak cipta dilindungi.</p>\n"
        f"<p class=\"notice\">{_e(NOTICE)}</p>\n"
        "</footer>\n<script src=\"/assets/js/main.min.js?ver=3.2.1\"></script>\n</body>\n</html>\n"
    )


def _href(style: SiteStyle, url: str) -> str:
    """Sites with relative links write /path instead of https://host/path."""
    if style.relative_links and url.startswith(f"https://{style.host}/"):
        return url[len(f"https://{style.host}"):]
    return url


def _popular(style: SiteStyle, item: Item | None, pool: list[Item]) -> str:
    rows = []
    for i, other in enumerate(pool):
        url = other.url
        if i == 0:
            url += "?fbclid=IwAR0" + hashlib.md5(other.url.encode()).hexdigest()[:20]
        elif i == 1 and other.devset and amp_url(style, other.url):
            url = amp_url(style, other.url)
        elif i == 2:
            url += "?utm_source=terpopuler&utm_medium=sidebar"
        rows.append(f'<li><a href="{_e(_href(style, url))}">{_e(other.title)}</a></li>')
    return f"<aside class=\"sidebar\"><h3>Terpopuler</h3><ol>{''.join(rows)}</ol></aside>\n"


# -- article pages ----------------------------------------------------------------------------------


def has_published_meta(url: str) -> bool:
    """About four pages in five carry article:published_time; the rest only a dateline."""
    return _h(url) % 5 != 0


def render_article(style: SiteStyle, item: Item, pool: list[Item], sisters: list[Item], amp: bool = False) -> bytes:
    url = item.url
    page_title = f"{item.title} - {style.name}" if style.host != "www.kabarjawa.example.id" else f"{item.title} | {style.name}"
    meta = [f'<meta name="description" content="{_e(_excerpt(item, 150))}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{_e(item.title)}">',
            f'<meta property="og:url" content="{_e(url)}">',
            f'<meta property="og:site_name" content="{_e(style.name)}">',
            f'<meta name="keywords" content="{_e(", ".join(item.tags))}">']
    amp_link = amp_url(style, url)
    if amp_link and not amp:
        meta.append(f'<link rel="amphtml" href="{_e(amp_link)}">')
    dated = has_published_meta(url)
    if dated:
        meta.append(f'<meta property="article:published_time" content="{iso(item.published)}">')
        meta.append(f'<meta property="article:section" content="{_e(item.kanal)}">')
        if style.jsonld and not amp:
            ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": item.title,
                  "datePublished": iso(item.published), "dateModified": iso(item.published),
                  "mainEntityOfPage": {"@type": "WebPage", "@id": url},
                  "author": {"@type": "Person", "name": item.author},
                  "publisher": {"@type": "Organization", "name": style.name}}
            meta.append(f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
    head = _head(style, page_title, url, "\n".join(meta) + "\n")
    if amp:
        head = head.replace('<html lang="id">', '<html amp lang="id">', 1)

    body = [f"<p>{_e(p)}</p>" for p in item.paragraphs]
    related = item.related
    if related is not None:
        rel_href = _e(_href(style, related.url + "?utm_source=internal&utm_medium=bacajuga"))
        if _h(style.host) % 2:
            block = f'<div class="baca-juga"><strong>Baca Juga:</strong> <a href="{rel_href}">{_e(related.title)}</a></div>'
        else:
            block = f'<p class="baca-juga"><strong>Baca Juga: </strong><a href="{rel_href}">{_e(related.title)}</a></p>'
        body.insert(max(1, len(body) // 2), block)
    if len(body) > 3:
        body.insert(2, '<div class="ads ads-inarticle" data-ad-slot="4417"><span>ADVERTISEMENT</span></div>')
    if style.host == "www.kabarjawa.example.id":
        body.insert(1, '<p class="scroll-text">SCROLL TO CONTINUE WITH CONTENT</p>')

    rng = random.Random(f"comments:{url}")
    pool_c = COMMENTS_SPBE if item.devset else COMMENTS_OTHER
    comments = []
    for j, text in enumerate(rng.sample(pool_c, 2)):
        when = item.published + dt.timedelta(hours=3 + 7 * j, minutes=rng.randrange(60))
        comments.append(
            f'<li class="comment" id="comment-{_h(url + str(j)) % 90000 + 10000}"><div class="comment-author">{_e(rng.choice(COMMENTERS))}</div>'
            f'<div class="comment-date">{when.day} {BULAN[when.month - 1]} {when.year} pukul {when:%H.%M}</div>'
            f'<div class="comment-body"><p>{_e(text)}</p></div><a class="reply" href="#respond">Balas</a></li>'
        )
    share_u = quote(url, safe="")
    tags = "".join(f'<li><a href="/tag/{slugify(t)}/" rel="tag">{_e(t)}</a></li>' for t in item.tags)
    time_html = (f'<time class="entry-date" datetime="{iso(item.published)}">{dateline(item.published, style.tz)}</time>'
                 if dated else f'<span class="entry-date">{dateline(item.published, style.tz)}</span>')
    crumbs = f'<div class="breadcrumb"><a href="/">Beranda</a> &raquo; <a href="/kanal/{slugify(item.kanal)}/">{_e(item.kanal)}</a></div>'
    article = (
        f"<main class=\"container\">\n{crumbs}\n<article class=\"post\">\n"
        f"<h1 class=\"entry-title\">{_e(item.title)}</h1>\n"
        f"<div class=\"entry-meta\"><span class=\"author\">Penulis: {_e(item.author)}</span> | "
        f"<span class=\"editor\">Editor: {_e(item.editor)}</span> | {time_html}</div>\n"
        f"<figure class=\"featured\"><img src=\"/uploads/{item.published:%Y/%m}/{slugify(item.title, 40)}.jpg\" alt=\"{_e(item.title)}\">"
        f"<figcaption>Ilustrasi. (Foto: Dok. {_e(style.name)})</figcaption></figure>\n"
        f"<div class=\"entry-content\">\n" + "\n".join(body) + "\n</div>\n"
        f"<div class=\"post-tags\"><span>Tag:</span><ul>{tags}</ul></div>\n"
        "<div class=\"share-buttons\"><span>Bagikan:</span>"
        f"<a class=\"share-fb\" href=\"https://www.facebook.com/sharer/sharer.php?u={share_u}\">Facebook</a>"
        f"<a class=\"share-x\" href=\"https://twitter.com/intent/tweet?url={share_u}&amp;text={quote(item.title)}\">X</a>"
        f"<a class=\"share-wa\" href=\"https://api.whatsapp.com/send?text={quote(item.title)}%20{share_u}\">WhatsApp</a>"
        f"<a class=\"share-tg\" href=\"https://t.me/share/url?url={share_u}\">Telegram</a>"
        "<button class=\"copy-link\">Salin Tautan</button></div>\n"
        "</article>\n"
        f"<section class=\"comments\" id=\"comments\"><h3>{len(comments)} Komentar</h3><ol class=\"comment-list\">"
        + "".join(comments) + "</ol>\n<div id=\"respond\"><h4>Tinggalkan Balasan</h4><form action=\"/wp-comments-post.php\" method=\"post\">"
        "<textarea name=\"comment\"></textarea><button>Kirim Komentar</button></form></div></section>\n"
        + _popular(style, item, pool) + "</main>\n"
    )
    return _encode(head + _header(style) + article + _footer(style, sisters), style.charset)


# -- listings ---------------------------------------------------------------------------------------


def listing_page_path(base: str, page: int) -> str:
    return base if page == 1 else f"{base.rstrip('/')}/page/{page}/"


def _listing_link(style: SiteStyle, item: Item, index: int) -> str:
    url = item.url
    if style.listing_slash_variant and index % 3 == 1 and not url.endswith("/"):
        url += "/"
    if style.listing_utm and index % 4 == 2:
        url += "?utm_source=tag&utm_medium=listing"
    return _href(style, url)


def render_listing(style: SiteStyle, base: str, heading: str, items: list[Item], page: int, pages: int,
                   popular: list[Item], sisters: list[Item]) -> bytes:
    page_url = style.url(listing_page_path(base, page))
    extra = ""
    if style.rel_next:
        if page > 1:
            extra += f'<link rel="prev" href="{style.url(listing_page_path(base, page - 1))}">\n'
        if page < pages:
            extra += f'<link rel="next" href="{style.url(listing_page_path(base, page + 1))}">\n'
    title = f"{heading} - Halaman {page} | {style.name}" if page > 1 else f"{heading} | {style.name}"
    cards = []
    for i, item in enumerate(items):
        href = _e(_listing_link(style, item, i))
        count = f' <a class="comment-count" href="{_e(_href(style, item.url))}#comments">2 Komentar</a>' if style.host == "www.timurnews.example.id" else ""
        cards.append(
            f"<article class=\"post-item\"><a class=\"thumb\" href=\"{href}\"><img src=\"/uploads/thumb/{slugify(item.title, 30)}.jpg\" alt=\"\"></a>"
            f"<div class=\"post-body\"><span class=\"kanal\">{_e(item.kanal)}</span>"
            f"<h2 class=\"post-title\"><a href=\"{href}\">{_e(item.title)}</a></h2>"
            f"<time datetime=\"{iso(item.published)}\">{dateline(item.published, style.tz)}</time>{count}"
            f"<p class=\"excerpt\">{_e(_excerpt(item))}</p>"
            f"<a class=\"more\" href=\"{href}\">Baca selengkapnya</a></div></article>"
        )
    nav = []
    if page > 1:
        rel = ' rel="prev"' if style.rel_next else ""
        nav.append(f'<a class="prev page-numbers"{rel} href="{listing_page_path(base, page - 1)}">&laquo; Sebelumnya</a>')
    for n in range(1, pages + 1):
        nav.append(f'<span class="page-numbers current">{n}</span>' if n == page
                   else f'<a class="page-numbers" href="{listing_page_path(base, n)}">{n}</a>')
    if page < pages:
        if style.rel_next:
            nav.append(f'<a class="next page-numbers" rel="next" href="{listing_page_path(base, page + 1)}">Berikutnya &raquo;</a>')
        else:
            nav.append(f'<a class="page-link" href="{listing_page_path(base, page + 1)}">Selanjutnya &rsaquo;</a>')
    main = (
        f"<main class=\"container\">\n<h1 class=\"archive-title\">{_e(heading)}</h1>\n"
        f"<div class=\"post-list\">\n" + "\n".join(cards) + "\n</div>\n"
        f"<nav class=\"pagination\">{' '.join(nav)}</nav>\n" + _popular(style, None, popular) + "</main>\n"
    )
    return _encode(_head(style, title, page_url, extra) + _header(style) + main + _footer(style, sisters), style.charset)


# -- feeds and sitemaps --------------------------------------------------------------------------------


def _xml(text: str) -> str:
    return html.escape(text, quote=False)


def _feed_link(style: SiteStyle, item: Item, index: int) -> str:
    url = item.url
    if style.feed_tracking:
        url += f"?utm_source=rss&utm_medium=rss&utm_campaign={urlsplit(item.url).path.strip('/').split('/')[-1]}"
    if style.feed_amp_links and index % 5 == 3:
        url += "?amp=1"
    return url


def render_rss(style: SiteStyle, items: list[Item]) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
           "<channel>", f"<title>{_xml(style.name)}</title>", f"<link>{style.home}</link>",
           f"<description>{_xml(style.tagline)}</description>", "<language>id</language>",
           f"<lastBuildDate>{rfc822(items[0].published)}</lastBuildDate>",
           f'<atom:link href="{style.url(style.feed_path)}" rel="self" type="application/rss+xml"/>']
    cdata = style.host == "www.borneotimes.example.id"
    for i, item in enumerate(items):
        summary = f"<p>{_xml(_excerpt(item, 240))}</p>"
        description = f"<![CDATA[{summary}]]>" if cdata else _xml(summary)
        cats = "".join(f"<category>{_xml(t)}</category>" for t in item.tags[:2])
        out.append(
            f"<item><title>{_xml(item.title)}</title><link>{_xml(_feed_link(style, item, i))}</link>"
            f'<guid isPermaLink="false">{style.home}?p={item.key}</guid><pubDate>{rfc822(item.published)}</pubDate>'
            f"<dc:creator>{_xml(item.author)}</dc:creator>{cats}<description>{description}</description></item>"
        )
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out).encode("utf-8")


def render_atom(style: SiteStyle, items: list[Item]) -> bytes:
    enc = "windows-1252" if style.charset == "windows-1252" else "utf-8"
    out = [f'<?xml version="1.0" encoding="{enc}"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">',
           f"<title>{_xml(style.name)}</title>", f"<subtitle>{_xml(style.tagline)}</subtitle>",
           f'<link rel="alternate" type="text/html" href="{style.home}"/>',
           f'<link rel="self" type="application/atom+xml" href="{style.url(style.feed_path)}"/>',
           f"<id>tag:{style.host},2019:feed</id>", f"<updated>{iso(items[0].published)}</updated>"]
    for i, item in enumerate(items):
        out.append(
            f'<entry><title type="html">{_xml(item.title)}</title>'
            f'<link rel="alternate" type="text/html" href="{_xml(_feed_link(style, item, i))}"/>'
            f"<id>tag:{style.host},{item.published:%Y-%m-%d}:{urlsplit(item.url).path}</id>"
            f"<published>{iso(item.published)}</published><updated>{iso(item.published)}</updated>"
            f"<author><name>{_xml(item.author)}</name></author>"
            + "".join(f'<category term="{_e(t)}"/>' for t in item.tags[:2])
            + f'<summary type="html">{_xml("<p>" + _xml(_excerpt(item, 240)) + "</p>")}</summary></entry>'
        )
    out += ["</feed>", ""]
    return _encode("\n".join(out), enc)


SM_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"


def render_sitemap_index(children: list[tuple[str, dt.datetime]]) -> bytes:
    rows = "".join(f"<sitemap><loc>{_xml(u)}</loc><lastmod>{iso(m)}</lastmod></sitemap>\n" for u, m in children)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SM_NS}">\n{rows}</sitemapindex>\n').encode()


def render_posts_sitemap(style: SiteStyle, items: list[Item]) -> bytes:
    rows = []
    for item in items:
        image = (f"<image:image><image:loc>{style.url('/uploads/' + item.published.strftime('%Y/%m/') + slugify(item.title, 40) + '.jpg')}"
                 "</image:loc></image:image>")
        rows.append(f"<url><loc>{_xml(item.url)}</loc><lastmod>{iso(item.published)}</lastmod>{image}</url>\n")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SM_NS}" xmlns:image="{IMAGE_NS}">\n'
            + "".join(rows) + "</urlset>\n").encode()


def render_news_sitemap(style: SiteStyle, items: list[Item]) -> bytes:
    rows = []
    for item in items:
        rows.append(
            f"<url><loc>{_xml(item.url)}</loc><news:news><news:publication><news:name>{_xml(style.name)}</news:name>"
            "<news:language>id</news:language></news:publication>"
            f"<news:publication_date>{iso(item.published)}</news:publication_date>"
            f"<news:title>{_xml(item.title)}</news:title><news:keywords>{_xml(', '.join(item.tags))}</news:keywords>"
            "</news:news></url>\n"
        )
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SM_NS}" xmlns:news="{NEWS_NS}">\n'
            + "".join(rows) + "</urlset>\n").encode()


# -- assembling a site -----------------------------------------------------------------------------


def _paginate(items: list[Item]) -> list[list[Item]]:
    return [items[i:i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]


def build_site(style: SiteStyle, rows: list[dict], seed: int = SEED,
               sister_items: list[Item] | None = None) -> tuple[dict[str, bytes], list[Item]]:
    """Every file of one site, keyed by live URL, and the site's items (newest first)."""
    devset = _devset_items(style, rows, seed)
    # Fillers cover the same years as the site's dev-set articles (and a little after), so the feeds'
    # latest 20 items mix both.
    first = min((i.published.date() for i in devset), default=FILLER_START)
    last = max((i.published.date() for i in devset), default=FILLER_END)
    fillers = _fillers(style, FILLER_PER_ARTICLE * len(devset), seed, {i.url for i in devset},
                       max(FILLER_START, first - dt.timedelta(days=60)), min(FILLER_END, last + dt.timedelta(days=14)))
    items = sorted(devset + fillers, key=lambda it: (it.published, it.url), reverse=True)
    for n, item in enumerate(sorted(items, key=lambda it: (it.published, it.url)), start=1):
        item.key = 1000 + 7 * n
    rng = random.Random(f"{seed}:{style.host}:related")
    for item in items:
        others = [o for o in items if o is not item]
        if item.devset and rng.random() < 0.5:
            others = [o for o in others if o.devset] or others
        item.related = rng.choice(others) if others else None
    return _render_site(style, items, seed, sister_items or []), items


def _render_site(style: SiteStyle, items: list[Item], seed: int, sister_items: list[Item]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    rng = random.Random(f"{seed}:{style.host}:popular")
    fillers = [i for i in items if not i.devset]
    spbe_items = [i for i in items if "SPBE" in i.tags]

    def popular() -> list[Item]:
        picks = rng.sample(fillers, min(4, len(fillers)))
        if spbe_items:
            picks.insert(1, rng.choice(spbe_items))
        return picks

    for item in items:
        files[item.url] = render_article(style, item, popular(), sister_items)
        amp = amp_url(style, item.url)
        if amp:
            files[amp] = render_article(style, item, popular(), sister_items, amp=True)

    files[style.home] = render_listing(style, "/", style.tagline, items[:12], 1, 1, popular(), sister_items)
    for base in style.listings:
        if base.startswith("/tag/"):
            tag = base.strip("/").split("/")[-1]
            members = [i for i in items if any(slugify(t) == tag for t in i.tags)]
            heading = f"Tag: {tag.upper()}"
        else:
            kanal = base.strip("/").split("/")[-1]
            members = [i for i in items if slugify(i.kanal) == kanal]
            heading = f"Kanal: {kanal.title()}"
        pages = _paginate(members)
        for n, chunk in enumerate(pages, start=1):
            files[style.url(listing_page_path(base, n))] = render_listing(
                style, base, heading, chunk, n, len(pages), popular(), sister_items)

    latest = items[:FEED_ITEMS]
    files[style.url(style.feed_path)] = render_rss(style, latest) if style.feed_kind == "rss" else render_atom(style, latest)

    children: list[tuple[str, dt.datetime]] = []
    if "{year}" in style.posts_sitemap:
        for year in sorted({i.published.year for i in items}, reverse=True):
            group = [i for i in items if i.published.year == year]
            url = style.url(style.posts_sitemap.format(year=year))
            files[url] = render_posts_sitemap(style, group)
            children.append((url, group[0].published))
    else:
        url = style.url(style.posts_sitemap)
        files[url] = render_posts_sitemap(style, items)
        children.append((url, items[0].published))
    news_url = style.url(style.news_sitemap)
    files[news_url] = render_news_sitemap(style, items[:NEWS_SITEMAP_ITEMS])
    children.append((news_url, items[0].published))
    files[style.url(style.sitemap_index)] = render_sitemap_index(children)
    return files


def local_path(out_dir: Path, live_url: str) -> Path:
    """out/HOST/PATH, with index.html for directory-like paths (what the mirror server answers).

    Like mirror.documents.local_path, but the suffix test looks at the URL path only: for the
    home page https://HOST/ that one sees the host's ".id" as a file suffix.
    """
    parts = urlsplit(live_url)
    path = parts.path or "/"
    target = Path(out_dir) / parts.netloc / path.lstrip("/")
    return target if (not path.endswith("/") and Path(path).suffix) else target / "index.html"


def write_news_sites(out_dir: Path, devset_dir: Path = DEFAULT_DEVSET, seed: int = SEED) -> list[dict]:
    """Render every site of the dev set's manifest into out_dir/HOST/PATH; one summary dict per site."""
    out_dir = Path(out_dir)
    if not (Path(devset_dir) / "manifest.csv").is_file():
        return []  # no dev set (e.g. an installed package): no news sites
    rows = load_devset(devset_dir)
    by_host: dict[str, list[dict]] = {}
    for row in rows:
        by_host.setdefault(row["site"], []).append(row)
    # Sister-site links in every footer: the latest dev-set article of each other site.
    latest_devset = {}
    for host, host_rows in by_host.items():
        newest = max(host_rows, key=lambda r: (r["published"], r["url"]))
        latest_devset[host] = Item(url=newest["url"], title=newest["title"].strip(), paragraphs=[],
                                   published=dt.datetime.fromisoformat(newest["published"] + "T00:00:00+07:00"),
                                   devset=True, kanal="", tags=[], author="", editor="", key=0)
    summaries = []
    styles = [s for s in STYLES if s.host in by_host] + [style_for(h) for h in sorted(set(by_host) - set(STYLE_BY_HOST))]
    for style in styles:
        sisters = [latest_devset[h] for h in sorted(latest_devset) if h != style.host]
        files, items = build_site(style, by_host[style.host], seed, sisters)
        latest_stamp = items[0].published.timestamp()
        stamps = {i.url: i.published.timestamp() for i in items}
        for i in items:
            if amp_url(style, i.url):
                stamps[amp_url(style, i.url)] = i.published.timestamp()
        for url, content in sorted(files.items()):
            path = local_path(out_dir, url)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            stamp = stamps.get(url, latest_stamp)
            os.utime(path, (stamp, stamp))
        devset_items = [i for i in items if i.devset]
        summaries.append({
            "host": style.host,
            "name": style.name,
            "home": style.home,
            "feed": style.url(style.feed_path),
            "feed_kind": style.feed_kind,
            "sitemap_index": style.url(style.sitemap_index),
            "listings": [style.url(b) for b in style.listings],
            "charset": style.charset,
            "articles": len(devset_items),
            "filler": len(items) - len(devset_items),
            "dateline_only": sum(1 for i in items if not has_published_meta(i.url)),
            "files": len(files),
            "devset_urls": sorted(i.url for i in devset_items),
        })
    return summaries
