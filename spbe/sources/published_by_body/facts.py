"""A dropped result file -> rows of `published_by_body` (table spbe_source_result), with what was refused.

Two kinds of file (`read_file`):
- a full table in any layout the decree parser reads (PDF with a text layer or a scan, or HTML);
- a CSV an analyst compiles from the bodies' own result documents, one row per body: the body's
  name or code, the year, the index, the predikat and where the value came from. Headers may be
  Indonesian or English (`instansi`/`kode`, `tahun`/`year`, `indeks`/`index`, `predikat`,
  `sumber`/`source`); `,` or `;` separated; decimal commas are read.

Both go through the decree's own row interpretation (`build_official_facts`: the gazetteer, the
index and predikat rules, duplicates), so a body's result is held to the same checks as a decree
row. Every refusal names the file, the row and the column. Provenance is the file's NAME and
SHA-256, never a local path.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from schemas import SourceResult, column_names, validate
from spbe.domain.instansi import Gazetteer, gazetteer
from spbe.sources.official.facts import build_official_facts
from spbe.sources.official.parse import LampiranError, parse_document
from spbe.sources.published_by_body.declaration import NAME

TABLE_SUFFIXES = (".pdf", ".html", ".htm")
CSV_SUFFIXES = (".csv", ".txt")
HEADERS = {
    "body": ("instansi", "nama_instansi", "nama instansi", "body", "name", "kode", "kode_instansi", "instansi_id", "code"),
    "year": ("tahun", "year"),
    "index": ("indeks", "index", "index_value", "nilai", "indeks_spbe"),
    "predikat": ("predikat",),
    "source": ("sumber", "source", "source_url", "asal", "keterangan_sumber"),
}
_CODE = re.compile(r"^\d{2}(?:\.\d{2})?$|^[A-Z]{1,3}\.\d{1,3}$")


class IngestError(ValueError):
    """The file cannot be read as a result table; the message names the file (and row, column)."""


@dataclass
class FileRows:
    file_name: str
    sha256: str
    year: int
    rows: pd.DataFrame  # SourceResult
    problems: list[str]  # one line each: file, row, column, why (rows not loaded)
    flagged: list[str]  # loaded with a finding (e.g. predikat contradicts the bands)
    rows_read: int

    @property
    def refused(self) -> int:
        return len(self.problems)


def _column(header: list[str], what: str) -> int | None:
    names = [h.strip().lower() for h in header]
    return next((i for i, h in enumerate(names) if h in HEADERS[what]), None)


def _csv_rows(text: str, file_name: str, year: int, gaz: Gazetteer) -> tuple[pd.DataFrame, list[str], dict[int, str]]:
    """Raw rows (RawOfficialRow columns) of an analyst CSV, problems found before interpretation,
    and each row's body column name (for the messages)."""
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else ",", delimiters=",;\t")
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise IngestError(f"{file_name}: empty file")
    columns = {what: _column(header, what) for what in HEADERS}
    missing = [HEADERS[w][0] for w in ("body", "index") if columns[w] is None]
    if missing:
        raise IngestError(f"{file_name}: row 1: no column {' or '.join(repr(m) for m in missing)} "
                          f"(header: {', '.join(header)}; see `spbe ingest-file --help`)")
    raws, problems, body_col = [], [], header[columns["body"]].strip()
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue

        def cell(what: str, cells: list[str] = cells) -> str:
            i = columns[what]
            return cells[i].strip() if i is not None and i < len(cells) else ""

        if columns["year"] is not None:
            stated = cell("year")
            if stated != str(year):
                problems.append(f"{file_name}: row {line}, column {header[columns['year']].strip()!r}: year {stated!r} "
                                f"is not the year being loaded ({year})")
                continue
        body = cell("body")
        if _CODE.match(body):
            try:
                body = gaz.get(body).official_name()
            except KeyError:
                problems.append(f"{file_name}: row {line}, column {body_col!r}: unknown instansi code {body!r}")
                continue
        raws.append({"year": year, "source_url": cell("source") or file_name, "page": None, "row_number": line,
                     "published_no": None, "published_name": body or "?", "index_text": cell("index") or None,
                     "predikat_text": cell("predikat") or None, "method": "html", "confidence": None, "bbox": None})
    columns_of = {w: header[i].strip() for w, i in columns.items() if i is not None}
    return pd.DataFrame(raws), problems, columns_of


def _column_of_reason(reason: str, columns: dict[str, str]) -> str:
    """Which column a refusal is about, from the interpreter's reason."""
    lowered = reason.lower()
    if lowered.startswith(("index", "indeks")) or "index" in lowered.split(":")[0]:
        return columns.get("index", "index")
    if "predikat" in lowered:
        return columns.get("predikat", "predikat")
    return columns.get("body", "body")


def read_file(path: Path, year: int, gaz: Gazetteer | None = None) -> FileRows:
    """The file's rows as `published_by_body` facts; refused rows are listed, never loaded."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path.name}: cannot read the file ({exc.strerror or exc})") from None
    name, sha = path.name, hashlib.sha256(content).hexdigest()
    gaz = gaz or gazetteer()
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise IngestError(f"{name}: not UTF-8 text (byte {exc.start}); save the CSV as UTF-8") from None
        raws, problems, columns = _csv_rows(text, name, year, gaz)
        line_rejects = None
    elif suffix in TABLE_SUFFIXES:
        try:
            parsed = parse_document(content, year=year, source_url=name)
        except LampiranError as exc:
            raise IngestError(f"{name}: {' '.join(str(exc).split())}") from None
        raws, problems, columns, line_rejects = parsed.rows, [], {"body": "Nama Instansi", "index": "Indeks"}, parsed.rejects
    else:
        raise IngestError(f"{name}: unknown kind of file {suffix or '(no suffix)'!r}: give a CSV, PDF or HTML file")
    facts = build_official_facts(raws, gaz, line_rejects) if not raws.empty else None
    flagged = []
    if facts is not None:
        for rec in facts.rejected.to_dict("records"):
            row = f"row {int(rec['row_number'])}" if pd.notna(rec.get("row_number")) else f"page {rec.get('page')}"
            problems.append(f"{name}: {row}, column {_column_of_reason(rec['reason'], columns)!r}: {rec['reason']}")
        flagged = [f"{name}: row {int(r['row_number'])}: {r['reason']}" for r in facts.flagged.to_dict("records")]
    rows = _as_source_rows(facts.facts if facts is not None else pd.DataFrame(), name, sha)
    return FileRows(name, sha, year, rows, problems, flagged, len(raws))


def _as_source_rows(facts: pd.DataFrame, file_name: str, sha: str) -> pd.DataFrame:
    columns = column_names(SourceResult)
    if facts.empty:
        return pd.DataFrame(columns=columns)
    rows = facts.assign(source=NAME, file_name=file_name, file_sha256=sha)
    checked = validate(SourceResult, rows[columns])
    if not checked.failure_cases.empty:
        first = checked.failure_cases.iloc[0]
        raise IngestError(f"{file_name}: {len(checked.failure_cases)} value(s) fail spbe_source_result, first: "
                          f"column {first.get('column')!r}: {first.get('check')} ({first.get('failure_case')!r})")
    return checked.frame
