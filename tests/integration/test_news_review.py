"""`spbe review` round trip on a real (SQLite) warehouse: a held figure stays out of spbe_index;
accepted, it is in after the next rebuild; rejected, it stays out; decisions survive re-extraction
(new figure rows, a new year read) and a full rebuild of every other table."""

from __future__ import annotations

import pandas as pd
import pytest

from spbe.cli import main as spbe
from spbe.index.rebuild import OUTPUT_TABLES, rebuild_index
from spbe.infra.warehouse import Warehouse
from tests.release_warehouse import populate
from tests.unit.test_reconcile import figure

HELD_URL = "https://kabar.example.id/pesawaran-2018"
REJECT_URL = "https://kabar.example.id/lampung-selatan"


def held_rows(year: int = 2018) -> pd.DataFrame:
    """What the extractor stored: two held figures (their year only implied)."""
    return pd.DataFrame([
        figure("18.09", "Kabupaten Pesawaran", year, 1.77, url=HELD_URL, published="2019-06-01", status="review"),
        figure("18.01", "Kabupaten Lampung Selatan", year, 1.55, url=REJECT_URL, published="2019-06-02", status="review"),
    ])


def store(wh: Warehouse, figures: pd.DataFrame) -> None:
    wh.replace_rows("spbe_news_figure", figures, {"article_url": HELD_URL})
    wh.upsert_slices([("spbe_news_figure", figures)])


def in_index(wh: Warehouse, iid: str, year: int) -> pd.DataFrame:
    index = wh.read("spbe_index")
    return index[(index["instansi_id"] == iid) & (index["year"] == year)]


@pytest.fixture
def wh(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    monkeypatch.setenv("SPBE_WAREHOUSE_URL", url)
    warehouse = Warehouse(url)
    warehouse.ensure_schema()
    populate(warehouse)
    store(warehouse, held_rows())
    yield warehouse
    warehouse.dispose()


def ids(out: str) -> dict[str, str]:
    """ID -> article URL, from the `spbe review` listing."""
    found, last = {}, None
    for line in out.splitlines():
        if line and not line.startswith(" ") and "figure(s) held" not in line:
            last = line.split()[0]
        elif line.strip().startswith("article:") and last:
            found[last] = line.split("article:")[1].strip()
    return {url: i for i, url in found.items()}


def test_hold_accept_rerun_reject_and_rebuild(wh, capsys):
    rebuild_index(wh)
    assert in_index(wh, "18.09", 2018).empty and in_index(wh, "18.01", 2018).empty

    assert spbe(["review"]) == 0
    listing = capsys.readouterr().out
    assert "H-YEAR-IMPLIED" in listing and "2 figure(s) held" in listing
    found = ids(listing)
    assert set(found) == {HELD_URL, REJECT_URL}

    assert spbe(["review", "accept", found[HELD_URL], "--year", "2018"]) == 0
    assert spbe(["review", "reject", found[REJECT_URL], "--reason", "the article is about the province's average"]) == 0
    capsys.readouterr()
    rebuild_index(wh)  # the next run
    loaded = in_index(wh, "18.09", 2018)
    assert loaded[["index_value", "source", "source_url"]].values.tolist() == [[1.77, "news", HELD_URL]]
    assert in_index(wh, "18.01", 2018).empty
    assert spbe(["review"]) == 0 and "no figure is held" in capsys.readouterr().out

    # Re-extraction reads another year (new figure rows and keys); every derived table is rebuilt
    # from scratch. The decisions, keyed by URL + evidence + value, still apply.
    for table in ("spbe_news_figure", *OUTPUT_TABLES):
        wh.replace_rows(table, wh.read(table).iloc[0:0])
    populate(wh)
    store(wh, held_rows(year=2019).assign(figure_key=lambda d: d["figure_key"] + "-new"))
    rebuild_index(wh)
    assert in_index(wh, "18.09", 2018)["source"].tolist() == ["news"]
    assert (in_index(wh, "18.01", 2018).empty or (in_index(wh, "18.01", 2018)["source"] == "official").all())
    assert not ((wh.read("spbe_index")["source_url"] == REJECT_URL).any())


def test_review_errors_are_one_line(wh, capsys):
    assert spbe(["review", "accept", "zzzzzzzz"]) == 2
    assert "no figure has this ID" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # argparse: --reason is required
        spbe(["review", "reject", "zzzzzzzz"])
