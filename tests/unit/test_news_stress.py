"""The stress corpus (tests/stress/news_cases.txt, sentences written for this project) measured by
scripts/stress_news.py: how the extractor behaves on paraphrases its rules were not written from.
The floors are what was measured (rounded down); every accepted wrong figure is listed by case, so a
new one fails here with its case id."""

from __future__ import annotations

import pytest

from scripts.stress_news import load, score

# Accepted figures the corpus does not expect, left as they are (docs/news-outcomes.md says why).
# None since E03 (a nearer body skipped as a place phrase) is held by H-BODY-PASSED.
KNOWN_WRONG: set[str] = set()


@pytest.fixture(scope="module")
def report():
    return score(load())


def test_no_accepted_wrong_figure_beyond_the_known_ones(report):
    wrong = {cid for cid, lines in report["problems"].items() if any(line.startswith("WRONG-ACCEPTED") for line in lines)}
    assert wrong <= KNOWN_WRONG, {cid: report["problems"][cid] for cid in wrong - KNOWN_WRONG}


def test_floors(report):
    t = report["tally"]
    assert t["precision"] >= 1.00
    assert t["recall"] >= 0.73
    assert t["recall_with_held"] >= 0.91


def test_the_corpus_parses():
    cases = load()
    assert len(cases) >= 200 and len({c.id for c in cases}) == len(cases)
    assert all(c.text for c in cases)
