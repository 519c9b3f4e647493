"""What each source contributes to spbe_index, declared by the source itself.

A source package under `spbe/sources/` that has a `declaration.py` with `FACTS = FactSource(...)`
takes part in the index: its facts table, its kind and its precedence live next to its own code.
The index rebuild and the reconciliation (`spbe.index`) and the `source` column's check read these
declarations by walking the package (as the registry finds its sections), so no list anywhere
names the sources: adding one is a new folder.

Precedence is declared here, once, as tiers; each source picks its tier. A higher tier wins a
body's year outright; a lower one only fills a year no higher one has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from schemas.common import DECLARED_SOURCES
from spbe.infra.registry import source_modules

SOURCES_PACKAGE = "spbe.sources"
DECLARATION_MODULE = "declaration"

# The tiers, highest first: the decree, a body's own published result, the press.
DECREE = 300
BODY_OWN = 200
PRESS = 100

# The columns every source's candidates carry into the reconciliation (those of spbe_index's
# inputs); a `report` source adds `published` and `evidence` (when and where it was said).
CANDIDATE_COLUMNS = ("year", "instansi_id", "instansi_name", "instansi_type", "province_code", "province_name",
                     "published_name", "index_value", "predikat", "source_url")


class DeclarationError(ValueError):
    pass


@dataclass(frozen=True)
class FactSource:
    """One source as the index sees it.

    kind "result": at most one row per body and year, published as a result (a decree, a body's
    own report); "report": statements about results (news): several per body and year, filled in
    only when they agree among themselves, and compared with any higher source.
    """

    name: str  # the value of spbe_index.source for its rows
    table: str  # the warehouse table holding its facts
    kind: Literal["result", "report"]
    precedence: int
    # Its table's rows -> candidate rows (CANDIDATE_COLUMNS, plus published/evidence for reports).
    candidates: Callable[[pd.DataFrame], pd.DataFrame]
    # Its table's rows -> targets announced (NewsFigure columns), for sources that carry any.
    targets: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    # report: a table of a person's decisions on held statements (spbe.index.settle reads it).
    review_table: str | None = None
    description: str = ""


def rows_of(name: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Candidates of a source that shares a table with others: the rows whose `source` is its name."""

    def select(frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty or "source" not in frame:
            return frame.iloc[0:0]
        return frame[frame["source"] == name].drop(columns=["source"]).reset_index(drop=True)

    return select


def discover_fact_sources(package: str = SOURCES_PACKAGE) -> tuple[FactSource, ...]:
    """Every declared source, highest precedence first (ties by name, so the order is stable)."""
    found: dict[str, FactSource] = {}
    for module_name, module in source_modules(DECLARATION_MODULE, package):
        declared = getattr(module, "FACTS", None)
        if not isinstance(declared, FactSource):
            raise DeclarationError(f"{module_name} must define FACTS = FactSource(...)")
        if declared.name in found:
            raise DeclarationError(f"source {declared.name!r} is declared twice ({module_name})")
        found[declared.name] = declared
    return tuple(sorted(found.values(), key=lambda s: (-s.precedence, s.name)))


def declared_names() -> tuple[str, ...]:
    return tuple(s.name for s in discover_fact_sources())


def fact_tables() -> tuple[str, ...]:
    """The tables the index is built from, once each (sources may share one), with review tables."""
    sources = discover_fact_sources()
    return tuple(sorted({s.table for s in sources} | {s.review_table for s in sources if s.review_table}))


# The `source` columns of schemas/ check against these names: handed down, so the schemas import nothing above them.
DECLARED_SOURCES.provide(declared_names)
