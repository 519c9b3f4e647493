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

from schemas import TABLE_MODELS
from schemas.views import VIEWS, View


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # pandera's dtype name: 'str', 'int64', 'Int64', 'float64', 'bool', 'boolean', 'datetime64[ns, UTC]'
    description: str
    nullable: bool


@dataclass
class ReleaseTable:
    name: str
    kind: str  # 'table' or 'view'
    description: str
    columns: list[Column]
    primary_key: tuple[str, ...]  # declared key of a table; () for views and keyless tables
    frame: pd.DataFrame


def primary_key(table: str) -> tuple[str, ...]:
    """The table's natural key, read in one place so it can follow the key to wherever it is declared."""
    model = TABLE_MODELS[table]
    declared = getattr(model.Config, "primary_key", None) or getattr(model, "PRIMARY_KEY", None)
    if declared:
        return tuple(declared)
    from spbe.infra.warehouse import TABLE_KEYS

    return tuple(TABLE_KEYS.get(table, ()))


def table_columns(table: str) -> list[Column]:
    schema = TABLE_MODELS[table].to_schema()
    return [Column(n, str(c.dtype), c.description or "", bool(c.nullable)) for n, c in schema.columns.items()]


def view_columns(view: View, sql_columns: list[str]) -> list[Column]:
    """A view's columns in SQL order; types and descriptions from its base table unless it derives them."""
    base = {c.name: c for c in table_columns(view.base_table)}
    derived_types = getattr(view, "derived_types", {})
    out = []
    for name in sql_columns:
        if name in view.derived_columns or name not in base:
            dtype = derived_types.get(name)
            if dtype is None:
                raise ValueError(f"view {view.name}: column {name!r} has no type (add it to derived_types in schemas/views.py)")
            out.append(Column(name, dtype, view.derived_columns.get(name, ""), True))
        else:
            b = base[name]
            # A view can null any column (outer joins), so only the base's own nullability is kept.
            out.append(Column(name, b.dtype, b.description, b.nullable))
    return out


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
        return values.map(lambda v: None if _missing(v) else bool(v)).astype("boolean")
    return values.map(lambda v: None if _missing(v) else str(v)).astype("object")


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def canonical_order(frame: pd.DataFrame, key: tuple[str, ...]) -> pd.DataFrame:
    """Rows sorted by the key, or by every column's canonical text when there is no key."""
    if frame.empty:
        return frame
    if key:
        return frame.sort_values(list(key), kind="mergesort", na_position="last").reset_index(drop=True)
    text = canonical_cells(frame)
    order = text.sort_values(list(text.columns), kind="mergesort").index
    return frame.loc[order].reset_index(drop=True)


def _format_cell(value, dtype: str) -> str:
    if _missing(value):
        return ""
    if dtype.startswith("datetime"):
        ts = pd.Timestamp(value).tz_convert("UTC")
        pattern = "%Y-%m-%dT%H:%M:%S.%fZ" if ts.microsecond else "%Y-%m-%dT%H:%M:%SZ"
        return ts.strftime(pattern)
    if dtype in ("bool", "boolean"):
        return "true" if value else "false"
    if dtype in ("int64", "Int64"):
        return str(int(value))
    if dtype == "float64":
        return repr(float(value))  # shortest round-trip form, decimal point, never locale-formatted
    return str(value)


def canonical_cells(frame: pd.DataFrame, columns: list[Column] | None = None) -> pd.DataFrame:
    """Every cell as the text the CSV holds (so CSVs of two releases compare cell by cell)."""
    dtypes = {c.name: c.dtype for c in columns} if columns else {c: _dtype_of(frame[c]) for c in frame.columns}
    return pd.DataFrame({c: [_format_cell(v, dtypes[c]) for v in frame[c]] for c in frame.columns}, index=frame.index)


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


def read_release_tables(warehouse) -> list[ReleaseTable]:
    """Every table (in model order) and view (in contract order), typed and canonically ordered."""
    tables = []
    for name, model in TABLE_MODELS.items():
        columns, key = table_columns(name), primary_key(name)
        frame = canonical_order(coerce(warehouse.read(name), columns), key)
        description = (model.__doc__ or "").strip()
        tables.append(ReleaseTable(name, "table", description, columns, key, frame))
        _check_key(tables[-1])
    with warehouse.engine.connect() as conn:
        for view in VIEWS:
            raw = pd.read_sql(sa.text(f"SELECT * FROM {view.name}"), conn)
            columns = view_columns(view, list(raw.columns))
            frame = canonical_order(coerce(raw, columns), ())
            tables.append(ReleaseTable(view.name, "view", view.description, columns, (), frame))
    return tables
