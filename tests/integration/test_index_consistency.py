"""spbe_index against its inputs: overlapping runs and killed runs, on SQLite and PostgreSQL.

A run is "load official results, then rebuild spbe_index" (the order of the Dagster job). The race
is forced, not hoped for: one run's rebuild pauses between its read and its write while the other
run tries to load and rebuild in that window.
"""

import textwrap
import threading

import pandas as pd
import pytest

from schemas import Reject, SpbeIndex
from spbe.cli import STALE_NOTE, summarize
from spbe.index.rebuild import index_is_stale, rebuild_index
from spbe.infra.warehouse import Warehouse
from spbe.sources.official.ingest import write_official_years
from tests.processes import kill, start_until_marker
from tests.unit.test_index_table import fact

# How long the paused rebuild waits for the other run to finish. With the fix the other run cannot
# get past its first lock in this window; without it, it finishes well within it.
OVERLAP_WINDOW_S = 3.0
NO_REJECTS = Reject.validate(pd.DataFrame(columns=list(Reject.to_schema().columns)))


def year_facts(year: int, value: float, n: int = 30) -> pd.DataFrame:
    rows = [fact(year, f"18.{i:02d}", f"Kabupaten {i}", "kabupaten", value + i / 100) for i in range(1, n + 1)]
    return pd.DataFrame(rows).assign(predikat_expected="Baik")


def load_year(wh: Warehouse, year: int, value: float) -> None:
    write_official_years(wh, [year], year_facts(year, value), NO_REJECTS)


def assert_index_matches_official(wh: Warehouse) -> None:
    official = wh.read("spbe_official_result").set_index(["instansi_id", "year"])["index_value"].sort_index()
    index = wh.read("spbe_index").set_index(["instansi_id", "year"])["index_value"].sort_index()
    pd.testing.assert_series_equal(index, official)
    assert not index_is_stale(wh)


@pytest.fixture
def seeded(warehouse_url):
    wh = Warehouse(warehouse_url)
    wh.ensure_schema()
    load_year(wh, 2023, 2.5)
    rebuild_index(wh)
    yield wh
    wh.dispose()


def test_a_rebuild_paused_between_read_and_write_never_overwrites_a_newer_load(seeded, warehouse_url):
    other = Warehouse(warehouse_url)
    paused_after_read, other_done, errors = threading.Event(), threading.Event(), []

    def other_run():
        try:
            assert paused_after_read.wait(30)
            load_year(other, 2024, 3.0)
            rebuild_index(other)
            other_done.set()
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)

    def pause():
        paused_after_read.set()
        other_done.wait(OVERLAP_WINDOW_S)

    thread = threading.Thread(target=other_run)
    thread.start()
    rebuild_index(seeded, after_read=pause)
    thread.join(120)
    other.dispose()
    assert not thread.is_alive() and not errors, errors
    # Without a consistent read, the paused rebuild writes an index without 2024 after the other
    # run committed 2024's results and its own index: 30 rows of spbe_index would be missing.
    assert seeded.count("spbe_official_result", {"year": 2024}) == 30
    assert_index_matches_official(seeded)


KILLED_RUN = textwrap.dedent(
    """
    import pathlib, sys, time
    from spbe.index.rebuild import rebuild_index
    from spbe.infra.warehouse import Warehouse
    from tests.integration.test_index_consistency import load_year

    url, marker, point = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]

    def stop_here():
        marker.write_text(point)
        time.sleep(600)

    wh = Warehouse(url)
    load_year(wh, 2024, 3.0)
    if point == "after-official-write":
        stop_here()
    rebuild_index(wh, after_read=stop_here)
    """
)


@pytest.mark.parametrize("point", ["after-official-write", "mid-rebuild"])
def test_a_run_killed_between_steps_leaves_each_table_whole_and_the_next_run_repairs_it(seeded, warehouse_url, tmp_path, point):
    index_before = seeded.read("spbe_index")
    marker = tmp_path / "marker"
    kill(start_until_marker(KILLED_RUN, [warehouse_url, str(marker), point], marker))
    seeded.engine.dispose()  # reconnect: the killed session's locks die with its connection

    # Each table is whole on its own: the 2024 load committed completely, the index is the previous one.
    assert seeded.count("spbe_official_result", {"year": 2024}) == 30
    assert seeded.count("spbe_official_result", {"year": 2023}) == 30
    pd.testing.assert_frame_equal(seeded.read("spbe_index"), index_before)
    SpbeIndex.validate(seeded.read("spbe_index"))
    # ... and the index is known to be behind its inputs, which the next rebuild repairs.
    assert index_is_stale(seeded)
    assert summarize(seeded).startswith(STALE_NOTE)  # what `spbe summary` tells the user
    build = rebuild_index(seeded)
    assert build.was_stale
    assert_index_matches_official(seeded)
    assert STALE_NOTE not in summarize(seeded)


def test_an_empty_warehouse_builds_an_empty_index(warehouse):
    build = rebuild_index(warehouse)
    assert build.table.empty and warehouse.count("spbe_index") == 0
    assert not build.was_stale and not index_is_stale(warehouse)
