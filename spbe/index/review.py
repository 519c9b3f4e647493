"""`spbe review`: the queue of held news figures, and a person's decisions about them.

    spbe review                                   # held figures: ID, body, year, value, kind, reason, URL, evidence
    spbe review accept ID [--year Y] [--kind K] [--body INSTANSI_ID]
    spbe review reject ID --reason "..."

ID is the first 12 characters of the figure's review key (article URL, evidence sentence, value),
so it names the same figure after a rerun, a re-extraction or a full rebuild. A decision is a row
of spbe_news_review; the next run of the pipeline (which rebuilds spbe_index) applies it.
"""

from __future__ import annotations

import argparse
import datetime as dt

import pandas as pd

from schemas import NewsReview, validate
from schemas.vocab import FIGURE_KINDS
from spbe.index.rebuild import settled_news
from spbe.index.settle import HELD
from spbe.infra.warehouse import Warehouse

ID_LENGTH = 12


class ReviewError(Exception):
    """A review command the user can correct (unknown ID, missing reason); one line."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    accept = sub.add_parser("accept", help="load a held figure (optionally with a corrected year, kind or body)")
    accept.add_argument("id", metavar="ID", help="the figure's ID as `spbe review` lists it")
    accept.add_argument("--year", type=int, help="the evaluation year it is about")
    accept.add_argument("--kind", choices=FIGURE_KINDS, help="evaluation, self_assessment or target")
    accept.add_argument("--body", metavar="INSTANSI_ID", help="the body it is about (Kemendagri code or central id)")
    reject = sub.add_parser("reject", help="keep a held figure out of the warehouse for good")
    reject.add_argument("id", metavar="ID")
    reject.add_argument("--reason", required=True, help="why, for the next person")


def queue(warehouse: Warehouse) -> pd.DataFrame:
    """Held figures after corroboration and earlier decisions, newest article first."""
    settled = settled_news(warehouse)
    held = settled[settled["status"] == HELD] if not settled.empty else settled
    if held.empty:
        return held
    held = held.assign(id=held["review_key"].str[:ID_LENGTH])
    return held.sort_values(["published", "article_url"], ascending=[False, True], na_position="last")


def _figure(warehouse: Warehouse, ident: str) -> pd.Series:
    settled = settled_news(warehouse)
    found = settled[settled["review_key"].str.startswith(ident)] if len(ident) >= 6 and not settled.empty else settled.iloc[0:0]
    keys = set(found["review_key"]) if not found.empty else set()
    if len(keys) != 1:
        raise ReviewError(f"{ident!r}: {'no figure has this ID' if not keys else 'ambiguous, give more characters'} (see `spbe review`)")
    return found.iloc[0]


def decide(warehouse: Warehouse, ident: str, decision: str, *, year=None, kind=None, body=None, reason=None, now=None) -> pd.Series:
    """Record a decision (replacing an earlier one for the same figure); the stored row."""
    fig = _figure(warehouse, ident)
    if decision == "reject" and not (reason or "").strip():
        raise ReviewError("reject needs --reason")
    if body is not None:
        from spbe.domain.instansi import gazetteer

        try:
            gazetteer().get(body)
        except KeyError:
            raise ReviewError(f"--body {body!r}: no such instansi id in the gazetteer") from None
    row = {
        "review_key": fig["review_key"],
        "article_url": fig["article_url"],
        "evidence": fig["evidence"],
        "index_value": float(fig["index_value"]),
        "decision": decision,
        "year": year,
        "kind": kind,
        "instansi_id": body,
        "reason": reason,
        "decided_at": pd.Timestamp(now or dt.datetime.now(dt.UTC)),
    }
    frame = pd.DataFrame([row]).astype({"year": "Int64"})
    checked = validate(NewsReview, frame)
    if not checked.failure_cases.empty:
        raise ReviewError(f"decision not valid: {checked.failure_cases.to_dict('records')}")
    warehouse.upsert_slices([("spbe_news_review", checked.frame)])
    return checked.frame.iloc[0]


def run(args: argparse.Namespace, warehouse: Warehouse) -> int:
    if args.action is None:
        held = queue(warehouse)
        if held.empty:
            print("no figure is held for review")
            return 0
        for r in held.itertuples():
            print(f"{r.id}  {r.instansi_name} ({r.instansi_id})  {int(r.year)}  {float(r.index_value):.2f}  {r.kind}")
            print(f"    reason:   {r.hold_reason}")
            print(f"    article:  {r.article_url}")
            print(f"    evidence: {r.evidence}")
        print(f"{len(held)} figure(s) held; `spbe review accept ID` or `spbe review reject ID --reason ...`, then rerun the pipeline")
        return 0
    if args.action == "accept":
        stored = decide(warehouse, args.id, "accept", year=args.year, kind=args.kind, body=args.body)
    else:
        stored = decide(warehouse, args.id, "reject", reason=args.reason)
    print(f"{stored['decision']}ed {args.id} ({stored['article_url']}); the next pipeline run applies it")
    return 0
