"""Reconcile every declared source into one set of facts (spbe.infra.fact_sources).

Rules (issue 3, generalised in issue 20): every value carries its source; the source of the highest
precedence wins where several have a body's year (the decree, then a body's own published result,
then the news); a news evaluation figure fills a year no result source has; any two sources that
state different values (beyond rounding) for a body's year are recorded in spbe_source_conflict,
with the one kept and why; targets get attainment once the result is known. Only accepted
statements (after corroboration and review, settle.py) fill a year or set a target. No source is
named here: the declarations say which tables, kinds and ranks exist. Plain DataFrames
in and out: the asset validates them against the models before writing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from schemas import SourceConflict, Target, column_names, empty_frame
from spbe.index.settle import ACCEPTED, REJECTED, accepted, settle
from spbe.infra.fact_sources import CANDIDATE_COLUMNS, FactSource, discover_fact_sources

CONFLICT_COLUMNS = column_names(SourceConflict)
INSTANSI_COLUMNS = ("instansi_id", "instansi_name", "instansi_type", "province_code", "province_name")
TARGET_COLUMNS = column_names(Target)


def within_rounding(reference: float, reported: float) -> bool:
    """True when `reported` is `reference` as the press rounds it ("2,9" for 2.91 is not a conflict)."""
    diff = abs(round(reported - reference, 4))
    if diff <= 0.005:
        return True
    one_decimal = abs(reported * 10 - round(reported * 10)) < 1e-6
    return one_decimal and round(reference, 1) == round(reported, 1)


@dataclass
class Reconciled:
    facts: pd.DataFrame  # every declared source's rows that won their body's year, with a `source` column
    conflicts: pd.DataFrame  # SourceConflict
    settled: pd.DataFrame  # the report sources' statements with their final status (settle.settle)


def _conflict(reference: Mapping, other: Mapping, other_source: str, *, kept: bool) -> dict:
    """One disagreement: `reference` (a candidate row with its `source`) against `other`'s value.
    kept: spbe_index holds the reference's value by precedence; else neither (unsettled)."""
    reference_value, other_value = float(reference["index_value"]), float(other["index_value"])
    return {
        **{column: other[column] for column in INSTANSI_COLUMNS},
        "year": int(other["year"]),
        "reference_source": reference["source"],
        "reference_index_value": reference_value,
        "reference_url": reference["source_url"],
        "other_source": other_source,
        "other_index_value": other_value,
        "other_url": other["source_url"],
        "other_evidence": other.get("evidence"),
        "difference": round(other_value - reference_value, 2),
        "kept_source": reference["source"] if kept else None,
        "resolution": "precedence" if kept else "unsettled",
    }


def _fill(lead: pd.Series, year: int, instansi_id: str, source: str) -> dict:
    row = {column: lead.get(column) for column in CANDIDATE_COLUMNS}
    return {**row, "year": int(year), "instansi_id": instansi_id, "index_value": float(lead["index_value"]), "source": source}


def _outranked(rows: pd.DataFrame, name: str, taken: dict) -> list[dict]:
    """A result source's rows for years a higher source holds: not loaded, and each that disagrees
    beyond rounding is a conflict the higher source's value wins (a decree against a body's own result)."""
    found = []
    for row in rows.to_dict("records"):
        held = taken[(row["instansi_id"], int(row["year"]))]
        if not within_rounding(held["index_value"], row["index_value"]):
            found.append(_conflict(held, row, name, kept=True))
    return found


def _report(frame: pd.DataFrame, name: str, taken: dict) -> tuple[list[dict], list[dict]]:
    """A report source (news): a year some higher source holds is compared with it; a year none holds
    is filled from the newest statement when the statements agree, and recorded as a conflict when not."""
    fills, conflicts = [], []
    if frame.empty:
        return fills, conflicts
    # Newest statement first: when a report fills a year, the latest one is the one we cite.
    ordered = frame.sort_values(["published", "source_url"], ascending=[False, True], na_position="last")
    for (instansi_id, year), group in ordered.groupby(["instansi_id", "year"], sort=True):
        held = taken.get((instansi_id, int(year)))
        if held is not None:  # a held statement that disagrees is listed too; a rejected one is not
            for _, fig in group[group["status"] != REJECTED].iterrows():
                if not within_rounding(held["index_value"], fig["index_value"]):
                    conflicts.append(_conflict(held, fig, name, kept=True))
            continue
        group = group[group["status"] == ACCEPTED]  # a held statement never fills a year
        if group.empty:
            continue
        lead = group.iloc[0]
        disagreeing = [fig for _, fig in group.iloc[1:].iterrows() if not within_rounding(lead["index_value"], fig["index_value"])]
        if disagreeing:
            # Two statements disagree and no higher source settles it: record, do not guess.
            conflicts += [_conflict({**lead, "source": name}, fig, name, kept=False) for fig in disagreeing]
            continue
        fills.append(_fill(lead, year, instansi_id, name))
    return fills, conflicts


def reconcile(inputs: Mapping[str, pd.DataFrame], sources: Sequence[FactSource] | None = None) -> Reconciled:
    """Every declared source's candidates, highest precedence first (spbe.infra.fact_sources): a
    result source takes the bodies' years no higher source holds; a report source fills the rest
    where its statements agree, and disagreements with what is held become conflicts.

    `inputs` maps a facts table name to its rows (a table shared by several sources is read once).
    """
    sources = discover_fact_sources() if sources is None else sources
    taken: dict[tuple[str, int], dict] = {}
    facts, conflicts, settled = [], [], []
    for source in sorted(sources, key=lambda s: -s.precedence):
        frame = inputs.get(source.table)
        if source.kind == "report" and frame is not None:
            # Settlement: held statements dated by a higher source's value, confirmed by a second
            # site, or decided by a person (the source's review table).
            frame = settle(frame, _held_frame(taken), inputs.get(source.review_table) if source.review_table else None)
            settled.append(frame)
        candidates = source.candidates(frame) if frame is not None else pd.DataFrame()
        if source.kind == "result":
            if candidates.empty:
                continue
            keys = list(zip(candidates["instansi_id"], candidates["year"].astype(int), strict=True))
            kept = candidates[[key not in taken for key in keys]].assign(source=source.name)
            conflicts += _outranked(candidates[[key in taken for key in keys]], source.name, taken)
            taken.update({(r["instansi_id"], int(r["year"])): r for r in kept.to_dict("records")})
            facts.append(kept)
        else:
            fills, found = _report(candidates, source.name, taken)
            taken.update({(r["instansi_id"], r["year"]): r for r in fills})
            facts.append(pd.DataFrame(fills) if fills else None)
            conflicts += found
    present = [f for f in facts if f is not None and not f.empty]
    table = pd.concat(present, ignore_index=True) if present else pd.DataFrame(columns=[*CANDIDATE_COLUMNS, "source"])
    conflict_frame = pd.DataFrame(conflicts, columns=CONFLICT_COLUMNS).drop_duplicates().reset_index(drop=True)
    settled_frame = pd.concat(settled, ignore_index=True) if settled else pd.DataFrame()
    return Reconciled(table, conflict_frame if conflicts else empty_frame(SourceConflict), settled_frame)


def _held_frame(taken: dict) -> pd.DataFrame:
    """The rows higher sources hold, as settle() reads a decree (instansi_id, year, index_value)."""
    rows = [{"instansi_id": k[0], "year": k[1], "index_value": float(r["index_value"])} for k, r in taken.items()]
    return pd.DataFrame(rows, columns=["instansi_id", "year", "index_value"])


def targets_of(figures: pd.DataFrame, sources: Sequence[FactSource] | None = None) -> pd.DataFrame:
    """The targets announced in settled statements (Reconciled.settled), by the sources that carry any."""
    sources = discover_fact_sources() if sources is None else sources
    if figures.empty:
        return figures
    found = [s.targets(figures) for s in sources if s.targets is not None]
    found = [f for f in found if not f.empty]
    return pd.concat(found, ignore_index=True).drop_duplicates(subset=None) if found else figures.iloc[0:0]


def build_targets(targets: pd.DataFrame, index: pd.DataFrame) -> pd.DataFrame:
    """Targets (NewsFigure rows of kind target, `targets_of`) with the result for their year, where spbe_index has one."""
    # Only accepted targets (a held "target" may be a result read after a target clause).
    targets = accepted(targets) if "status" in targets else targets
    if not targets.empty and "kind" in targets:
        targets = targets[targets["kind"] == "target"]  # figures of other kinds announce no target
    if targets.empty:
        return empty_frame(Target)
    results = index.set_index(["instansi_id", "year"])[["index_value", "source"]] if not index.empty else None
    rows = []
    for fig in targets.sort_values(["instansi_id", "year", "article_url"]).itertuples():
        result = None
        if results is not None and (fig.instansi_id, fig.year) in results.index:
            result = results.loc[(fig.instansi_id, fig.year)]
        value = None if result is None else float(result["index_value"])
        rows.append(
            {
                "instansi_id": fig.instansi_id,
                "instansi_name": fig.instansi_name,
                "instansi_type": fig.instansi_type,
                "province_code": fig.province_code,
                "province_name": fig.province_name,
                "year": int(fig.year),
                "target_index_value": float(fig.index_value),
                "article_url": fig.article_url,
                "published": fig.published,
                "evidence": fig.evidence,
                "result_index_value": value,
                "result_source": None if result is None else result["source"],
                "attained": pd.NA if value is None else value >= float(fig.index_value) - 1e-9,
                "gap": None if value is None else round(value - float(fig.index_value), 2),
            }
        )
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)
