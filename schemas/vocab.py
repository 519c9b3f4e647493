"""Every closed vocabulary a warehouse column uses, defined once.

Domain facts (instansi types, predikat bands, the first evaluation year, the evaluation rules)
live in `spbe.domain` and are re-exported here; the vocabularies that only the warehouse knows
(which source a row came from, what a news figure is, how a run was sourced) are defined here.
The models use these in `isin` checks, and the data dictionary lists them from those checks.
"""

from __future__ import annotations

from spbe.domain.calendar import FIRST_EVALUATION_YEAR, METHOD_VERSIONS
from spbe.domain.instansi import INSTANSI_TYPES, REGIONAL_TYPES
from spbe.domain.methods import methods
from spbe.domain.predikat import INDEX_MAX, INDEX_MIN, PREDIKATS

# Where a row's value comes from is not a list here: each source declares itself
# (spbe.infra.fact_sources), and the `source` columns check against those declarations.
# What a figure stated in the news is (see schemas.news.NewsFigure.kind).
FIGURE_KINDS: tuple[str, ...] = ("evaluation", "self_assessment", "target")
# The indices the methods rate on (spbe/data/methods.toml index_code): SPBE to 2025, PemDI from 2026.
INDEX_NAMES: tuple[str, ...] = tuple(dict.fromkeys(m.index_code for m in methods()))
# What the extractor made of a news figure: loaded, or held for a person (spbe review).
FIGURE_STATUSES: tuple[str, ...] = ("accepted", "review")
# What a person decided about a held news figure (spbe review accept|reject).
REVIEW_DECISIONS: tuple[str, ...] = ("accept", "reject")
# Rank claims in the news: over what a rank is claimed, and how (schemas.news.NewsRankClaim).
CLAIM_SCOPES: tuple[str, ...] = ("province", "national")
CLAIM_BOUNDS: tuple[str, ...] = ("exact", "at_most", "lowest")
# Why spbe_index kept one value of a conflict (schemas.source_conflict.SourceConflict.resolution):
# the reference's source outranks the other's, or two statements of one source disagree and no
# higher source holds the year, so neither is kept.
CONFLICT_RESOLUTIONS: tuple[str, ...] = ("precedence", "unsettled")
# What happened to a row that was not loaded exactly as published.
REJECT_ACTIONS: tuple[str, ...] = ("rejected", "flagged")
# How a run reached its sources: the publishers themselves, or the local (synthetic) mirror.
SOURCE_MODES: tuple[str, ...] = ("live", "mirror")
# An upper bound that only catches garbage (a page number read as a year), not a policy.
LAST_PLAUSIBLE_YEAR = 2100

__all__ = [
    "CLAIM_BOUNDS",
    "CLAIM_SCOPES",
    "CONFLICT_RESOLUTIONS",
    "FIGURE_KINDS",
    "FIGURE_STATUSES",
    "FIRST_EVALUATION_YEAR",
    "INDEX_NAMES",
    "INDEX_MAX",
    "INDEX_MIN",
    "INSTANSI_TYPES",
    "LAST_PLAUSIBLE_YEAR",
    "METHOD_VERSIONS",
    "PREDIKATS",
    "REGIONAL_TYPES",
    "REJECT_ACTIONS",
    "REVIEW_DECISIONS",
    "SOURCE_MODES",
]
