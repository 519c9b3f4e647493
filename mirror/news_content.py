"""What the fictional news sites publish: the dev-set articles about SPBE and seeded filler articles
on other local topics (including the LPG filling station also called SPBE), as Items."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from mirror.news_style import (
    BULAN,
    FILLER_END,
    FILLER_START,
    HARI,
    Item,
    SiteStyle,
    article_path,
    id_decimal,
    id_thousands,
    slugify,
)

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
        "km": id_decimal(rng.uniform(1.5, 12), 1), "miliar": id_decimal(rng.uniform(1, 25), 1), "minutes": rng.randrange(30, 120),
        "n": rng.randrange(12, 160), "pct": id_decimal(rng.uniform(12, 28), 1), "pct2": rng.randrange(10, 14),
        "g1": rng.randrange(2, 5), "g2": rng.randrange(0, 2), "tickets": id_thousands(rng.randrange(1500, 9000)),
        "gold": rng.randrange(8, 40), "silver": rng.randrange(8, 40), "bronze": rng.randrange(8, 40),
        "grade": rng.choice(["B", "BB"]), "sakip": id_decimal(rng.uniform(62, 79)), "delta": id_decimal(rng.uniform(0.2, 3)),
        "dpt": id_thousands(rng.randrange(150_000, 2_500_000)), "tps": id_thousands(rng.randrange(400, 6000)),
        "ipm": id_decimal(rng.uniform(66, 82)), "ipp": id_decimal(rng.uniform(3.1, 4.6)), "ippgrade": rng.choice(["A-", "B", "B+", "A"]),
        "ikm": id_decimal(rng.uniform(78, 92), 1), "infl": id_decimal(rng.uniform(1.5, 4.5)), "ihk": id_decimal(rng.uniform(104, 118)),
        "rb": id_decimal(rng.uniform(55, 80)), "meters": rng.randrange(200, 900), "hours": rng.randrange(2, 6),
        "zonasi": rng.choice([50, 55, 60]), "market": rng.choice(MARKETS), "harga": id_thousands(rng.randrange(25, 60) * 1000),
        "harga2": id_thousands(rng.randrange(70, 110) * 1000), "houses": rng.randrange(60, 900), "cm": rng.randrange(40, 150),
        "mbps": rng.choice([10, 20, 50]), "festival": rng.choice(FESTIVALS),
        "visitors": id_thousands(rng.randrange(5, 60) * 1000), "tabung": id_thousands(rng.randrange(8, 30) * 1000),
        "het": rng.choice(["16.000", "18.000", "19.000"]),
    }


def _random_time(rng: random.Random, day: dt.date, tz: dt.timezone) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randrange(6, 22), rng.randrange(0, 60)), tz)


def filler_items(style: SiteStyle, count: int, seed: int, taken: set[str],
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
        url = style.url(article_path(style, day, slugify(title), ident))
        if url in taken:
            continue
        taken.add(url)
        items.append(Item(
            url=url, title=title, paragraphs=[p.format(**values) for p in paras_t],
            published=_random_time(rng, day, style.offset), devset=False, kanal=kanal,
            tags=[*tags, name], author=_name(rng), editor=_name(rng), key=0,
        ))
    return items


def items_from_devset(style: SiteStyle, rows: list[dict], seed: int) -> list[Item]:
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
