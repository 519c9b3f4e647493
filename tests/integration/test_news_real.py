"""The extractor on real Indonesian news (../shared/news-real), scored by that folder's score.py.

Skips on a clone without ../shared. The thresholds are what the extractor measured when this test
was last raised (2026-12-03 12:20 UTC: P 1.000 / R 0.939 overall, A 1.000 / 0.975, B 1.000 / 0.896, no
distractor taken), rounded down: they meet issue 8's targets (0.97 / 0.85 overall, 0.95 / 0.80 per set).
"""

from __future__ import annotations

import pytest

from scripts.eval_news_real import evaluate
from tests.paths import SHARED

REAL = SHARED / "news-real"

needs_real = pytest.mark.skipif(not (REAL / "score.py").is_file(), reason="../shared/news-real is not present")


@pytest.fixture(scope="module")
def report() -> dict:
    if not (REAL / "score.py").is_file():
        pytest.skip("../shared/news-real is not present")
    return evaluate(REAL)


@needs_real
def test_overall_precision_and_recall(report):
    assert report["overall"]["precision"] >= 0.99, report["overall"]["line"]
    assert report["overall"]["recall"] >= 0.93, report["overall"]["line"]


@needs_real
@pytest.mark.parametrize(("subset", "precision", "recall"), [("set_A", 0.99, 0.97), ("set_B", 0.99, 0.89)])
def test_each_region_set(report, subset, precision, recall):
    assert report[subset]["precision"] >= precision and report[subset]["recall"] >= recall, report[subset]


@needs_real
def test_no_distractor_is_taken(report):
    assert report["distractors_taken"] == []


def test_the_dev_set_written_here_stays_a_regression_suite():
    # Not a measure of accuracy (texts written for this project, rules tuned on them): a floor.
    from scripts.eval_news_extractor import evaluate as evaluate_devset
    from tests.paths import REPO_ROOT

    overall = evaluate_devset(REPO_ROOT / "devset" / "news")["overall"]
    assert overall["recall"] >= 0.95 and overall["precision"] >= 0.95, overall
