"""When a source's rows may be written: plain functions, so the policy is tested without Dagster.

- reject share: above MAX_REJECT_SHARE of a document's rows rejected, flagged or missing, the
  document is probably not what we think it is (a layout change, a wrong file): block the load
  instead of publishing a thin year;
- row drop: a year whose row count fell by more than 10 % against its previous load or the count
  the publication states (`row_drop_reason`) blocks unless a person confirmed it;
- skip unchanged: a document whose bytes and parser are those of the last load, whose rows the
  warehouse still holds, is neither parsed nor written again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MAX_REJECT_SHARE = 0.05


def reject_share(*, rows_read: int, rejected: int, flagged: int = 0, missing: int = 0) -> float:
    """Share of a document's rows not loaded as published: flagged and missing rows count, because a
    document read that wrongly is not published."""
    return (rejected + flagged + missing) / max(rows_read + missing, 1)


@dataclass(frozen=True)
class LoadDecision:
    blocking: bool
    reasons: tuple[str, ...]  # one sentence per cause, for the run's failure message

    @property
    def message(self) -> str:
        return "; ".join(self.reasons)


def load_decision(shares: Sequence[float], *, schema_failures: int, drops: Sequence[str], allow_row_drop: bool = False,
                  max_reject_share: float = MAX_REJECT_SHARE) -> LoadDecision:
    """Whether a run's documents may be written, and why not."""
    reasons = []
    worst = max(shares, default=0.0)
    if worst > max_reject_share:
        reasons.append(f"{worst:.1%} of a document's rows were rejected, flagged or missing (more than {max_reject_share:.0%})")
    if schema_failures:
        reasons.append(f"{schema_failures} row(s) failed the schema")
    if drops and not allow_row_drop:
        reasons.append(f"the row count fell by more than 10 %: {'; '.join(drops)} "
                       "(set allow_row_drop: true in the asset config to load anyway)")
    return LoadDecision(bool(reasons), tuple(reasons))


def skip_unchanged(last: Mapping, *, sha256: str, code_version: str, held_rows: int, from_cache: bool) -> str | None:
    """Why a document need not be parsed again (its last load's metadata `last`), or None when it must be."""
    if last.get("content_sha256") != sha256 or last.get("code_version") != code_version:
        return None
    if last.get("dagster/row_count") != held_rows:
        return None  # the warehouse changed under us (a new database, a manual delete): load again
    how = "answered 304 Not Modified" if from_cache else "same bytes"
    return f"decree unchanged ({how}, sha256 {sha256[:12]}) and parser unchanged since the last load of {held_rows} rows"
