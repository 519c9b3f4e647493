#!/usr/bin/env python
"""Precision and recall of the news figure extractor on the held-out dev set.

    python scripts/eval_news_extractor.py                 # human-readable report
    python scripts/eval_news_extractor.py --json          # machine-readable
    python scripts/eval_news_extractor.py --devset DIR    # another set with the same layout

Layout: DIR/manifest.csv (path,url,published,site,title; path relative to DIR/articles),
DIR/articles/NNN_slug.txt and DIR/articles/NNN_slug.gold.csv
(normalized_name,instansi_type,province,year,value,kind,predikat,note).

A figure matches a gold row on (instansi id, year, value, kind); the instansi id of a gold row is
resolved from normalized_name + instansi_type with the project gazetteer. Articles are read the
way `spbe extract-news` reads them (`read_article_file`) and dated from the manifest.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from spbe.domain.instansi import gazetteer  # noqa: E402
from spbe.sources.news.extract import FIGURE_KINDS, extract_figures  # noqa: E402
from spbe.sources.news.parse import read_article_file  # noqa: E402

Key = tuple[str, int, float, str]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def load_gold(path: Path) -> tuple[dict[Key, dict], list[str]]:
    g = gazetteer()
    rows: dict[Key, dict] = {}
    problems: list[str] = []
    if not path.is_file():
        return rows, [f"{path.name}: no gold file"]
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            inst = g.resolve(row["normalized_name"], row["instansi_type"] or None)
            if inst is None:
                problems.append(f"{path.name} row {i}: gold name {row['normalized_name']!r} does not resolve")
                ident = f"?{row['normalized_name']}"
            else:
                ident = inst.id
            key = (ident, int(row["year"]), round(float(row["value"]), 2), row["kind"])
            rows[key] = row
    return rows, problems


def evaluate(devset: Path) -> dict:
    articles_dir = devset / "articles"
    manifest_rows = list(csv.DictReader((devset / "manifest.csv").open(encoding="utf-8", newline="")))
    listed = {r["path"] for r in manifest_rows}
    unlisted = sorted(p.name for p in articles_dir.glob("*.txt") if p.name not in listed)
    totals = defaultdict(lambda: [0, 0, 0])  # kind -> tp, fp, fn
    fps, fns, problems, per_article = [], [], [], []
    for row in manifest_rows:
        name = row["path"]
        published = dt.date.fromisoformat(row["published"]) if row.get("published") else None
        article = read_article_file(articles_dir / name, published=published, url=row.get("url") or None)
        figures = extract_figures(article.text, article.published)
        got = {(f.instansi_id, f.year, round(f.value, 2), f.kind): f for f in figures}
        gold, gold_problems = load_gold(articles_dir / name.replace(".txt", ".gold.csv"))
        problems += gold_problems
        tp = set(got) & set(gold)
        for key in tp:
            totals[key[3]][0] += 1
        for key in sorted(set(got) - set(gold), key=str):
            totals[key[3]][1] += 1
            f = got[key]
            fps.append({"article": name, "instansi_id": key[0], "name": f.name, "year": key[1], "value": key[2], "kind": key[3], "evidence": f.evidence})
        for key in sorted(set(gold) - set(got), key=str):
            totals[key[3]][2] += 1
            g = gold[key]
            fns.append({"article": name, "instansi_id": key[0], "name": g["normalized_name"], "year": key[1], "value": key[2], "kind": key[3], "note": g.get("note", "")})
        per_article.append({"article": name, "published": row.get("published"), "gold": len(gold), "extracted": len(got), "tp": len(tp)})
    overall = _prf(*(sum(v[i] for v in totals.values()) for i in range(3)))
    per_kind = {kind: _prf(*totals[kind]) for kind in FIGURE_KINDS}
    return {
        "devset": str(devset),
        "articles": len(manifest_rows),
        "unlisted_articles": unlisted,
        "overall": overall,
        "per_kind": per_kind,
        "false_positives": fps,
        "false_negatives": fns,
        "per_article": per_article,
        "gold_problems": problems,
    }


def print_report(result: dict) -> None:
    o = result["overall"]
    print(f"dev set: {result['devset']} ({result['articles']} articles)")
    print(f"overall      P={o['precision']:.3f}  R={o['recall']:.3f}  F1={o['f1']:.3f}  (tp={o['tp']} fp={o['fp']} fn={o['fn']})")
    for kind, m in result["per_kind"].items():
        print(f"{kind:<16} P={m['precision']:.3f}  R={m['recall']:.3f}  F1={m['f1']:.3f}  (tp={m['tp']} fp={m['fp']} fn={m['fn']})")
    if result["unlisted_articles"]:
        print("articles not in the manifest (not scored):", ", ".join(result["unlisted_articles"]))
    for p in result["gold_problems"]:
        print("gold problem:", p)
    print(f"\nfalse positives ({len(result['false_positives'])}):")
    for f in result["false_positives"]:
        print(f"  {f['article']}: {f['name']} ({f['instansi_id']}) {f['year']} {f['value']:.2f} {f['kind']}\n      « {f['evidence']} »")
    print(f"\nfalse negatives ({len(result['false_negatives'])}):")
    for f in result["false_negatives"]:
        note = f" — {f['note']}" if f.get("note") else ""
        print(f"  {f['article']}: {f['name']} ({f['instansi_id']}) {f['year']} {f['value']:.2f} {f['kind']}{note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", default=str(ROOT / "devset" / "news"), help="dev set folder (default: devset/news)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the report")
    args = parser.parse_args(argv)
    devset = Path(args.devset)
    if not (devset / "manifest.csv").is_file():
        print(f"{devset}: no manifest.csv", file=sys.stderr)
        return 2
    result = evaluate(devset)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
