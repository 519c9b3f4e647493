"""Rebuild spbe_index (with its conflicts and targets) from one consistent read of its inputs.

The read, the build and the write happen in one transaction that holds the write lock from before
the first read (BEGIN IMMEDIATE on SQLite, table locks on PostgreSQL): a run that loads official
results while another rebuilds the index waits, then rebuilds it again itself, so the last index
written always reflects every committed input.

The fingerprint of the inputs is stored beside the table (spbe_build_state) in the same
transaction. A run killed after writing official results but before rebuilding the index leaves
both tables consistent on their own; `index_is_stale` then tells, and the next rebuild repairs it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from schemas import BuildState, SourceConflict, SpbeIndex, Target, validate
from spbe.index.reconcile import build_targets, reconcile, targets_of
from spbe.index.table import build_spbe_index
from spbe.infra.ddl import primary_key_of
from spbe.infra.fact_sources import fact_tables
from spbe.infra.provenance import DATASET_TABLE, Build, with_provenance
from spbe.infra.warehouse import Warehouse

STATE_TABLE = "spbe_build_state"
OUTPUT_TABLES = ("spbe_index", "spbe_source_conflict", "spbe_target", STATE_TABLE, DATASET_TABLE)


class IndexInvalid(Exception):
    """The rebuilt tables failed their models; nothing was written."""

    def __init__(self, failure_cases: pd.DataFrame) -> None:
        super().__init__(f"{len(failure_cases)} failure case(s) in spbe_index, spbe_source_conflict or spbe_target")
        self.failure_cases = failure_cases


@dataclass
class IndexBuild:
    table: pd.DataFrame  # SpbeIndex
    conflicts: pd.DataFrame  # SourceConflict
    targets: pd.DataFrame  # Target
    previous: pd.DataFrame  # spbe_index as it stood before
    inputs_sha256: str
    was_stale: bool  # the previous index had not been built from the current inputs
    settled: pd.DataFrame  # the news figures with their final status (settle.settle)


def inputs_fingerprint(inputs: dict[str, pd.DataFrame]) -> str:
    """SHA-256 of the input rows, independent of the order the database returns them in."""
    digest = hashlib.sha256()
    for name in sorted(inputs):
        frame = inputs[name]
        key = list(primary_key_of(name))
        ordered = frame.sort_values(key).reset_index(drop=True) if not frame.empty else frame
        digest.update(name.encode())
        digest.update(ordered.astype(str).to_csv(index=False, lineterminator="\n").encode())
    return digest.hexdigest()


def input_tables() -> tuple[str, ...]:
    """The facts tables the declared sources name (spbe.infra.fact_sources): no list here."""
    return fact_tables()


def _read_inputs(warehouse: Warehouse, conn: sa.Connection) -> dict[str, pd.DataFrame]:
    return {name: warehouse.read(name, conn=conn) for name in input_tables()}


def _stored_fingerprint(warehouse: Warehouse, conn: sa.Connection) -> str | None:
    state = warehouse.read(STATE_TABLE, {"table_name": "spbe_index"}, conn=conn)
    return None if state.empty else str(state["inputs_sha256"].iloc[0])


def rebuild_index(
    warehouse: Warehouse,
    *,
    now: dt.datetime | None = None,
    build: Build | None = None,
    after_read: Callable[[], None] | None = None,
) -> IndexBuild:
    """Read the inputs, build, validate and replace spbe_index, spbe_source_conflict and spbe_target
    (with the spbe_dataset row of `build` and the input fingerprint) in one transaction. Invalid
    tables raise IndexInvalid and roll everything back.

    `after_read` runs between the read and the write (tests use it to interleave another writer).
    """
    now = now or dt.datetime.now(dt.UTC)
    with warehouse.transaction(writes=OUTPUT_TABLES, reads=input_tables()) as conn:
        inputs = _read_inputs(warehouse, conn)
        previous = warehouse.read("spbe_index", conn=conn)
        stored = _stored_fingerprint(warehouse, conn)
        if after_read is not None:
            after_read()
        fingerprint = inputs_fingerprint(inputs)
        table, conflicts, targets, settled = _build_valid(inputs, previous, now)
        slices = [("spbe_index", table, None), ("spbe_source_conflict", conflicts, None), ("spbe_target", targets, None)]
        if build is not None:
            slices = with_provenance(slices, build)
        state = pd.DataFrame(
            [{"table_name": "spbe_index", "inputs_sha256": fingerprint, "input_rows": sum(map(len, inputs.values())), "built_at": pd.Timestamp(now)}]
        )
        warehouse.replace_in(conn, [*slices, (STATE_TABLE, BuildState.validate(state), {"table_name": "spbe_index"})])
    was_stale = stored != fingerprint and not (stored is None and previous.empty)
    return IndexBuild(table, conflicts, targets, previous, fingerprint, was_stale, settled)


def _build_valid(inputs: dict[str, pd.DataFrame], previous: pd.DataFrame, now: dt.datetime) -> tuple[pd.DataFrame, ...]:
    """spbe_index, spbe_source_conflict and spbe_target, validated, and the settled statements."""
    reconciled = reconcile(inputs)
    index_check = validate(SpbeIndex, build_spbe_index(reconciled.facts, loaded_at=now, previous=previous))
    conflict_check = validate(SourceConflict, reconciled.conflicts)
    target_check = validate(Target, build_targets(targets_of(reconciled.settled), index_check.frame))
    checks = (index_check, conflict_check, target_check)
    failures = pd.concat([c.failure_cases for c in checks], ignore_index=True)
    if not failures.empty:
        raise IndexInvalid(failures)
    return (*(c.frame for c in checks), reconciled.settled)


def index_is_stale(warehouse: Warehouse) -> bool:
    """True when spbe_index was not built from the inputs as they stand (e.g. a run was killed
    between loading official results and rebuilding the index). A never-built empty warehouse is not stale."""
    with warehouse.engine.connect() as conn, conn.begin():
        inputs = _read_inputs(warehouse, conn)
        stored = _stored_fingerprint(warehouse, conn)
    if stored is None:
        return any(not frame.empty for frame in inputs.values())
    return stored != inputs_fingerprint(inputs)


def settled_news(warehouse: Warehouse) -> pd.DataFrame:
    """The news figures as the last build settled them (for the checks of a table not rebuilt and for
    `spbe review`): the same function over the same inputs."""
    with warehouse.engine.connect() as conn, conn.begin():
        inputs = _read_inputs(warehouse, conn)
    return reconcile(inputs).settled
