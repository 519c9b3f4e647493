"""The assets' one validation path: `schemas.validate` never raises a Pandera error (in pandera 0.35
neither error type is a subclass of the other), and its failure cases become the check metadata."""

import pandas as pd
import pandera.errors

from assets.checks import all_failures, validation_check
from schemas import NewsArticle, NewsFigure, validate


def test_the_two_pandera_errors_are_unrelated_types():
    assert not issubclass(pandera.errors.SchemaError, pandera.errors.SchemaErrors)
    assert not issubclass(pandera.errors.SchemaErrors, pandera.errors.SchemaError)


def test_failures_become_a_failed_check_with_count_and_sample():
    figures = validate(NewsFigure, pd.DataFrame({"figure_key": ["a", "a"], "index_value": [7.5, 2.0]}))
    articles = validate(NewsArticle, pd.DataFrame({"url": ["u"]}))
    failures = all_failures(figures, articles)
    assert len(failures) == len(figures.failure_cases) + len(articles.failure_cases) > 2
    check = validation_check("figures_valid", failures)
    assert not check.passed and check.metadata["failure_cases_count"].value == len(failures)
    assert "7.5" in check.metadata["failure_cases_sample"].value


def test_no_failures_is_a_passed_check():
    assert all_failures().empty
    assert validation_check("articles_valid", pd.DataFrame()).passed
