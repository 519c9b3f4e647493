"""Which news figures may be loaded: the extractor's outcome, corroboration, and a person's decision.

The extractor accepts a figure or holds it for review (spbe.sources.news.extract.evidence). Before
the index is built, each held figure gets a second chance from other evidence, and every figure
a person has decided on takes that decision:

    reviewer   a decision in spbe_news_review (keyed by article URL, evidence sentence and value)
               wins: accept (with a corrected year, kind or body) or reject;
    decree     a held evaluation equal to the decree's value for the same body in exactly one year
               takes that year: the record itself dates it;
    calendar   a result held only because its round was not yet published (H-ROUND-UNPUBLISHED)
               is loaded once the decree calendar knows the round as published (its release is
               registered): the article was stored on an earlier night and is not read again;
    news       two articles from different sites that state the same body, year, value and kind
               in their own words confirm each other: a press release republished word for word
               on a second site (the regional press runs a Diskominfo or Humas rilis as it came)
               is one source, not two; and agreement settles who and when, not whether the
               statement is a final result (a provisional value, a question, a denied claim or a
               round not yet published stays held however many sites repeat it);
    extractor  otherwise the extractor's outcome stands: a single-source figure whose year is only
               implied stays held.

Held figures never reach spbe_index (`held_in_index` is the blocking check that proves it).
Plain DataFrames in and out.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

import pandas as pd

from spbe.infra.releases import round_published

ACCEPTED, HELD, REJECTED = "accepted", "review", "rejected"
ROUND_UNPUBLISHED = "H-ROUND-UNPUBLISHED"  # spbe.sources.news.extract.evidence: a hold that time lifts
# Holds about what a statement is, not whose or when: another site saying the same does not lift them.
NOT_SETTLED_BY_NEWS = frozenset(
    {"H-PROVISIONAL", "H-QUESTION", "H-DENIED-NEXT", ROUND_UNPUBLISHED, "H-KIND-FUTURE", "H-INDEX-MISMATCH"}
)


def review_key(article_url: str, evidence: str, value: float) -> str:
    """What identifies a figure in its article, whatever row id or year the extractor gives it."""
    return hashlib.sha256(f"{article_url}|{evidence}|{float(value):.2f}".encode()).hexdigest()[:32]


def _hold_codes(hold_reason: object) -> set[str]:
    """The rule codes of a figure's hold_reason ("H-X: why; H-Y: why" -> {"H-X", "H-Y"})."""
    if not isinstance(hold_reason, str):
        return set()
    return {part.split(":", 1)[0].strip() for part in hold_reason.split("; ") if part.strip()}


def _site(url: str) -> str:
    return urlsplit(str(url)).netloc.lower().removeprefix("www.")


def _wording(evidence: object) -> str:
    """The evidence sentence's words, lower-cased (a republished release differs in spaces and quotes only)."""
    return " ".join(re.findall(r"\w+", str(evidence).lower()))


def _independent(statements: set[tuple[str, str]]) -> bool:
    """Two statements from different sites in different words."""
    return any(s1 != s2 and w1 != w2 for s1, w1 in statements for s2, w2 in statements)


def _decree_year(fig: pd.Series, official_values: dict[str, list[tuple[int, float]]]) -> int | None:
    """The one year the decree gives this body exactly this value, else None."""
    years = {y for y, v in official_values.get(fig["instansi_id"], []) if abs(v - float(fig["index_value"])) < 0.005}
    return next(iter(years)) if len(years) == 1 else None


def gazetteer_labels(instansi_id: str, year: int) -> dict[str, str | None]:
    """The instansi columns of a body in a year, from the gazetteer (a reviewer's --body)."""
    from spbe.domain.instansi import gazetteer  # the gazetteer takes 50 ms to build: only when a body is corrected

    gaz = gazetteer()
    inst = gaz.get(instansi_id)
    province = gaz.province_in(instansi_id, year) if inst.is_regional else None
    code, name = province or (inst.province_code, inst.province_name)
    return {"instansi_id": inst.id, "instansi_name": gaz.name_in(inst.id, year), "instansi_type": inst.type, "province_code": code, "province_name": name}


def _apply_decision(out: pd.DataFrame, i, decision: pd.Series, relabel) -> None:
    if decision["decision"] == "reject":
        out.at[i, "status"], out.at[i, "settled_by"] = REJECTED, "reviewer"
        return
    if pd.notna(decision.get("year")):
        out.at[i, "year"] = int(decision["year"])
    if isinstance(decision.get("kind"), str) and decision["kind"]:
        out.at[i, "kind"] = decision["kind"]
    if isinstance(decision.get("instansi_id"), str) and decision["instansi_id"] and decision["instansi_id"] != out.at[i, "instansi_id"]:
        for column, value in relabel(decision["instansi_id"], int(out.at[i, "year"])).items():
            out.at[i, column] = value
    out.at[i, "status"], out.at[i, "settled_by"] = ACCEPTED, "reviewer"


def settle(
    news_figures: pd.DataFrame,
    official: pd.DataFrame,
    decisions: pd.DataFrame | None = None,
    relabel=gazetteer_labels,
    published=round_published,
) -> pd.DataFrame:
    """The figures with their final `status` (accepted | review | rejected), `settled_by`
    (extractor | decree | calendar | news | reviewer) and `review_key`; year, kind and body as corrected.

    `relabel(instansi_id, year)` gives the instansi columns of a body a reviewer names (--body);
    `published(year)` whether the decree calendar knows that round's results as out today.
    """
    out = news_figures.copy()
    if out.empty:
        return out.assign(review_key=pd.Series(dtype=str), settled_by=pd.Series(dtype=str), status=pd.Series(dtype=str))
    if "status" not in out:
        out["status"] = ACCEPTED  # figures from before the extractor held any
    out["status"] = out["status"].fillna(ACCEPTED)
    out["review_key"] = [review_key(u, e, v) for u, e, v in zip(out["article_url"], out["evidence"], out["index_value"], strict=True)]
    out["settled_by"] = "extractor"
    official_values: dict[str, list[tuple[int, float]]] = {}
    for r in official.itertuples():
        official_values.setdefault(r.instansi_id, []).append((int(r.year), float(r.index_value)))
    # Corroboration, for held evaluations only: the decree dates it, or another site states it.
    statements = pd.Series([(_site(u), _wording(e)) for u, e in zip(out["article_url"], out["evidence"], strict=True)], index=out.index)
    stated_by = statements.groupby([out["instansi_id"], out["year"], out["kind"], out["index_value"].round(2)]).agg(set)
    for i, fig in out[out["status"] == HELD].iterrows():
        if fig["kind"] == "evaluation":
            year = _decree_year(fig, official_values)
            if year is not None:
                out.at[i, "year"], out.at[i, "status"], out.at[i, "settled_by"] = year, ACCEPTED, "decree"
                continue
            if _hold_codes(fig.get("hold_reason")) == {ROUND_UNPUBLISHED} and published(int(fig["year"])):
                out.at[i, "status"], out.at[i, "settled_by"] = ACCEPTED, "calendar"
                continue
        if _hold_codes(fig.get("hold_reason")) & NOT_SETTLED_BY_NEWS:
            continue
        stated = stated_by.get((fig["instansi_id"], fig["year"], fig["kind"], round(float(fig["index_value"]), 2)), set())
        if _independent(stated):
            out.at[i, "status"], out.at[i, "settled_by"] = ACCEPTED, "news"
    if decisions is not None and not decisions.empty:
        by_key = {d["review_key"]: d for _, d in decisions.iterrows()}
        for i, key in out["review_key"].items():
            if key in by_key:
                _apply_decision(out, i, by_key[key], relabel)
    return out


def accepted(settled: pd.DataFrame) -> pd.DataFrame:
    return settled[settled["status"] == ACCEPTED] if not settled.empty else settled


def held_in_index(index: pd.DataFrame, settled: pd.DataFrame) -> pd.DataFrame:
    """spbe_index rows from news that no accepted figure stands behind (the blocking check): a held
    or rejected figure that reached the index. Empty when the index is sound."""
    news_rows = index[index["source"] == "news"] if not index.empty else index
    if news_rows.empty:
        return news_rows
    ok = accepted(settled)
    backed = {(r.instansi_id, int(r.year), round(float(r.index_value), 2), r.article_url) for r in ok.itertuples() if r.kind == "evaluation"}
    keys = zip(news_rows["instansi_id"], news_rows["year"].astype(int), news_rows["index_value"].astype(float).round(2), news_rows["source_url"], strict=True)
    return news_rows[[k not in backed for k in keys]]
