import hashlib
import io

import pdfplumber
import requests

from spbe.instansi import gazetteer
from spbe.mirror.documents import local_path, render_lampiran_pdf, write_mirror
from spbe.mirror.official_values import official_results
from spbe.mirror.server import serve_mirror
from spbe.registry import load_registry


def test_sizes_follow_the_real_rounds():
    assert len(official_results(2020)) == 128
    assert len(official_results(2022)) == 451
    for year in (2018, 2019, 2021, 2023, 2024, 2025):
        assert 600 <= len(official_results(year)) <= 650


def test_seed_figures_are_the_official_values_and_pesawaran_is_top3_in_lampung():
    values = {(r.instansi.id, year): r.value for year in (2022, 2023, 2024) for r in official_results(year)}
    assert values[("18.09", 2023)] == 2.91 and values[("18.09", 2024)] == 3.49
    assert values[("19.71", 2023)] == 2.87 and values[("32.12", 2022)] == 3.09
    assert values[("64.01", 2023)] == 2.90 and values[("73.01", 2023)] == 1.93
    lampung_2024 = sorted(
        (r.value for r in official_results(2024) if r.instansi.id.startswith("18.") and r.instansi.type != "provinsi"), reverse=True
    )
    assert lampung_2024.index(3.49) < 3


def test_every_printed_name_resolves_back_and_years_are_distinct():
    gaz = gazetteer()
    rows = official_results(2023)
    assert all(gaz.resolve(r.instansi.official_name()).id == r.instansi.id for r in rows)
    assert len({r.instansi.id for r in rows}) == len(rows)
    assert [r.value for r in official_results(2023)] != [r.value for r in official_results(2024)]


def test_generation_is_deterministic(tmp_path):
    a = write_mirror(tmp_path / "a", years=(2020,), with_news=False)
    b = write_mirror(tmp_path / "b", years=(2020,), with_news=False)
    digest = lambda root: {p.relative_to(root): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}
    assert digest(a) == digest(b)


def test_pdf_repeats_its_header_and_is_labelled_synthetic():
    source = load_registry(mode="live").official[2020]
    pdf = pdfplumber.open(io.BytesIO(render_lampiran_pdf(source, official_results(2020))))
    assert len(pdf.pages) >= 3
    for page in pdf.pages:
        text = page.extract_text()
        assert "Nama Instansi" in text and "DATA SINTETIS" in text


def test_server_revalidates_with_etag(tmp_path):
    root = write_mirror(tmp_path, years=(2020,), with_news=False)
    url = load_registry(mode="live").official[2020].lampiran_url
    assert local_path(root, url).exists()
    with serve_mirror(root) as server:
        mirrored = load_registry(mode="mirror", mirror_url=server.base_url).resolve_url(url)
        first = requests.get(mirrored, timeout=10)
        assert first.status_code == 200 and first.headers["Content-Type"] == "application/pdf"
        second = requests.get(mirrored, headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
        assert second.status_code == 304 and not second.content
        assert requests.get(f"{server.base_url}/../../etc/passwd", timeout=10).status_code == 404
