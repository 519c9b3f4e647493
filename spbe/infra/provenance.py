"""What built the warehouse: the spbe_dataset row each write carries in its own transaction.

Use: `warehouse.replace_slices(with_provenance(slices, build))` (or `upsert_slices`), where
`build = Build.now(source_mode, build_id=context.run_id)`. The row lands with the data or not at
all, so spbe_dataset never claims a write that rolled back.
"""

from __future__ import annotations

import datetime as dt
import functools
import subprocess
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pandas as pd

from schemas import TABLE_MODELS, Dataset, column_names, table_name
from schemas.common import SYNTHETIC_COLUMN
from schemas.views import NO_BUILD_NOTE, REAL_NOTE, SYNTHETIC_NOTE
from schemas.vocab import SOURCE_MODES

DATASET_TABLE = table_name(Dataset)
PACKAGE = "spbe-warehouse"
_CHECKOUT = Path(__file__).resolve().parents[2]


@functools.cache
def code_version() -> str:
    """The package version, plus `git describe` when the code runs from a git checkout."""
    try:
        version = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        version = "unknown"
    try:
        described = subprocess.run(
            ["git", "-C", str(_CHECKOUT), "describe", "--always", "--dirty", "--tags"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        described = ""  # an installed package, or no git: the version alone is all we know
    return f"{version} (git {described})" if described else version


@dataclass(frozen=True)
class Build:
    build_id: str
    source_mode: str
    synthetic: bool
    code_version: str
    built_at: dt.datetime

    @classmethod
    def now(cls, source_mode: str, *, build_id: str | None = None, synthetic: bool | None = None) -> Build:
        """A build stamped now. The local mirror serves synthetic data, so mirror mode means
        synthetic unless the caller knows better."""
        if source_mode not in SOURCE_MODES:
            raise ValueError(f"source mode must be one of {', '.join(SOURCE_MODES)}, not {source_mode!r}")
        return cls(
            build_id=build_id or uuid.uuid4().hex,
            source_mode=source_mode,
            synthetic=source_mode == "mirror" if synthetic is None else synthetic,
            code_version=code_version(),
            built_at=dt.datetime.now(dt.UTC),
        )

    def stamped(self, table: str, rows: pd.DataFrame) -> pd.DataFrame:
        """The rows with this build's synthetic flag, for a table that carries it per row (schemas.common.synthetic_flag)."""
        model = TABLE_MODELS.get(table)
        if model is None or SYNTHETIC_COLUMN not in column_names(model):
            return rows
        return rows.assign(**{SYNTHETIC_COLUMN: self.synthetic})

    def row(self, tables: Iterable[str]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "build_id": self.build_id,
                    "tables": ",".join(sorted(set(tables))),
                    "built_at": pd.Timestamp(self.built_at),
                    "source_mode": self.source_mode,
                    "synthetic": self.synthetic,
                    "code_version": self.code_version,
                    "note": SYNTHETIC_NOTE if self.synthetic else REAL_NOTE,
                }
            ]
        )


def with_provenance(slices: Iterable[tuple], build: Build) -> list[tuple]:
    """The slices, each row stamped with the build's synthetic flag, plus the spbe_dataset row naming
    their tables, for `replace_slices` (3-tuples) or `upsert_slices` (2-tuples): the row is written
    in the same transaction as the data."""
    slices = [(s[0], build.stamped(s[0], s[1]), *s[2:]) for s in slices]
    row = build.row(s[0] for s in slices)
    if slices and len(slices[0]) == 2:
        return [*slices, (DATASET_TABLE, row)]
    key = row.iloc[0]
    return [*slices, (DATASET_TABLE, row, {"build_id": key["build_id"], "tables": key["tables"]})]


def dataset_status(warehouse) -> tuple[bool, str]:
    """(synthetic, note) from the warehouse's write log (view v_spbe_dataset): what a user must be told
    beside every figure. A warehouse with no recorded build is not claimed to be real."""
    import sqlalchemy as sa

    with warehouse.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT data_synthetic, dataset_note FROM v_spbe_dataset")).one()
    if row.data_synthetic is None:
        return False, NO_BUILD_NOTE
    return bool(row.data_synthetic), str(row.dataset_note)


def status_line(warehouse) -> str:
    synthetic, note = dataset_status(warehouse)
    return ("SYNTHETIC DATA: " if synthetic else "data: ") + note
