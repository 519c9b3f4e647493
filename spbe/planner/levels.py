"""Indicator levels: read a body's levels (CSV `indicator,level`), find its method by the number of
indicators, and compute the index, each domain's and each aspect's index from the method's weights.

The arithmetic is exact (fractions of the weights as the methods file writes them): an aspect's
index is the weighted mean of its indicators' levels, Σ(weight × level) / Σ weight, a domain's the
same over its indicators, and the index Σ(weight × level) / 100, which equals Σ(aspect weight ×
aspect index) / 100 (PermenPANRB 8/2026) and Σ(domain weight × domain index) / 100 (59/2020).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from spbe.domain.methods import Indicator, Method, methods

LEVEL_MIN, LEVEL_MAX = 1, 5


class LevelsError(ValueError):
    """A levels file that cannot be read as one method's levels; the message names the file and the problem."""


def weight_of(indicator: Indicator) -> Fraction:
    # From the decimal text (1.3, 2.75), not the float, so sums are exact.
    return Fraction(str(indicator.weight))


def methods_with_indicators() -> tuple[Method, ...]:
    """The methods whose indicator list (and so weights) the methods file has."""
    return tuple(m for m in methods() if m.indicators)


def method_for_count(count: int, where: str) -> Method:
    """The method with `count` indicators; LevelsError naming the counts there are otherwise."""
    found = [m for m in methods_with_indicators() if m.indicator_count == count]
    if len(found) == 1:
        return found[0]
    known = ", ".join(f"{m.indicator_count} ({m.id})" for m in methods_with_indicators())
    raise LevelsError(f"{where}: {count} indicators, which no method has (known counts: {known})")


@dataclass(frozen=True)
class Levels:
    """One body's level (1-5) for every indicator of its method."""

    method: Method
    levels: Mapping[int, int]  # indicator number -> level
    source: str = ""

    def raw_sum(self) -> Fraction:
        """Σ weight × level over every indicator (weights in percentage points)."""
        return sum((weight_of(i) * self.levels[i.number] for i in self.method.indicators), Fraction(0))

    def index(self) -> Fraction:
        return self.raw_sum() / 100


def group_index(indicators: Iterable[Indicator], levels: Mapping[int, int]) -> Fraction:
    """Weighted mean level of some indicators: an aspect's or a domain's index."""
    indicators = list(indicators)
    total = sum((weight_of(i) for i in indicators), Fraction(0))
    return sum((weight_of(i) * levels[i.number] for i in indicators), Fraction(0)) / total


@dataclass(frozen=True)
class Area:
    kind: str  # "domain" or "aspect"
    name: str
    weight: Fraction
    index: Fraction


def areas(levels: Levels) -> list[Area]:
    """Each domain's index (when the method has domains), then each aspect's, in the file's order."""
    method = levels.method
    out = []
    for domain in method.domains:
        members = [i for i in method.indicators if i.domain == domain.name]
        out.append(Area("domain", domain.name, Fraction(str(domain.weight)), group_index(members, levels.levels)))
    for aspect in method.aspects:
        out.append(Area("aspect", aspect.name, Fraction(str(aspect.weight)), group_index(aspect.indicators, levels.levels)))
    return out


def published(value: Fraction, decimals: int = 2) -> Decimal:
    """The value as an index is published: `decimals` decimals, halves rounded up."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def exact_text(value: Fraction) -> str:
    """Four decimals: every index of these methods (weights in hundredths of a point) is exact there."""
    return f"{published(value, 4)}"


def _parse_level(text: str, where: str, row: int) -> int:
    try:
        level = int(text.strip())
    except ValueError:
        raise LevelsError(f"{where}: row {row}: level {text.strip()!r} is not a whole number {LEVEL_MIN}-{LEVEL_MAX}") from None
    if not LEVEL_MIN <= level <= LEVEL_MAX:
        raise LevelsError(f"{where}: row {row}: level {level} is outside {LEVEL_MIN}-{LEVEL_MAX}")
    return level


def _parse_indicator(text: str, where: str, row: int) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise LevelsError(f"{where}: row {row}: indicator {text.strip()!r} is not an indicator number") from None


def parse_levels(rows: Sequence[Mapping[str, str]], where: str) -> Levels:
    """Levels from CSV rows with `indicator` and `level`: every indicator of one method, once."""
    levels: dict[int, int] = {}
    for n, row in enumerate(rows, start=2):  # row 1 is the header
        number = _parse_indicator(row.get("indicator") or "", where, n)
        if number in levels:
            raise LevelsError(f"{where}: row {n}: indicator {number} is listed twice")
        levels[number] = _parse_level(row.get("level") or "", where, n)
    if not levels:
        raise LevelsError(f"{where}: no levels (expected rows `indicator,level`)")
    method = _method_of(levels, where)
    return Levels(method, levels, where)


def _method_of(levels: Mapping[int, int], where: str) -> Method:
    expected = [m for m in methods_with_indicators() if m.indicator_count == len(levels)]
    if not expected:
        # The nearest method whose numbers cover the file's: say what is missing, not just the count.
        near = [m for m in methods_with_indicators() if max(levels) <= m.indicator_count]
        if near and len(levels) < near[0].indicator_count:
            missing = sorted(set(range(1, near[0].indicator_count + 1)) - set(levels))
            raise LevelsError(
                f"{where}: {len(levels)} indicators, which no method has; for {near[0].id} ({near[0].indicator_count}) "
                f"indicator(s) {_numbers(missing)} are missing"
            )
        return method_for_count(len(levels), where)
    method = method_for_count(len(levels), where)
    unknown = sorted(set(levels) - {i.number for i in method.indicators})
    if unknown:
        missing = sorted({i.number for i in method.indicators} - set(levels))
        raise LevelsError(f"{where}: indicator(s) {_numbers(unknown)} are not in {method.id} (1-{method.indicator_count}); missing: {_numbers(missing)}")
    return method


def _numbers(numbers: Sequence[int], most: int = 10) -> str:
    shown = ", ".join(str(n) for n in numbers[:most])
    return shown + (f" and {len(numbers) - most} more" if len(numbers) > most else "")


def read_levels(path: Path | str) -> Levels:
    """A levels CSV file (columns `indicator,level`, other columns ignored); LevelsError naming the file."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise LevelsError(f"{where}: cannot read it ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise LevelsError(f"{where}: not UTF-8 text (expected a CSV with columns indicator,level)") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not {"indicator", "level"} <= set(header):
        raise LevelsError(f"{where}: header {','.join(header) or '(none)'} lacks the columns indicator,level")
    reader.fieldnames = header
    return parse_levels(list(reader), where)
