"""`spbe index-from-levels FILE` and `spbe plan --levels FILE --target T`: the indicator planner.

A bad file or an impossible target is one line on stderr naming the file and the problem, exit 2
(the `spbe` entry point prints CliError that way).
"""

from __future__ import annotations

import argparse
import csv
import sys
from decimal import Decimal, InvalidOperation

from spbe.planner.levels import Levels, LevelsError, areas, exact_text, published, read_levels
from spbe.planner.plan import PlanError, as_fraction, plan_raises


class PlannerInputError(ValueError):
    """One line for the user: exit 2."""


def _levels(path: str) -> Levels:
    try:
        return read_levels(path)
    except LevelsError as exc:
        raise PlannerInputError(str(exc)) from None


def _index_line(levels: Levels, value) -> str:
    method = levels.method
    shown = published(value, method.scale.decimals)
    return f"{method.index_names[0]} {shown} (exact {exact_text(value)}), predikat {method.predikat_for(float(shown))}"


def index_report(levels: Levels) -> list[str]:
    method = levels.method
    lines = [f"{levels.source}: {method.indicator_count} indicators, {method.id} ({method.index_names[0]}, evaluation years {method.years})",
             _index_line(levels, levels.index())]
    for area in areas(levels):
        lines.append(f"  {area.kind} {area.name} (weight {float(area.weight):g}): {exact_text(area.index)}")
    return lines


def run_index(args: argparse.Namespace) -> int:
    print("\n".join(index_report(_levels(args.file))))
    return 0


def _target(text: str, where: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise PlannerInputError(f"{where}: target {text!r} is not a number") from None
    if not value.is_finite():
        raise PlannerInputError(f"{where}: target {text!r} is not a number")
    return value


def run_plan(args: argparse.Namespace) -> int:
    levels = _levels(args.levels)
    target = as_fraction(_target(args.target, args.levels))
    try:
        plan = plan_raises(levels, target)
    except PlanError as exc:
        raise PlannerInputError(f"{args.levels}: {exc}") from None
    if plan.already_met:
        print(f"{args.levels}: the index {exact_text(plan.before)} already meets the target {args.target}: no raise needed")
        return 0
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["indicator", "name", "aspect", "from_level", "to_level", "gain"])
    for r in plan.raises:
        out.writerow([r.indicator.number, r.indicator.name or "", r.indicator.aspect, r.from_level, r.to_level, exact_text(r.gain)])
    print(f"# index {exact_text(plan.before)} -> {exact_text(plan.after)} (target {args.target}) with {len(plan.raises)} one-level raise(s)")
    return 0


def add_index_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="CSV with columns indicator,level (47 indicators: SPBE 59/2020; 20: PemDI 8/2026)")


def add_plan_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--levels", required=True, metavar="FILE", help="CSV with columns indicator,level")
    parser.add_argument("--target", required=True, metavar="T", help="index to reach, e.g. 3.50")
