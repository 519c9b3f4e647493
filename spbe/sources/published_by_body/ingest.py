"""Write one dropped file's rows (`facts.read_file`) to spbe_source_result, as a unit.

A file is its own slice (source, file name): loading it again replaces what it loaded before, and
loading the same bytes again writes nothing. A body's year that another file already holds is
refused naming both files: which one is right is a person's call.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spbe.infra.load_policy import MAX_REJECT_SHARE, reject_share
from spbe.infra.provenance import Build, with_provenance
from spbe.infra.warehouse import Warehouse
from spbe.sources.published_by_body.declaration import FACTS, NAME
from spbe.sources.published_by_body.facts import CSV_SUFFIXES, TABLE_SUFFIXES, FileRows, IngestError, read_file


@dataclass(frozen=True)
class Loaded:
    written: int
    unchanged: bool  # the same file (name and bytes) was loaded before: nothing written


def already_loaded(warehouse: Warehouse, rows: FileRows) -> bool:
    """The same file (name and bytes) was loaded before, all its rows: loading it again writes nothing."""
    held = warehouse.read(FACTS.table, {"source": NAME, "file_name": rows.file_name})
    return not held.empty and set(held["file_sha256"]) == {rows.sha256} and len(held) == len(rows.rows)


def load_file(warehouse: Warehouse, rows: FileRows, *, build: Build | None = None) -> Loaded:
    if already_loaded(warehouse, rows):
        return Loaded(0, True)
    others = warehouse.read(FACTS.table, {"source": NAME, "year": rows.year})
    others = others[others["file_name"] != rows.file_name]
    clash = rows.rows.merge(others[["instansi_id", "file_name", "row_number"]], on="instansi_id", suffixes=("", "_other"))
    if not clash.empty:
        first = clash.iloc[0]
        raise IngestError(
            f"{rows.file_name}: row {first['row_number']}: {first['instansi_name']} {rows.year} is already loaded from "
            f"{first['file_name_other']} (row {first['row_number_other']}); {len(clash)} such row(s): remove them from one file"
        )
    slices = [(FACTS.table, rows.rows, {"source": NAME, "file_name": rows.file_name})]
    if build is not None:
        slices = with_provenance(slices, build)
    written = warehouse.replace_slices(slices)
    return Loaded(written.get(FACTS.table, 0), False)


DROP_FOLDER = NAME  # under the manual-drop folder: published_by_body/<year>/<files>


@dataclass(frozen=True)
class FileOutcome:
    year: int
    file_name: str
    rows: int
    refused: int
    written: int
    unchanged: bool


def drop_files(root: Path) -> list[tuple[int, Path]]:
    """(year, file) for every result file in root/published_by_body/<year>/; a folder that is not a
    year is an error naming it (a typo must not load nothing silently)."""
    folder = root / DROP_FOLDER
    if not folder.is_dir():
        return []
    found = []
    for year_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        if not year_dir.name.isdigit():
            raise IngestError(f"{year_dir}: not a year folder (expected {folder}/<year>/, e.g. {folder}/2025/)")
        found += [(int(year_dir.name), p) for p in sorted(year_dir.iterdir())
                  if p.is_file() and p.suffix.lower() in (*CSV_SUFFIXES, *TABLE_SUFFIXES)]
    return found


def ingest_drop_folder(warehouse: Warehouse, root: Path, *, build: Build | None = None,
                       max_reject_share: float = MAX_REJECT_SHARE) -> list[FileOutcome]:
    """Every dropped file, through the same reading and loading as `spbe ingest-file --commit`. All
    files are read first; one that cannot be read, or refuses too many rows, stops the load before
    anything is written (IngestError naming file, row and column)."""
    read = []
    for year, path in drop_files(root):
        rows = read_file(path, year)
        share = reject_share(rows_read=rows.rows_read, rejected=rows.refused)
        if rows.rows.empty or share > max_reject_share:
            shown = "; ".join(rows.problems[:3]) or "no row to load"
            raise IngestError(f"{path.name}: {rows.refused} row(s) refused ({share:.0%}): {shown}; nothing loaded")
        read.append(rows)
    outcomes = []
    for rows in read:
        loaded = load_file(warehouse, rows, build=build)
        outcomes.append(FileOutcome(rows.year, rows.file_name, len(rows.rows), rows.refused, loaded.written, loaded.unchanged))
    return outcomes
