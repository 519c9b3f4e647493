"""`spbe locate-decree` against a portal stand-in written from ../shared/sources.md alone
(tests/portal_standin.py) and against the mirror's own portal (mirror/portal.py)."""

from __future__ import annotations

import json
import time
from urllib.parse import unquote

import pytest

from mirror.documents import attachment_url, write_portal
from mirror.portal import Portal, build_catalogue
from mirror.registry import mirror_registry
from mirror.server import serve_mirror
from spbe.cli import main
from spbe.sources.official.livewire import fold_lookalikes, read_page, update_body
from tests.portal_standin import PortalStandIn, standin_documents

WANTED = {2021: (1503, 2021), 2022: (108, 2023), 2023: (13, 2024), 2024: (663, 2024)}


def pdf(number: int, year: int) -> bytes:
    return f"%PDF-1.4\n% lampiran {number}/{year} (test)\n%%EOF\n".encode()


@pytest.fixture
def standin():
    docs = standin_documents()
    files = {f"{y}kepmen{n}.pdf": pdf(n, y) for n, y in WANTED.values()}
    with PortalStandIn(docs, files) as server:
        yield server


def run_cli(monkeypatch, capsys, base_url: str, *args: str, overlay: str = "") -> tuple[int, str, str]:
    monkeypatch.setenv("SPBE_SOURCE_MODE", "mirror")
    monkeypatch.setenv("SPBE_MIRROR_URL", base_url)
    monkeypatch.setenv("SPBE_REGISTRY_OVERLAY", overlay)
    code = main(["locate-decree", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("year", sorted(WANTED))
def test_each_decree_is_found_and_downloaded_from_the_standin(standin, monkeypatch, capsys, tmp_path, year):
    number, decree_year = WANTED[year]
    code, out, err = run_cli(monkeypatch, capsys, standin.base_url, "--year", str(year), "--download",
                             str(tmp_path / "dl"), "--cache-dir", str(tmp_path / "cache"))
    assert code == 0, err
    found = json.loads(out)
    assert set(found) == {"page_url", "attachment_url", "number", "year", "title", "enacted"}
    assert (found["number"], found["year"]) == (number, decree_year)
    assert found["attachment_url"] == f"{standin.base_url}/data-jdih.menpan.go.id/dokumen/{decree_year}kepmen{number}.pdf"
    assert found["page_url"].startswith(f"{standin.base_url}/jdih.menpan.go.id/dokumen-hukum/")
    assert found["enacted"].startswith(str(decree_year))
    assert (tmp_path / "dl" / f"{decree_year}kepmen{number}.pdf").read_bytes() == pdf(number, decree_year)
    assert standin.refused == [] and standin.max_in_flight == 1
    # The decoys with near numbers, other years and other kinds were never opened.
    opened = [r for r in standin.requests if "/dokumen-hukum/" in r and "hasil-pencarian" not in r]
    assert len(opened) == 1 and f"nomor-{number}-tahun-{decree_year}" in fold_lookalikes(unquote(opened[0]))


def test_paging_sends_token_cookie_and_the_snapshot_back_unchanged(standin, monkeypatch, capsys, tmp_path):
    # 2021's decree sits on the last result page: every page before it came from a Livewire POST.
    code, _, err = run_cli(monkeypatch, capsys, standin.base_url, "--year", "2021", "--cache-dir", str(tmp_path / "c"))
    assert code == 0, err
    posts = [r for r in standin.requests if r.startswith("POST ")]
    assert len(posts) >= 3 and all(p.endswith("/jdih.menpan.go.id/livewire/update") for p in posts)
    assert standin.refused == []


def test_a_decree_the_portal_does_not_list_is_one_line_and_exit_2(standin, monkeypatch, capsys, tmp_path):
    overlay = tmp_path / "overlay.toml"
    overlay.write_text('[[official]]\nevaluation_year = 2024\ndecree = "665/2024"\ndecree_source = "test: a number nobody enacted"\n')
    started = time.monotonic()
    code, out, err = run_cli(monkeypatch, capsys, standin.base_url, "--year", "2024", "--cache-dir", str(tmp_path / "c"),
                             overlay=str(overlay))
    elapsed = time.monotonic() - started
    assert code == 2 and out == "" and elapsed < 60
    assert len(err.strip().splitlines()) == 1
    assert "665/2024 is not listed" in err and "hasil-pencarian" in err


def test_a_year_without_a_decree_number_is_one_line_and_exit_2(standin, monkeypatch, capsys, tmp_path):
    code, out, err = run_cli(monkeypatch, capsys, standin.base_url, "--year", "2020", "--cache-dir", str(tmp_path / "c"))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "no decree number" in err


def test_the_mirror_portal_lists_each_decree_among_decoys(tmp_path, monkeypatch, capsys):
    registry = mirror_registry()
    years = (2020, 2021, 2022, 2023, 2024)
    info = write_portal(tmp_path, registry, years, seed=7)
    assert len(info["decrees"]) == 5 and info["documents"] > 50
    for year in years:  # small stand-ins for the lampiran PDFs (the mirror writes the real ones)
        url = attachment_url(registry.entries("official")[[e.evaluation_year for e in registry.entries("official")].index(year)])
        path = tmp_path / url.split("://", 1)[1]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf(year, year))
    from mirror.registry import OVERLAY

    with serve_mirror(tmp_path) as server:
        for year in years:
            code, out, err = run_cli(monkeypatch, capsys, server.base_url, "--year", str(year), "--cache-dir",
                                     str(tmp_path / "cache"), overlay=str(OVERLAY))
            assert code == 0, err
            found = json.loads(out)
            assert found["attachment_url"].startswith(f"{server.base_url}/data-jdih.menpan.go.id/dokumen/")
            assert "[DATA SINTETIS]" in found["title"]


def test_the_mirror_portal_refuses_a_snapshot_sent_back_changed():
    portal = Portal(build_catalogue([{"number": 13, "year": 2024, "subject": "Hasil Evaluasi SPBE", "enacted": "2024-01-11",
                                      "lampiran": "2024kepmenpanrb013.pdf"}], seed=1))
    status, headers, page = portal.handle("GET", "/dokumen-hukum/hasil-pencarian?jenis=keputusan%20menteri", {}, b"", "http://x")
    lw = read_page(page.decode())
    snapshot = lw.component("dokumen.dokumen-search-result")
    cookie = {"Cookie": headers["Set-Cookie"].split(";")[0], "X-Livewire": "true"}
    good = portal.handle("POST", "/livewire/update", cookie, update_body(lw.csrf, snapshot.raw, "searchDokumen", [2]), "http://x")
    assert good[0] == 200
    resent = json.dumps(json.loads(snapshot.raw), ensure_ascii=False)  # same JSON, other bytes
    assert portal.handle("POST", "/livewire/update", cookie, update_body(lw.csrf, resent, "searchDokumen", [2]), "http://x")[0] == 400
    assert portal.handle("POST", "/livewire/update", {"X-Livewire": "true"},
                         update_body(lw.csrf, snapshot.raw, "searchDokumen", [2]), "http://x")[0] == 419
