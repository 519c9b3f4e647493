"""Scanners for what a synthetic warehouse or release must never hold: a URL on a real publisher's
host (the product registry's hosts, or any *.go.id) and an absolute local path (a file:// URL or a
path into this machine's directories)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import sqlalchemy as sa

from spbe.infra.registry import load_registry

URL = re.compile(r"""[a-z][a-z0-9+.-]*://[^\s"'<>()\\]+""", re.IGNORECASE)
# A path into a local directory: what a file name, a temp dir or a checkout looks like when stored.
LOCAL_PATH = re.compile(r"""(?:^|[\s"'=(])(/(?:tmp|home|root|work|Users|var|private|mnt|opt|srv)/[^\s"'<>]*)""")


def publisher_hosts() -> frozenset[str]:
    """The real publishers' hosts: every host the product registry (no overlay) may contact."""
    return load_registry(mode="live", overlays=[]).live_hosts()


def offences(text: str, hosts: frozenset[str]) -> list[str]:
    """Each real-publisher URL, file:// URL and absolute local path in the text."""
    found = []
    for url in URL.findall(text):
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme.lower() == "file" or host in hosts or host.endswith(".go.id"):
            found.append(url)
    found += [m.group(1) for m in LOCAL_PATH.finditer(text)]
    return found


def scan_warehouse(warehouse, tables: Iterable[str]) -> dict[str, list[str]]:
    """Offences per table and column, over every text cell."""
    hosts = publisher_hosts()
    out: dict[str, list[str]] = {}
    with warehouse.engine.connect() as conn:
        for table in tables:
            frame = pd.read_sql(sa.text(f"SELECT * FROM {table}"), conn)
            for column in frame.columns:
                values = frame[column].dropna()
                values = values[values.map(lambda v: isinstance(v, str))]
                bad = sorted({o for v in values.unique() for o in offences(v, hosts)})
                if bad:
                    out[f"{table}.{column}"] = bad[:5]
    return out


def scan_files(root: Path, suffixes=(".csv", ".md", ".json", ".cff", ".html", ".txt")) -> dict[str, list[str]]:
    hosts = publisher_hosts()
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in suffixes and not path.name.endswith(".min.js"):
            bad = sorted(set(offences(path.read_text(encoding="utf-8", errors="replace"), hosts)))
            if bad:
                out[path.relative_to(root).as_posix()] = bad[:5]
    return out
