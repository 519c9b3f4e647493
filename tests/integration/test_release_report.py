"""The release's HTML report in headless Chromium: every page renders its charts, offline, without errors."""

import io
import os
import shutil
from pathlib import Path

import pytest

from spbe.infra.warehouse import Warehouse
from spbe.release.build import build_release
from tests.release_warehouse import populate

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags that keep Chromium from calling home: the report must work with no network at all.
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CHART_STATE = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(d => {
  const box = d.getBoundingClientRect();
  return {id: d.id, width: box.width, height: box.height, traces: d.querySelectorAll('g.trace').length,
          marks: d.querySelectorAll('g.trace path, g.trace rect').length};
})"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("SPBE_REQUIRE_BROWSER") or os.environ.get("CI"):
            pytest.fail("chromium is missing and SPBE_REQUIRE_BROWSER/CI is set: run scripts/install_system_deps.sh")
        pytest.skip("needs Debian's chromium (scripts/install_system_deps.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("report")
    warehouse = Warehouse(f"sqlite:///{root / 'wh.sqlite'}")
    warehouse.ensure_schema()
    populate(warehouse)
    release = build_release(warehouse, root / "releases")
    warehouse.dispose()
    return release.path / "report"


def _open(browser, page_path: Path, shots: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems, outside = [], []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))

    def only_local(route):
        if route.request.url.startswith("file://"):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    page.route("**/*", only_local)
    page.goto(page_path.as_uri(), wait_until="load")
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 0", timeout=20000)
    charts = page.evaluate(CHART_STATE)
    png = page.screenshot(path=str(shots / f"{page_path.stem}.png"), full_page=True)
    banner = page.is_visible("#synthetic-banner")
    page.close()
    return charts, png, problems, outside, banner


def _distinct_colours(png: bytes) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").resize((320, 320))
    return len(image.getcolors(maxcolors=1 << 20) or [])


def test_every_page_renders_its_charts_offline_without_errors(browser, report, tmp_path):
    pages = sorted(report.glob("*.html"))
    assert [p.name for p in pages] == ["index.html", "province-18.html", "province-19.html"]
    for page_path in pages:
        html = page_path.read_text(encoding="utf-8")
        assert "cdn" not in html.lower() and "<script src='plotly.min.js'>" in html
        charts, png, problems, outside, banner = _open(browser, page_path, tmp_path)
        assert problems == [] and outside == [], (page_path.name, problems, outside)
        expected = html.count("class=\"plotly-graph-div\"")
        assert expected >= 2 and len(charts) == expected, (page_path.name, charts)
        for chart in charts:  # drawn, not an empty frame: a plot area with traces and marks in them
            assert chart["width"] > 300 and chart["height"] > 200 and chart["traces"] > 0 and chart["marks"] > 0, chart
        assert banner, f"{page_path.name}: the SYNTHETIC banner is not visible"
        assert _distinct_colours(png) > 50, f"{page_path.name}: the screenshot is (nearly) blank"
