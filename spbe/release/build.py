"""`spbe release`: write DIR/spbe-<version>/ from the warehouse, atomically, byte for byte reproducible.

Layout of a release:
    csv/<table>.csv, parquet/<table>.parquet   every table and view (without the columns tables.WITHHELD
                                               names, unless the maker opts in with with_article_text)
    datapackage.json, data_dictionary.md, CHANGES.md, CITATION.cff, README.md
    report/                                    the static HTML report (scripts inside, nothing from a CDN)
    spbe.sqlite, datasette-metadata.json       the same tables in one SQLite file, with the Datasette
                                               metadata `spbe serve` shows (spbe/release/sqlite_db.py)
    SHA256SUMS                                 every file above, `sha256sum -c` format

A release is built in a temporary directory beside its target and renamed into place, so a reader
never sees half a release. Releases are immutable: building the same data again finds the
existing directory, checks its checksums and leaves it alone. `DIR/LATEST` names the newest
release; CHANGES.md compares with it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import Column
from spbe.release.changes import TableChange, compare_with_previous, render_changes
from spbe.release.datapackage import descriptor, dumps, resource
from spbe.release.meta import PANDAS_HINT, ReleaseMeta, build_meta, citation_cff, withheld_note
from spbe.release.sqlite_db import write_sqlite_release
from spbe.release.tables import ReleaseTable, canonical_csv, read_provenance, read_release_tables, run_stamps

LATEST = "LATEST"
SUMS = "SHA256SUMS"


class ReleaseError(Exception):
    """A release that cannot be written or an existing one that fails its checksums."""


@dataclass
class ReleaseResult:
    path: Path
    meta: ReleaseMeta
    created: bool
    previous: str | None
    rows: dict[str, int]
    changes: list[TableChange] = field(default_factory=list)

    @property
    def version(self) -> str:
        return self.meta.version


def _arrow_type(dtype: str) -> pa.DataType:
    if dtype.startswith("datetime"):
        return pa.timestamp("us", tz="UTC")
    return {"str": pa.string(), "int64": pa.int64(), "Int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(), "boolean": pa.bool_()}[dtype]


def _arrow_field(column: Column) -> pa.Field:
    return pa.field(column.name, _arrow_type(column.dtype), nullable=True, metadata={"description": column.described})


def parquet_bytes(table: ReleaseTable) -> bytes:
    """Typed Parquet with column descriptions; no pandas metadata (it names library versions, not data)."""
    schema = pa.schema([_arrow_field(c) for c in table.columns], metadata={"description": table.description})
    arrays = []
    for column, arrow_field in zip(table.columns, schema, strict=True):
        values = table.frame[column.name]
        if column.dtype.startswith("datetime"):
            values = values.dt.as_unit("us")
        arrays.append(pa.array(values, type=arrow_field.type, from_pandas=True))
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), sink, compression="zstd", write_statistics=True)
    return sink.getvalue().to_pybytes()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_checksums(root: Path) -> None:
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != SUMS)
    lines = [f"{sha256_file(p)}  {p.relative_to(root).as_posix()}\n" for p in files]
    (root / SUMS).write_text("".join(lines), encoding="utf-8")


def verify_checksums(root: Path) -> None:
    sums = root / SUMS
    if not sums.exists():
        raise ReleaseError(f"{root}: no {SUMS}; remove the directory and release again")
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, _, rel = line.partition("  ")
        path = root / rel
        if not path.is_file() or sha256_file(path) != digest:
            raise ReleaseError(f"{root}: {rel} does not match {SUMS}; the release was altered, remove it and release again")


def latest_release(out_dir: Path) -> Path | None:
    """The release DIR/LATEST names; without it, the most recently written release directory."""
    pointer = out_dir / LATEST
    if pointer.exists():
        candidate = out_dir / pointer.read_text(encoding="utf-8").strip()
        if (candidate / "datapackage.json").exists():
            return candidate
    releases = [p for p in out_dir.glob("spbe-*") if (p / "datapackage.json").exists()]
    return max(releases, key=lambda p: p.stat().st_mtime, default=None)


def _write_latest(out_dir: Path, name: str) -> None:
    tmp = out_dir / f".{LATEST}.tmp"
    tmp.write_text(name + "\n", encoding="utf-8")
    os.replace(tmp, out_dir / LATEST)


def _readme(meta: ReleaseMeta, tables: list[ReleaseTable]) -> str:
    lines = [f"# {meta.title}", "", f"Release `{meta.release_name}`, version `{meta.version}`: {meta.data_as_of}.", ""]
    if meta.synthetic:
        lines += [f"**SYNTHETIC DATA.** {meta.synthetic_reason} The values are not real SPBE results.", ""]
    lines += [
        "- `csv/` and `parquet/`: every table and view (UTF-8 CSV with ISO 8601 UTC timestamps, decimal points,",
        "  empty cell = null; typed Parquet); `datapackage.json` describes both (Frictionless Data Package).",
        "- `data_dictionary.md`: every column; `CHANGES.md`: rows added, changed and removed since the previous release.",
        "- `report/index.html`: charts, national and per province (works offline).",
        "- `spbe.sqlite` with `datasette-metadata.json`: the same tables in one SQLite file; browse it with",
        "  `datasette serve -i spbe.sqlite -m datasette-metadata.json` (every column described, canned queries).",
        "- `CITATION.cff`: how to cite; `SHA256SUMS`: check with `sha256sum -c SHA256SUMS`.",
        "",
        "## Reading the CSV",
        "",
        PANDAS_HINT.replace("pd.read_csv(path, dtype=", "`pd.read_csv(path, dtype=").replace("}).", "})`."),
        "",
        "A release holds the data only, not when a run wrote it: "
        + ", ".join(f"`{t}.{c}`" for t, c in run_stamps())
        + " stay in the warehouse, so the same data always gives the same version and the same bytes.",
        "",
        "## Withheld columns" if meta.withheld else "## Article text included",
        "",
        withheld_note(meta.withheld),
        "",
        "| name | kind | rows | withheld columns |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{t.name}` | {t.kind} | {len(t.frame)} | {', '.join(f'`{w.column}`' for w in t.withheld) or '-'} |" for t in tables]
    return "\n".join(lines) + "\n"


def _dictionary(meta: ReleaseMeta) -> str:
    """The warehouse's data dictionary, which describes every column, headed by what this release leaves out."""
    from spbe.infra.dictionary import render_dictionary

    return f"> In this release: {withheld_note(meta.withheld)}\n\n" + render_dictionary()


def _write_files(root: Path, tables: list[ReleaseTable], csvs: dict[str, bytes], meta: ReleaseMeta, changes_md: str) -> None:
    from spbe.release.report import write_report

    (root / "csv").mkdir()
    (root / "parquet").mkdir()
    resources = []
    for table in tables:
        csv_rel, parquet_rel = f"csv/{table.name}.csv", f"parquet/{table.name}.parquet"
        (root / csv_rel).write_bytes(csvs[table.name])
        (root / parquet_rel).write_bytes(parquet_bytes(table))
        resources.append(resource(table, csv_rel, parquet_rel, hashlib.sha256(csvs[table.name]).hexdigest(), len(csvs[table.name])))
    (root / "datapackage.json").write_bytes(dumps(descriptor(meta, resources)))
    (root / "data_dictionary.md").write_text(_dictionary(meta), encoding="utf-8")
    (root / "CHANGES.md").write_text(changes_md, encoding="utf-8")
    (root / "CITATION.cff").write_bytes(citation_cff(meta))
    (root / "README.md").write_text(_readme(meta, tables), encoding="utf-8")
    write_report({t.name: t for t in tables}, meta, root / "report")
    write_sqlite_release(root, tables, meta)
    write_checksums(root)


def build_release(warehouse, out_dir: Path | str, with_article_text: bool = False) -> ReleaseResult:
    """Write the warehouse as a release under out_dir, or find the identical one already there.

    with_article_text includes the columns tables.WITHHELD names (the articles' full text): only for
    a maker with the publishers' permission. It changes the data, so it changes the version.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = read_release_tables(warehouse, with_article_text)
    csvs = {t.name: canonical_csv(t) for t in tables}
    meta = build_meta(tables, csvs, read_provenance(warehouse))
    rows = {t.name: len(t.frame) for t in tables}
    target = out_dir / meta.release_name
    if target.exists():
        verify_checksums(target)
        _write_latest(out_dir, target.name)
        return ReleaseResult(target, meta, created=False, previous=None, rows=rows)
    previous = latest_release(out_dir)
    changes = compare_with_previous(tables, csvs, previous)
    changes_md = render_changes(meta.release_name, previous.name if previous else None, changes)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=out_dir))
    try:
        _write_files(tmp, tables, csvs, meta, changes_md)
        tmp.chmod(0o755)  # mkdtemp makes it private; a release is for reading
        try:
            os.rename(tmp, target)
        except OSError:
            if not target.exists():
                raise
            verify_checksums(target)  # a concurrent build of the same data won the rename
            shutil.rmtree(tmp)
            return ReleaseResult(target, meta, created=False, previous=None, rows=rows)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _write_latest(out_dir, target.name)
    return ReleaseResult(target, meta, created=True, previous=previous.name if previous else None, rows=rows, changes=changes)
