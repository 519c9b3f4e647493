"""Reconcile news figures with the official record.

Rules (issue 3): every value carries its source; the official value wins where both exist; a news
evaluation figure fills a year the official data lacks (marked source='news'); a disagreement
beyond rounding is recorded in spbe_source_conflict; targets get attainment once the result is known.
Only accepted news figures (after corroboration and review, settle.py) fill a year or set a target.
Plain DataFrames in and out: the asset validates them against the models before writing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from schemas import SourceConflict, Target, column_names, empty_frame
from spbe.index.settle import ACCEPTED, REJECTED, accepted, settle

CONFLICT_COLUMNS = column_names(SourceConflict)
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
    facts: pd.DataFrame  # official facts plus news fills, with a `source` column
    conflicts: pd.DataFrame  # SourceConflict
    settled: pd.DataFrame  # the news figures with their final status (settle.settle)


def _conflict(reference_source: str, reference_value: float, reference_url: str, fig: pd.Series) -> dict:
    return {
        "instansi_id": fig["instansi_id"],
        "instansi_name": fig["instansi_name"],
        "instansi_type": fig["instansi_type"],
        "province_code": fig["province_code"],
        "province_name": fig["province_name"],
        "year": int(fig["year"]),
        "reference_source": reference_source,
        "reference_index_value": reference_value,
        "reference_url": reference_url,
        "news_index_value": float(fig["index_value"]),
        "news_url": fig["article_url"],
        "news_evidence": fig["evidence"],
        "difference": round(float(fig["index_value"]) - reference_value, 2),
    }


def reconcile(official: pd.DataFrame, news_figures: pd.DataFrame, decisions: pd.DataFrame | None = None) -> Reconciled:
    """Official facts plus the news fills of accepted figures only (settle.py: a held figure never
    fills a year); conflicts with the decree are listed for held figures too."""
    facts = official.assign(source="official")
    settled = settle(news_figures, official, decisions)
    evaluations = settled[settled["kind"] == "evaluation"] if not settled.empty else settled
    if evaluations.empty:
        return Reconciled(facts, empty_frame(SourceConflict), settled)
    official_by_key = {(r.instansi_id, int(r.year)): r for r in official.itertuples()}
    fills, conflicts = [], []
    # Newest article first: when news fills a year, the latest report is the one we cite.
    ordered = evaluations.sort_values(["published", "article_url"], ascending=[False, True], na_position="last")
    for (instansi_id, year), group in ordered.groupby(["instansi_id", "year"], sort=True):
        off = official_by_key.get((instansi_id, int(year)))
        if off is not None:
            for _, fig in group[group["status"] != REJECTED].iterrows():
                if not within_rounding(off.index_value, fig["index_value"]):
                    conflicts.append(_conflict("official", off.index_value, off.source_url, fig))
            continue
        group = group[group["status"] == ACCEPTED]
        if group.empty:
            continue
        lead = group.iloc[0]
        disagreeing = [fig for _, fig in group.iloc[1:].iterrows() if not within_rounding(lead["index_value"], fig["index_value"])]
        if disagreeing:
            # Two articles disagree and no decree settles it: record, do not guess.
            conflicts += [_conflict("news", float(lead["index_value"]), lead["article_url"], fig) for fig in disagreeing]
            continue
        fills.append(
            {
                "year": int(year),
                "instansi_id": instansi_id,
                "instansi_name": lead["instansi_name"],
                "instansi_type": lead["instansi_type"],
                "province_code": lead["province_code"],
                "province_name": lead["province_name"],
                "published_name": lead["instansi_name"],
                "index_value": float(lead["index_value"]),
                "predikat": lead["predikat"],
                "source_url": lead["article_url"],
                "source": "news",
            }
        )
    if fills:
        facts = pd.concat([facts, pd.DataFrame(fills)], ignore_index=True)
    conflict_frame = pd.DataFrame(conflicts, columns=CONFLICT_COLUMNS).drop_duplicates().reset_index(drop=True)
    return Reconciled(facts, conflict_frame, settled)


def build_targets(news_figures: pd.DataFrame, index: pd.DataFrame) -> pd.DataFrame:
    """Targets with the result for their year, where spbe_index has one."""
    # Only accepted targets (a held "target" may be a result read after a target clause).
    news_figures = accepted(news_figures) if "status" in news_figures else news_figures
    targets = news_figures[news_figures["kind"] == "target"] if not news_figures.empty else news_figures
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
