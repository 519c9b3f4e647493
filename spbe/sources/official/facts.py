"""Raw lampiran rows -> official facts, plus a reject for every row that is not loaded as printed.

Nothing is silently dropped and nothing is silently loaded: a row is either a fact, a fact with a
flagged finding (a predikat that contradicts its index), or a reject with its reason and location.
Plain DataFrames out: the asset validates the facts against `schemas.OfficialResult` (lazily, so
every failure is listed in the rows_valid check) before anything is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from schemas import OfficialResult, Reject, column_names
from spbe.domain.instansi import Gazetteer
from spbe.domain.numbers import ValueParseError, parse_index_value
from spbe.domain.predikat import normalize_predikat, predikat_for
from spbe.sources.official.ocr_checks import crop_of, ocr_problem

FACT_COLUMNS = column_names(OfficialResult)
REJECT_COLUMNS = column_names(Reject)


@dataclass
class OfficialFacts:
    facts: pd.DataFrame  # OfficialResult
    rejects: pd.DataFrame  # Reject, action "rejected" or "flagged"

    @property
    def rejected(self) -> pd.DataFrame:
        return self.rejects[self.rejects["action"] == "rejected"]

    @property
    def flagged(self) -> pd.DataFrame:
        return self.rejects[self.rejects["action"] == "flagged"]


# A year that loses more than this share of its rows, against its previous load or the count the
# decree states, is more likely a parsing or publishing accident than a smaller evaluation.
MAX_ROW_DROP = 0.10


def row_drop_reason(year: int, rows: int, *, previous: int | None, stated: int | None) -> str | None:
    """Why a year's row count is suspicious, or None. `previous`: rows the warehouse holds for the year."""
    reasons = []
    if previous and rows < previous * (1 - MAX_ROW_DROP):
        reasons.append(f"{year}: {rows} rows, {previous - rows} fewer than the {previous} of the previous load")
    if stated and rows < stated * (1 - MAX_ROW_DROP):
        reasons.append(f"{year}: {rows} rows, {stated - rows} fewer than the {stated} bodies the decree states")
    return "; ".join(reasons) or None


def _location(raw: dict) -> str:
    page = f"page {raw['page']}, " if pd.notna(raw.get("page")) else ""
    return f"{raw['source_url']} ({page}row {raw['row_number']})"


def _reject(raw: dict, reason: str, action: str = "rejected") -> dict:
    payload = {k: (None if pd.isna(v) else v) for k, v in raw.items()}
    if raw.get("method") == "ocr":
        reason = f"{reason} [scan: {crop_of(raw)}]"  # where a human looks to settle it
    return {
        "source": "official",
        "year": raw["year"],
        "source_url": raw["source_url"],
        "page": raw.get("page"),
        "row_number": raw["row_number"],
        "published_name": raw.get("published_name"),
        "raw": json.dumps(payload, ensure_ascii=False, default=str),
        "reason": reason,
        "action": action,
    }


def _interpret(raw: dict, gaz: Gazetteer) -> tuple[dict | None, list[dict]]:
    """One raw row -> (fact or None, rejects/flags about it)."""
    notes: list[dict] = []
    try:
        value = parse_index_value(raw.get("index_text"))
    except ValueParseError as exc:
        problem = ocr_problem(raw, None)
        return None, [_reject(raw, problem or f"index: {exc}")]
    problem = ocr_problem(raw, value)
    if problem:
        return None, [_reject(raw, problem)]
    name = raw["published_name"]
    candidates = gaz.ocr_candidates(name) if raw.get("method") == "ocr" else gaz.candidates(name)
    if not candidates:
        return None, [_reject(raw, f"unknown instansi name {name!r}")]
    if len(candidates) > 1:
        ids = ", ".join(f"{c.id} {c.name}" for c in candidates)
        return None, [_reject(raw, f"ambiguous instansi name {name!r}: could be {ids}")]
    inst = candidates[0]
    if not inst.evaluated:
        return None, [_reject(raw, f"{inst.name} is a Jakarta administrative unit, never evaluated")]
    absent = gaz.absence_reason(inst.id, int(raw["year"]))
    if absent:
        return None, [_reject(raw, absent)]
    # The province it belonged to in that year (the 2022 Papua split moved 26 regencies).
    province_code, province_name = gaz.province_in(inst.id, int(raw["year"])) or (None, None)
    published_predikat = normalize_predikat(raw.get("predikat_text"))
    expected = predikat_for(value, int(raw["year"]))
    if raw.get("predikat_text") and published_predikat is None:
        notes.append(_reject(raw, f"predikat {raw['predikat_text']!r} is not one of the five bands; loaded without predikat", "flagged"))
    elif published_predikat and published_predikat != expected:
        notes.append(
            _reject(raw, f"published predikat {published_predikat!r} contradicts index {value:.2f} (bands say {expected!r}); loaded as published", "flagged")
        )
    fact = {
        "year": raw["year"],
        "instansi_id": inst.id,
        "instansi_name": inst.name,
        "instansi_type": inst.type,
        "province_code": province_code,
        "province_name": province_name,
        "published_name": name,
        "index_value": value,
        "predikat": published_predikat,
        "predikat_expected": expected,
        "source_url": raw["source_url"],
        "page": raw.get("page"),
        "row_number": raw["row_number"],
    }
    return fact, notes


def _drop_duplicates(facts: list[dict], raws: list[dict]) -> tuple[list[dict], list[dict]]:
    """Identical repeats keep their first row; one instansi with two values keeps neither."""
    by_id: dict[str, list[int]] = {}
    for i, fact in enumerate(facts):
        by_id.setdefault(fact["instansi_id"], []).append(i)
    keep, rejects = [], []
    for positions in by_id.values():
        first = facts[positions[0]]
        values = {facts[i]["index_value"] for i in positions}
        if len(values) > 1:
            listing = "; ".join(f"{facts[i]['index_value']:.2f} at {_location(raws[i])}" for i in positions)
            rejects += [_reject(raws[i], f"conflicting values for {first['instansi_name']} in one year: {listing}") for i in positions]
            continue
        keep.append(positions[0])
        first_at = _location(raws[positions[0]])
        rejects += [_reject(raws[i], f"duplicate of {first_at}") for i in positions[1:]]
    keep.sort()
    return [facts[i] for i in keep], rejects


def build_official_facts(raw_rows: pd.DataFrame, gaz: Gazetteer, line_rejects: pd.DataFrame | None = None) -> OfficialFacts:
    """`line_rejects`: what the parser rejected before any row existed (stray lines, `No.` gaps)."""
    facts: list[dict] = []
    fact_raws: list[dict] = []
    rejects: list[dict] = [] if line_rejects is None else line_rejects.to_dict("records")
    for raw in raw_rows.to_dict("records"):
        fact, notes = _interpret(raw, gaz)
        rejects += notes
        if fact is not None:
            facts.append(fact)
            fact_raws.append(raw)
    facts, dup_rejects = _drop_duplicates(facts, fact_raws)
    rejects += dup_rejects
    frame = pd.DataFrame(facts, columns=FACT_COLUMNS)
    return OfficialFacts(frame, pd.DataFrame(rejects, columns=REJECT_COLUMNS))
