"""The local mirror: synthetic but realistic official tables, documents and a conditional-GET server."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest
import requests

from mirror.documents import (
    HEADER,
    MANUAL_DROP_DIRNAME,
    attachment_url,
    local_path,
    manual_drop_key,
    mirror_url,
    render_lampiran_pdf,
    render_year,
    url_path,
    write_mirror,
    write_portal,
)
from mirror.official_values import (
    YEARS,
    claim_violations,
    load_overrides,
    official_results,
)
from mirror.portal import load_portal
from mirror.registry import mirror_registry
from mirror.server import serve_mirror
from spbe.domain.instansi import gazetteer
from spbe.domain.predikat import predikat_for
from spbe.infra.registry import load_registry
from spbe.infra.releases import release_of
from spbe.sources.official.livewire import read_page, values_of
from spbe.sources.official.parse import parse_lampiran_html, parse_lampiran_pdf
from spbe.sources.official.section import official_sources

REGISTRY = mirror_registry()
OFFICIAL = official_sources(REGISTRY)
SMALL_YEAR = 2020  # the limited round: 128 rows, a 6-page PDF


def values(year: int) -> dict[str, float]:
    return {r.instansi.id: r.value for r in official_results(year)}


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}


# -- the table ---------------------------------------------------------------------------------


def test_sizes_follow_the_real_rounds():
    assert len(official_results(2020)) == 128
    assert len(official_results(2022)) == 451
    for year in (2018, 2019, 2021, 2023, 2024, 2025, 2026):
        assert 600 <= len(official_results(year)) <= 650
    assert official_results(2017) == [] and official_results(2027) == []


def test_new_papua_provinces_and_retired_bodies_follow_their_years():
    for year in YEARS:
        ids = set(values(year))
        assert not ({"93", "94", "95", "96"} & ids) if year < 2023 else {"93", "94", "95", "96"} <= ids
        assert not any(i.startswith("31.") for i in ids)  # Jakarta's administrative units
    assert "lipi" in values(2019) and "lipi" not in values(2021)
    assert "bgn" in values(2025) and "bgn" not in values(2024)


def test_values_and_predikat_are_well_formed_and_averages_match_the_published_ones():
    for year in YEARS:
        rows = official_results(year)
        assert all(1.0 <= r.value <= 5.0 and round(r.value, 2) == r.value for r in rows)
        assert all(r.predikat == predikat_for(r.value, year) for r in rows)
        mean = sum(r.value for r in rows) / len(rows)
        release = release_of(year)  # 2026: no results published yet, so no average to match
        published = release.national_average if release else None
        if published is not None:
            assert abs(mean - published) <= 0.006, (year, mean)
    means = [sum(values(y).values()) / len(values(y)) for y in (2022, 2023, 2024, 2025)]
    assert means == sorted(means)


def test_some_instansi_fall_and_provinces_have_ties():
    falls = 0
    for prev, cur in itertools.pairwise(YEARS):
        a, b = values(prev), values(cur)
        falls += sum(1 for i in b if i in a and b[i] < a[i])
    assert falls > 50
    by_province = defaultdict(list)
    for r in official_results(2024):
        if r.instansi.type in ("kabupaten", "kota"):
            by_province[r.instansi.province_code].append(r.value)
    assert any(len(v) != len(set(v)) for v in by_province.values())


def test_seed_figures_are_the_official_values_and_pesawaran_is_top3_in_lampung():
    assert values(2023)["18.09"] == 2.91 and values(2024)["18.09"] == 3.49
    assert values(2023)["19.71"] == 2.87 and values(2022)["32.12"] == 3.09
    assert values(2023)["64.01"] == 2.90 and values(2022)["64.01"] == 2.13
    assert values(2023)["73.01"] == 1.93
    lampung = {i: v for i, v in values(2024).items() if i.startswith("18.")}
    competition_rank = 1 + sum(1 for i, v in lampung.items() if i != "18.09" and v > lampung["18.09"])
    assert competition_rank <= 3
    assert claim_violations() == []


def test_every_printed_name_resolves_back_to_its_instansi():
    gaz = gazetteer()
    for year in YEARS:
        rows = official_results(year)
        assert len({r.instansi.id for r in rows}) == len(rows)
        for r in rows:
            resolved = gaz.resolve(r.instansi.official_name())
            assert resolved is not None and resolved.id == r.instansi.id, r.instansi.official_name()


def test_rows_follow_government_structure():
    rows = official_results(2023)
    order = {"kementerian": 0, "lembaga": 1, "provinsi": 2, "kabupaten": 3, "kota": 3}
    assert [order[r.instansi.type] for r in rows] == sorted(order[r.instansi.type] for r in rows)
    assert rows[0].instansi.name.startswith("Kementerian Koordinator")
    regional = [tuple(int(p) for p in r.instansi.id.split(".")) for r in rows if r.instansi.type in ("kabupaten", "kota")]
    assert regional == sorted(regional)


def test_dev_set_overrides_are_read_and_conflicts_and_unknown_names_skipped(tmp_path):
    (tmp_path / "900_x.gold.csv").write_text(
        "normalized_name,instansi_type,province,year,value,kind,predikat,note\n"
        "Kota Metro,kota,Lampung,2021,2.44,evaluation,,\n"
        "Kabupaten Lampung Barat,kabupaten,Lampung,2021,3.33,evaluation,,deliberate conflict with the decree\n"
        "Kabupaten Atlantis,kabupaten,Lampung,2021,3.10,evaluation,,\n"
        "Kabupaten Tanggamus,kabupaten,Lampung,2021,3.41,target,,\n"
        "Kabupaten Pesawaran,kabupaten,Lampung,2024,1.11,evaluation,,the seed file wins\n"
        "Kabupaten Way Kanan,kabupaten,Lampung,2021,n/a,evaluation,,\n",
        encoding="utf-8",
    )
    found = load_overrides(devset=tmp_path)
    assert found[("18.72", 2021)].value == 2.44
    assert ("18.04", 2021) not in found and ("18.06", 2021) not in found and ("18.08", 2021) not in found
    assert found[("18.09", 2024)].value == 3.49
    assert load_overrides(devset=tmp_path / "missing")[("18.09", 2023)].value == 2.91


# -- documents -----------------------------------------------------------------------------------


def test_generation_is_deterministic(tmp_path):
    a = write_mirror(tmp_path / "a", years=(SMALL_YEAR, 2018), with_news=False)
    b = write_mirror(tmp_path / "b", years=(SMALL_YEAR, 2018), with_news=False)
    assert digest(a) == digest(b)
    manifest = json.loads((a / "MANIFEST.json").read_text())
    assert manifest["synthetic"] is True and manifest["seed"] and set(manifest["years"]) == {"2018", "2020"}
    assert manifest["years"]["2020"]["rows"] == 128
    assert "Disallow: /private/" in (a / "robots.txt").read_text()
    source = OFFICIAL[SMALL_YEAR]
    assert local_path(a, attachment_url(source)).is_file()
    # The decree's document page is the portal's, rendered from its catalogue (mirror/portal.py).
    catalogue = json.loads((a / "jdih.menpan.go.id" / "_portal.json").read_text(encoding="utf-8"))
    assert catalogue["synthetic"] is True and manifest["portal"]["decrees"] == ["153/2021"]


def test_pdf_has_title_header_on_every_page_wrapped_names_and_synthetic_label():
    source = OFFICIAL[SMALL_YEAR]
    rows = official_results(SMALL_YEAR)
    content = render_lampiran_pdf(source, rows)
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        assert len(pdf.pages) >= 4
        first = pdf.pages[0].extract_text()
        assert "NOMOR 153 TAHUN 2021" in first and "TENTANG" in first and "HASIL EVALUASI SISTEM PEMERINTAHAN" in first
        wrapped = False
        for number, page in enumerate(pdf.pages, start=1):
            text = page.extract_text()
            assert "DATA SINTETIS" in text and f"Halaman {number} dari {len(pdf.pages)}" in text
            tables = page.extract_tables()
            if number < len(pdf.pages) or tables:
                assert tables and tables[0][0] == HEADER
                body = tables[0][1:]
                assert len(body) <= 32 and (number == len(pdf.pages) or len(body) >= 15)
                wrapped |= any("\n" in (row[1] or "") for row in body)
                assert all("," in row[2] and "." not in row[2] for row in body)
        assert wrapped
    parsed = parse_lampiran_pdf(content, year=SMALL_YEAR, source_url=attachment_url(source))
    assert parsed.rows["published_name"].tolist() == [r.instansi.official_name() for r in rows]
    assert parsed.rows["index_text"].tolist() == [f"{r.value:.2f}".replace(".", ",") for r in rows]


def test_2025_is_a_manual_drop_titled_as_the_pemantauan():
    source = OFFICIAL[2025]
    files = render_year(2025)
    pdf_bytes = files[manual_drop_key(source)]
    assert manual_drop_key(source).startswith(f"/{MANUAL_DROP_DIRNAME}/official/2025/")
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert "HASIL PEMANTAUAN SPBE 2025" in pdf.pages[0].extract_text()
    page = files[url_path(source.index_url)].decode()  # the announcement links to no file
    assert "aplikasi" in page and ".pdf" not in page


def test_the_document_page_names_the_lampiran_only_in_its_snapshot_and_html_years_hold_the_table(tmp_path):
    source = OFFICIAL[SMALL_YEAR]
    assert list(render_year(SMALL_YEAR)) == [url_path(attachment_url(source))]  # no static document page
    write_portal(tmp_path, REGISTRY, (SMALL_YEAR,), seed=3)
    portal = load_portal(tmp_path)
    decree = next(d for d in portal.documents if d["nomor_peraturan"] == "153" and d["tanggal_penetapan"].startswith("2021")
                  and d["jenis"] == "keputusan menteri")
    status, _, page = portal.handle("GET", f"/dokumen-hukum/{decree['slug']}", {}, b"", "http://127.0.0.1:9")
    lw = read_page(page.decode())
    assert status == 200 and "DATA SINTETIS" in page.decode()
    assert [v for s in lw.snapshots for v in values_of(s.data, "dokumen_lampiran")] == [
        "/data-jdih.menpan.go.id/dokumen/2021kepmenpanrb153.pdf"]
    # No plain link to the data host: a parser reading only <a href="...pdf"> finds the user guide.
    assert "data-jdih" not in " ".join(a["href"] for a in lw.soup.find_all("a", href=True))
    assert attachment_url(source) == "https://data-jdih.menpan.go.id/dokumen/2021kepmenpanrb153.pdf"

    html_source = OFFICIAL[2018]
    files = render_year(2018)
    assert list(files) == [url_path(html_source.index_url)]
    parsed = parse_lampiran_html(files[url_path(html_source.index_url)], year=2018, source_url=html_source.index_url)
    rows = official_results(2018)
    assert len(parsed.rows) == len(rows)
    assert parsed.rows["index_text"].tolist() == [f"{r.value:.2f}".replace(".", ",") for r in rows]
    assert "<thead>" in files[url_path(html_source.index_url)].decode()


def test_mirror_url_matches_the_registry_rewrite():
    live = attachment_url(OFFICIAL[2023])
    base = "http://127.0.0.1:8765"
    registry = load_registry(mode="mirror", mirror_url=base)
    assert mirror_url(live, base) == registry.resolve_url(live)
    assert registry.live_url_of(registry.resolve_url(live)) == live
    assert url_path(live).startswith("/data-jdih.menpan.go.id/dokumen/")


# -- server --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_mirror(tmp_path_factory):
    return write_mirror(tmp_path_factory.mktemp("mirror"), years=(SMALL_YEAR,), with_news=False)


def test_server_answers_200_then_304_with_etag(small_mirror):
    source = OFFICIAL[SMALL_YEAR]
    with serve_mirror(small_mirror) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        pdf_url = load_registry(mode="mirror", mirror_url=server.base_url).resolve_url(attachment_url(source))
        first = requests.get(pdf_url, timeout=10)
        assert first.status_code == 200 and first.headers["Content-Type"] == "application/pdf"
        assert int(first.headers["Content-Length"]) == len(first.content) and first.content.startswith(b"%PDF")
        assert first.headers["ETag"] and first.headers["Last-Modified"].endswith("GMT")
        second = requests.get(pdf_url, headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
        assert second.status_code == 304 and not second.content
        third = requests.get(pdf_url, headers={"If-Modified-Since": first.headers["Last-Modified"]}, timeout=10)
        assert third.status_code == 304
        changed = requests.get(pdf_url, headers={"If-None-Match": '"something-else"'}, timeout=10)
        assert changed.status_code == 200

        search = requests.get(server.url_for(source.search_url), timeout=10)
        assert search.status_code == 200 and search.headers["Content-Type"].startswith("text/html")
        assert "laravel_session=" in search.headers["Set-Cookie"] and "wire:snapshot" in search.text
        robots = requests.get(f"{server.base_url}/robots.txt", timeout=10)
        assert robots.headers["Content-Type"].startswith("text/plain") and "Disallow: /private/" in robots.text
        assert requests.head(pdf_url, timeout=10).headers["Content-Length"] == first.headers["Content-Length"]
        assert requests.get(f"{server.base_url}/../../etc/passwd", timeout=10).status_code == 404
        assert requests.get(f"{server.base_url}/%2e%2e/%2e%2e/etc/passwd", timeout=10).status_code == 404
        assert requests.get(f"{server.base_url}/jdih.menpan.go.id/nope.pdf", timeout=10).status_code == 404
