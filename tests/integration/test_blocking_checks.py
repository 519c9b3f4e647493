"""Every blocking check can fail: it reports the failure count and a sample, and the warehouse keeps
its rows. (rows_valid on official_results is forced to fail in test_faults.py, with a real decree.)"""

import datetime as dt

import dagster as dg
import pandas as pd
import pytest

import assets.sources.news.figures as news_asset
from assets.resources import SourcesResource, WarehouseResource
from assets.sources.news.figures import news_figures
from assets.warehouse.spbe_index import spbe_index
from spbe.infra.warehouse import Warehouse
from spbe.sources.news.ingest import ARTICLE_COLUMNS, FIGURE_COLUMNS, NewsIngest
from spbe.sources.news.sink import RowBatch

NOW = pd.Timestamp(dt.datetime(2026, 12, 1, tzinfo=dt.UTC))


def article(url: str, **overrides) -> dict:
    row = {
        "url": url, "discovered_url": url, "site": "warta.example.id", "title": "SPBE", "published": NOW,
        "fetched_at": NOW, "text": "Indeks SPBE Kabupaten Pesawaran 2,91.", "content_sha256": "a" * 64, "figure_count": 1,
    }
    return {**row, **overrides}


def figure(url: str, **overrides) -> dict:
    row = {
        "figure_key": f"k-{url}", "article_url": url, "article_title": "SPBE", "published": NOW, "instansi_id": "18.09",
        "instansi_name": "Kabupaten Pesawaran", "instansi_type": "kabupaten", "province_code": "18", "province_name": "Lampung",
        "year": 2023, "index_value": 2.91, "kind": "evaluation", "predikat": "Baik", "evidence": "Indeks SPBE 2,91.",
        "status": "accepted", "hold_reason": None, "cues": None, "index_name": "SPBE",
    }
    return {**row, **overrides}


def official_row(instansi_id: str, name: str, value: float) -> dict:
    return {
        "year": 2023, "instansi_id": instansi_id, "instansi_name": name, "instansi_type": "kabupaten", "province_code": "18",
        "province_name": "Lampung", "published_name": name, "index_value": value, "predikat": "Baik", "predikat_expected": "Baik",
        "source_url": "https://jdih.menpan.go.id/x.pdf", "page": 1, "row_number": 1,
    }


@pytest.fixture
def env(tmp_path):
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    resources = {
        "warehouse": WarehouseResource(url=url),
        "sources": SourcesResource(source_mode="live", cache_dir=str(tmp_path / "cache")),
    }
    wh = Warehouse(url)
    wh.ensure_schema()
    yield wh, resources, dg.DagsterInstance.ephemeral()
    wh.dispose()


def check(result, name: str):
    (evaluation,) = [e for e in result.get_asset_check_evaluations() if e.check_name == name]
    return evaluation


def counts(wh: Warehouse, tables) -> dict[str, int]:
    return {t: wh.count(t) for t in tables}


@pytest.mark.parametrize(
    "name, articles, figures, bad",
    [
        ("articles_valid", [article("https://warta.example.id/b", content_sha256="short")], [], "| short |"),
        ("figures_valid", [article("https://warta.example.id/b")], [figure("https://warta.example.id/b", index_value=7.5)], "| 7.5 |"),
    ],
)
def test_news_checks_fail_with_metadata_and_write_nothing(env, monkeypatch, name, articles, figures, bad):
    wh, resources, instance = env

    def fake_ingest(registry, client, seen, progress=None, sink=None):
        sink.add(RowBatch(articles=batch[0], figures=batch[1]))  # the asset streams the crawl's rows host by host
        return NewsIngest(pd.DataFrame(columns=ARTICLE_COLUMNS), pd.DataFrame(columns=FIGURE_COLUMNS))

    monkeypatch.setattr(news_asset, "ingest_news", fake_ingest)
    batch = ([article("https://warta.example.id/a")], [figure("https://warta.example.id/a")])
    assert dg.materialize([news_figures], resources=resources, instance=instance).success
    tables = ("spbe_news_article", "spbe_news_figure")
    before = counts(wh, tables)
    assert before == {"spbe_news_article": 1, "spbe_news_figure": 1}

    batch = (articles, figures)
    result = dg.materialize([news_figures], resources=resources, instance=instance, raise_on_error=False)
    assert not result.success
    evaluation = check(result, name)
    assert not evaluation.passed
    assert evaluation.metadata["failure_cases_count"].value >= 1
    assert bad in evaluation.metadata["failure_cases_sample"].value
    assert counts(wh, tables) == before


def test_spbe_index_schema_check_fails_with_metadata_and_keeps_the_table(env):
    wh, resources, instance = env
    good = [official_row("18.09", "Kabupaten Pesawaran", 2.91), official_row("18.10", "Kabupaten Pringsewu", 2.75)]
    wh.replace_rows("spbe_official_result", pd.DataFrame(good), {"year": 2023})
    first = dg.materialize([spbe_index], resources=resources, instance=instance)
    assert first.success and check(first, "schema_valid").passed
    before = counts(wh, ("spbe_index", "spbe_source_conflict", "spbe_target"))
    assert before["spbe_index"] == 2

    # The warehouse table has no range constraint: an index of 7.5 reaches the build, which must refuse it.
    wh.replace_rows("spbe_official_result", pd.DataFrame([*good, official_row("18.11", "Kabupaten Mesuji", 7.5)]), {"year": 2023})
    result = dg.materialize([spbe_index], resources=resources, instance=instance, raise_on_error=False)
    assert not result.success
    evaluation = check(result, "schema_valid")
    assert not evaluation.passed
    assert evaluation.metadata["failure_cases_count"].value >= 1
    assert "7.5" in evaluation.metadata["failure_cases_sample"].value
    assert counts(wh, ("spbe_index", "spbe_source_conflict", "spbe_target")) == before
    assert wh.read("spbe_index")["index_value"].max() < 5


def test_a_bad_row_on_the_last_host_writes_nothing_of_the_hosts_before_it(env, monkeypatch):
    """The rows come host by host and are validated host by host, but written in one transaction
    only once every host passed: a bad figure from the last host keeps the good hosts out too."""
    wh, resources, instance = env
    hosts = [([article(f"https://warta-{i}.example.id/a")], [figure(f"https://warta-{i}.example.id/a")]) for i in range(3)]
    hosts[-1][1][0]["index_value"] = 7.5

    def fake_ingest(registry, client, seen, progress=None, sink=None):
        for articles, figures in hosts:
            sink.add(RowBatch(articles=articles, figures=figures))
        return NewsIngest(pd.DataFrame(columns=ARTICLE_COLUMNS), pd.DataFrame(columns=FIGURE_COLUMNS))

    monkeypatch.setattr(news_asset, "ingest_news", fake_ingest)
    result = dg.materialize([news_figures], resources=resources, instance=instance, raise_on_error=False)
    assert not result.success and not check(result, "figures_valid").passed
    assert counts(wh, ("spbe_news_article", "spbe_news_figure")) == {"spbe_news_article": 0, "spbe_news_figure": 0}

    hosts[-1][1][0]["index_value"] = 2.5
    result = dg.materialize([news_figures], resources=resources, instance=instance)
    assert check(result, "figures_valid").metadata["figures_checked"].value == 3
    assert counts(wh, ("spbe_news_article", "spbe_news_figure")) == {"spbe_news_article": 3, "spbe_news_figure": 3}
