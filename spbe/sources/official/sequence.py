"""The `No.` column as a check: every printed number stands for a row that is loaded or rejected.

- Within a section the numbers run 1, 2, 3...; a gap is a reject saying which rows are missing.
- A section heading may restart the numbering at 1 or continue it; a section that starts at 5
  after a heading lost its first four rows. A restart at 1 without a heading is a notice.
- The same `No.` twice in one section: an identical repeat loads once (the repeat is rejected as
  a duplicate); two different rows under one number load neither, both rejected with the reason.
- A doubt a backend raised about a row (an OCR read that disagrees with the hidden text layer, a
  sampled cell that disagrees with the rendering) rejects that row, after the sequence is checked
  so that its number still counts as present.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_NUMBER = re.compile(r"^\s*(\d{1,5})\s*\.?\s*$")


def _scan_ref(rec: dict) -> str:
    """Where a human looks on a scanned page, in the OCR backend's notation."""
    if rec.get("method") != "ocr":
        return ""
    return f" [scan: page {rec['page']}, bbox {rec['bbox']} pt]" if rec.get("bbox") else f" [scan: page {rec['page']}]"


def row_reject(rec: dict, reason: str) -> dict:
    clean = {k: v for k, v in rec.items() if not k.startswith("_")}
    return {"page": rec["page"], "row_number": rec["row_number"], "published_name": rec["published_name"],
            "raw": json.dumps(clean, ensure_ascii=False, default=str), "reason": reason + _scan_ref(rec)}


def gap_reject(rec: dict, reason: str) -> dict:
    clean = {k: v for k, v in rec.items() if not k.startswith("_")}
    return {"page": rec["page"], "row_number": None, "published_name": None,
            "raw": json.dumps({"before": clean}, ensure_ascii=False, default=str), "reason": reason + _scan_ref(rec)}


def _body(rec: dict) -> tuple:
    return (rec["published_name"], rec["index_text"], rec["predikat_text"])


def _has_value(rec: dict) -> bool:
    return bool(rec["index_text"] or rec["predikat_text"])


def _show(rec: dict) -> str:
    return f"{rec['published_name']!r} {rec['index_text'] or '-'} {rec['predikat_text'] or '-'} (page {rec['page']})"


@dataclass
class SequenceCheck:
    kept: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    missing: int = 0


def check_sequence(records: list[dict], headings: list[str | None]) -> SequenceCheck:
    """`headings[i]`: the section heading printed just before records[i], if any."""
    out = SequenceCheck()
    numbers = [int(m.group(1)) if (m := _NUMBER.match(r["published_no"] or "")) else None for r in records]
    last, last_page, seen, drop = 0, None, {}, set()
    for i, rec in enumerate(records):
        no = numbers[i]
        following = numbers[i + 1] if i + 1 < len(records) else None
        if no != last + 1 and last and following == last + 2:
            # Both neighbours say this row is No. last+1: its cell was misread (OCR's "17" for 417).
            out.notices.append(f"page {rec['page']}: 'No.' read as {rec['published_no']!r} where {last + 1} belongs")
            no = last + 1
        if no is None:
            printed = rec["published_no"]
            out.rejects.append(row_reject(rec, f"'No.' cell {printed!r} is not a row number" if printed else "row without a 'No.'"))
            continue
        heading = headings[i]
        if no == 1 and last:
            out.notices.append(f"page {rec['page']}: numbering restarts at 1 after No. {last}"
                               + (f" (section {heading!r})" if heading else " without a section heading"))
            seen = {}
        elif heading and 1 < no <= last:
            # A new section whose first rows are not there: its numbering restarted, but not at 1.
            out.missing += no - 1
            out.rejects.append(gap_reject(rec, f"rows missing: section {heading!r} starts at No. {no} on page {rec['page']};"
                                               f" No. 1{'' if no == 2 else f'-{no - 1}'} not found ({no - 1} row{'s' if no > 2 else ''})"))
            seen = {}
        elif no in seen and not _has_value(rec) and _has_value(out.kept[seen[no]]):
            # A line with the number but neither value nor predikat (OCR's "11" from "pada tanggal
            # 11 Januari" under the table) holds no competing value: it alone is rejected.
            out.rejects.append(row_reject(rec, f"'No.' {no} printed again on a line without a value ({_show(rec)}):"
                                               f" not loaded; No. {no} on page {out.kept[seen[no]]['page']} stands"))
            continue
        elif no in seen:
            first = out.kept[seen[no]]
            if _body(first) == _body(rec):
                out.rejects.append(row_reject(rec, f"duplicate of No. {no} on page {first['page']}: identical, loaded once"))
            else:
                reason = f"'No.' {no} printed twice with different rows: {_show(first)} and {_show(rec)}; neither loaded"
                out.rejects.append(row_reject(rec, reason))
                if seen[no] not in drop:
                    drop.add(seen[no])
                    out.rejects.append(row_reject(first, reason))
            continue
        elif no > last + 1:
            gap = no - last - 1
            out.missing += gap
            where = f"page {rec['page']}" if last_page in (None, rec["page"]) else f"pages {last_page}-{rec['page']}"
            out.rejects.append(gap_reject(rec, f"rows missing: No. {last + 1}{'' if gap == 1 else f'-{no - 1}'} not found"
                                               f" ({gap} row{'s' if gap > 1 else ''}) before No. {no} on {where}"))
        elif no <= last:
            out.rejects.append(row_reject(rec, f"'No.' {no} out of sequence after No. {last}"))
            continue
        seen[no] = len(out.kept)
        out.kept.append(rec)
        last, last_page = no, rec["page"]
    out.kept = [rec for i, rec in enumerate(out.kept) if i not in drop]
    return out


def reject_doubted(records: list[dict]) -> tuple[list[dict], list[dict]]:
    """Rows a backend doubted (`_doubt`): (kept rows, rejects)."""
    kept, rejects = [], []
    for rec in records:
        if rec.get("_doubt"):
            rejects.append(row_reject(rec, rec["_doubt"]))
        else:
            kept.append(rec)
    return kept, rejects
