"""A province page shows one body among its peers, in headless Chromium, with screenshots: every
body grey, the province line and the median; one body highlighted from the list or from a link;
a ranking that names every body, those without a value last with the reason; numbers never wrap."""

from __future__ import annotations

from pathlib import Path

import pytest

from spbe.infra.warehouse import Warehouse
from spbe.release.build import build_release
from spbe.release.report.peers import GREY, HIGHLIGHT
from tests.integration.test_release_report import _open, browser  # noqa: F401 (browser is a fixture)
from tests.release_warehouse import official_rows, populate

SHOTS = Path("data/screenshots")  # kept after the run for a person to look at (gitignored data/)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("peers")
    warehouse = Warehouse(f"sqlite:///{root / 'wh.sqlite'}")
    warehouse.ensure_schema()
    official = official_rows()
    # Kota Bandar Lampung has no 2024 result: the ranking of 2024 must still name it, last, with why.
    populate(warehouse, official[~((official.instansi_id == "18.71") & (official.year == 2024))])
    release = build_release(warehouse, root / "releases")
    warehouse.dispose()
    return release.path / "report"


def _trace_state(page) -> list[dict]:
    return page.evaluate("""() => document.getElementById('chart-trends').data.map(t => ({
        name: t.name, role: t.meta && t.meta.role, id: t.meta && t.meta.id,
        colour: t.line && t.line.color, width: t.line && t.line.width, legend: t.showlegend}))""")


def _highlighted(page) -> list[str]:
    return [t["id"] for t in _trace_state(page) if t["role"] == "body" and t["colour"] == HIGHLIGHT]


def test_every_body_is_grey_beside_the_province_line_and_the_median(browser, report):  # noqa: F811
    charts, png, problems, outside, _ = _open(browser, report / "province-18.html", _shots())
    assert problems == [] and outside == []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((report / "province-18.html").as_uri(), wait_until="load")
    page.wait_for_function("document.getElementById('chart-trends') && document.getElementById('chart-trends').data")
    traces = _trace_state(page)
    bodies = [t for t in traces if t["role"] == "body"]
    assert {t["id"] for t in bodies} == {"18.01", "18.09", "18.71"}
    assert all(t["colour"] == GREY and not t["legend"] for t in bodies)
    names = [t["name"] for t in traces]
    assert "median of the kabupaten/kota" in names and "Provinsi Lampung (province government)" in names
    page.close()


def test_one_body_is_highlighted_from_the_list_and_from_a_link(browser, report):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((report / "province-18.html").as_uri(), wait_until="load")
    page.wait_for_function("document.getElementById('chart-trends').getAttribute('data-highlighted') !== null")
    assert _highlighted(page) == []
    page.select_option("#body-pick", "18.09")
    page.wait_for_function("document.getElementById('chart-trends').getAttribute('data-highlighted') === '18.09'")
    assert _highlighted(page) == ["18.09"] and page.url.endswith("#body=18.09")
    page.screenshot(path=str(_shots() / "province-18-picked.png"), full_page=True)
    # A link from the ranking names the body in the address: opening it highlights that body.
    page.click("#ranking-table a[href$='#body=18.01']")
    page.wait_for_function("document.getElementById('chart-trends').getAttribute('data-highlighted') === '18.01'")
    assert _highlighted(page) == ["18.01"] and page.input_value("#body-pick") == "18.01"
    fresh = browser.new_page(viewport={"width": 1280, "height": 900})
    fresh.goto((report / "province-18.html").as_uri() + "#body=18.71", wait_until="load")
    fresh.wait_for_function("document.getElementById('chart-trends').getAttribute('data-highlighted') === '18.71'")
    assert _highlighted(fresh) == ["18.71"]
    fresh.screenshot(path=str(_shots() / "province-18-linked.png"), full_page=True)
    page.close()
    fresh.close()


def test_the_ranking_names_every_body_with_the_missing_ones_last_and_why(browser, report):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((report / "province-18.html").as_uri(), wait_until="load")
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('#ranking-table tbody tr')).map(
        tr => Array.from(tr.cells).map(td => td.innerText.trim()))""")
    assert [r[1] for r in rows] == ["Kabupaten Pesawaran", "Kabupaten Lampung Selatan", "Kota Bandar Lampung"]
    assert [r[0] for r in rows[:2]] == ["1", "2"] and rows[-1][0] == "" and rows[-1][2] == ""
    assert rows[-1][5].startswith("no 2024 value: not in the 2024 decree and no news figure (latest result 2023:")
    assert "3 kabupaten/kota in this release; 1 without a 2024 value" in page.inner_text("#ranking")
    page.close()


def test_numbers_in_tables_never_wrap_even_on_a_narrow_screen(browser, report):  # noqa: F811
    for name in ("province-18.html", "province-19.html", "index.html"):
        page = browser.new_page(viewport={"width": 420, "height": 900})
        page.goto((report / name).as_uri(), wait_until="load")
        wrapped = page.evaluate("""() => Array.from(document.querySelectorAll('td.num')).filter(td => {
            const range = document.createRange(); range.selectNodeContents(td);
            return td.innerText.trim() && range.getClientRects().length > 1; }).map(td => td.innerText)""")
        cells = page.evaluate("() => document.querySelectorAll('td.num').length")
        page.screenshot(path=str(_shots() / f"narrow-{Path(name).stem}.png"), full_page=True)
        page.close()
        assert cells > 0 and wrapped == [], (name, wrapped)


def _shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
