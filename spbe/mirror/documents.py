"""Render what the publishers serve, per evaluation year, into a mirror tree out_dir/HOST/PATH.

PDF years get an index page linking to the decree lampiran (reportlab, a ruled table with the
header repeated on every page, long names wrapping inside their cell, decimal commas); 2018 and
2019 publish the table as HTML. Every page says the data are synthetic.
"""

from __future__ import annotations

import html
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from spbe.mirror.official_values import SEED, YEARS, OfficialValue, official_results
from spbe.registry import OfficialSource, load_registry

SYNTHETIC = "DATA SINTETIS untuk pengujian - bukan hasil resmi KemenPAN-RB"
HEADER = ["No.", "Nama Instansi", "Indeks", "Predikat"]


def local_path(out_dir: Path, live_url: str) -> Path:
    """Where a live URL lives in the mirror: out/HOST/PATH, with index.html for extension-less paths."""
    parts = urlsplit(live_url)
    path = out_dir / parts.netloc / parts.path.lstrip("/")
    return path if Path(parts.path).suffix else path / "index.html"


def _comma(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _title(source: OfficialSource) -> str:
    if source.decree:
        number, year = source.decree.split("/")
        return (
            "LAMPIRAN KEPUTUSAN MENTERI PENDAYAGUNAAN APARATUR NEGARA DAN REFORMASI BIROKRASI "
            f"REPUBLIK INDONESIA NOMOR {number} TAHUN {year} TENTANG HASIL EVALUASI SISTEM "
            f"PEMERINTAHAN BERBASIS ELEKTRONIK PADA KEMENTERIAN, LEMBAGA, DAN PEMERINTAH DAERAH TAHUN {source.evaluation_year}"
        )
    return f"HASIL PEMANTAUAN SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE) TAHUN {source.evaluation_year}"


def render_lampiran_pdf(source: OfficialSource, rows: tuple[OfficialValue, ...]) -> bytes:
    styles = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=styles["BodyText"], fontSize=8.5, leading=10)
    buf = io.BytesIO()

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica-Oblique", 7.5)
        canvas.setFillColor(colors.red)
        canvas.drawString(2 * cm, A4[1] - 1.2 * cm, SYNTHETIC)
        canvas.setFillColor(colors.black)
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Halaman {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(buf, pagesize=A4, invariant=1, topMargin=2 * cm, bottomMargin=2 * cm, title=_title(source))
    data = [HEADER] + [
        [str(i), Paragraph(html.escape(r.instansi.official_name()), cell), _comma(r.value), r.predikat]
        for i, r in enumerate(rows, start=1)
    ]
    # A narrow name column makes the long ministry names wrap over two lines, as in the real decrees.
    table = Table(data, colWidths=[1.2 * cm, 8.2 * cm, 2.0 * cm, 3.0 * cm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 1), (2, -1), "CENTER"),
            ]
        )
    )
    signature = "MENTERI PENDAYAGUNAAN APARATUR NEGARA DAN REFORMASI BIROKRASI REPUBLIK INDONESIA,<br/><br/><br/>ttd."
    doc.build(
        [Paragraph(_title(source), styles["Heading3"]), Paragraph(SYNTHETIC, styles["Italic"]), Spacer(1, 8), table,
         Spacer(1, 18), Paragraph(signature, styles["BodyText"])],
        onFirstPage=decorate,
        onLaterPages=decorate,
    )
    return buf.getvalue()


def _page(title: str, body: str) -> bytes:
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{html.escape(title)} | KemenPAN-RB</title></head>
<body>
<header><nav><a href="/">Beranda</a> | <a href="/site/berita-terkini">Berita</a> | <a href="/produk-hukum">Produk Hukum</a></nav></header>
<div class="breadcrumb">Beranda &raquo; Produk Hukum &raquo; {html.escape(title)}</div>
<p class="synthetic" style="color:red"><strong>{SYNTHETIC}</strong></p>
<main><h1>{html.escape(title)}</h1>
{body}
</main>
<footer><table class="footer-links"><tr><td>Kontak</td><td>Peta Situs</td></tr></table></footer>
</body></html>""".encode()


def render_index_page(source: OfficialSource, rows: tuple[OfficialValue, ...]) -> bytes:
    title = _title(source).title()
    if source.format == "html":
        body_rows = "\n".join(
            f"<tr><td>{i}</td><td>{html.escape(r.instansi.official_name())}</td><td>{_comma(r.value)}</td><td>{r.predikat}</td></tr>"
            for i, r in enumerate(rows, start=1)
        )
        body = (
            f"<p>Berikut hasil evaluasi SPBE tahun {source.evaluation_year} terhadap {len(rows)} instansi pusat dan daerah.</p>"
            '<table class="table table-bordered"><caption>Indeks SPBE per instansi</caption>'
            f"<thead><tr>{''.join(f'<th>{h}</th>' for h in HEADER)}</tr></thead><tbody>\n{body_rows}\n</tbody></table>"
        )
    else:
        decree = f"Nomor {source.decree.replace('/', ' Tahun ')}" if source.decree else "hasil pemantauan"
        body = (
            f"<p>Keputusan Menteri PANRB {decree} tentang hasil evaluasi SPBE tahun {source.evaluation_year} "
            f"ditetapkan pada {source.signed or '-'}; lampiran memuat {len(rows)} instansi.</p>"
            f'<p><a class="btn" href="{html.escape(source.lampiran_url)}">Unduh Lampiran (PDF)</a></p>'
        )
    return _page(title, body)


def write_mirror(out_dir: Path, years=YEARS, seed: int = SEED, with_news: bool = True) -> Path:
    """Write every year's documents (and the news sites) under out_dir; deterministic for a seed."""
    out_dir = Path(out_dir)
    registry = load_registry(mode="live")
    manifest = {"seed": seed, "synthetic": True, "years": {}}
    for year in years:
        source = registry.official_source(year)
        rows = official_results(year, seed)
        if source is None or not rows:
            continue
        files = {source.index_url: render_index_page(source, rows)}
        if source.format == "pdf":
            files[source.lampiran_url] = render_lampiran_pdf(source, rows)
        for url, content in files.items():
            path = local_path(out_dir, url)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        manifest["years"][str(year)] = {"rows": len(rows), "urls": sorted(files)}
    if with_news:
        try:
            from spbe.mirror.news_sites import write_news_sites
        except ImportError:
            write_news_sites = None
        if write_news_sites is not None:
            manifest["news_sites"] = write_news_sites(out_dir)
    (out_dir / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    (out_dir / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str))
    return out_dir
