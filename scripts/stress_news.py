#!/usr/bin/env python
"""Score the news extractor on the stress corpus (tests/stress/news_cases.txt): sentences written
for this project that paraphrase how the press states, dates and attributes SPBE figures (other
verbs and word orders, number forms, ranges, lists, tables in text, quotes, headlines, captions,
several bodies and years per sentence, same-name regencies and provinces, other indices, targets,
self-assessments, provisional asesor values). It estimates how the extractor behaves on wording its
rules were not written from: an accepted figure that the case does not expect is a wrong figure.

    python scripts/stress_news.py            # per-case problems, then the summary line
    python scripts/stress_news.py --all      # also every figure of every case
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from spbe.sources.news.extract import explain  # noqa: E402

CORPUS = ROOT / "tests" / "stress" / "news_cases.txt"

Key = tuple[str, int, float, str]


@dataclass
class Case:
    id: str
    published: dt.date
    expected: set[Key] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def _key(name: str, year: int | str, value: float | str, kind: str) -> Key:
    return (name.strip().lower(), int(year), round(float(value), 2), kind.strip())


def load(path: Path = CORPUS) -> list[Case]:
    cases: list[Case] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") and not cases:
            continue
        if raw.startswith("=== "):
            cid, published = raw[4:].split()
            cases.append(Case(cid, dt.date.fromisoformat(published)))
        elif raw.startswith("expect: "):
            cases[-1].expected.add(_key(*raw[8:].split("|")))
        elif cases:
            cases[-1].lines.append(raw)
    return cases


def score(cases: list[Case]) -> dict:
    """Counts over the corpus, and the problems of each case (wrong accepted, wrong held, missed)."""
    tally = {"expected": 0, "accepted": 0, "accepted_right": 0, "held": 0, "held_right": 0, "cases": len(cases)}
    problems: dict[str, list[str]] = {}
    figures_of: dict[str, list] = {}
    for c in cases:
        figures, _ = explain(c.text, c.published)
        figures_of[c.id] = figures
        tally["expected"] += len(c.expected)
        found: set[Key] = set()
        out: list[str] = []
        for f in figures:
            k = _key(f.name, f.year, f.value, f.kind)
            right = k in c.expected
            found.add(k) if right else None
            if f.status == "accepted":
                tally["accepted"] += 1
                tally["accepted_right"] += right
                if not right:
                    out.append(f"WRONG-ACCEPTED {f.name} {f.year} {f.value:.2f} {f.kind} ({f.rule})")
            else:
                tally["held"] += 1
                tally["held_right"] += right
        accepted_keys = {_key(f.name, f.year, f.value, f.kind) for f in figures if f.status == "accepted"}
        for k in sorted(c.expected - found):
            out.append(f"MISSED {k}")
        for k in sorted((c.expected & found) - accepted_keys):
            out.append(f"HELD {k}")
        if out:
            problems[c.id] = out
    a, e = tally["accepted"], tally["expected"]
    tally["precision"] = tally["accepted_right"] / a if a else 1.0
    tally["recall"] = tally["accepted_right"] / e if e else 1.0
    tally["recall_with_held"] = (tally["accepted_right"] + tally["held_right"]) / e if e else 1.0
    tally["wrong_accepted"] = a - tally["accepted_right"]
    return {"tally": tally, "problems": problems, "figures": figures_of}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--all", action="store_true", help="print every figure of every case")
    args = ap.parse_args(argv)
    cases = load()
    report = score(cases)
    for c in cases:
        for line in report["problems"].get(c.id, []):
            print(f"{c.id} {line}")
        if args.all:
            for f in report["figures"][c.id]:
                print(f"{c.id}   {f.status} {f.name} {f.year} {f.value:.2f} {f.kind} {f.hold_reason[:90]}")
    t = report["tally"]
    print(
        f"stress corpus: {t['cases']} cases, expected={t['expected']} accepted={t['accepted']} "
        f"wrong_accepted={t['wrong_accepted']} held={t['held']} precision={t['precision']:.3f} "
        f"recall={t['recall']:.3f} recall_with_held={t['recall_with_held']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
