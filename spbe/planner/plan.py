"""The fewest one-level raises that bring an index to a target.

Every raise of indicator i by one level adds weight_i / 100 to the index, whatever level it starts
from, so the most any k raises can add is the sum of the k largest gains still available; taking
raises in order of gain is therefore optimal: no plan with fewer raises reaches the target.
Between raises of equal gain the indicator at the lowest level goes first (then the lower number),
which spreads the work over the weakest indicators without costing a raise.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from spbe.domain.methods import Indicator
from spbe.planner.levels import LEVEL_MAX, Levels, weight_of


class PlanError(ValueError):
    """A target no plan can reach; the message says why."""


@dataclass(frozen=True)
class Raise:
    indicator: Indicator
    from_level: int
    to_level: int
    gain: Fraction  # index points


@dataclass(frozen=True)
class Plan:
    before: Fraction
    after: Fraction
    target: Fraction
    raises: tuple[Raise, ...]

    @property
    def already_met(self) -> bool:
        return not self.raises and self.before >= self.target


def as_fraction(target: str | Decimal | float) -> Fraction:
    return Fraction(Decimal(str(target)))


def plan_raises(levels: Levels, target: Fraction) -> Plan:
    """The fewest one-level raises after which the exact index is at least `target`."""
    before = levels.index()
    scale_max = Fraction(str(levels.method.scale.max))
    if target > scale_max:
        raise PlanError(f"target {float(target):.2f} is above the scale's maximum {float(scale_max):.2f}")
    current = dict(levels.levels)
    # A heap of the next raise of every indicator below the top level: largest gain, then lowest
    # level, then lowest number first.
    heap = [(-weight_of(i), current[i.number], i.number, i) for i in levels.method.indicators if current[i.number] < LEVEL_MAX]
    heapq.heapify(heap)
    index, raises = before, []
    while index < target:
        if not heap:  # cannot happen below the scale's maximum; kept so a bad methods file cannot loop
            raise PlanError(f"target {float(target):.2f} cannot be reached: every indicator is at level {LEVEL_MAX}")
        neg_weight, level, number, indicator = heapq.heappop(heap)
        gain = -neg_weight / 100
        raises.append(Raise(indicator, level, level + 1, gain))
        index += gain
        current[number] = level + 1
        if level + 1 < LEVEL_MAX:
            heapq.heappush(heap, (neg_weight, level + 1, number, indicator))
    return Plan(before, index, target, tuple(raises))
