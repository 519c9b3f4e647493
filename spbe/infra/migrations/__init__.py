"""Schema migrations with Alembic: a warehouse built by an earlier release upgrades in place.

The models in `schemas/` stay the single truth about each table. A fresh database gets their DDL
(`create_all`) and is stamped with the newest revision (the head); an existing one is upgraded
through the revisions in `versions/`, then checked against the models, and `SchemaDriftError`
still refuses a warehouse that no revision explains. A test keeps the head equal to the models.

A warehouse written before migrations existed has no `alembic_version` table: it is adopted when
its tables match the baseline revision (or the head), and refused otherwise.

Everything happens in one transaction that holds a schema lock (SQLite: BEGIN IMMEDIATE;
PostgreSQL: an advisory lock), so two step processes starting at once do not both migrate, and a
failed upgrade leaves the warehouse as it was. Adding a revision: docs/migrations.md.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.schema import DropTableComment, SetColumnComment, SetTableComment

from schemas import VIEWS
from spbe.infra.ddl import METADATA, SchemaDriftError, schema_drift

MIGRATIONS_DIR = Path(__file__).resolve().parent
BASELINE = "0001"
# pg_advisory_xact_lock key: any constant; this one spells "spbe" in ASCII.
_PG_LOCK_KEY = 0x73706265


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """Alembic's configuration, without an alembic.ini: the scripts live in this package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    heads = script_directory().get_heads()
    if len(heads) != 1:
        # Two revisions with the same parent: two branches each added one (docs/migrations.md).
        raise RuntimeError(f"the migrations have {len(heads)} heads ({', '.join(sorted(heads))}): chain them, one after the other")
    return heads[0]


def current_revision(conn: sa.Connection) -> str | None:
    """The revision the warehouse is at; None when it has no alembic_version table (or an empty one)."""
    return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True)
class SchemaChange:
    """What `upgrade_schema` did: created a fresh warehouse, adopted one written before migrations,
    upgraded it, or nothing (before == after)."""

    before: str | None
    after: str
    created: bool = False
    adopted: bool = False

    @property
    def migrated(self) -> bool:
        return not self.created and self.before != self.after

    def describe(self, where: str) -> str:
        if self.created:
            return f"warehouse {where}: created at schema revision {self.after}"
        adopted = " (it had no migration record: its tables matched revision " + str(self.before) + ")" if self.adopted else ""
        if not self.migrated:
            return f"warehouse {where}: schema at revision {self.after}, nothing to migrate{adopted}"
        steps = len(_revisions_between(self.before, self.after))
        return f"warehouse {where}: migrated in place from schema revision {self.before} to {self.after} ({steps} revision(s)){adopted}"


def _revisions_between(lower: str | None, upper: str) -> list[str]:
    return [s.revision for s in script_directory().iterate_revisions(upper, lower or "base") if s.revision != lower]


def _lock(conn: sa.Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})


def baseline_metadata() -> sa.MetaData:
    """The tables as the baseline revision creates them (the schema of the release before migrations)."""
    return script_directory().get_revision(BASELINE).module.baseline_metadata()


def _adopt(conn: sa.Connection, where: str) -> str:
    """The revision a warehouse without a migration record is at: the head when it matches the
    models, the baseline when it matches that; anything else is drift no revision explains."""
    head = head_revision()
    if not schema_drift(conn):
        return head
    if not schema_drift(conn, baseline_metadata()):
        return BASELINE
    raise _drift_error(where, schema_drift(conn), "it has no migration record and matches no revision")


def _drift_error(where: str, problems: list[str], why: str) -> SchemaDriftError:
    return SchemaDriftError(
        f"the warehouse at {where} does not match the models in schemas/ ({len(problems)} difference(s); {why}); "
        "nothing was written. Rebuild it (a new SPBE_WAREHOUSE_URL, or drop its tables) or add a migration "
        "(docs/migrations.md): " + "; ".join(problems)
    )


def _drop_views(conn: sa.Connection) -> None:
    # The views hold no data and read the tables a revision alters (SQLite cannot rename a table a
    # view names, PostgreSQL cannot drop a column a view reads); ensure_views recreates them.
    for view in reversed(VIEWS):
        conn.execute(sa.text(f"DROP VIEW IF EXISTS {view.name}"))


def upgrade_schema(conn: sa.Connection, where: str) -> SchemaChange:
    """Bring the warehouse on `conn` to the head revision, inside the caller's transaction.

    Raises SchemaDriftError, before any change is committed, when the result would not match the
    models or the warehouse is at a revision this code does not know (a newer release wrote it).
    """
    _lock(conn)
    head = head_revision()
    if not set(sa.inspect(conn).get_table_names()) & set(METADATA.tables):
        METADATA.create_all(conn)
        MigrationContext.configure(conn).stamp(script_directory(), head)
        return SchemaChange(before=None, after=head, created=True)
    before = current_revision(conn)
    adopted = before is None
    if adopted:
        before = _adopt(conn, where)
        MigrationContext.configure(conn).stamp(script_directory(), before)
    known = {s.revision for s in script_directory().walk_revisions()}
    if before not in known:
        raise SchemaDriftError(
            f"the warehouse at {where} is at schema revision {before}, which this code does not know "
            "(a newer release migrated it?); nothing was written. Run the release that wrote it, or rebuild the warehouse"
        )
    if before != head:
        _drop_views(conn)
        command.upgrade(alembic_config(conn), head)
    problems = schema_drift(conn)
    if problems:
        raise _drift_error(where, problems, f"schema revision {head} does not explain them")
    refresh_comments(conn)
    return SchemaChange(before=before, after=head, adopted=adopted)


def refresh_comments(conn: sa.Connection) -> int:
    """Set each table's and column's comment to its model's description where they differ
    (PostgreSQL; SQLite keeps none). Comments are documentation derived from the models, not
    schema: a reworded description needs no revision. Returns how many comments were set."""
    if not conn.dialect.supports_comments:
        return 0
    inspector, statements = sa.inspect(conn), []
    for table in METADATA.tables.values():
        if (inspector.get_table_comment(table.name).get("text") or None) != (table.comment or None):
            statements.append(SetTableComment(table) if table.comment else DropTableComment(table))
        live = {c["name"]: c.get("comment") for c in inspector.get_columns(table.name)}
        statements += [SetColumnComment(c) for c in table.columns if (live.get(c.name) or None) != (c.comment or None)]
    for statement in statements:
        conn.execute(statement)
    return len(statements)


def _next_revision_id() -> str:
    numbers = [int(m.group()) for s in script_directory().walk_revisions() if (m := re.fullmatch(r"\d+", s.revision))]
    return f"{max(numbers, default=0) + 1:04d}"


def new_revision(message: str) -> Path | None:
    """Write the next revision, autogenerated from the difference between the head and the models;
    None (nothing written) when they already agree. Review the file before committing it."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = sa.create_engine(f"sqlite:///{Path(tmp) / 'head.sqlite'}")
        try:
            with engine.begin() as conn:
                command.upgrade(alembic_config(conn), head_revision())
                from alembic.autogenerate import compare_metadata

                if not compare_metadata(MigrationContext.configure(conn), METADATA):
                    return None
                script = command.revision(alembic_config(conn), message=message, autogenerate=True, rev_id=_next_revision_id())
        finally:
            engine.dispose()
    return Path(script.path)
