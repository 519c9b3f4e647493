"""The one validation helper catches both of Pandera's error types (in pandera 0.35 neither is a
subclass of the other) and turns each into failure cases; anything else still raises."""

import pandas as pd
import pandera.errors
import pytest

from assets.checks import guarded, validate, validation_check
from schemas import NewsFigure


def test_the_two_pandera_errors_are_unrelated_types():
    assert not issubclass(pandera.errors.SchemaError, pandera.errors.SchemaErrors)
    assert not issubclass(pandera.errors.SchemaErrors, pandera.errors.SchemaError)


def test_lazy_validation_returns_every_failure_case():
    frame = pd.DataFrame({"figure_key": ["a", "a"], "index_value": [7.5, 2.0]})
    _, failures = validate(NewsFigure, frame)
    assert len(failures) > 2 and {"column", "check", "failure_case"} <= set(failures.columns)


def test_an_eager_schema_error_from_the_core_becomes_failure_cases_too():
    def core_that_validates_eagerly():
        return NewsFigure.validate(pd.DataFrame({"index_value": [7.5]}))

    result, failures = guarded(core_that_validates_eagerly, fallback=None)
    assert result is None and len(failures) >= 1 and failures["check"].notna().all()
    check = validation_check("figures_valid", failures)
    assert not check.passed and check.metadata["failure_cases_count"].value == len(failures)


def test_other_errors_are_not_swallowed():
    with pytest.raises(ZeroDivisionError):
        guarded(lambda: 1 / 0, fallback=None)
