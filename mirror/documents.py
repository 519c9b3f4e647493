"""Render what the publishers serve, per evaluation year, into a mirror tree out_dir/HOST/PATH.

The portal's two-host layout: a decree year (2020-2024) is a document in the JDIH portal's catalogue
(`write_portal`; the Livewire search, paging and document pages are served by mirror/portal.py,
the attachment named only in the page's snapshot) and its attachment on the portal's data host
(data-jdih.menpan.go.id/dokumen/<file>.pdf), the lampiran PDF
(reportlab: a
title block, a ruled `No. | Nama Instansi | Indeks | Predikat` table with the header repeated on
every page, long names wrapping inside a narrow name column, decimal commas, "Halaman N dari M"
footers and a signature block). 2018 and 2019 publish the table as HTML on the index page. 2025
was released in an application: the mirror writes the file a body would have downloaded into the
manual-drop folder (_manual_drop/official/2025/), next to an announcement page without a link.
Every page and every PDF page says the data are synthetic.

The same seed gives byte-identical files (reportlab's invariant mode: no timestamps, fixed ids).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from mirror.news_sites import write_news_sites
from mirror.official_values import SEED, YEARS, OfficialValue, official_results, overrides_used
from mirror.portal import CATALOGUE, PORTAL_HOST, build_catalogue
from mirror.registry import mirror_registry
from mirror.scanned import SCANNED_YEARS, scan_pdf
from spbe.domain.methods import Method, method_for_year
from spbe.infra.releases import release_of
from spbe.sources.official.section import OfficialSource, official_source

SYNTHETIC = "DATA SINTETIS untuk pengujian - bukan hasil resmi KemenPAN-RB"
HEADER = ["No.", "Nama Instansi", "Indeks", "Predikat"]
MINISTRY = "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"
MINISTER = "MENTERI PENDAYAGUNAAN APARATUR NEGARA DAN REFORMASI BIROKRASI REPUBLIK INDONESIA"
ROBOTS_TXT = "User-agent: *\nDisallow: /private/\n"
# Bumped when the tree's layout changes, so `python -m mirror demo` regenerates an older mirror.
LAYOUT_VERSION = 3  # 2: the portal's two hosts and the manual drop; 3: the Livewire portal
MANUAL_DROP_DIRNAME = "_manual_drop"  # not a host: SPBE_MANUAL_DROP_DIR points here in the demo
_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"]


# -- URLs and paths ---------------------------------------------------------------------------


def url_path(live_url: str) -> str:
    """The path a live URL has on the mirror: https://HOST/PATH -> /HOST/PATH."""
    parts = urlsplit(live_url)
    return f"/{parts.netloc}{parts.path or '/'}"


def mirror_url(live_url: str, base: str) -> str:
    """https://HOST/PATH -> {base}/HOST/PATH (the same mapping as Registry.resolve_url)."""
    parts = urlsplit(live_url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{base.rstrip('/')}{url_path(live_url)}{query}"


def local_path(out_dir: Path, live_url_or_path: str) -> Path:
    """Where a live URL (or a /HOST/PATH key) is stored: out/HOST/PATH, with index.html for
    extension-less paths (the server answers /HOST/PATH from HOST/PATH/index.html)."""
    path = url_path(live_url_or_path) if "://" in live_url_or_path else live_url_or_path
    target = Path(out_dir) / path.lstrip("/")
    # Only the part after the host can carry a file extension ("/www.example.id/" is a home page).
    after_host = path.lstrip("/").partition("/")[2]
    return target if after_host and Path(after_host).suffix else target / "index.html"


# -- formatting -------------------------------------------------------------------------------


def _comma(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _release_date(source: OfficialSource) -> dt.date:
    release = release_of(source.evaluation_year)
    return source.signed or (release.published if release else dt.date(source.evaluation_year + 1, 1, 1))


def _tanggal(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _decree_parts(source: OfficialSource) -> tuple[str, str] | None:
    if not source.decree:
        return None
    number, year = source.decree.split("/")
    return number, year


def _method(source: OfficialSource) -> Method:
    return method_for_year(source.evaluation_year)


def _is_pemdi(source: OfficialSource) -> bool:
    return _method(source).index_code != "SPBE"


def header(source: OfficialSource) -> list[str]:
    """The table's header: an SPBE decree heads its values "Indeks"; a PemDI one names its index
    ("Indeks Pemerintah Digital"), as the parser must be able to read by meaning."""
    return HEADER if not _is_pemdi(source) else ["No.", "Nama Instansi", _method(source).index_names[0], "Predikat"]


def _subject(source: OfficialSource, upper: bool = True) -> str:
    if _is_pemdi(source):
        text = f"Hasil Evaluasi Kinerja Pemerintah Digital pada Instansi Pusat dan Pemerintah Daerah Tahun {source.evaluation_year}"
        return text.upper() if upper else text
    kind = "Hasil Pemantauan dan Evaluasi" if source.evaluation_year == 2022 else "Hasil Evaluasi"
    text = (
        f"{kind} Sistem Pemerintahan Berbasis Elektronik pada Kementerian, Lembaga, dan Pemerintah Daerah "
        f"Tahun {source.evaluation_year}"
    )
    return text.upper() if upper else text


def title_lines(source: OfficialSource) -> list[str]:
    """The lampiran's title block, line by line."""
    decree = _decree_parts(source)
    if decree:
        return ["LAMPIRAN", f"KEPUTUSAN {MINISTER}", f"NOMOR {decree[0]} TAHUN {decree[1]}", "TENTANG", _subject(source)]
    if _is_pemdi(source):
        return ["LAMPIRAN", _subject(source)]
    if source.format in ("pdf", "manual"):
        return [
            "LAMPIRAN",
            f"HASIL PEMANTAUAN SPBE {source.evaluation_year}",
            "PEMANTAUAN SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK PADA KEMENTERIAN, LEMBAGA, DAN PEMERINTAH DAERAH",
        ]
    return [f"HASIL EVALUASI SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK TAHUN {source.evaluation_year}"]


def attachment_url(source: OfficialSource) -> str:
    """Where the mirror's portal keeps a decree's lampiran: the data host's /dokumen/<file>.pdf,
    named like the files seen there (e.g. 2025keppres042.pdf)."""
    number, year = _decree_parts(source)
    return f"https://{source.attachment_host}/dokumen/{year}kepmenpanrb{int(number):03d}.pdf"


def manual_drop_key(source: OfficialSource) -> str:
    """The mirror-tree key of the file a user would place in the manual-drop folder."""
    return f"/{MANUAL_DROP_DIRNAME}/{source.manual_drop}/hasil-pemantauan-spbe-{source.evaluation_year}.pdf"


def document_title(source: OfficialSource) -> str:
    return " ".join(title_lines(source))


def _page_title(source: OfficialSource) -> str:
    decree = _decree_parts(source)
    if decree:
        return f"Keputusan Menteri PANRB Nomor {decree[0]} Tahun {decree[1]}"
    if _is_pemdi(source):
        return f"Hasil Evaluasi Pemerintah Digital {source.evaluation_year}"
    if source.format in ("pdf", "manual"):
        return f"Hasil Pemantauan SPBE {source.evaluation_year}"
    return f"Hasil Evaluasi SPBE {source.evaluation_year}"


# -- PDF --------------------------------------------------------------------------------------

_NAME_COL = 6.6 * cm  # narrow on purpose: long names wrap over two lines, as in the real lampiran
_COLS = [1.3 * cm, _NAME_COL, 2.1 * cm, 2.9 * cm]
# A PemDI decree's value column is headed "Indeks Pemerintah Digital": wide enough that no word of it
# is broken across lines; the name column gives up the difference (the table stays 12.9 cm).
_PEMDI_COLS = [1.3 * cm, _NAME_COL - 0.8 * cm, 2.9 * cm, 2.9 * cm]
_CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=9.5, leading=11.5)
_HEAD = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=10, leading=13, alignment=TA_CENTER)
_TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=10.5, leading=13.5, alignment=TA_CENTER)
_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12)
_NOTE = ParagraphStyle("note", fontName="Helvetica-Oblique", fontSize=8.5, leading=10.5, textColor=colors.red,
                       alignment=TA_CENTER)


def _numbered_canvas(running_title: str):
    """A canvas that writes "Halaman N dari M" once it knows M (two passes over the saved pages)."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.saveState()
                self.setFont("Helvetica", 8)
                self.setFillColor(colors.black)
                self.drawString(2 * cm, 1.2 * cm, running_title)
                self.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Halaman {self._pageNumber} dari {total}")
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


def _label_page(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica-Bold", 8)
    canvas.setFillColor(colors.red)
    canvas.drawCentredString(A4[0] / 2, A4[1] - 1.2 * cm, SYNTHETIC)
    canvas.setStrokeColor(colors.grey)
    canvas.line(2 * cm, A4[1] - 1.45 * cm, A4[0] - 2 * cm, A4[1] - 1.45 * cm)
    canvas.line(2 * cm, 1.55 * cm, A4[0] - 2 * cm, 1.55 * cm)
    canvas.restoreState()


def render_lampiran_pdf(source: OfficialSource, rows: list[OfficialValue] | tuple[OfficialValue, ...]) -> bytes:
    """The decree lampiran as a PDF: deterministic bytes for the same rows."""
    buf = io.BytesIO()
    decree = _decree_parts(source)
    running = (
        f"Lampiran Keputusan Menteri PANRB Nomor {decree[0]} Tahun {decree[1]}"
        if decree
        else f"Hasil Pemantauan SPBE {source.evaluation_year}"
    )
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        invariant=1,
        leftMargin=3.05 * cm,  # the table is 12.9 cm wide: centred on the page
        rightMargin=3.05 * cm,
        topMargin=2.0 * cm,
        bottomMargin=2.2 * cm,
        title=document_title(source),
        author="Kementerian PANRB (DATA SINTETIS)",
        subject=SYNTHETIC,
        creator="mirror",
    )
    data = [[Paragraph(h, _HEAD) for h in header(source)]] + [
        [f"{n}.", Paragraph(html.escape(r.instansi.official_name()), _CELL), _comma(r.value), r.predikat]
        for n, r in enumerate(rows, start=1)
    ]
    table = Table(data, colWidths=_PEMDI_COLS if _is_pemdi(source) else _COLS, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#d9d9d9")),
                ("FONTNAME", (0, 1), (-1, -1), "Helvetica"),
                ("FONTSIZE", (0, 1), (-1, -1), 9.5),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("ALIGN", (2, 1), (2, -1), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    signed = _release_date(source)
    signature = Table(
        [["", Paragraph(
            f"Ditetapkan di Jakarta<br/>pada tanggal {_tanggal(signed)}<br/><br/>{MINISTER},<br/><br/><br/>ttd."
            "<br/><br/>(nama pejabat tidak dicantumkan - DATA SINTETIS)", _BODY)]],
        colWidths=[5.4 * cm, 7.5 * cm],
    )
    story = [Paragraph("<br/>".join(html.escape(line) for line in title_lines(source)), _TITLE), Spacer(1, 4),
             Paragraph(SYNTHETIC, _NOTE), Spacer(1, 10), table, Spacer(1, 24), KeepTogether([signature])]
    doc.build(story, onFirstPage=_label_page, onLaterPages=_label_page, canvasmaker=_numbered_canvas(running))
    return buf.getvalue()


# -- HTML -------------------------------------------------------------------------------------

_CSS = """body{font-family:Arial,Helvetica,sans-serif;margin:0;color:#222}
.synthetic{background:#fde8e8;color:#b00020;font-weight:bold;text-align:center;padding:6px}
header.site{background:#0b3d91;color:#fff;padding:10px 24px}header.site a{color:#fff;text-decoration:none}
nav.main ul{list-style:none;margin:6px 0 0;padding:0}nav.main li{display:inline;margin-right:18px}
ol.breadcrumb{list-style:none;padding:8px 24px;margin:0;background:#f1f3f6}ol.breadcrumb li{display:inline}
ol.breadcrumb li+li:before{content:" / "}main{padding:12px 24px;max-width:980px}
table.hasil{border-collapse:collapse;width:100%}table.hasil th,table.hasil td{border:1px solid #999;padding:4px 8px}
table.hasil td.num,table.hasil td.indeks{text-align:center}footer{padding:16px 24px;background:#222;color:#ccc;font-size:13px}"""


def _site(source: OfficialSource) -> dict[str, str]:
    host = urlsplit(source.index_url or source.search_url or "").netloc
    if host.startswith("jdih."):
        return {"name": "JDIH Kementerian PANRB", "section": "Dokumen Hukum", "section_href": "/dokumen-hukum",
                "tagline": "Jaringan Dokumentasi dan Informasi Hukum"}
    return {"name": "Kementerian PANRB", "section": "Berita Terkini", "section_href": "/site/berita-terkini",
            "tagline": MINISTRY}


def _page(source: OfficialSource, title: str, article: str) -> bytes:
    site = _site(source)
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{html.escape(title)} - {SYNTHETIC}">
<meta name="robots" content="index, follow">
<title>{html.escape(title)} | {site['name']}</title>
<style>{_CSS}</style>
</head>
<body>
<div class="synthetic" role="note">{SYNTHETIC}</div>
<header class="site">
  <a class="brand" href="/"><strong>{site['name']}</strong></a> <small>{html.escape(site['tagline'])}</small>
  <nav class="main" aria-label="Menu utama">
    <ul>
      <li><a href="/">Beranda</a></li>
      <li><a href="/profil">Profil</a></li>
      <li><a href="/produk-hukum">Produk Hukum</a></li>
      <li><a href="/site/berita-terkini">Berita</a></li>
      <li><a href="/ppid">PPID</a></li>
      <li><a href="/kontak">Kontak</a></li>
    </ul>
  </nav>
</header>
<nav aria-label="breadcrumb">
  <ol class="breadcrumb">
    <li><a href="/">Beranda</a></li>
    <li><a href="{site['section_href']}">{site['section']}</a></li>
    <li class="active" aria-current="page">{html.escape(title)}</li>
  </ol>
</nav>
<main>
<article>
{article}
</article>
</main>
<footer>
  <p>{MINISTRY}<br>Jl. Jend. Sudirman Kav. 69, Kebayoran Baru, Jakarta Selatan 12190</p>
  <p>{SYNTHETIC}. Halaman ini dibuat oleh generator mirror proyek spbe-warehouse.</p>
</footer>
</body>
</html>
""".encode()


def _bands_text(method: Method) -> str:
    """'Memuaskan (4,00 ke atas), Sangat Baik (3,50 sampai di bawah 4,00), ...' from the method's bands."""
    parts = []
    for band in sorted(method.bands, key=lambda b: -b.lower):
        if band.upper_inclusive and band.upper == method.scale.max:
            parts.append(f"{band.predikat} ({_comma(band.lower)} ke atas)")
        elif band.lower == method.scale.min:
            parts.append(f"{band.predikat} (di bawah {_comma(band.upper)})")
        else:
            parts.append(f"{band.predikat} ({_comma(band.lower)} sampai di bawah {_comma(band.upper)})")
    return ", ".join(parts)


def _summary(source: OfficialSource, rows) -> str:
    method = _method(source)
    if _is_pemdi(source):
        number, _, year = method.id.removeprefix("PermenPANRB ").partition("/")
        return (
            f"Kementerian PANRB telah melaksanakan evaluasi kinerja Pemerintah Digital tahun {source.evaluation_year}"
            f" terhadap {len(rows)} instansi pusat dan pemerintah daerah, berdasarkan Peraturan Menteri PANRB Nomor"
            f" {number} Tahun {year}. {method.index_names[0]} berada pada skala {_comma(method.scale.min)} sampai"
            f" {_comma(method.scale.max)} dengan predikat {_bands_text(method)}."
        )
    release = release_of(source.evaluation_year)
    average = (
        f" Rata-rata Indeks SPBE nasional tahun {source.evaluation_year} adalah {_comma(release.national_average)}."
        if release and release.national_average
        else ""
    )
    return (
        f"Kementerian PANRB telah melaksanakan {'pemantauan' if source.evaluation_year in (2022, 2025) else 'evaluasi'}"
        f" Sistem Pemerintahan Berbasis Elektronik (SPBE) tahun {source.evaluation_year} terhadap {len(rows)} instansi"
        " pusat dan pemerintah daerah, berdasarkan Peraturan Presiden Nomor 95 Tahun 2018 tentang SPBE."
        f"{average} Indeks SPBE berada pada skala 1,00 sampai 5,00 dengan predikat Memuaskan, Sangat Baik, Baik,"
        " Cukup, dan Kurang."
    )


def render_index_page(source: OfficialSource, rows) -> bytes:
    title = _page_title(source)
    published = _release_date(source)
    meta = (
        f'<p class="meta">Diterbitkan: <time datetime="{published.isoformat()}">{_tanggal(published)}</time>'
        " &middot; Biro Hukum, Komunikasi, dan Informasi Publik</p>"
    )
    if source.format == "html":
        body_rows = "\n".join(
            f'<tr><td class="num">{n}</td><td>{html.escape(r.instansi.official_name())}</td>'
            f'<td class="indeks">{_comma(r.value)}</td><td>{r.predikat}</td></tr>'
            for n, r in enumerate(rows, start=1)
        )
        head = "".join(f'<th scope="col">{h}</th>' for h in header(source))
        article = f"""<h1>{html.escape(title)}</h1>
{meta}
<p>{html.escape(_summary(source, rows))}</p>
<p>Hasil evaluasi tiap instansi disajikan pada tabel berikut (diurutkan menurut susunan kementerian, lembaga,
pemerintah provinsi, dan pemerintah kabupaten/kota).</p>
<div class="table-responsive">
<table class="hasil table table-bordered" id="tabel-hasil-evaluasi-spbe-{source.evaluation_year}">
<caption>{_method(source).index_names[0]} per instansi, evaluasi tahun {source.evaluation_year} ({SYNTHETIC})</caption>
<thead><tr>{head}</tr></thead>
<tbody>
{body_rows}
</tbody>
</table>
</div>"""
    else:  # manual: an announcement without a file (a decree year's page is the portal's, mirror/portal.py)
        article = f"""<h1>{html.escape(title)}</h1>
{meta}
<p>{html.escape(_summary(source, rows))}</p>
<p>Hasil Pemantauan SPBE {source.evaluation_year} disampaikan kepada setiap instansi melalui aplikasi pemantauan
dan dapat diunduh oleh instansi yang bersangkutan. Tidak ada lampiran yang diterbitkan di halaman ini.</p>"""
    return _page(source, title, article)


# -- the mirror -------------------------------------------------------------------------------


def write_portal(out_dir: Path, registry, years, seed: int) -> dict:
    """The portal's catalogue (mirror/portal.py serves it): each decree year's decree and its decoys."""
    decrees = []
    for year in years:
        source = official_source(registry, year)
        if source is None or source.format != "pdf" or not source.decree or not official_results(year, seed):
            continue
        number, decree_year = _decree_parts(source)
        decrees.append({"number": int(number), "year": int(decree_year), "subject": _subject(source, upper=False),
                        "enacted": _release_date(source).isoformat(),
                        "lampiran": attachment_url(source).rsplit("/", 1)[1]})
    documents = build_catalogue(decrees, seed)
    path = out_dir / PORTAL_HOST / CATALOGUE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"synthetic": True, "documents": documents}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {"documents": len(documents), "decrees": [f"{d['number']}/{d['year']}" for d in decrees]}



def render_year(year: int, seed: int = SEED) -> dict[str, bytes]:
    """Every document the publisher serves for an evaluation year, keyed by mirror path /HOST/PATH."""
    source = official_source(mirror_registry(), year)
    rows = official_results(year, seed)
    if source is None or not rows:
        return {}
    # A decree's document page is the portal's (mirror/portal.py), rendered when asked for.
    files = {} if source.format == "pdf" else {url_path(source.index_url): render_index_page(source, rows)}
    if source.format == "pdf":
        lampiran = render_lampiran_pdf(source, rows)
        if year in SCANNED_YEARS:  # served as a scan with no text layer, as the real portal's are
            lampiran = scan_pdf(lampiran, SCANNED_YEARS[year], seed=seed + year, title=document_title(source))
        files[url_path(attachment_url(source))] = lampiran
    elif source.format == "manual":
        files[manual_drop_key(source)] = render_lampiran_pdf(source, rows)
    return files


def _pdf_pages(content: bytes) -> int:
    return content.count(b"/Type /Page\n") or content.count(b"/Type /Page ")


def write_mirror(out_dir: Path, years=YEARS, seed: int = SEED, with_news: bool = True) -> Path:
    """Write the years' documents under out_dir/HOST/PATH, plus robots.txt and MANIFEST.json.

    Deterministic for a seed: byte-identical files. Files get the release date as mtime, so the
    server's Last-Modified looks like the publisher's.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    registry = mirror_registry()
    manifest: dict = {
        "generator": "mirror",
        "layout": LAYOUT_VERSION,
        "synthetic": True,
        "notice": SYNTHETIC,
        "seed": seed,
        # Lampiran served as image-only scans (read by OCR), with their resolution.
        "scanned_years": {str(y): SCANNED_YEARS[y].dpi for y in years if y in SCANNED_YEARS},
        "years": {},
    }
    for year in years:
        source = official_source(registry, year)
        files = render_year(year, seed)
        if source is None or not files:
            continue
        rows = official_results(year, seed)
        stamp = dt.datetime.combine(_release_date(source), dt.time(9, 0), dt.UTC).timestamp()
        entry: dict = {
            "format": source.format,
            "rows": len(rows),
            "national_average": round(sum(r.value for r in rows) / len(rows), 2),
            "overrides": [
                {"instansi_id": o.instansi_id, "value": o.value, "source": o.source} for o in overrides_used(year, seed)
            ],
            "urls": {},
        }
        live = {url_path(source.index_url): source.index_url} if source.index_url else {}
        if source.format == "pdf":
            live[url_path(attachment_url(source))] = attachment_url(source)
        for key, content in files.items():
            path = local_path(out_dir, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            os.utime(path, (stamp, stamp))
            info = {
                "path": path.relative_to(out_dir).as_posix(),
                "bytes": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
            }
            if key.endswith(".pdf"):
                info["pages"] = _pdf_pages(content)
            entry["urls"][live.get(key, key)] = info
        manifest["years"][str(year)] = entry
    manifest["portal"] = write_portal(out_dir, registry, years, seed)
    if with_news:
        manifest["news_sites"] = write_news_sites(out_dir)
    (out_dir / "robots.txt").write_text(ROBOTS_TXT, encoding="utf-8")
    (out_dir / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    return out_dir
