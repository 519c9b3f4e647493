"""Every raw table carries the synthetic flag per row (issue 22, provenance): a row read from the demo
mirror is labelled synthetic in the table itself, so an export or a join of a raw table cannot pass
it off as an official result. The run's build stamps it when the row is written."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from schemas import TABLE_MODELS, column_names
from spbe.infra.provenance import Build, with_provenance
from spbe.infra.warehouse import Warehouse
from spbe.sources.news.ingest import write_news
from tests.release_warehouse import news_rows, official_rows, populate

RAW = {"spbe_official_result", "spbe_source_result", "spbe_reject", "spbe_news_article", "spbe_news_figure",
       "spbe_news_rank_claim", "spbe_indicator_level"}
WHEN = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)


def _flags(wh: Warehouse, table: str) -> list:
    with wh.engine.connect() as conn:
        return [None if f is None else bool(f) for f in conn.execute(sa.text(f"SELECT synthetic FROM {table}")).scalars()]


def test_every_raw_table_declares_the_flag():
    # spbe_dataset is the write log itself: its row is the build's own flag.
    assert {name for name, model in TABLE_MODELS.items() if "synthetic" in column_names(model)} == RAW | {"spbe_dataset"}


def test_a_runs_rows_carry_its_synthetic_flag_in_every_raw_table(tmp_path):
    wh = Warehouse(f"sqlite:///{tmp_path / 'wh.sqlite'}")
    wh.ensure_schema()
    populate(wh)  # the fixture's build is the mirror's: synthetic
    for table in RAW:
        flags = _flags(wh, table)
        assert flags and set(flags) == {True}, (table, flags)
    wh.dispose()


def test_a_live_run_writes_false_and_a_write_outside_a_run_null(tmp_path):
    wh = Warehouse(f"sqlite:///{tmp_path / 'wh.sqlite'}")
    wh.ensure_schema()
    official = official_rows()
    official = official.drop(columns=[c for c in official.columns if c not in wh.table("spbe_official_result").c])
    live = Build("live-run", "live", False, "test", WHEN)
    wh.replace_slices(with_provenance([("spbe_official_result", official[official["year"] == 2023], {"year": 2023})], live))
    wh.replace_slices([("spbe_official_result", official[official["year"] == 2024], {"year": 2024})])  # no build: unknown
    by_year = wh.read("spbe_official_result").groupby("year")["synthetic"].apply(lambda s: set(s.map(lambda v: None if pd.isna(v) else bool(v))))
    assert by_year[2023] == {False} and by_year[2024] == {None}
    wh.dispose()


def test_news_rows_are_stamped_by_the_build_that_fetched_them(tmp_path):
    wh = Warehouse(f"sqlite:///{tmp_path / 'wh.sqlite'}")
    wh.ensure_schema()
    figures, articles = news_rows(WHEN)
    rejects = pd.DataFrame([{"source": "news", "year": 2024, "source_url": articles["url"].iloc[0], "page": None, "row_number": None,
                             "published_name": None, "raw": "{}", "reason": "body did not exist that year", "action": "rejected"}])
    write_news(wh, articles, figures, rejects, Build("mirror-run", "mirror", True, "test", WHEN))
    assert set(_flags(wh, "spbe_news_article")) == set(_flags(wh, "spbe_news_figure")) == set(_flags(wh, "spbe_reject")) == {True}
    wh.dispose()
