"""The release's tables: every warehouse table and view, typed from `schemas/`, in one canonical form.

The canonical CSV is the release's ground truth: its bytes decide the version, so everything that
could make two reads of the same warehouse differ (row order from the database, SQLite returning
floats for nullable integers, naive timestamps, 0/1 booleans) is normalised here, from the models.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

import schemas
from schemas import TABLE_MODELS, Column, view_columns
from schemas.views import VIEWS

# The warehouse's write log (which run wrote what, when, from which sources): provenance, not data.
# It gains a row with every run, so exporting it would give every rebuild of the same data a new
# version; the release reads it for its synthetic flag instead (meta.detect_synthetic).
# spbe_build_state (the fingerprint spbe_index was built from) is bookkeeping of the same kind.
PROVENANCE_TABLES = ("spbe_dataset", "v_spbe_dataset", "spbe_build_state")


def run_stamps() -> tuple[tuple[str, str], ...]:
    """(table, column) of every run stamp: when this warehouse wrote a row or fetched a page. They say
    when a run happened, not what the data is, so they differ between two builds of the same data (a
    rebuild, SQLite and PostgreSQL, tomorrow's nightly) and would give each its own version and a
    CHANGES.md listing every row. They stay in the warehouse; a release leaves them out (a view inherits
    this from its base table). Each model flags its own (`schemas.common.utc_timestamp(run_stamp=True)`)."""
    return tuple((name, c.name) for name, model in TABLE_MODELS.items() for c in schemas.table_columns(model) if c.run_stamp)


@dataclass(frozen=True)
class Withheld:
    """A column a release leaves out unless its maker opts in, and why."""

    table: str
    column: str
    reason: str


# The one place that says what a release withholds by default. The full body of a scraped article is
# its publisher's work, which a public CC-BY release has no right to redistribute; the URL, title,
# site, dates, content hash and figure counts (and each figure's short evidence sentence) stay, and
# are what a user needs to trace a figure. No view in schemas/views.py selects it today; a view that
# did would lose it too (withheld_from matches a view's columns through its base table).
WITHHELD = (
    Withheld(
        "spbe_news_article",
        "text",
        "the full body of each news article is its publisher's copyrighted work; the URL, title, site, dates, "
        "content hash and the evidence sentence of every figure stay so each figure can be traced",
    ),
)


def withheld_from(table: str, base_table: str | None, columns: list[Column]) -> tuple[list[Column], tuple[Withheld, ...]]:
    """The columns a default release keeps, and what it withholds from them (by table, or by a view's base table)."""
    owners = {table, base_table} - {None}
    dropped = {w.column: w for w in WITHHELD if w.table in owners and any(c.name == w.column for c in columns)}
    kept = [c for c in columns if c.name not in dropped]
    return kept, tuple(Withheld(table, w.column, w.reason) for w in dropped.values())


@dataclass
class ReleaseTable:
    name: str
    kind: str  # 'table' or 'view'
    description: str
    columns: list[Column]
    primary_key: tuple[str, ...]  # declared key of a table; () for views and keyless tables
    frame: pd.DataFrame
    withheld: tuple[Withheld, ...] = ()  # columns of the warehouse left out of this release


def primary_key(table: str) -> tuple[str, ...]:
    """The table's natural key, as its model declares it (schemas.primary_key)."""
    return schemas.primary_key(TABLE_MODELS[table])


def table_columns(table: str) -> list[Column]:
    return schemas.table_columns(TABLE_MODELS[table])


def coerce(frame: pd.DataFrame, columns: list[Column]) -> pd.DataFrame:
    """The frame with exactly these columns, each in the pandas dtype its model declares."""
    out = pd.DataFrame(index=range(len(frame)))
    for col in columns:
        values = frame[col.name].reset_index(drop=True)
        out[col.name] = _coerce_series(values, col.dtype)
    return out


def _coerce_series(values: pd.Series, dtype: str) -> pd.Series:
    if dtype.startswith("datetime"):
        # SQLite hands back naive strings of what was written as UTC; PostgreSQL aware datetimes.
        return pd.to_datetime(values, utc=True, format="ISO8601")
    if dtype in ("int64", "Int64"):
        return pd.to_numeric(values).round().astype("Int64")
    if dtype == "float64":
        return pd.to_numeric(values).astype("float64")
    if dtype in ("bool", "boolean"):
        return values.astype("boolean")  # SQLite's 0/1, PostgreSQL's True/False, nulls kept
    return values.astype(str).astype(object).where(values.notna(), None)


def canonical_order(frame: pd.DataFrame, key: tuple[str, ...]) -> pd.DataFrame:
    """Rows sorted by the key, or by every column's canonical text when there is no key."""
    if frame.empty:
        return frame
    if key:
        return frame.sort_values(list(key), kind="mergesort", na_position="last").reset_index(drop=True)
    text = canonical_cells(frame)
    order = text.sort_values(list(text.columns), kind="mergesort").index
    return frame.loc[order].reset_index(drop=True)


def format_column(values: pd.Series, dtype: str) -> pd.Series:
    """The CSV text of one column (vectorised: a release formats a few hundred thousand cells)."""
    present = values.notna()
    out = pd.Series("", index=values.index, dtype=object)
    if not present.any():
        return out
    v = values[present]
    if dtype.startswith("datetime"):
        v = pd.to_datetime(v, utc=True)
        whole = v.dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        fraction = v.dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        text = whole.where(v.dt.microsecond == 0, fraction)
    elif dtype in ("bool", "boolean"):
        text = v.astype(bool).map({True: "true", False: "false"})
    elif dtype in ("int64", "Int64"):
        text = v.astype("int64").astype(str)
    elif dtype == "float64":
        text = v.astype("float64").map(repr)  # shortest round-trip form, decimal point, never locale-formatted
    else:
        text = v.astype(str)
    out[present] = text
    return out


def canonical_cells(frame: pd.DataFrame, columns: list[Column] | None = None) -> pd.DataFrame:
    """Every cell as the text the CSV holds (so CSVs of two releases compare cell by cell)."""
    dtypes = {c.name: c.dtype for c in columns} if columns else {c: _dtype_of(frame[c]) for c in frame.columns}
    return pd.DataFrame({c: format_column(frame[c], dtypes[c]) for c in frame.columns}, index=frame.index)


def _dtype_of(series: pd.Series) -> str:
    kind = str(series.dtype)
    if kind.startswith("datetime"):
        return "datetime64[ns, UTC]"
    if kind in ("Int64", "int64"):
        return "Int64"
    if kind == "float64":
        return "float64"
    if kind in ("bool", "boolean"):
        return "boolean"
    return "str"


def canonical_csv(table: ReleaseTable) -> bytes:
    """UTF-8 CSV, header row, '\\n' line ends, minimal quoting, ISO 8601 UTC timestamps, empty cell = null."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.name for c in table.columns])
    writer.writerows(canonical_cells(table.frame, table.columns).itertuples(index=False, name=None))
    return buffer.getvalue().encode("utf-8")


def _check_key(table: ReleaseTable) -> None:
    if table.primary_key and table.frame.duplicated(list(table.primary_key)).any():
        dupes = table.frame[table.frame.duplicated(list(table.primary_key), keep=False)]
        first = dupes.iloc[0][list(table.primary_key)].tolist()
        raise ValueError(f"{table.name}: {len(dupes)} rows share a primary key {table.primary_key}, e.g. {first}")


def without_run_stamps(table: str, base_table: str | None, columns: list[Column]) -> list[Column]:
    """The columns less the run stamps of the table (or of a view's base table)."""
    owners, stamps = {table, base_table} - {None}, run_stamps()
    return [c for c in columns if not c.run_stamp and not any((owner, c.name) in stamps for owner in owners)]


def _released_columns(name: str, base_table: str | None, columns: list[Column], with_article_text: bool):
    columns = without_run_stamps(name, base_table, columns)
    if with_article_text:
        return columns, ()
    return withheld_from(name, base_table, columns)


def read_release_tables(warehouse, with_article_text: bool = False) -> list[ReleaseTable]:
    """Every table (in model order) and view (in contract order), typed and canonically ordered,
    without the WITHHELD columns unless with_article_text (the maker has the publishers' permission)."""
    tables = []
    for name, model in TABLE_MODELS.items():
        if name in PROVENANCE_TABLES:
            continue
        columns, withheld = _released_columns(name, None, table_columns(name), with_article_text)
        key = primary_key(name)
        frame = canonical_order(coerce(warehouse.read(name), columns), key)
        description = (model.__doc__ or "").strip()
        tables.append(ReleaseTable(name, "table", description, columns, key, frame, withheld))
        _check_key(tables[-1])
    with warehouse.engine.connect() as conn:
        for view in VIEWS:
            if view.name in PROVENANCE_TABLES:
                continue
            raw = pd.read_sql(sa.text(f"SELECT * FROM {view.name}"), conn)
            columns, withheld = _released_columns(view.name, view.base_table, view_columns(view, list(raw.columns)), with_article_text)
            frame = canonical_order(coerce(raw, columns), ())
            tables.append(ReleaseTable(view.name, "view", view.description, columns, (), frame, withheld))
    return tables


def withheld_columns(tables: list[ReleaseTable]) -> list[Withheld]:
    return [w for t in tables for w in t.withheld]


def read_provenance(warehouse) -> pd.DataFrame | None:
    """The warehouse's write log (spbe_dataset), or None when this warehouse has none."""
    if "spbe_dataset" not in TABLE_MODELS:
        return None
    return warehouse.read("spbe_dataset")
