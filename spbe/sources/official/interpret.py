"""The one interpreter of lampiran table lines, whatever backend read them (text layer, HTML, OCR).

Every line of the table region ends as exactly one of: a row; part of a row (a wrapped name, the
other half of a row split across pages); a recognised header, page title, page furniture, section
heading or signature line (a notice); or a reject with its page and text. Nothing vanishes.
After the lines, the `No.` sequence is checked: a gap is a reject saying that rows are missing.

Lines are collected page by page and decided at the end, because a name fragment may belong to the
next row (cells aligned at the bottom or middle) or to the previous one (aligned at the top), and
a row may continue on the next page. The document teaches which: a fragment with a row close above
and below goes to the nearer one, and those decisions set the convention for the ambiguous ones.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from spbe.sources.official.columns import ColumnError, ColumnMap, column_map, header_roles, label_role
from spbe.sources.official.sequence import check_sequence, reject_doubted
from spbe.sources.official.table_lines import TableLine, crop_reference

_NUMBER = re.compile(r"^\s*(\d{1,5})\s*\.?\s*$")
_FURNITURE = re.compile(
    r"(halaman\s+\d+(\s+dari\s+\d+)?\s*$|^hal\.?\s*\d+$|^-\s*\d+\s*-$|^data sintetis\b|^salinan sesuai)", re.I
)
_SIGNATURE = re.compile(r"^(ditetapkan di\b|pada tanggal\b|menteri pendayagunaan\b|ttd\.?$|a\.n\.\s)", re.I)
# The same words anywhere in a backend's note ("page 6: after the table: 'Ditetapkan di Jakarta'").
SIGNATURE = re.compile(r"'(ditetapkan di\b|pada tanggal\b|menteri pendayagunaan\b|ttd\.?'|a\.n\.\s)", re.I)
_ENUMERATED = re.compile(r"^([A-Z]|[IVX]{1,4}|\d{1,2})[.)]\s+\S")
_GROUP = re.compile(
    r"^(instansi (pusat|daerah)|pemerintah (daerah|provinsi|kabupaten|kota|kabupaten\s*/\s*kota)|kementerian|lembaga"
    r"|provinsi|kabupaten|kota|kabupaten\s*/\s*kota)$",
    re.I,
)
_TIE_PT = 1.0  # vertical gaps closer than this say nothing about which row a fragment belongs to


class InterpretError(ValueError):
    """The lines cannot be read as a lampiran table at all (no header, ambiguous columns)."""


def _join_two_row_headers(lines: list[TableLine]) -> list[TableLine]:
    """A header over two rows ('Hasil Evaluasi' spanning 'Indeks | Predikat' below it; 'No.' and
    'Nama Instansi' spanning both rows) as one header line: per column the lower row's label, or
    the upper one's where the lower is empty. Neither row alone names both a name and an index
    column, so without this the table was refused as having no header."""
    out: list[TableLine] = []
    i = 0
    while i < len(lines):
        upper = lines[i]
        lower = lines[i + 1] if i + 1 < len(lines) else None
        if (lower is not None and lower.page == upper.page and len(lower.cells) == len(upper.cells)
                and header_roles([_clean(c) for c in upper.cells]) is None
                and header_roles([_clean(c) for c in lower.cells]) is None):
            cells = [_clean(b) or _clean(a) for a, b in zip(upper.cells, lower.cells, strict=True)]
            if header_roles(cells) is not None and any(_clean(c) for c in lower.cells):
                box = (min(upper.bbox[0], lower.bbox[0]), min(upper.bbox[1], lower.bbox[1]),
                       max(upper.bbox[2], lower.bbox[2]), max(upper.bbox[3], lower.bbox[3])) if upper.bbox and lower.bbox else upper.bbox
                out.append(TableLine(upper.page, cells, box, upper.confidence, upper.method))
                i += 2
                continue
        out.append(upper)
        i += 1
    return out


def _clean(cell: object) -> str:
    return re.sub(r"\s+", " ", str(cell or "").replace("\u00a0", " ")).strip()


@dataclass
class _Row:
    page: int | None
    no: str
    index: str
    predikat: str
    line: TableLine
    names: list[tuple[int, str]] = field(default_factory=list)  # (document position, text)
    confidence: float | None = None
    pages: set = field(default_factory=set)
    pos: int = 0  # position of its first line among the document's lines
    doubt: str | None = None  # a backend's reason not to trust the row (see TableLine.doubt)

    def fill(self, pos: int, name: str, index: str, predikat: str, line: TableLine) -> None:
        if line.doubt and (index or not self.doubt):
            self.doubt = line.doubt
        if name:
            self.names.append((pos, name))
        self.index = self.index or index
        self.predikat = self.predikat or predikat
        if line.confidence is not None:
            self.confidence = min(self.confidence if self.confidence is not None else 1.0, line.confidence)
        self.pages.add(line.page)

    @property
    def name(self) -> str:
        return " ".join(text for _, text in sorted(self.names))


@dataclass
class _Item:
    kind: str  # anchor | nameonly | header | heading | signature | title | furniture
    pos: int
    line: TableLine
    no: str = ""
    name: str = ""
    index: str = ""
    predikat: str = ""
    row: _Row | None = None


@dataclass
class Interpretation:
    rows: list[dict]  # RawOfficialRow records
    rejects: list[dict]  # Reject records for lines and gaps no row stands for
    notices: list[str]
    missing_rows: int
    columns: str
    judged: list[dict] = field(default_factory=list)  # lines that are no row: {page, kind, text}
    titles: list[str] = field(default_factory=list)  # title and running-title text
    index_header: str = ""  # the index column's header cell


class LineInterpreter:
    def __init__(self, *, year: int, source_url: str) -> None:
        self.year, self.source_url = year, source_url
        self.columns: ColumnMap | None = None
        self.items: list[_Item] = []
        self.notices: list[str] = []
        self.rejects: list[dict] = []
        self.headers: Counter = Counter()
        self.in_signature = False

    # -- reading lines ---------------------------------------------------------------------

    def feed_page(self, lines: list[TableLine]) -> None:
        """All lines of one page (or one HTML table), top to bottom."""
        lines = _join_two_row_headers([line for line in lines if any(_clean(c) for c in line.cells)])
        first_header = next((i for i, line in enumerate(lines) if self._header(line) is not None), None)
        for i, line in enumerate(lines):
            before_header = first_header is not None and i < first_header
            self._feed(line, before_header or self.columns is None)

    def _header(self, line: TableLine) -> tuple[list[str], list[str | None], list[str]] | None:
        """(header cells, roles, remainder cells) when the line is a header, perhaps merged with a row."""
        whole = [_clean(c) for c in line.cells]
        roles = header_roles(whole)
        if roles is not None:
            return whole, roles, []
        # A row that reportlab split across pages can land in the repeated header's cells.
        parts = [str(c or "").split("\n", 1) for c in line.cells]
        first = [_clean(p[0]) for p in parts]
        roles = header_roles(first)
        if roles is None:
            return None
        return first, roles, [_clean(p[1]) if len(p) > 1 else "" for p in parts]

    def _feed(self, line: TableLine, before_table: bool) -> None:
        text = line.text.replace("\n", " ")
        header = self._header(line)
        if header is not None:
            self._take_header(line, *header)
            return
        if _FURNITURE.search(_clean(text)):
            self._add("furniture", line)
            return
        if _SIGNATURE.match(_clean(text)) or self.in_signature:
            self.in_signature = True
            self._add("signature", line)
            return
        if before_table:
            self._add("title", line)
            return
        self._body(line)

    def _take_header(self, line: TableLine, cells: list[str], roles: list, remainder: list[str]) -> None:
        try:
            columns = column_map(cells, roles, self.year)
        except ColumnError as exc:
            raise InterpretError(f"{self.source_url}: page {line.page}: {exc}") from exc
        if self.columns is not None and columns.positions != self.columns.positions:
            self.notices.append(f"page {line.page}: columns change to {columns.describe()}")
        self.columns = columns
        self.headers[line.page] += 1
        self.in_signature = False
        self._add("header", line)
        if any(remainder):
            self._body(TableLine(line.page, remainder, line.bbox, line.confidence, line.method))

    def _body(self, line: TableLine) -> None:
        cells = [_clean(c) for c in line.cells]
        cols = self.columns
        filled = [c for c in cells if c]
        if len(filled) > 1 and len(set(filled)) == 1 and "name" in cols.positions:
            # One cell merged across the row ("A. KEMENTERIAN/LEMBAGA" over the whole table: an HTML
            # colspan fills every slot it covers): one text, read as the name column's.
            cells = [filled[0] if i == cols.positions["name"] else "" for i in range(len(cells))]
        no, name = cols.cell(cells, "number"), cols.cell(cells, "name")
        index, predikat = cols.cell(cells, "index"), cols.cell(cells, "predikat")
        if "name" not in cols.positions or (not name and not no and not index and not predikat):
            # Text only in extra columns (or a backend gave fewer cells): say what it was.
            self._reject_line(line, "text outside the number, name, index and predikat columns")
            return
        if not index and not predikat and no and not _NUMBER.match(no):
            self._add("heading", line)  # "A. INSTANSI PUSAT" across the table
            return
        kind = "anchor" if (no or index or predikat) else "nameonly"
        self._add(kind, line, no=no, name=name, index=index, predikat=predikat)

    def _add(self, kind: str, line: TableLine, **fields) -> None:
        self.items.append(_Item(kind, len(self.items), line, **fields))

    def _reject_line(self, line: TableLine, reason: str, row_text: str | None = None) -> None:
        text = row_text or line.text.replace("\n", " ")
        self.rejects.append(
            {
                "page": line.page,
                "row_number": None,
                "published_name": None,
                "raw": json.dumps(
                    {"text": text, "cells": list(line.cells), "where": crop_reference(line.page, line.bbox),
                     "method": line.method, "confidence": line.confidence},
                    ensure_ascii=False,
                ),
                "reason": f"{reason}: {text!r} ({crop_reference(line.page, line.bbox)})"
                + (f" [scan: {crop_reference(line.page, line.bbox)}]" if line.method == "ocr" else ""),
            }
        )

    # -- deciding ----------------------------------------------------------------------------

    def finish(self) -> Interpretation:
        if self.columns is None:
            raise InterpretError(
                f"{self.source_url}: no lampiran table: no header with a name and an index column found"
                " (expected e.g. No. | Nama Instansi | Indeks | Predikat); the layout may have changed"
            )
        self._settle_name_only()
        rows = self._anchors_to_rows()
        self._attach_fragments()
        records = [self._record(i, row) for i, row in enumerate(rows, start=1)]
        if "number" in self.columns.positions:
            check = check_sequence(records, self._headings_before(rows))
            records, missing = check.kept, check.missing
            self.rejects += check.rejects
            self.notices += check.notices
        else:
            self.notices.append("no 'No.' column: the row sequence cannot be checked")
            missing = 0
        records, doubted = reject_doubted(records)
        self.rejects += doubted
        self._note_furniture()
        return Interpretation(records, self.rejects, self.notices, missing, self.columns.describe(), self._judged(),
                              self._titles(), self.columns.header_of("index"))

    def _headings_before(self, rows: list[_Row]) -> list[str | None]:
        """Per row, the section heading printed between it and the row before, if any."""
        out, previous = [], -1
        for row in rows:
            between = [it for it in self.items[previous + 1 : row.pos] if it.kind == "heading"]
            out.append(between[-1].line.text if between else None)
            previous = max(previous, max((pos for pos, _ in row.names), default=row.pos), row.pos)
        return out

    def _judged(self) -> list[dict]:
        """Lines decided to be no row (headings, titles, signature), each with its page: the CLI prints them."""
        return [{"page": it.line.page, "kind": it.kind, "text": it.line.text.replace("\n", " ")}
                for it in self.items if it.kind in ("heading", "title", "signature", "furniture")]

    def _titles(self) -> list[str]:
        """The text above the table and the running titles: where a decree names its year and number."""
        return [it.line.text.replace("\n", " ") for it in self.items if it.kind in ("title", "furniture")]

    def _settle_name_only(self) -> None:
        """A name-only line is page furniture, a section heading or a fragment of a name.

        Text outside the numbered rows that recurs at the same height on three or more pages (a
        running title without "Halaman N") is furniture.
        headings are enumerated, group words or capitals in a document whose names are not.
        """
        rows_on_page: dict[object, list[int]] = {}
        for it in self.items:
            if it.kind == "anchor" and _NUMBER.match(it.no):
                rows_on_page.setdefault(it.line.page, []).append(it.pos)

        def place(it: _Item) -> tuple[str, int] | None:
            """Text and height of an unnumbered line above or below all numbered rows of its page."""
            if it.line.bbox is None or _NUMBER.match(it.no) or it.kind not in ("nameonly", "heading", "anchor", "title"):
                return None
            rows = rows_on_page.get(it.line.page)
            if rows and rows[0] < it.pos < rows[-1]:
                return None  # inside the table: a wrapped "Timur" recurs too
            return re.sub(r"\d+", "#", it.line.text), round(it.line.bbox[1] / 4)

        pages_of: dict[tuple[str, int], set] = {}
        for it in self.items:
            if (key := place(it)) is not None:
                pages_of.setdefault(key, set()).add(it.line.page)
        for it in self.items:
            if it.kind != "title" and (key := place(it)) is not None and len(pages_of[key]) >= 3:
                it.kind = "furniture"
        names = [it.name for it in self.items if it.kind == "anchor" and it.name]
        caps_document = sum(n.isupper() for n in names) > len(names) / 2
        for it in self.items:
            if it.kind != "nameonly":
                continue
            text = it.name
            if _ENUMERATED.match(text) or _GROUP.match(text) or (
                not caps_document and text.isupper() and sum(ch.isalpha() for ch in text) >= 4
            ):
                it.kind = "heading"
            elif label_role(text) is not None:
                it.kind = "header"  # a lone label ("Nama Instansi") from a header that wrapped

    def _anchors_to_rows(self) -> list[_Row]:
        rows: list[_Row] = []
        previous: _Item | None = None
        for it in self.items:
            if it.kind in ("heading", "signature"):
                previous = None  # nothing continues across a heading
            if it.kind != "anchor":
                continue
            target = previous.row if previous is not None and not it.no and "number" in self.columns.positions else None
            if target is not None and self._joinable(target, it):
                target.fill(it.pos, it.name, it.index, it.predikat, it.line)
                it.row = target
                self.notices.append(f"page {it.line.page}: {it.line.text!r} joined to row No. {target.no} (page {target.page})")
            elif target is not None and it.line.page != target.page and self._first_anchor_on_page(it):
                self._reject_split(target, it)
                rows.remove(target)
                for other in self.items[: it.pos + 1]:
                    if other.row is target or other is it:
                        other.row = None
            else:
                it.row = _Row(it.line.page, it.no, "", "", it.line, confidence=None, pos=it.pos)
                it.row.fill(it.pos, it.name, it.index, it.predikat, it.line)
                rows.append(it.row)
            previous = it
        return rows

    @staticmethod
    def _joinable(row: _Row, it: _Item) -> bool:
        return not (it.index and row.index) and not (it.predikat and row.predikat)

    def _first_anchor_on_page(self, it: _Item) -> bool:
        return not any(o.kind == "anchor" and o.line.page == it.line.page for o in self.items[: it.pos])

    def _reject_split(self, row: _Row, it: _Item) -> None:
        first = f"No. {row.no} {row.name} {row.index} {row.predikat}".strip()
        second = " ".join(x for x in (it.name, it.index, it.predikat) if x)
        reason = f"row split across pages {row.page}-{it.line.page} cannot be joined (both halves carry values); halves {first!r} and {second!r}"
        self._reject_line(row.line, reason, row_text=first)
        self._reject_line(it.line, reason, row_text=second)

    def _runs(self) -> list[list[_Item]]:
        runs: list[list[_Item]] = []
        for it in self.items:
            if it.kind != "nameonly":
                continue
            if runs and runs[-1][-1].pos == it.pos - 1:
                runs[-1].append(it)
            else:
                runs.append([it])
        return runs

    def _attach_fragments(self) -> None:
        """Name fragments between two rows split at the widest vertical gap: the row boundary.

        Fragments with a row close on one side only (at a page break, after a header) go to that
        row when their gap to it looks like the gap between two lines of one cell, as learned from
        the clear cases; otherwise to the row before them (a name that ran on), if there is one.
        """
        boundary, inner, pending = [], [], []
        for run in self._runs():
            prev, prev_near = self._neighbour(run[0], -1)
            nxt, next_near = self._neighbour(run[-1], +1)
            gaps = self._gaps(run, prev if prev_near else None, nxt if next_near else None)
            ordered = sorted(g for g in gaps if g is not None)
            if None in gaps or ordered[-1] - ordered[-2] < _TIE_PT:
                pending.append((run, prev, nxt, gaps))
                continue
            widest = gaps.index(ordered[-1])
            boundary.append(ordered[-1])
            inner.extend(g for i, g in enumerate(gaps) if i != widest)
            for i, it in enumerate(run):
                self._join_fragment(it, prev if i < widest else nxt)
        limit = (median(boundary) + median(inner)) / 2 if boundary and inner else None
        for run, prev, nxt, gaps in pending:
            up, down = gaps[0], gaps[-1]
            if limit is not None and down is not None and down <= limit and not (up is not None and up <= limit):
                target = nxt
            elif prev is not None and prev.row is not None:
                target = prev
            else:
                target = nxt
            for it in run:
                if target is None or target.row is None:
                    self._reject_line(it.line, "text in the name column that belongs to no row")
                else:
                    self._join_fragment(it, target)

    @staticmethod
    def _gaps(run: list[_Item], prev: _Item | None, nxt: _Item | None) -> list[float | None]:
        """Vertical gaps: above the run, between its lines, below it (None where no close row is)."""
        boxes = [prev.line.bbox if prev else None] + [it.line.bbox for it in run] + [nxt.line.bbox if nxt else None]
        return [below[1] - above[3] if above and below else None for above, below in zip(boxes, boxes[1:], strict=False)]

    def _neighbour(self, it: _Item, step: int) -> tuple[_Item | None, bool]:
        """The nearest row line before/after a fragment, and whether it is close (same page, no header between).

        A header between the fragment and a row on the same page blocks that side: the header was
        redrawn there because the table broke, so the fragment belongs beyond it.
        """
        near, crossed_header = True, False
        i = it.pos + step
        while 0 <= i < len(self.items):
            other = self.items[i]
            if other.kind in ("heading", "signature"):
                return None, False
            crossed_header = crossed_header or other.kind == "header"
            if crossed_header and other.kind == "anchor" and other.line.page == it.line.page:
                return None, False
            if other.kind == "header" or other.line.page != it.line.page:
                near = False
            if other.kind == "anchor" and other.row is not None:
                return other, near
            i += step
        return None, False

    def _join_fragment(self, it: _Item, target: _Item) -> None:
        target.row.fill(it.pos, it.name, "", "", it.line)
        if target.line.page != it.line.page:
            self.notices.append(f"page {it.line.page}: {it.name!r} joined to row No. {target.row.no} (page {target.row.page})")

    def _record(self, number: int, row: _Row) -> dict:
        return {
            "year": self.year,
            "source_url": self.source_url,
            "page": row.page,
            "row_number": number,
            "published_no": row.no.rstrip(".") or None,
            "published_name": row.name or "(empty)",
            "index_text": row.index or None,
            "predikat_text": row.predikat or None,
            "method": row.line.method,
            "confidence": row.confidence,
            "bbox": ",".join(f"{v:.0f}" for v in row.line.bbox) if row.line.bbox else None,
            "_doubt": row.doubt,
        }

    def _note_furniture(self) -> None:
        kinds = Counter(it.kind for it in self.items if it.kind not in ("anchor", "nameonly"))
        repeated = sum(self.headers.values()) - 1
        if repeated > 0:
            self.notices.insert(0, f"header repeated {repeated} time(s) (pages {_pages(self.headers)}): recognised, not rows")
        headings = [f"page {it.line.page}: {it.line.text!r}" for it in self.items if it.kind == "heading"]
        if headings:
            self.notices.append("section headings: " + "; ".join(headings))
        other = {k: n for k, n in kinds.items() if k in ("title", "furniture", "signature")}
        if other:
            self.notices.append("lines recognised as " + ", ".join(f"{k} ({n})" for k, n in sorted(other.items())))


def _pages(counter: Counter) -> str:
    pages = sorted(p for p in counter if p is not None)
    if not pages:
        return "html"
    return f"{pages[0]}-{pages[-1]}" if len(pages) > 2 else ", ".join(map(str, pages))
