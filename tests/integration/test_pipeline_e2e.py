"""The whole pipeline through Dagster against the generated mirror on 127.0.0.1."""

import dagster as dg
import pandas as pd
import pytest

from assets.resources import SourcesResource, WarehouseResource
from assets.sources.news.figures import news_figures
from assets.sources.official.results import official_results
from assets.warehouse.spbe_index import spbe_index
from mirror.documents import write_mirror
from mirror.official_values import official_results as mirror_decree
from mirror.registry import OVERLAY
from mirror.scanned import SCANNED_YEARS
from mirror.server import serve_mirror
from spbe.infra.warehouse import Warehouse

pytestmark = pytest.mark.slow

# 2020 and 2022 are served as scans (mirror/scanned.py): the run reads them by OCR.
YEARS = ("2020", "2022", "2023", "2024")


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    mirror = write_mirror(root / "mirror", years=tuple(int(y) for y in YEARS))
    url = f"sqlite:///{root / 'wh.sqlite'}"
    instance = dg.DagsterInstance.ephemeral()
    with serve_mirror(mirror) as server:
        resources = {
            "warehouse": WarehouseResource(url=url),
            "sources": SourcesResource(source_mode="mirror", mirror_url=server.base_url, cache_dir=str(root / "cache"),
                                       registry_overlays=[str(OVERLAY)]),
        }

        def run(partition_keys=YEARS, assets=(official_results, news_figures, spbe_index)):
            result = None
            for key in partition_keys:  # the CLI does a range in one run; here one run per year is enough
                result = dg.materialize(list(assets), partition_key=key, resources=resources, instance=instance)
                assert result.success
            return result

        first = run()
        yield Warehouse(url), run, first, instance


def test_official_values_deltas_and_ranks(pipeline):
    wh, *_ = pipeline
    index = wh.read("spbe_index").set_index(["instansi_id", "year"])
    pesawaran = index.loc["18.09"]
    assert pesawaran.loc[2023, "index_value"] == 2.91 and pesawaran.loc[2024, "index_value"] == 3.49
    assert pesawaran.loc[2024, "yoy_delta"] == pytest.approx(0.58)
    assert pesawaran.loc[2024, "predikat"] == "Baik" and pesawaran.loc[2024, "source"] == "official"
    assert 1 <= pesawaran.loc[2024, "rank_in_province"] <= 3


def test_news_targets_self_assessments_and_conflicts_land_with_their_urls(pipeline):
    wh, *_ = pipeline
    targets = wh.read("spbe_target")
    pangkal = targets[(targets.instansi_id == "19.71") & (targets.year == 2024)]
    assert 3.00 in set(pangkal["target_index_value"]) and pangkal["article_url"].str.startswith("https://").all()
    figures = wh.read("spbe_news_figure")
    indramayu = figures[(figures.instansi_id == "32.12") & (figures.year == 2023) & (figures.kind == "self_assessment")]
    assert indramayu["index_value"].tolist() == [3.77] and indramayu["article_url"].iloc[0].startswith("https://")
    index = wh.read("spbe_index")
    assert set(index["source"]) <= {"official", "news"}
    assert wh.count("spbe_news_article") >= 50
    # The mirror leaves Kota Denpasar out of the 2025 decree: the news figure fills the year.
    denpasar = index[(index.instansi_id == "51.71") & (index.year == 2025)]
    assert denpasar["source"].tolist() == ["news"] and denpasar["source_url"].iloc[0].startswith("https://")
    # ... and its decree says 1.79 for Kabupaten Kupang 2023 where the press wrote 1,74.
    conflicts = wh.read("spbe_source_conflict")
    kupang = conflicts[(conflicts.instansi_id == "53.01") & (conflicts.year == 2023)]
    assert kupang[["reference_source", "reference_index_value", "other_source", "other_index_value", "kept_source", "resolution"]].values.tolist() == [
        ["official", 1.79, "news", 1.74, "official", "precedence"]]
    assert kupang[["instansi_type", "province_name"]].values.tolist() == [["kabupaten", "Nusa Tenggara Timur"]]
    assert index[(index.instansi_id == "53.01") & (index.year == 2023)]["index_value"].tolist() == [1.79]


def test_rerun_changes_nothing_and_fetches_no_article_again(pipeline):
    wh, run, *_ = pipeline
    before = {t: wh.read(t) for t in ("spbe_index", "spbe_news_figure", "spbe_news_article", "spbe_target")}
    result = run(partition_keys=("2024",))
    news_event = result.asset_materializations_for_node("news_figures")[0]
    assert news_event.metadata["new_articles"].value == 0
    assert news_event.metadata["candidates_discovered"].value == 0
    assert news_event.metadata["figures_by_rule_family"].value == {}  # no new figure, no rule fired
    http = news_event.metadata["http"].value
    # Feeds, sitemaps and listings are revalidated (304); no article body or anything else is downloaded.
    assert http["bytes_downloaded"] == 0 and http["not_modified"] >= 1
    for table, frame in before.items():
        pd.testing.assert_frame_equal(wh.read(table).sort_index(axis=1), frame.sort_index(axis=1), obj=table)


def test_every_row_of_the_years_read_by_ocr_equals_the_mirror_decree(pipeline):
    wh, *_ = pipeline
    official = wh.read("spbe_official_result")
    rejects = wh.read("spbe_reject")
    scanned = sorted(SCANNED_YEARS.keys() & {int(y) for y in YEARS})
    assert scanned == [2020, 2022]
    for year in scanned:
        decree = {r.instansi.id: r.value for r in mirror_decree(year)}
        loaded = official[official["year"] == year].set_index("instansi_id")["index_value"].to_dict()
        assert loaded == decree, f"{year}: {len(loaded)} loaded of {len(decree)}"
        assert rejects[(rejects["year"] == year) & (rejects["source"] == "official")].empty


def test_official_metadata_names_the_years_read_by_ocr(pipeline):
    """What the demo's summary line reports: the scanned years, their OCR'd pages and rejects."""
    *_, instance = pipeline
    records = instance.fetch_materializations(dg.AssetKey("official_results"), limit=50).records
    read_by_ocr = {}
    for record in records:
        entry = record.asset_materialization.metadata.get("read_by_ocr")
        read_by_ocr |= entry.value if entry else {}
    assert sorted(read_by_ocr) == ["2020", "2022"]
    assert all(v["ocr_pages"] == v["pages"] > 0 and v["rejected"] == 0 for v in read_by_ocr.values())


def test_the_demo_warehouse_says_it_is_synthetic(pipeline):
    wh, *_ = pipeline
    dataset = wh.read("spbe_dataset")
    assert set(dataset["source_mode"]) == {"mirror"} and dataset["synthetic"].all()
    assert {"spbe_index,spbe_source_conflict,spbe_target", "spbe_news_article,spbe_news_figure"} <= set(dataset["tables"])
    with wh.engine.connect() as conn:
        latest = pd.read_sql("SELECT data_synthetic, dataset_note FROM v_spbe_latest", conn)
    assert len(latest) > 500 and latest["data_synthetic"].astype(bool).all()
    assert latest["dataset_note"].str.startswith("SYNTHETIC").all()


def test_synthetic_rows_point_at_the_mirror_never_at_a_publisher_nor_a_local_path(pipeline, tmp_path):
    """Every stored text cell, the Dagster `document` metadata and every file of a release built from
    the mirror: no URL on a real publisher's host, no file:// URL, no absolute local path."""
    from schemas import TABLE_MODELS
    from schemas.views import VIEWS
    from spbe.release.build import build_release
    from tests.provenance_scan import offences, publisher_hosts, scan_files, scan_warehouse

    wh, *_, instance = pipeline
    assert scan_warehouse(wh, [*TABLE_MODELS, *(v.name for v in VIEWS)]) == {}
    urls = wh.read("spbe_official_result")["source_url"].unique()
    assert all(u.startswith("http://127.0.0.1:8765/") for u in urls), urls[:3]  # the mirror's address, any run's port
    records = instance.fetch_materializations(dg.AssetKey("official_results"), limit=50).records
    documents = [r.asset_materialization.metadata["document"].value for r in records if "document" in r.asset_materialization.metadata]
    assert documents and not [d for d in documents if offences(d, publisher_hosts())]
    # Every materialization says what the data is, beside its figures.
    for key in ("official_results", "news_figures", "spbe_index"):
        meta = instance.fetch_materializations(dg.AssetKey(key), limit=1).records[0].asset_materialization.metadata
        assert meta["synthetic"].value is True and meta["data"].value.startswith("SYNTHETIC"), key
    release = build_release(wh, tmp_path)
    assert release.meta.synthetic and scan_files(release.path) == {}


def test_held_figures_stay_out_and_the_seed_rank_claim_holds_against_the_demo_ranks(pipeline):
    from spbe.index.rebuild import settled_news
    from spbe.index.settle import held_in_index
    from spbe.infra.ddl import ensure_views

    wh, _run, first, _instance = pipeline
    settled = settled_news(wh)
    assert held_in_index(wh.read("spbe_index"), settled).empty
    (evaluation,) = [e for e in first.get_asset_check_evaluations() if e.check_name == "no_held_news"]
    assert evaluation.passed
    with wh.engine.begin() as conn:
        ensure_views(conn)
        claims = pd.read_sql("SELECT * FROM v_rank_claims", conn)
    # Seed article 000: "Pesawaran masuk 3 besar ... di Lampung" (2024), checked against the demo's ranks.
    pesawaran = claims[(claims.instansi_id == "18.09") & (claims.year == 2024) & (claims.scope == "province")]
    assert pesawaran[["claimed_rank", "bound", "verdict"]].values.tolist() == [[3, "at_most", "holds"]]
