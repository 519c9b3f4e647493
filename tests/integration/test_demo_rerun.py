"""A second demo on a new mirror port is answered with 304s: the HTTP cache is keyed by the live
URL, not by the port that served it (the demo's mirror takes a random port every time)."""

import dagster as dg

from assets.resources import SourcesResource, WarehouseResource
from assets.sources.news.figures import news_figures
from assets.sources.official.results import official_results
from mirror.documents import MANUAL_DROP_DIRNAME, write_mirror
from mirror.registry import OVERLAY
from mirror.server import serve_mirror
from spbe.infra.warehouse import Warehouse

YEARS = ("2020", "2025")  # a decree on the portal (document page + attachment) and the manual drop


def test_a_second_run_on_another_port_revalidates_and_downloads_almost_nothing(tmp_path):
    mirror = write_mirror(tmp_path / "mirror", years=tuple(int(y) for y in YEARS))
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    instance = dg.DagsterInstance.ephemeral()
    runs = []
    for _ in range(2):
        with serve_mirror(mirror) as server:  # a new random port each time, as `make demo`
            resources = {
                "warehouse": WarehouseResource(url=url),
                "sources": SourcesResource(
                    source_mode="mirror", mirror_url=server.base_url, cache_dir=str(tmp_path / "cache"),
                    registry_overlays=[str(OVERLAY)], manual_drop_dir=str(mirror / MANUAL_DROP_DIRNAME),
                ),
            }
            official = dg.materialize([official_results], partition_key="2020", resources=resources, instance=instance)
            news = dg.materialize([news_figures], resources=resources, instance=instance)
            assert official.success and news.success
            runs.append({
                "official": official.asset_materializations_for_node("official_results")[0].metadata,
                "news": news.asset_materializations_for_node("news_figures")[0].metadata,
                "port": server.port,
            })
    first, second = runs
    assert first["port"] != second["port"]
    assert first["official"]["not_modified"].value == 0 and second["official"]["not_modified"].value == 2
    assert second["official"]["bytes_saved"].value > 0 and second["news"]["not_modified"].value > 0
    downloaded = [r["official"]["bytes_downloaded"].value + r["news"]["bytes_downloaded"].value for r in runs]
    assert downloaded[0] > 100_000 and downloaded[1] < 0.05 * downloaded[0], downloaded
    assert "2020" in first["official"]["unverified_sources"].value  # the product entry is not verified


def test_2025_is_read_from_the_manual_drop_with_the_same_parser(tmp_path):
    mirror = write_mirror(tmp_path / "mirror", years=(2025,), with_news=False)
    drop = mirror / MANUAL_DROP_DIRNAME
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    with serve_mirror(mirror) as server:
        def run(manual_dir, raise_on_error=True):
            sources = SourcesResource(source_mode="mirror", mirror_url=server.base_url, cache_dir=str(tmp_path / "cache"),
                                      registry_overlays=[str(OVERLAY)], manual_drop_dir=str(manual_dir))
            return dg.materialize([official_results], partition_key="2025", raise_on_error=raise_on_error,
                                  resources={"warehouse": WarehouseResource(url=url), "sources": sources})

        # Nobody placed the file yet: 2025 was published (the calendar says so), so that is a failed
        # run and a failed check with the reason, not a green run with an INFO line.
        empty = run(tmp_path / "nothing-dropped", raise_on_error=False)
        assert not empty.success and not empty.asset_materializations_for_node("official_results")
        check = [e for e in empty.get_asset_check_evaluations() if e.check_name == "published_years_present"][0]
        assert not check.passed and "published on 2026-01-07" in check.description and "place the file" in check.description
        failure = empty.get_step_failure_events()[0].step_failure_data.error.message
        assert "evaluation year 2025 was published" in failure
        result = run(drop)
        meta = result.asset_materializations_for_node("official_results")[0].metadata
        assert meta["dagster/row_count"].value == 620 and meta["method"].value == "manual_drop"
        # Recorded by its place in the drop folder, name and SHA-256: never an absolute local path.
        urls = set(Warehouse(url).read("spbe_official_result")["source_url"])
        assert len(urls) == 1 and urls.pop().startswith("manual_drop/official/2025/") and "#sha256=" in meta["document"].value
        assert str(tmp_path) not in meta["document"].value and not meta["document"].value.startswith("file:")
        assert meta["not_modified"].value == 0 and meta["bytes_downloaded"].value == 0  # nothing fetched


def test_2026_the_mirror_serves_a_pemdi_decree_and_the_real_registry_skips_the_year_visibly(tmp_path):
    """The mirror's synthetic 2026 decree loads as PemDI rows (PemDI's bands), a second run skips it,
    and the product registry (no 2026 decree yet) skips the year with a line saying what to do."""
    import sqlalchemy as sa

    mirror = write_mirror(tmp_path / "mirror", years=(2026,), with_news=False)
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    instance = dg.DagsterInstance.ephemeral()
    with serve_mirror(mirror) as server:
        def run(**sources):
            resources = {"warehouse": WarehouseResource(url=url),
                         "sources": SourcesResource(cache_dir=str(tmp_path / "cache"), manual_drop_dir=str(tmp_path / "drop"), **sources)}
            result = dg.materialize([official_results], partition_key="2026", resources=resources, instance=instance)
            assert result.success
            return result.asset_materializations_for_node("official_results")[0].metadata

        mirrored = {"source_mode": "mirror", "mirror_url": server.base_url, "registry_overlays": [str(OVERLAY)]}
        first, second = run(**mirrored), run(**mirrored)
        assert first["dagster/row_count"].value == 620 and first["skipped"].value.startswith("no")
        assert second["skipped"].value.startswith("decree unchanged")
        live = run(source_mode="live")
    assert "no decree is registered for it yet" in live["skipped"].value and "official/2026" in live["skipped"].value
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = dict(conn.execute(sa.text("SELECT predikat, COUNT(*) FROM spbe_official_result WHERE year = 2026 GROUP BY predikat")).all())
        band_of = conn.execute(sa.text("SELECT predikat FROM spbe_official_result WHERE year = 2026 AND index_value >= 4.0 AND index_value < 4.2")).scalars().all()
    engine.dispose()
    assert sum(rows.values()) == 620 and band_of and set(band_of) == {"Memuaskan"}  # SPBE would say Sangat Baik
