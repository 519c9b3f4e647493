"""Every page of the table region is accounted for: it yields rows, or a reject naming it and why.

A scanned page that OCR cannot place (upside down, no header of its own, out of time) used to
give no lines at all and vanish: the `No.` check cannot see a page lost just before a section
that restarts its numbering at 1. So the page itself is checked: from the first page with the
table's header to the end, a page with no row is a reject (with the backend's reason when it gave
one), and its rows count as missing, estimated by the median rows per page, so that a lost page
blocks the load like a gap does. A closing page after the last row holding only the signature,
or nothing at all, is the decree's end, not a lost page.
"""

from __future__ import annotations

import json
from statistics import median


def page_rejects(
    *,
    page_count: int,
    header_pages: list[int],
    row_pages: list[int],
    reject_pages: list[int],
    judged: list[dict],
    problems: dict[int, str],
    blank: set[int],
) -> tuple[list[dict], int]:
    """(reject records without source/year/url/action, rows estimated missing)."""
    if not header_pages:
        return [], 0
    first = min(header_pages)
    per_page: dict[int, int] = {}
    for page in row_pages:
        per_page[page] = per_page.get(page, 0) + 1
    last_row_page = max(per_page, default=first)
    typical = round(median(per_page.values())) if per_page else 0
    accounted = set(per_page) | set(reject_pages)
    closing = {j["page"] for j in judged if j["kind"] in ("signature", "furniture")}
    rejects, missing = [], 0
    for page in range(1, page_count + 1):
        if page in accounted:
            continue
        problem = problems.get(page)
        if page < first and problem is None:
            continue  # a cover or title page before the table
        if page > last_row_page and problem is None and (page in blank or page in closing):
            continue  # the signature page, or an empty back page, after the last row
        if problem is None:
            problem = "blank page inside the table" if page in blank else "no table row found on the page"
        rejects.append({
            "page": page,
            "row_number": None,
            "published_name": None,
            "raw": json.dumps({"page": page, "problem": problem}, ensure_ascii=False),
            "reason": f"page {page} yields no rows: {problem}; its rows (about {typical}) are missing",
        })
        missing += typical
    return rejects, missing


def stated_count_gap(*, rows_seen: int, missing: int, stated: int | None) -> tuple[str, int] | None:
    """(reason, rows unaccounted) when the document's rows fall short of the count its publication
    states, after the rows the `No.` check and the page check already call missing."""
    if not stated:
        return None
    short = stated - rows_seen - missing
    if short <= 0:
        return None
    return (f"the publication states {stated} evaluated bodies; the document holds {rows_seen} rows"
            f"{f' and {missing} known missing' if missing else ''}: {short} row{'s' if short > 1 else ''} unaccounted for"), short
