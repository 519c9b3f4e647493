"""check_batches validates every host that has rows and skips the hosts that have none."""

import spbe.infra  # noqa: F401 - declares the sources the `source` columns are checked against
from spbe.sources.news.ingest import FIGURE_COLUMNS
from spbe.sources.news.sink import RowBatch, SpillSink, check_batches


def test_hosts_without_rows_are_not_validated_or_spilled(tmp_path):
    rows = SpillSink(tmp_path / "crawled.pickle")
    for _ in range(3):
        rows.add(RowBatch())
    checked = check_batches(rows, tmp_path / "valid.pickle")
    assert (checked.articles, checked.figures, checked.claims) == (0, 0, 0)
    assert checked.valid.counts["hosts"] == 0 and list(checked.valid.batches()) == []
    assert checked.article_failures.empty and checked.figure_failures.empty


def test_a_host_with_one_bad_figure_among_empty_hosts_is_still_validated(tmp_path):
    rows = SpillSink(tmp_path / "crawled.pickle")
    rows.add(RowBatch())
    rows.add(RowBatch(figures=[dict.fromkeys(FIGURE_COLUMNS)]))  # every column empty: fails its schema
    rows.add(RowBatch())
    checked = check_batches(rows, tmp_path / "valid.pickle")
    assert not checked.figure_failures.empty
    assert checked.valid.counts["hosts"] == 1
