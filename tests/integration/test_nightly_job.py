"""The defined nightly job, run twice over a small mirror, read back from the Dagster instance:
each partition carries its own year's metadata, the second run parses no decree and rebuilds no
index (and says why), and every check points at the materialization of its own run."""

import dagster as dg
import pytest

from assets.resources import SourcesResource, WarehouseResource
from mirror.documents import write_mirror
from mirror.server import serve_mirror
from pipelines.definitions import defs
from pipelines.jobs import range_tags, refresh_all_job
from spbe.infra.warehouse import Warehouse

pytestmark = pytest.mark.slow
YEARS = (2022, 2023, 2024)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("nightly")
    mirror = write_mirror(root / "mirror", years=YEARS)
    url = f"sqlite:///{root / 'wh.sqlite'}"
    instance = dg.DagsterInstance.ephemeral()
    with serve_mirror(mirror) as server:
        resources = {
            "warehouse": WarehouseResource(url=url),
            "sources": SourcesResource(source_mode="mirror", mirror_url=server.base_url, cache_dir=str(root / "cache")),
        }
        # The job as defined, with the test's resources: the same selection the schedule and the demo run.
        job = dg.Definitions(assets=defs.assets, jobs=[refresh_all_job], resources=resources).resolve_job_def("refresh_all")
        runs = [job.execute_in_process(instance=instance, tags=range_tags(str(YEARS[0]), str(YEARS[-1]))) for _ in range(2)]
    wh = Warehouse(url)
    yield instance, runs, wh
    wh.dispose()


def latest(instance, key: str, partition: str | None = None):
    records = instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=dg.AssetKey(key), asset_partitions=[partition] if partition else None), limit=1
    ).records
    return records[0]


def test_both_runs_succeed_in_one_run_each(two_runs):
    _, runs, _ = two_runs
    assert all(r.success for r in runs)
    assert runs[0].dagster_run.job_name == "refresh_all"


def test_each_partition_reports_its_own_year(two_runs):
    instance, runs, wh = two_runs
    for year in YEARS:
        record = latest(instance, "official_results", str(year))
        meta = record.asset_materialization.metadata
        assert record.run_id == runs[1].run_id
        assert meta["dagster/row_count"].value == wh.count("spbe_official_result", {"year": year}) > 0
        rows = [line for line in meta["preview"].value.splitlines()[2:] if line.startswith("|")]
        assert rows and all(line.startswith(f"| {year} |") for line in rows)


def test_second_run_parses_no_decree_and_rebuilds_no_index(two_runs):
    instance, runs, _ = two_runs
    first = latest(instance, "official_results", "2023")
    assert "unchanged" in first.asset_materialization.metadata["skipped"].value
    index = latest(instance, "spbe_index").asset_materialization.metadata
    assert index["rows_changed"].value == 0
    assert index["skipped"].value.startswith("not rebuilt")
    news = latest(instance, "news_figures").asset_materialization.metadata
    assert news["new_articles"].value == 0 and news["skipped"].value.startswith("nothing new")
    # The first run did the work.
    before = instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=dg.AssetKey("spbe_index")), limit=2
    ).records[1].asset_materialization.metadata
    assert before["rows_changed"].value == before["dagster/row_count"].value > 0


def test_spbe_index_has_a_column_schema(two_runs):
    node = defs.resolve_asset_graph().get(dg.AssetKey("spbe_index"))
    names = [c.name for c in node.metadata["dagster/column_schema"].columns]
    assert names[:2] == ["instansi_id", "instansi_name"] and "rank_in_type" in names


def test_checks_point_at_their_own_materialization(two_runs):
    instance, runs, _ = two_runs
    for run in runs:
        evaluations = run.get_asset_check_evaluations()
        assert {e.check_name for e in evaluations} >= {"rows_valid", "articles_valid", "figures_valid", "schema_valid"}
        for evaluation in evaluations:
            target = evaluation.target_materialization_data
            assert target is not None and target.run_id == run.run_id, evaluation.check_name


def test_run_wide_figures_sit_on_one_partition_and_the_table_total_beside_each(two_runs):
    """Summed over partitions, a run's requests and bytes must count once; each partition's row count
    is its year's, with the table's total beside it."""
    _, runs, wh = two_runs
    for run in runs:
        events = [e for e in run.get_asset_materialization_events() if e.asset_key == dg.AssetKey("official_results")]
        assert sorted(e.partition for e in events) == [str(y) for y in YEARS]
        run_wide = [e.partition for e in events if "http" in e.materialization.metadata]
        assert run_wide == [str(YEARS[-1])], run_wide
        for key in ("bytes_saved", "unverified_sources", "read_by_ocr", "years"):
            assert [e.partition for e in events if key in e.materialization.metadata] == run_wide, key
        for event in events:
            meta = event.materialization.metadata
            assert meta["table_row_count"].value == wh.count("spbe_official_result") > meta["dagster/row_count"].value > 0


def test_each_years_checks_sit_on_its_partition_and_point_at_its_materialization(two_runs):
    """A range run judges each year on its own: every official_results check has one result per year
    of the run, on that year's partition, pointing at that partition's materialization of the run
    (the second run parses nothing and still judges each year, on the rejects the warehouse holds)."""
    instance, runs, _ = two_runs
    for run in runs:
        materialized = {e.partition: e.event_specific_data for e in run.get_asset_materialization_events()
                        if e.asset_key == dg.AssetKey("official_results")}
        official = [e for e in run.get_asset_check_evaluations() if e.asset_key == dg.AssetKey("official_results")]
        for name in ("rows_valid", "predikat_matches_bands", "published_years_present"):
            assert sorted(e.partition for e in official if e.check_name == name) == [str(y) for y in YEARS], name
        for evaluation in official:
            target = evaluation.target_materialization_data
            assert target is not None and target.run_id == run.run_id, (evaluation.check_name, evaluation.partition)
            record = instance.fetch_materializations(dg.AssetRecordsFilter(
                asset_key=dg.AssetKey("official_results"), asset_partitions=[evaluation.partition]), limit=5).records
            assert target.storage_id in {r.storage_id for r in record if r.run_id == run.run_id}
        assert set(materialized) == {str(y) for y in YEARS}
    # Dagster's own record of each partition's check: the UI's per-partition status.
    key = dg.AssetCheckKey(dg.AssetKey("official_results"), "rows_valid")
    history = instance.event_log_storage.get_asset_check_execution_history(key, limit=20)
    assert {h.event.asset_check_evaluation.partition for h in history} == {str(y) for y in YEARS}
