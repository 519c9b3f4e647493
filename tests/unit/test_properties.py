"""Property-based tests: the number, predikat and name parsers never crash on arbitrary text,
and every value they return is on the 1-5 scale."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from spbe.domain.instansi import gazetteer, normalize
from spbe.domain.numbers import ValueParseError, parse_index_value
from spbe.domain.predikat import PREDIKATS, normalize_predikat, predikat_for

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=200)


@given(texts)
def test_index_parser_returns_a_scale_value_or_a_clear_error(text):
    try:
        value = parse_index_value(text)
    except ValueParseError as exc:
        assert str(exc)
    else:
        assert 1.0 <= value <= 5.0 and round(value, 2) == value


@given(st.integers(min_value=1, max_value=4), st.integers(min_value=0, max_value=99), st.sampled_from([",", "."]))
def test_index_parser_reads_both_decimal_marks(whole, hundredths, mark):
    assert parse_index_value(f"{whole}{mark}{hundredths:02d}") == round(whole + hundredths / 100, 2)


@given(st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=2018, max_value=2030))
def test_bands_cover_the_scale_and_nothing_else(value, year):
    band = predikat_for(value, year)
    if value is not None and not math.isnan(value) and 1.0 <= value <= 5.0:
        assert band in PREDIKATS
    else:
        assert band is None


@given(texts)
def test_predikat_normaliser_only_returns_the_five_bands(text):
    assert normalize_predikat(text) in (*PREDIKATS, None)


@settings(max_examples=300)
@given(texts)
def test_name_resolution_never_crashes(text):
    normalize(text)
    found = gazetteer().candidates(text)
    assert all(c.id for c in found)
    resolved = gazetteer().resolve(text)
    assert resolved is None or resolved in found
