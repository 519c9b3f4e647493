"""Timestamps stored with their time zone on every backend.

PostgreSQL has `timestamp with time zone`. SQLite has no timestamp type: SQLAlchemy writes text,
and by default without the offset ('2026-01-08 00:00:00.000000'), so a BI tool reading the file
cannot tell UTC from local time. Here SQLite gets ISO 8601 with an explicit '+00:00', which SQLite's
own date functions read, after converting any aware value to UTC. Older rows without the offset
still read back (the pattern makes it optional).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

_SQLITE_UTC = sqlite.DATETIME(
    storage_format="%(year)04d-%(month)02d-%(day)02dT%(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d+00:00",
    regexp=r"(\d+)-(\d+)-(\d+)[ T](\d+):(\d+):(\d+)(?:\.(\d+))?",
)


class UtcDateTime(sa.types.TypeDecorator):
    """A UTC instant: `timestamptz` on PostgreSQL, ISO 8601 text with '+00:00' on SQLite."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type:
        return dt.datetime  # what the drift check compares with the live column's type

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_SQLITE_UTC)
        return dialect.type_descriptor(sa.DateTime(timezone=True))

    def process_bind_param(self, value, dialect):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
            # SQLite's format writes the fields as they are, so they must already be UTC's.
            return value.replace(tzinfo=None) if dialect.name == "sqlite" else value
        return value  # naive values are UTC by the warehouse's convention
