"""The nightly schedule's check, on a small mirror: a tick after a run with nothing new skips and
names what it checked; a change anywhere (a decree, a feed, a drop folder, a review, the registry,
the code) makes the tick ask for a run. A skip that hid a change would leave a wrong warehouse."""

from __future__ import annotations

import datetime as dt
import re

import dagster as dg
import pytest
import sqlalchemy as sa

from assets.resources import SourcesResource, WarehouseResource
from mirror.documents import MANUAL_DROP_DIRNAME, write_mirror
from mirror.registry import OVERLAY
from mirror.server import serve_mirror
from pipelines.definitions import defs
from pipelines.jobs import nightly_refresh, refresh_all_job
from pipelines.nightly import CHECK_TAG, REGISTRY_TAG, uncovered
from pipelines.resources import default_resources
from tests.paths import REPO_ROOT

pytestmark = pytest.mark.slow
YEARS = (2025, 2026)
TICK = dt.datetime(2026, 12, 6, 19, 0, tzinfo=dt.UTC)  # 02:00 WIB on 7 December 2026: years 2025 and 2026


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    root = tmp_path_factory.mktemp("nightly-tick")
    mirror = write_mirror(root / "mirror", years=YEARS)
    url = f"sqlite:///{root / 'wh.sqlite'}"
    # A persistent instance (the schedule context needs an instance reference, as in the code server).
    (root / "dagster_home").mkdir()
    with dg.instance_for_test(temp_dir=str(root / "dagster_home")) as instance, serve_mirror(mirror) as server:
        def resources(**sources) -> dict:
            options = {"source_mode": "mirror", "mirror_url": server.base_url, "cache_dir": str(root / "cache"),
                       "registry_overlays": [str(OVERLAY)], "manual_drop_dir": str(mirror / MANUAL_DROP_DIRNAME), **sources}
            return {"warehouse": WarehouseResource(url=url), "sources": SourcesResource(**options)}

        def tick(definitions: dg.Definitions | None = None, **sources):
            definitions = definitions or dg.Definitions(assets=defs.assets, jobs=[refresh_all_job], schedules=[nightly_refresh],
                                                        resources=resources(**sources))
            with dg.build_schedule_context(instance=instance, scheduled_execution_time=TICK,
                                           repository_def=definitions.get_repository_def(), resources=resources(**sources)) as context:
                return nightly_refresh.evaluate_tick(context)

        def run(request: dg.RunRequest):
            job = dg.Definitions(assets=defs.assets, jobs=[refresh_all_job], resources=resources()).resolve_job_def("refresh_all")
            result = job.execute_in_process(instance=instance, tags=request.tags)
            assert result.success
            return result

        first = tick()
        (request,) = first.run_requests
        run(request)
        yield {"root": root, "mirror": mirror, "url": url, "tick": tick, "first": first, "request": request,
               "resources": resources, "run": run}


def skip_reason(result) -> str | None:
    return None if result.run_requests else result.skip_message


def run_reason(result) -> str:
    (request,) = result.run_requests
    return request.tags[CHECK_TAG]


def test_the_first_tick_runs_the_nightly_years_and_records_the_registry(night):
    request = night["request"]
    assert request.tags["dagster/asset_partition_range_start"] == "2025"
    assert request.tags["dagster/asset_partition_range_end"] == "2026"
    assert "no earlier run of refresh_all" in request.tags[CHECK_TAG]
    assert len(request.tags[REGISTRY_TAG]) == 64


def test_a_tick_with_nothing_new_skips_and_names_what_it_checked(night):
    message = skip_reason(night["tick"]())
    assert message is not None, run_reason(night["tick"]())
    assert message.startswith("nothing changed since the last run")
    for checked in ("registry: unchanged", "code:", "official 2025:", "official 2026: decree unchanged", "published_by_body:",
                    "indicator levels:", "spbe_index: built from the input tables as they stand", "news:"):
        assert checked in message, checked


def test_a_changed_decree_is_not_skipped(night):
    pdf = next(p for p in (night["mirror"]).rglob("*.pdf") if "2026" in str(p) or "999" in str(p))
    original = pdf.read_bytes()
    try:
        pdf.write_bytes(original + b"\n% a corrected decree\n")
        reason = run_reason(night["tick"]())
    finally:
        pdf.write_bytes(original)
    assert reason.startswith("changed since the last run: official 2026: decree sha256"), reason
    assert skip_reason(night["tick"]()) is not None  # the original bytes again: nothing to do


def test_a_new_article_in_a_sitemap_is_not_skipped(night):
    sitemap = next(p for p in night["mirror"].rglob("sitemap*.xml") if "<loc>" in p.read_text(encoding="utf-8")
                   and "sitemapindex" not in p.read_text(encoding="utf-8"))
    original = sitemap.read_text(encoding="utf-8")
    loc = re.search(r"<loc>(https://[^<]+)</loc>", original).group(1)
    new = loc.rstrip("/").rsplit("/", 1)[0] + "/indeks-spbe-pemkab-naik-tajam-2026"
    try:
        sitemap.write_text(original.replace("</urlset>", f"<url><loc>{new}</loc></url></urlset>"), encoding="utf-8")
        reason = run_reason(night["tick"]())
    finally:
        sitemap.write_text(original, encoding="utf-8")
    assert "news: 1 new article(s) on" in reason, reason


def test_a_file_dropped_by_a_body_is_not_skipped(night):
    folder = night["mirror"] / MANUAL_DROP_DIRNAME / "published_by_body" / "2025"
    folder.mkdir(parents=True, exist_ok=True)
    dropped = folder / "hasil-spbe-kota-contoh.csv"
    try:
        dropped.write_bytes((REPO_ROOT / "docs" / "examples" / "ingest-file-2025.csv").read_bytes())
        reason = run_reason(night["tick"]())
    finally:
        dropped.unlink()
    assert "published_by_body: not loaded yet: hasil-spbe-kota-contoh.csv" in reason, reason


def test_a_review_decision_that_changes_the_index_inputs_is_not_skipped(night):
    engine = sa.create_engine(night["url"])
    try:
        with engine.begin() as conn:
            key, status = conn.execute(sa.text("SELECT figure_key, status FROM spbe_news_figure LIMIT 1")).one()
            conn.execute(sa.text("UPDATE spbe_news_figure SET status = :s WHERE figure_key = :k"),
                         {"s": "rejected" if status != "rejected" else "accepted", "k": key})
        reason = run_reason(night["tick"]())
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE spbe_news_figure SET status = :s WHERE figure_key = :k"), {"s": status, "k": key})
    finally:
        engine.dispose()
    assert "spbe_index: its input tables changed since the last build" in reason, reason


def test_a_registry_change_is_not_skipped(night, tmp_path):
    extra = tmp_path / "more.toml"
    extra.write_text('[http]\nuser_agent = "spbe-warehouse/2 (a changed contact)"\n', encoding="utf-8")
    reason = run_reason(night["tick"](registry_overlays=[str(OVERLAY), str(extra)]))
    assert reason.startswith("changed since the last run: registry: sources registry sha256"), reason


def test_a_code_change_is_not_skipped(night):
    changed = [a.map_asset_specs(lambda spec: spec.replace_attributes(code_version="changed-code"))
               if isinstance(a, dg.AssetsDefinition) and dg.AssetKey("spbe_index") in a.keys else a for a in defs.assets]
    definitions = dg.Definitions(assets=changed, jobs=[refresh_all_job], schedules=[nightly_refresh], resources=night["resources"]())
    reason = run_reason(night["tick"](definitions))
    assert "code: new code or never materialized: spbe_index" in reason, reason


def test_every_asset_of_the_nightly_job_is_covered_by_a_check():
    job = defs.resolve_job_def("refresh_all")
    assert uncovered(job) == []

    @dg.asset(group_name="a_new_source")
    def new_source_facts() -> None: ...

    bigger = dg.Definitions(assets=[*defs.assets, new_source_facts], resources=default_resources(),
                            jobs=[dg.define_asset_job("refresh_all", selection=dg.AssetSelection.all() - dg.AssetSelection.groups("release"))])
    assert uncovered(bigger.resolve_job_def("refresh_all")) == ["new_source_facts"]


def test_the_code_server_evaluates_the_tick_as_the_daemon_asks_it(night):
    """The production path: a code server that loaded the Definitions with its environment (resources
    from SPBE_* variables), asked over gRPC with the daemon's call (what the benchmark times)."""
    import os

    from benchmarks.nightly_tick import CodeServer
    from mirror.demo_run import mirror_env

    with serve_mirror(night["mirror"]) as server:
        env = {**os.environ, **mirror_env(server.base_url, night["mirror"]), "SPBE_WAREHOUSE_URL": night["url"],
               "SPBE_HTTP_CACHE_DIR": str(night["root"] / "cache"), "DAGSTER_HOME": str(night["root"] / "dagster_home")}
        with CodeServer(env, night["root"] / "dagster_home") as code_server:
            tick = code_server.tick(TICK)
    assert not tick["run_requested"], tick["message"]
    assert tick["message"].startswith("nothing changed since the last run") and "news: " in tick["message"]
