"""Registries for tests that serve a small decree where the real one lists hundreds of bodies."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path


def registry_without_stated_counts(folder: Path) -> str:
    """The packaged registry minus `stated_count`, so a 20-row test decree is not blocked as a row drop."""
    text = resources.files("spbe.data").joinpath("sources.toml").read_text(encoding="utf-8")
    path = folder / "sources-unstated.toml"
    path.write_text(re.sub(r"(?m)^stated_count = \d+\n", "", text), encoding="utf-8")
    return str(path)
