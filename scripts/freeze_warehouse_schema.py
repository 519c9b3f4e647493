"""Freeze today's warehouse (its DDL on SQLite and PostgreSQL, its views, and a small set of rows)
into tests/fixtures/warehouse_schema/<label>/, so a later release's tests can build the warehouse
this release writes and check that the migrations upgrade it in place and keep every row.

    .venv/bin/python scripts/freeze_warehouse_schema.py r0001

Run it once per released schema (the label names the schema revision it froze), never to refresh
an existing label: a frozen fixture that follows the code tests nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable, SetColumnComment, SetTableComment

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schemas import VIEWS  # noqa: E402
from spbe.infra.ddl import METADATA  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "warehouse_schema"


def ddl(dialect: sa.Dialect) -> list[str]:
    """Tables, indexes, comments (where the dialect has them) and views, as the release writes them."""
    statements = []
    for table in METADATA.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        statements += [str(CreateIndex(index).compile(dialect=dialect)).strip() for index in sorted(table.indexes, key=lambda i: i.name)]
        if dialect.supports_comments:
            if table.comment:
                statements.append(str(SetTableComment(table).compile(dialect=dialect)))
            statements += [str(SetColumnComment(c).compile(dialect=dialect)) for c in table.columns if c.comment]
    statements += [f"CREATE VIEW {view.name} AS {view.sql.strip()}" for view in VIEWS]
    return statements


def _json_value(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def rows() -> dict[str, list[dict]]:
    """The small warehouse the release tests build (tests/release_warehouse.py), every table."""
    from spbe.index.rebuild import rebuild_index
    from spbe.infra.warehouse import Warehouse
    from tests.release_warehouse import populate

    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Warehouse(f"sqlite:///{Path(tmp) / 'w.sqlite'}")
        warehouse.ensure_schema()
        populate(warehouse)
        rebuild_index(warehouse)
        out = {}
        with warehouse.engine.connect() as conn:
            for name, table in METADATA.tables.items():
                result = conn.execute(sa.select(table)).mappings().all()
                out[name] = [{k: _json_value(v) for k, v in row.items()} for row in result]
        warehouse.dispose()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("label", help="directory name under tests/fixtures/warehouse_schema/, e.g. r0001")
    args = parser.parse_args()
    out = FIXTURES / args.label
    if out.exists():
        print(f"{out} exists: a frozen schema is never refreshed (pick a new label)", file=sys.stderr)
        return 2
    out.mkdir(parents=True)
    for name, dialect in (("sqlite", sqlite.dialect()), ("postgresql", postgresql.dialect())):
        (out / f"{name}.sql").write_text(";\n\n".join(ddl(dialect)) + ";\n", encoding="utf-8")
    (out / "rows.json").write_text(json.dumps(rows(), indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
