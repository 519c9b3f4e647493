"""The adversarial variants, by family. Seeds make every document and its truth reproducible.

Each builder returns one `Variant`; `catalog()` lists them all (fast first, OCR'd ones marked slow).
"""

from __future__ import annotations

import dataclasses

from spbe.domain.predikat import predikat_for
from tests.adversarial.variants import (
    TITLE,
    YEAR,
    Body,
    Variant,
    bodies,
    html_page,
    scanned,
    shift,
    smudge,
    table_pdf,
    td,
    truth_of,
    turn,
    twin_bodies,
    unreadable,
)
from tests.lying_builder import hidden_layer_scan, lying_font_pdf


def _plain(rows: list[Body]) -> list[tuple[str, str, str, str]]:
    return [(b.no, b.name, b.value, b.predikat) for b in rows]


def _renumber(rows: list[Body]) -> list[Body]:
    return [dataclasses.replace(b, no=f"{i}.") for i, b in enumerate(rows, start=1)]


def text_variants() -> list[Variant]:
    v: list[Variant] = []
    rows = bodies(45, seed=11)
    t = truth_of(rows)
    v.append(Variant("text-plain", "pdf", lambda: table_pdf(rows), t))
    v.append(Variant("text-columns-reordered", "pdf", lambda: table_pdf(rows, order=("no", "value", "name", "predikat")), t))
    v.append(Variant("text-no-predikat-column", "pdf", lambda: table_pdf(rows, order=("no", "name", "value")), t))
    v.append(Variant("text-extra-columns", "pdf", lambda: table_pdf(rows, order=("no", "name", "province", "value", "predikat", "note")), t))
    v.append(Variant("text-other-header-words", "pdf",
                     lambda: table_pdf(rows, header={"name": "Kementerian/Lembaga/Pemerintah Daerah", "value": "Nilai Indeks",
                                                     "no": "NO"}), t))
    v.append(Variant("text-headerless-later-pages", "pdf", lambda: table_pdf(rows, repeat_header=False), t))
    v.append(Variant("text-two-header-rows", "pdf", lambda: table_pdf(rows, group_header="Hasil Evaluasi"), t))
    v.append(Variant("text-split-rows", "pdf", lambda: table_pdf(rows, per_page=None, padding=9), t))
    avg = [*rows[:20], ("", "Rata-rata Nasional", "2,79", "Baik"), *rows[20:], ("", "Jumlah Instansi: 45", "", "")]
    v.append(Variant("text-average-and-total-rows", "pdf", lambda: table_pdf(avg), t))
    v.append(Variant("text-footnotes", "pdf", lambda: table_pdf(rows, after=[
        "Catatan: *) nilai dibulatkan dua angka di belakang koma.", "**) Data sintetis untuk pengujian, bukan hasil resmi.",
        "Sumber: Tim Evaluator SPBE 2,85 rata-rata"]), t))
    # A table that goes on after a signature block (a second part of the lampiran after the sign-off).
    v.append(Variant("text-table-after-signature", "pdf", lambda: table_pdf(rows, signature_after_chunk=0), t))
    # Sections that restart at 1.
    central, regions = _renumber(rows[:15]), _renumber(rows[15:])
    sect = [("", "A. KEMENTERIAN/LEMBAGA", "", ""), *central, ("", "B. PEMERINTAH DAERAH", "", ""), *regions]
    v.append(Variant("text-sections-restart", "pdf", lambda: table_pdf(sect), t))
    # A section restart with a lost page: the page holding No. 10-15 of section A and the heading of
    # B is blank in the document (a page that failed to print).
    lost = sect[:10] + [None] + sect[17:]  # type: ignore[list-item]
    lost_truth = {b.id: tv for b, tv in zip(rows, t.values(), strict=True) if b not in rows[9:15]}
    v.append(Variant("text-section-restart-lost-page", "pdf", lambda: _with_blank_page(lost), lost_truth))
    # Duplicates.
    dup_no = [*rows[:8], dataclasses.replace(rows[30], no=rows[7].no, value="2,22", predikat="Cukup"), *rows[8:30], *rows[31:]]
    v.append(Variant("text-duplicate-no-different-values", "pdf", lambda: table_pdf(dup_no),
                     {k: x for k, x in t.items() if k not in (rows[7].id, rows[30].id)}, forbidden={rows[7].id, rows[30].id}))
    dup_body = [*rows, dataclasses.replace(rows[4], no="46.", value="1,99", predikat="Kurang")]
    v.append(Variant("text-duplicate-body-different-values", "pdf", lambda: table_pdf(dup_body),
                     {k: x for k, x in t.items() if k != rows[4].id}, forbidden={rows[4].id}))
    same = [*rows[:12], rows[11], *rows[12:]]
    v.append(Variant("text-identical-duplicate", "pdf", lambda: table_pdf(same), t))
    # Merged cells: a predikat cell spanning two bodies of the same band; a value cell spanning two.
    banded = _same_band(rows, 2)
    v.append(Variant("text-merged-predikat-cells", "pdf", lambda: table_pdf(banded, spans=[((3, 2), (3, 3))]), truth_of(banded)))
    merged = list(rows)
    merged[5] = dataclasses.replace(rows[5], value=rows[4].value, predikat=rows[4].predikat)
    mt = truth_of(merged)
    v.append(Variant("text-merged-value-cells", "pdf", lambda: table_pdf(merged, spans=[((2, 4), (2, 5)), ((3, 4), (3, 5))]), mt))
    # Another year.
    v.append(Variant("text-other-year-title", "pdf", lambda: table_pdf(rows, title=TITLE.replace(str(YEAR), str(YEAR - 1))), {},
                     refuse=True))
    v.append(Variant("text-other-year-header", "pdf", lambda: table_pdf(rows, header={"value": f"Indeks SPBE {YEAR - 1}"},
                                                                         title="LAMPIRAN HASIL EVALUASI (DATA SINTETIS)"), {},
                     refuse=True))
    v.append(Variant("text-other-year-decree-number", "pdf", lambda: table_pdf(rows, title=(
        "LAMPIRAN KEPUTUSAN MENTERI PENDAYAGUNAAN APARATUR NEGARA NOMOR 13 TAHUN 2024 TENTANG HASIL EVALUASI"
        " (DATA SINTETIS)")), {}, refuse=True))
    v.append(Variant("text-no-year-anywhere", "pdf", lambda: table_pdf(rows, title="LAMPIRAN (DATA SINTETIS)"), t))
    # Lying fonts: a ToUnicode map that swaps two digits.
    for a, b in (("8", "9"), ("1", "7"), ("3", "5"), ("2", "6")):
        plain = _plain(rows)
        affected = any(a in r[2] or b in r[2] for r in plain)
        v.append(Variant(f"text-lying-font-swap-{a}{b}", "pdf", lambda plain=plain, a=a, b=b: lying_font_pdf(plain, swap=(a, b)),
                         t, tags=("lying",) if affected else ()))  # the glyphs drawn are the truth
    # A lying map on two digits that only three rows use: a sample spread evenly can miss them all.
    rare = _rare_digits(rows, ("0", "7"), keep=(5, 22, 38))
    v.append(Variant("text-lying-font-rare-digits", "pdf", lambda: lying_font_pdf(_plain(rare), swap=("0", "7")), truth_of(rare),
                     tags=("lying",)))
    two_index = [dataclasses.replace(b, no=b.no) for b in rows]
    v.append(Variant("text-two-index-columns", "pdf", lambda: _two_index_pdf(two_index), t))
    v.append(Variant("text-rotated-middle-page", "pdf", lambda: _rotate_page(table_pdf(rows), 2, 90), t))
    v.append(Variant("text-upside-down-last-page", "pdf", lambda: _rotate_page(table_pdf(rows), 3, 180), t))
    v.append(Variant("mixed-text-with-a-scanned-page", "pdf", lambda: _mixed(table_pdf(rows), 2), t, slow=True))
    v.append(Variant("text-cover-page", "pdf", lambda: _cover_then(table_pdf(rows)), t))
    v.append(Variant("text-cover-page-then-other-year", "pdf", lambda: _cover_then(table_pdf(rows, title=TITLE.replace(str(YEAR), str(YEAR - 1)))),
                     {}, refuse=True))
    short = [dataclasses.replace(b, name=b.name.replace("Pemerintah Kabupaten ", "Kab. ").replace("Pemerintah Kota ", "Kota ")
                                 .replace("Pemerintah Provinsi ", "Provinsi ")) for b in rows]
    v.append(Variant("text-short-names", "pdf", lambda: table_pdf(short), t))
    # Values printed with a dot, or one decimal; a value with a footnote mark.
    dotted = [dataclasses.replace(r, value=r.value.replace(",", ".")) for r in rows]
    v.append(Variant("text-dot-decimals", "pdf", lambda: table_pdf(dotted), t))
    starred = list(rows)
    starred[3] = dataclasses.replace(rows[3], value=rows[3].value + "*")
    v.append(Variant("text-value-with-footnote-mark", "pdf", lambda: table_pdf(starred, after=["*) nilai setelah banding"]), t))
    # A blank row, and a stray number in the name column.
    blanked = [*rows[:10], ("", "", "", ""), *rows[10:]]
    v.append(Variant("text-blank-row", "pdf", lambda: table_pdf(blanked), t))
    return v


def wrapped_name_variants() -> list[Variant]:
    """Long names in a narrow column, wrapping onto two or three lines, whose last word tells them
    from another body ('… Bandung Barat'): a lost continuation line is a wrong body, not an unknown."""
    rows = twin_bodies(36, seed=41)
    t = truth_of(rows)
    v = [Variant(f"text-wrapped-twin-names-{valign.lower()}", "pdf",
                 lambda valign=valign: table_pdf(rows, name_width=3.0, valign=valign, per_page=16), t)
         for valign in ("TOP", "MIDDLE", "BOTTOM")]
    v.append(Variant("text-wrapped-twin-names-split-over-pages", "pdf",
                     lambda: table_pdf(rows, name_width=2.6, per_page=None, padding=8), t))
    v.append(Variant("scan-wrapped-twin-names", "pdf", lambda: scanned(table_pdf(rows, name_width=3.0, per_page=16)), t, slow=True))
    v.append(Variant("scan-wrapped-twin-names-top", "pdf", lambda: scanned(table_pdf(rows, name_width=3.0, per_page=16, valign="TOP")),
                     t, slow=True))
    return v


def _two_index_pdf(rows: list[Body]) -> bytes:
    """'Indeks 2023 | Indeks 2024': last year's value next to this year's (asked: this year's)."""
    cells = [(b.no, b.name, _nudge(b.value), b.value, b.predikat) for b in rows]
    return table_pdf(cells, order=("no", "name", "province", "value", "predikat"),
                     header={"province": f"Indeks {YEAR - 1}", "value": f"Indeks {YEAR}"})


def _cover_then(pdf: bytes) -> bytes:
    """A cover page (the decree's body, no year of evaluation in it) before the lampiran."""
    import io

    import pypdfium2
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    sheet = canvas.Canvas(buf, pagesize=(595, 842))
    for i, line in enumerate(["KEPUTUSAN MENTERI PENDAYAGUNAAN APARATUR NEGARA (DATA SINTETIS)", "Menimbang: bahwa perlu",
                              "menetapkan hasil evaluasi sistem pemerintahan berbasis elektronik;", "MEMUTUSKAN"]):
        sheet.drawString(72, 760 - 18 * i, line)
    sheet.showPage()
    sheet.save()
    out = pypdfium2.PdfDocument(buf.getvalue())
    rest = pypdfium2.PdfDocument(pdf)
    out.import_pages(rest)
    result = io.BytesIO()
    out.save(result)
    rest.close()
    out.close()
    return result.getvalue()


def _rotate_page(pdf: bytes, page: int, degrees: int) -> bytes:
    """The page's /Rotate set (a viewer turns it; the text is drawn upright in its own frame)."""
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    document[page - 1].set_rotation(degrees)
    buf = io.BytesIO()
    document.save(buf)
    document.close()
    return buf.getvalue()


def _mixed(pdf: bytes, scanned_page: int) -> bytes:
    """A text-layer lampiran with one page replaced by a scan of itself (a sheet re-scanned)."""
    import io

    import pypdfium2

    scan_pdf = pypdfium2.PdfDocument(scanned(pdf))
    document = pypdfium2.PdfDocument(pdf)
    out = pypdfium2.PdfDocument.new()
    for n in range(1, len(document) + 1):
        out.import_pages(scan_pdf if n == scanned_page else document, [n - 1])
    buf = io.BytesIO()
    out.save(buf)
    for d in (scan_pdf, document, out):
        d.close()
    return buf.getvalue()


def _rare_digits(rows: list[Body], digits: tuple[str, str], keep: tuple[int, ...]) -> list[Body]:
    """Values without `digits` except on the rows `keep`, which get one of them each."""
    out = []
    for i, b in enumerate(rows):
        value = b.value
        if i in keep:
            value = value[:-1] + digits[i % 2]
        else:
            for d in digits:
                value = value.replace(d, "4" if d != "4" else "6")
        number = float(value.replace(",", "."))
        out.append(dataclasses.replace(b, value=value, predikat=predikat_for(number, YEAR)))
    return out


def _same_band(rows: list[Body], i: int) -> list[Body]:
    """Row i + 1 moved into row i's band (a value 0,01 off), so one predikat cell can span both."""
    out = list(rows)
    value = float(rows[i].value.replace(",", "."))
    near = value + 0.01 if predikat_for(value + 0.01, YEAR) == rows[i].predikat else value - 0.01
    out[i + 1] = dataclasses.replace(rows[i + 1], value=f"{near:.2f}".replace(".", ","), predikat=rows[i].predikat)
    return out


def _with_blank_page(rows: list) -> bytes:
    """The rows before None on page 1, an empty page, the rest after (the table header repeated)."""
    import io

    import pypdfium2

    cut = rows.index(None)
    first = pypdfium2.PdfDocument(table_pdf(rows[:cut], per_page=None, title=TITLE, signature=False))
    rest = pypdfium2.PdfDocument(table_pdf(rows[cut + 1 :], per_page=None, title=""))
    out = pypdfium2.PdfDocument.new()
    out.import_pages(first, [0])
    out.new_page(595, 842)
    out.import_pages(rest)
    buf = io.BytesIO()
    out.save(buf)
    for document in (first, rest, out):
        document.close()
    return buf.getvalue()


def html_variants() -> list[Variant]:
    v: list[Variant] = []
    rows = bodies(30, seed=23)
    t = truth_of(rows)
    plain = [[td(b.no), td(b.name), td(b.value), td(b.predikat)] for b in rows]
    header = ["No.", "Nama Instansi", "Indeks", "Predikat"]
    v.append(Variant("html-plain", "html", lambda: html_page(plain, header), t))
    # A province cell spanning its bodies (rowspan), as an extra column.
    prov = [[td(b.no), *( [td("Provinsi X", rowspan=5)] if i % 5 == 0 else []), td(b.name), td(b.value), td(b.predikat)]
            for i, b in enumerate(rows)]
    v.append(Variant("html-rowspan-province", "html", lambda: html_page(prov, ["No.", "Provinsi", "Nama Instansi", "Indeks", "Predikat"]), t))
    # A predikat spanning two bodies of the same band.
    pair, banded = 4, _same_band(rows, 4)
    span = [[td(b.no), td(b.name), td(b.value), *([td(b.predikat, rowspan=2)] if i == pair else [] if i == pair + 1 else [td(b.predikat)])]
            for i, b in enumerate(banded)]
    v.append(Variant("html-rowspan-predikat", "html", lambda: html_page(span, header), truth_of(banded)))
    # Two header rows: "Hasil" spans Indeks and Predikat.
    two = ("<tr><th rowspan='2'>No.</th><th rowspan='2'>Nama Instansi</th><th colspan='2'>Hasil Evaluasi</th></tr>"
           "<tr><th>Indeks</th><th>Predikat</th></tr>")
    v.append(Variant("html-two-header-rows", "html", lambda: html_page(plain, two), t))
    # Average row with a colspan.
    avg = [*plain[:15], [td("Rata-rata Nasional", colspan=2), td("2,79"), td("Baik")], *plain[15:]]
    v.append(Variant("html-average-row-colspan", "html", lambda: html_page(avg, header), t))
    # Duplicate No. with different values.
    dup = [*plain[:6], [td(rows[5].no), td(rows[20].name), td("1,11"), td("Kurang")], *plain[6:20], *plain[21:]]
    v.append(Variant("html-duplicate-no", "html", lambda: html_page(dup, header),
                     {k: x for k, x in t.items() if k not in (rows[5].id, rows[20].id)}, forbidden={rows[5].id, rows[20].id}))
    v.append(Variant("html-other-year-header", "html",
                     lambda: html_page(plain, ["No.", "Nama Instansi", f"Indeks SPBE {YEAR - 1}", "Predikat"], title="Hasil (sintetis)"),
                     {}, refuse=True))
    v.append(Variant("html-other-year-title", "html", lambda: html_page(plain, header, title=TITLE.replace(str(YEAR), str(YEAR + 1))),
                     {}, refuse=True))
    # A value cell spanning two rows (two bodies merged on one value).
    mrows = list(rows)
    mrows[9] = dataclasses.replace(rows[9], value=rows[8].value, predikat=rows[8].predikat)
    merged = [[td(b.no), td(b.name), *([td(b.value, rowspan=2), td(b.predikat, rowspan=2)] if i == 8 else [] if i == 9
                                        else [td(b.value), td(b.predikat)])] for i, b in enumerate(mrows)]
    v.append(Variant("html-rowspan-value", "html", lambda: html_page(merged, header), truth_of(mrows)))
    # Sections as full-width rows, numbering restarting at 1, one section's first rows lost.
    a, b = _renumber(rows[:10]), _renumber(rows[10:])
    sect = ([[td("A. KEMENTERIAN/LEMBAGA", colspan=4)]] + [[td(r.no), td(r.name), td(r.value), td(r.predikat)] for r in a]
            + [[td("B. PEMERINTAH DAERAH", colspan=4)]] + [[td(r.no), td(r.name), td(r.value), td(r.predikat)] for r in b[3:]])
    v.append(Variant("html-section-lost-first-rows", "html", lambda: html_page(sect, header),
                     {k: x for k, x in t.items() if k not in {r.id for r in b[:3]}}))
    # A layout table around the results table (find_all('tr') of the outer one sees the inner rows).
    inner = html_page(plain, header).decode()
    start, end = inner.index("<table"), inner.index("</table>") + len("</table>")
    nested = (inner[:start] + "<table class='layout'><tr><td>Menu</td><td>" + inner[start:end] + "</td></tr></table>"
              + inner[end:]).encode()
    v.append(Variant("html-nested-in-layout-table", "html", lambda: nested, t))
    marked = [[td(f"<b>{b.no}</b>"), td(b.name.replace(" ", "&nbsp;", 1).replace(" ", "<br/>", 1)),
               td(f"<span>{b.value}</span>"), td(f"<i>{b.predikat}</i>")] for b in rows]
    v.append(Variant("html-markup-in-cells", "html", lambda: html_page(marked, header), t))
    in_td = "<tr>" + "".join(f"<td><strong>{h}</strong></td>" for h in header) + "</tr>"
    v.append(Variant("html-header-in-td", "html", lambda: html_page(plain, in_td), t))
    footed = html_page(plain, header).replace(b"</tbody>", b"</tbody><tfoot><tr><td colspan='2'>Rata-rata</td><td>2,80</td>"
                                                          b"<td>Baik</td></tr></tfoot>")
    v.append(Variant("html-tfoot-average", "html", lambda: footed, t))
    two_tables = html_page(plain[:12], header).replace(b"</table>", b"</table><h2>B. Pemerintah Daerah</h2><table><thead><tr>"
                                                + "".join(f"<th>{h}</th>" for h in header).encode() + b"</tr></thead><tbody>"
                                                + "".join("<tr>" + "".join(r) + "</tr>" for r in plain[12:]).encode()
                                                + b"</tbody></table>", 1)
    v.append(Variant("html-two-tables", "html", lambda: two_tables, t))
    return v


def scan_variants() -> list[Variant]:
    v: list[Variant] = []
    rows = bodies(40, seed=31)
    t = truth_of(rows)
    text = table_pdf(rows, per_page=14)  # 3 pages
    v.append(Variant("scan-plain", "pdf", lambda: scanned(text), t, slow=True))
    for page, degrees in ((2, 180), (3, 180), (2, 90), (3, 270)):
        v.append(Variant(f"scan-page{page}-turned-{degrees}", "pdf", lambda p=page, d=degrees: scanned(text, per_page=turn(p, d)), t,
                         slow=True))
    headerless = table_pdf(rows, per_page=14, repeat_header=False)
    v.append(Variant("scan-headerless-later-pages", "pdf", lambda: scanned(headerless), t, slow=True))
    v.append(Variant("scan-headerless-page-shifted", "pdf", lambda: scanned(headerless, per_page=shift(2, 90, 40)), t, slow=True))
    both = lambda n, im: shift(2, 30, 20)(n, shift(3, -25, 12)(n, im))  # noqa: E731 - a sheet a few mm off, as feeders do
    v.append(Variant("scan-headerless-pages-slightly-shifted", "pdf", lambda: scanned(headerless, per_page=both), t, slow=True))
    v.append(Variant("scan-headerless-last-page-shifted", "pdf", lambda: scanned(headerless, per_page=shift(3, 120, 60)), t,
                     slow=True))
    v.append(Variant("scan-headerless-page-turned", "pdf", lambda: scanned(headerless, per_page=turn(3, 180)), t, slow=True))
    v.append(Variant("scan-two-header-rows", "pdf", lambda: scanned(table_pdf(rows, per_page=14, group_header="Hasil Evaluasi")), t,
                     slow=True))
    for label, order in (("columns-reordered", ("no", "value", "name", "predikat")), ("no-predikat-column", ("no", "name", "value")),
                         ("extra-columns", ("no", "name", "province", "value", "predikat", "note"))):
        v.append(Variant(f"scan-{label}", "pdf", lambda order=order: scanned(table_pdf(rows, per_page=14, order=order)), t, slow=True))
    v.append(Variant("scan-faint", "pdf", lambda: scanned(text, faint=True), t, slow=True))
    v.append(Variant("scan-noisy", "pdf", lambda: scanned(text, noise=28, dust=0.004), t, slow=True))
    v.append(Variant("scan-blurred", "pdf", lambda: scanned(text, blur=1.6), t, slow=True))
    v.append(Variant("scan-ruined-middle-page", "pdf", lambda: scanned(text, per_page=smudge(2)), t, slow=True))
    central, regions = _renumber(rows[:14]), _renumber(rows[14:])
    sect = [("", "A. KEMENTERIAN/LEMBAGA", "", ""), *central, ("", "B. PEMERINTAH DAERAH", "", ""), *regions]
    sect_text = table_pdf(sect, per_page=15)
    v.append(Variant("scan-section-restart-ruined-page", "pdf", lambda: scanned(sect_text, per_page=smudge(2)), t, slow=True))
    v.append(Variant("scan-section-restart-unreadable-page", "pdf", lambda: scanned(sect_text, per_page=unreadable(2)), t, slow=True))
    v.append(Variant("scan-unreadable-last-page", "pdf", lambda: scanned(text, per_page=unreadable(3)), t, slow=True))
    v.append(Variant("scan-other-year-title", "pdf", lambda: scanned(table_pdf(rows[:14], title=TITLE.replace(str(YEAR), str(YEAR - 1)))),
                     {}, refuse=True, slow=True))
    dup = [*rows[:5], dataclasses.replace(rows[20], no=rows[4].no, value="1,23", predikat="Kurang"), *rows[5:20], *rows[21:]]
    v.append(Variant("scan-duplicate-no", "pdf", lambda: scanned(table_pdf(dup, per_page=14)),
                     {k: x for k, x in t.items() if k not in (rows[4].id, rows[20].id)}, forbidden={rows[4].id, rows[20].id},
                     slow=True))
    # Invisible text layers over the image: honest, and misreading some values.
    honest = table_pdf(rows[:14], per_page=None)
    v.append(Variant("hidden-layer-honest", "pdf", lambda: hidden_layer_scan(honest), truth_of(rows[:14]), slow=True))
    lies = {rows[i].value: _nudge(rows[i].value) for i in (1, 4, 9)}
    v.append(Variant("hidden-layer-misreads", "pdf", lambda: hidden_layer_scan(honest, lie=lies), truth_of(rows[:14]), slow=True))
    allwrong = {b.value: _nudge(b.value) for b in rows[:14]}
    v.append(Variant("hidden-layer-all-wrong", "pdf", lambda: hidden_layer_scan(honest, lie=allwrong), truth_of(rows[:14]), slow=True))
    return v


def _nudge(value: str) -> str:
    digits = value.replace(",", "")
    last = str((int(digits[-1]) + 3) % 10)
    return f"{digits[0]},{digits[1]}{last}"


def catalog() -> list[Variant]:
    return text_variants() + html_variants() + wrapped_name_variants() + scan_variants()
