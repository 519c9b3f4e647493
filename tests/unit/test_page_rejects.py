"""Every page of the table is accounted for (spbe/sources/official/pages.py): a page before the
first header read is a cover only when its read raised no problem."""

from __future__ import annotations

from spbe.sources.official.pages import page_rejects


def _rejects(problems: dict[int, str]):
    return page_rejects(page_count=3, header_pages=[2], row_pages=[2] * 14 + [3] * 12, reject_pages=[], judged=[],
                        problems=problems, blank=set())


def test_a_page_before_the_first_header_is_a_cover_unless_its_read_found_rows_it_could_not_place():
    assert _rejects({}) == ([], 0)
    rejects, missing = _rejects({1: "no table header read and no columns known, 13 line(s) with an index value could not be placed"})
    assert missing == 13 and [r["page"] for r in rejects] == [1]
    assert rejects[0]["reason"].startswith("page 1 yields no rows: no table header read")
