#!/usr/bin/env python
"""Precision and recall of the news extractor on REAL articles (../shared/news-real/), by the
matching rule of that folder's score.py (which this script calls).

    python scripts/eval_news_real.py               # report: overall, set A, set B, per kind, distractors
    python scripts/eval_news_real.py --json        # machine-readable
    python scripts/eval_news_real.py --shared DIR  # another copy of the shared folder

Set A = Sumatra, Java, Bali, Nusa Tenggara, ministries; set B = Kalimantan, Sulawesi, Maluku, Papua
and national round-ups: tuning on one and checking on the other measures transfer. The real texts
are third-party and stay in ../shared; this script only reads them (into a temporary folder).
Without ../shared it says so and exits 0, so a fresh clone's `make eval-news` still works.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from spbe.domain.numbers import ValueParseError, parse_index_value  # noqa: E402
from spbe.sources.news.extract import FIGURE_KINDS, explain  # noqa: E402
from spbe.sources.news.extract_cli import HEADER, figure_row  # noqa: E402
from spbe.sources.news.parse import read_article_file  # noqa: E402

_SUMMARY_RE = re.compile(r"gold=(\d+) pred=(\d+) tp=(\d+) precision=([\d.]+) recall=([\d.]+)")
_HELD_RE = re.compile(r"held_for_review=(\d+) recall_with_held=([\d.]+)")


def _score(score_py: Path, pred: Path, gold: Path | None = None, articles: list[str] | None = None) -> dict:
    cmd = [sys.executable, str(score_py), str(pred), "--quiet"]
    if gold is not None:
        cmd += ["--gold", str(gold)]
    if articles is not None:
        cmd += ["--articles", ",".join(articles)]
    last = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    m = _SUMMARY_RE.search(last)
    if m is None:
        raise RuntimeError(f"score.py printed no summary: {last!r}")
    g, p, tp = (int(x) for x in m.group(1, 2, 3))
    held = _HELD_RE.search(last)
    return {
        "gold": g,
        "pred": p,
        "tp": tp,
        "precision": float(m.group(4)),
        "recall": float(m.group(5)),
        "held": int(held.group(1)) if held else 0,
        "recall_with_held": float(held.group(2)) if held else float(m.group(5)),
        "line": last,
    }


def _extract_all(work: Path) -> tuple[list[list[object]], list[float]]:
    """Run the extractor on every article of the manifest; rows in `spbe extract-news` format."""
    rows: list[list[object]] = []
    times: list[float] = []
    for r in csv.DictReader((work / "manifest.csv").open(encoding="utf-8")):
        published = dt.date.fromisoformat(r["published"]) if r["published"] else None
        article = read_article_file(work / r["path"], published=published, url=r["url"] or None)
        # CPU time of this process: the extractor's own cost, not the machine's load.
        start = time.process_time()
        figures, _refused = explain(article.text, article.published)
        times.append((time.process_time() - start) * 1000)
        rows += [figure_row(r["path"], f) for f in figures]
    return rows, times


def _settled(work: Path, rows: list[list[object]]) -> list[list[object]]:
    """The rows with the status the pipeline gives them after corroboration between articles
    (spbe.index.settle: two sites stating the same body, year, value and kind in their own words;
    no decree values here, so the decree's corroboration is not counted)."""
    import pandas as pd

    from spbe.index.settle import settle

    url = {r["path"]: r["url"] for r in csv.DictReader((work / "manifest.csv").open(encoding="utf-8"))}
    col = {name: HEADER.index(name) for name in ("instansi_id", "year", "value", "kind", "evidence", "status", "hold_reason")}
    figures = pd.DataFrame(
        [
            {"article_url": url[str(r[0])], "evidence": r[col["evidence"]], "instansi_id": r[col["instansi_id"]], "year": int(r[col["year"]]),
             "index_value": float(r[col["value"]]), "kind": r[col["kind"]], "status": r[col["status"]], "hold_reason": r[col["hold_reason"]]}
            for r in rows
        ]
    )
    if figures.empty:
        return rows
    status = settle(figures, pd.DataFrame(columns=["instansi_id", "year", "index_value"]))["status"].tolist()
    return [[*r[: col["status"]], st, *r[col["status"] + 1 :]] for r, st in zip(rows, status, strict=True)]


def _write(path: Path, header: list[str], rows) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _distractors_taken(shared: Path, rows: list[list[object]]) -> list[dict]:
    """Distractor numbers that the extractor accepted as a figure value where gold has no such value."""
    gold_values = {
        (g["article"], round(float(g["value"]), 2))
        for g in csv.DictReader((shared / "gold.csv").open(encoding="utf-8"))
        if g["value"]
    }
    status = HEADER.index("status")
    # Only accepted figures reach the warehouse: a held distractor is what holding is for.
    emitted = {(Path(str(r[0])).stem, round(float(r[6]), 2)) for r in rows if r[status] == "accepted"}
    taken = []
    for d in csv.DictReader((shared / "distractors.csv").open(encoding="utf-8")):
        try:
            value = parse_index_value(d["value_as_written"])
        except ValueParseError:
            continue  # "16,5%", "35": never index-shaped
        key = (d["article"], round(value, 2))
        if key in emitted and key not in gold_values:
            taken.append(d)
    return taken


def evaluate(shared: Path) -> dict:
    score_py = shared / "score.py"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run([sys.executable, str(score_py), "--manifest", str(work)], check=True, capture_output=True)
        rows, times = _extract_all(work)
        pred = _write(work / "pred.csv", HEADER, rows)
        ids = sorted(p.stem for p in (shared / "articles").glob("*.txt"))
        report = {
            "overall": _score(score_py, pred),
            "per_kind": {},
        }
        # One report per part (the id's letter): A and B were tuned on, C was held out until 2026-12-06.
        for part in sorted({i[0] for i in ids}):
            report[f"set_{part}"] = _score(score_py, pred, articles=[i for i in ids if i.startswith(part)])
        gold_rows = list(csv.DictReader((shared / "gold.csv").open(encoding="utf-8")))
        for kind in FIGURE_KINDS:
            gold_k = _write(
                work / f"gold_{kind}.csv",
                list(gold_rows[0]),
                ([g[c] for c in gold_rows[0]] for g in gold_rows if g["kind"] == kind),
            )
            pred_k = _write(work / f"pred_{kind}.csv", HEADER, (r for r in rows if r[7] == kind))
            report["per_kind"][kind] = _score(score_py, pred_k, gold=gold_k)
        settled = _write(work / "pred_settled.csv", HEADER, _settled(work, rows))
        report["settled"] = {"overall": _score(score_py, settled)} | {
            f"set_{part}": _score(score_py, settled, articles=[i for i in ids if i.startswith(part)]) for part in sorted({i[0] for i in ids})
        }
        report["distractors_taken"] = _distractors_taken(shared, rows)
        report["median_ms_per_article"] = round(statistics.median(times), 2)
        report["articles"] = len(times)
    return report


def _print(report: dict) -> None:
    def line(label: str, r: dict) -> str:
        return (
            f"{label:<16} P={r['precision']:.3f}  R={r['recall']:.3f}  R+held={r['recall_with_held']:.3f}"
            f"  (tp={r['tp']} pred={r['pred']} held={r['held']} gold={r['gold']})"
        )

    print(f"real set: {report['articles']} articles, median {report['median_ms_per_article']} ms CPU per article")
    print(line("overall", report["overall"]))
    for key in sorted(k for k in report if k.startswith("set_")):
        print(line(f"set {key[4:]}", report[key]))
    for kind, r in report["per_kind"].items():
        print(line(f"  {kind}", r))
    print("after corroboration between sites (spbe.index.settle, no decree values):")
    for key, r in report["settled"].items():
        print("  " + line("overall" if key == "overall" else f"set {key[4:]}", r))
    taken = report["distractors_taken"]
    print(
        f"distractors taken: {len(taken)}"
        + "".join(f"\n  {d['article']} {d['value_as_written']} ({d['category']})" for d in taken)
    )
    print(f"score.py: {report['overall']['line']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("SPBE_SHARED") or ROOT.parent / "shared") / "news-real")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not (args.shared / "score.py").is_file():
        print(f"eval-news (real set): skipped, {args.shared} is not present (it is not part of the repository)")
        return 0
    report = evaluate(args.shared)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
