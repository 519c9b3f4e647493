"""What every warehouse model shares: the table declaration, the shared columns, and the functions
the rest of the code reads a model through (columns, key, indexes, validation).

A model says what its table is in one small declaration, `_table = Table(...)`: the table name,
the primary key, the secondary indexes. From it (and the model's fields) come the DDL
(`spbe.infra.warehouse`), the uniqueness check on the key (Pandera's `unique`, set here so the
key is written once), the data dictionary, Dagster's column schema and the datapackage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pandera.errors
import pandera.pandas as pa
from pandera import extensions
from pandera.api.dataframe.model_components import FieldInfo
from pandera.typing import Series

from schemas import vocab


@dataclass(frozen=True)
class Table:
    """How a model is stored: its table name, primary key and secondary indexes."""

    name: str
    key: tuple[str, ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Column:
    """One column as every consumer needs it (DDL, docs, Dagster column schema, datapackage).

    `type` is the portable logical type (Frictionless names: integer, number, string, boolean,
    datetime); `dtype` is the pandas dtype the model coerces to.
    """

    name: str
    type: str
    dtype: str
    description: str
    nullable: bool
    key: bool = False
    vocabulary: tuple[Any, ...] | None = None  # the allowed values when the column has a closed set
    unit: str | None = None  # what a number counts, for a reader ("index points", "rank"); None for text and ids
    # When this warehouse wrote or fetched the row, not what the data is: two builds of the same data
    # differ only here, so a release leaves such columns out (spbe.release.tables.run_stamps).
    run_stamp: bool = False

    @property
    def described(self) -> str:
        """The description with its unit: what every reader-facing consumer shows."""
        return f"{self.description} Unit: {self.unit}." if self.unit else self.description

    @classmethod
    def derived(cls, name: str, dtype: str, description: str, unit: str | None = None) -> Column:
        """A column a view computes: typed by its declaration, nullable (a view can null anything)."""
        return cls(name, _logical_type(dtype), dtype, description, True, unit=unit)


class TableModel(pa.DataFrameModel):
    """Base of every warehouse table model: strict, coercing, and unique on its declared key."""

    _table: Table | None = None

    class Config:
        strict = True
        coerce = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Pandera reads Config when the subclass is created (in super().__init_subclass__), so the
        # key becomes its `unique` option first: duplicate keys then fail validation, listed row by row.
        table = cls.__dict__.get("_table")
        if table is not None and table.key:
            if "Config" in cls.__dict__:
                cls.Config.unique = list(table.key)
            else:
                cls.Config = type("Config", (cls.Config,), {"unique": list(table.key)})
        super().__init_subclass__(**kwargs)


# --- the shared columns: one definition each, a description override only where a table means more

def instansi_id(description: str = "Kemendagri code for regions ('18.09'), slug for central bodies ('kemenkeu').") -> FieldInfo:
    return pa.Field(description=description)


def instansi_name(description: str = "Canonical name (Kemendagri spelling for regions).") -> FieldInfo:
    return pa.Field(description=description)


def instansi_type() -> FieldInfo:
    return pa.Field(isin=list(vocab.INSTANSI_TYPES), description="kementerian, lembaga, provinsi, kabupaten or kota.")


def province_code() -> FieldInfo:
    return pa.Field(nullable=True, description="Province code; null for central bodies.")


def province_name() -> FieldInfo:
    return pa.Field(nullable=True, description="Province name; null for central bodies.")


# Units a reader needs to read a number right; declared on the field (Pandera metadata), read by table_columns.
INDEX_POINTS = "index points (1.00-5.00, the scale of the year's method: Indeks SPBE, or PemDI from 2026)"
INDEX_DIFFERENCE = "index points (difference of two index values)"
RANK = "rank (1 = highest; competition ranking, ties share a rank)"


def unit(name: str) -> dict[str, str]:
    """Field metadata carrying a unit: `pa.Field(..., metadata=unit(INDEX_POINTS))`."""
    return {"unit": name}


def year(description: str = "Evaluation year (not the decree's year).", *, nullable: bool = False) -> FieldInfo:
    return pa.Field(ge=vocab.FIRST_EVALUATION_YEAR, le=vocab.LAST_PLAUSIBLE_YEAR, nullable=nullable, description=description)


def index_value(description: str = "Indeks SPBE, 1.00-5.00, two decimals.", *, nullable: bool = False) -> FieldInfo:
    return pa.Field(ge=vocab.INDEX_MIN, le=vocab.INDEX_MAX, nullable=nullable, description=description, metadata=unit(INDEX_POINTS))


def predikat(description: str = "Predikat as published (canonical spelling); null when the source gave none.") -> FieldInfo:
    return pa.Field(nullable=True, isin=list(vocab.PREDIKATS), description=description)


def predikat_expected() -> FieldInfo:
    return pa.Field(isin=list(vocab.PREDIKATS), description="Predikat implied by index_value and the bands.")


class SourcesNotDeclared(LookupError):
    pass


class DeclaredSources:
    """The names a `source` column may hold. The schemas do not know the sources: each declares
    itself in its own folder, and the layer that finds the declarations (spbe.infra.fact_sources)
    hands its lookup in with `provide` when it is imported. Read when validating or describing a
    column, so a new source needs no edit here; asked before any lookup was provided, it raises
    rather than let every value (or none) pass."""

    def __init__(self) -> None:
        self._lookup: Callable[[], Iterable[str]] | None = None

    def provide(self, lookup: Callable[[], Iterable[str]]) -> None:
        self._lookup = lookup

    def names(self) -> tuple[str, ...]:
        if self._lookup is None:
            raise SourcesNotDeclared("no declared sources to check a `source` column against: import "
                                     "spbe.infra.fact_sources (it provides them) before validating or describing one")
        return tuple(self._lookup())


DECLARED_SOURCES = DeclaredSources()


@extensions.register_check_method()
def declared_source(values):
    """The value names a declared source (DECLARED_SOURCES)."""
    return values.isin(DECLARED_SOURCES.names())


def source(description: str = "The source the value comes from: a declared source, e.g. 'official' (the decree), "
           "'published_by_body' (a body's own published result) or 'news' (a news figure).", *, nullable: bool = False) -> FieldInfo:
    return pa.Field(declared_source=(), nullable=nullable, description=description)


def source_url(description: str = "Document the value was read from.") -> FieldInfo:
    return pa.Field(description=description)


def page() -> FieldInfo:
    return pa.Field(nullable=True, ge=1, description="PDF page (1-based); null for HTML.")


# The synthetic flag every raw table carries per row: a row read from the demo mirror stays labelled
# synthetic wherever it is exported or joined, not only in the views. Optional in validation (a
# source builds its rows before it knows the run); the write stamps it from the run's build
# (spbe.infra.provenance.with_provenance), and a row written outside a run holds null.
SYNTHETIC_COLUMN = "synthetic"


def synthetic_flag() -> FieldInfo:
    return pa.Field(nullable=True, description="True when the run that wrote the row read synthetic data (the demo mirror): "
                    "NOT an official result; false when it read the publishers; null for a row written outside a run.")


def utc_timestamp(description: str, *, nullable: bool = False, run_stamp: bool = False) -> FieldInfo:
    """A UTC timestamp; `run_stamp=True` when it records when a run wrote or fetched the row (Column.run_stamp)."""
    return pa.Field(nullable=nullable, dtype_kwargs={"unit": "ns", "tz": "UTC"}, description=description,
                    metadata={"run_stamp": True} if run_stamp else None)


class InstansiTable(TableModel):
    """Base of every table about one instansi: its first five columns say which body and where, the
    same way everywhere, so BI users filter every table by type and province alike."""

    instansi_id: Series[str] = instansi_id()
    instansi_name: Series[str] = instansi_name()
    instansi_type: Series[str] = instansi_type()
    province_code: Series[str] = province_code()
    province_name: Series[str] = province_name()

    @pa.dataframe_check(description="Every regional body (provinsi, kabupaten, kota) has a province.")
    def regional_bodies_have_province(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df["instansi_type"].isin(vocab.REGIONAL_TYPES) | df["province_code"].notna()


# --- reading a model: the one way the rest of the code learns about a table

def table_spec(model: type[TableModel]) -> Table:
    table = getattr(model, "_table", None)
    if table is None:
        raise TypeError(f"{model.__name__} declares no _table: it is not a warehouse table")
    return table


def table_name(model: type[TableModel]) -> str:
    return table_spec(model).name


def primary_key(model: type[TableModel]) -> tuple[str, ...]:
    """The table's primary key, () when it has none."""
    return table_spec(model).key


def table_indexes(model: type[TableModel]) -> tuple[tuple[str, ...], ...]:
    return table_spec(model).indexes


def _logical_type(dtype: str) -> str:
    d = dtype.lower()
    for prefix, kind in (("int", "integer"), ("float", "number"), ("bool", "boolean"), ("datetime", "datetime")):
        if d.startswith(prefix):
            return kind
    return "string"


def _vocabulary(checks: list) -> tuple[Any, ...] | None:
    for check in checks:
        if check.name == "isin":
            return tuple(check.statistics["allowed_values"])
        if check.name == "declared_source":
            return DECLARED_SOURCES.names()
    return None


def table_columns(model: type[pa.DataFrameModel]) -> list[Column]:
    """The model's columns in table order, with type, description, nullability, key and vocabulary."""
    key = set(getattr(model, "_table", None).key if getattr(model, "_table", None) else ())
    return [
        Column(
            name=name,
            type=_logical_type(str(col.dtype)),
            dtype=str(col.dtype),
            description=col.description or "",
            nullable=bool(col.nullable) and name not in key,
            key=name in key,
            vocabulary=_vocabulary(col.checks),
            unit=(col.metadata or {}).get("unit"),
            run_stamp=bool((col.metadata or {}).get("run_stamp")),
        )
        for name, col in model.to_schema().columns.items()
    ]


def optional_columns(model: type[pa.DataFrameModel]) -> set[str]:
    """Columns validation does not require (a writer fills them, e.g. the synthetic flag)."""
    return {name for name, col in model.to_schema().columns.items() if not col.required}


def column_names(model: type[pa.DataFrameModel]) -> list[str]:
    return list(model.to_schema().columns)


def empty_frame(model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """No rows, the model's columns and dtypes: what a step returns when it found nothing."""
    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in table_columns(model)})


def _cast(series: pd.Series, column: Column) -> pd.Series:
    if column.type == "string":
        return series.astype(object).where(series.notna(), None)
    if column.type == "datetime":
        return pd.to_datetime(series, utc=True).astype(column.dtype)
    return series.astype(column.dtype)


def conform(model: type[pa.DataFrameModel], df: pd.DataFrame) -> pd.DataFrame:
    """The model's columns, in order, cast to its dtypes where they cast cleanly. No check runs:
    a value that does not fit is left as it is for `validate` to report, never raised here."""
    out = pd.DataFrame(index=df.index)
    for column in table_columns(model):
        series = df[column.name] if column.name in df else pd.Series(None, index=df.index, dtype=object)
        try:
            out[column.name] = _cast(series, column)
        except (TypeError, ValueError):
            out[column.name] = series
    return out


@dataclass
class Validation:
    """The outcome of `validate`: the coerced frame when valid, else the input and the failure cases."""

    frame: pd.DataFrame
    failure_cases: pd.DataFrame

    @property
    def ok(self) -> bool:
        return self.failure_cases.empty


def validate(model: type[pa.DataFrameModel], df: pd.DataFrame) -> Validation:
    """Validate lazily and never raise a Pandera error: every failure comes back as a row.

    Both error types are caught on purpose: in pandera 0.35 `SchemaError` (what some failures
    raise even under lazy=True) is not a subclass of `SchemaErrors`.
    """
    try:
        return Validation(model.validate(df, lazy=True), pd.DataFrame())
    except pandera.errors.SchemaErrors as exc:
        return Validation(df, exc.failure_cases)
    except pandera.errors.SchemaError as exc:
        cases = exc.failure_cases if isinstance(exc.failure_cases, pd.DataFrame) else None
        row = {"schema_context": "DataFrameSchema", "column": None, "check": str(exc.check or exc), "check_number": None,
               "failure_case": None if cases is not None else exc.failure_cases, "index": None}
        if cases is not None and not cases.empty:
            return Validation(df, cases.assign(check=row["check"]))
        return Validation(df, pd.DataFrame([row]))
