"""A read-only PostgreSQL role for BI tools (Metabase, Superset, Power BI).

The role can read every table and view of the warehouse schema, including ones created later by
the pipeline, and can write nothing. Its password comes from the environment, never from a file.
"""

from __future__ import annotations

import sqlalchemy as sa
from psycopg import sql

BI_PASSWORD_ENV = "SPBE_BI_PASSWORD"


def readonly_role_statements(role: str, password: str, database: str, schema: str = "public") -> list[sql.Composed]:
    ident, sch = sql.Identifier(role), sql.Identifier(schema)
    return [
        sql.SQL(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {name}) THEN CREATE ROLE {role} LOGIN; END IF; END $$"
        ).format(name=sql.Literal(role), role=ident),
        sql.SQL("ALTER ROLE {} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}").format(ident, sql.Literal(password)),
        sql.SQL("ALTER ROLE {} SET default_transaction_read_only = on").format(ident),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), ident),
        sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(sch),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sch, ident),
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(sch, ident),
        # Tables and views the pipeline creates later are readable too.
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT SELECT ON TABLES TO {}").format(sch, ident),
    ]


def create_readonly_role(engine: sa.Engine, role: str, password: str, schema: str = "public") -> None:
    if engine.dialect.name != "postgresql":
        raise ValueError("a read-only role applies to PostgreSQL; a SQLite file is shared read-only by file permissions")
    with engine.begin() as conn:
        raw = conn.connection.driver_connection
        database = conn.execute(sa.text("SELECT current_database()")).scalar_one()
        for statement in readonly_role_statements(role, password, database, schema):
            conn.exec_driver_sql(statement.as_string(raw))
