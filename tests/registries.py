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


def registry_with_pinned_page(folder: Path, year: int, page_url: str, *, stated: bool = False) -> str:
    """The packaged registry with `year`'s document page pinned (index_url), so a test portal needs no
    search; without `stated`, minus the stated counts as above."""
    text = resources.files("spbe.data").joinpath("sources.toml").read_text(encoding="utf-8")
    if not stated:
        text = re.sub(r"(?m)^stated_count(_source)? = .*\n", "", text)
    text = text.replace(f"evaluation_year = {year}\n", f'evaluation_year = {year}\nindex_url = "{page_url}"\n', 1)
    path = folder / f"sources-pinned-{year}{'-stated' if stated else ''}.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)
