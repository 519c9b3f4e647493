"""Parsing of index values as Indonesian documents write them ("3,49", "2.87", "2,9")."""

from __future__ import annotations

import re

from spbe.domain.predikat import INDEX_MAX, INDEX_MIN

# One digit, a decimal comma or point, one to three digits: the only shape an SPBE index takes.
# "2.808" (a thousands separator) has three digits and is refused below unless it is a value
# like "3.490" that a table printed with three decimals; "35" or "3,4,9" never match.
_INDEX_RE = re.compile(r"^\s*([1-5])\s*[.,]\s*(\d{1,3})\s*$")
_INTEGER_RE = re.compile(r"^\s*([1-5])\s*$")


class ValueParseError(ValueError):
    """A cell or phrase that is not a valid SPBE index value; the message says why."""


def parse_index_value(text: object) -> float:
    """Parse one index value on the 1.00-5.00 scale, rounded to two decimals.

    Raises ValueParseError naming the offending text, so a caller can file the row as a reject.
    """
    if text is None:
        raise ValueParseError("empty index value")
    raw = str(text).replace("\u00a0", " ").strip()
    if not raw:
        raise ValueParseError("empty index value")
    m = _INDEX_RE.match(raw)
    if m:
        whole, frac = m.groups()
        if len(frac) == 3 and not frac.endswith("0"):
            raise ValueParseError(f"{raw!r} looks like a thousands number, not an index")
        value = round(int(whole) + int(frac) / 10 ** len(frac), 2)
    elif _INTEGER_RE.match(raw):
        value = float(int(raw))
    else:
        raise ValueParseError(f"{raw!r} is not an index value (expected e.g. 3,49)")
    if not INDEX_MIN <= value <= INDEX_MAX:
        raise ValueParseError(f"{raw!r} is outside the 1.00-5.00 scale")
    return value
