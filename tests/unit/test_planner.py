"""The indicator planner: the index from levels, and plans that are optimal (against brute force on
small methods, and against an independent dynamic programme on random level sets of both real
methods), with ties to the lowest level and one clear line for every bad input."""

from __future__ import annotations

import csv
import io
import itertools
import random
from fractions import Fraction

import numpy as np
import pytest

from spbe.cli import main
from spbe.domain.methods import Aspect, Indicator, methods
from spbe.planner.levels import Levels, areas, method_for_count, weight_of
from spbe.planner.plan import PlanError, plan_raises

SPBE, PEMDI = method_for_count(47, "test"), method_for_count(20, "test")


def tiny_method(weights: list[float]):
    """A method of a few indicators (weights sum to 100), in one aspect, for brute force."""
    indicators = tuple(Indicator(number=n, weight=w, aspect="A") for n, w in enumerate(weights, start=1))
    aspect = Aspect(name="A", weight=100.0, indicators=indicators)
    return PEMDI.model_copy(update={"aspects": (aspect,), "domains": (), "indicator_count": len(weights)})


def brute_force_fewest(levels: Levels, target: Fraction) -> int:
    """Try every final level vector at or above the current one: the fewest raises reaching the target."""
    indicators = levels.method.indicators
    ranges = [range(levels.levels[i.number], 6) for i in indicators]
    best = None
    for final in itertools.product(*ranges):
        if sum(weight_of(i) * f for i, f in zip(indicators, final, strict=True)) / 100 >= target:
            cost = sum(f - levels.levels[i.number] for i, f in zip(indicators, final, strict=True))
            best = cost if best is None else min(best, cost)
    return best


def dp_fewest(levels: Levels, target: Fraction) -> int:
    """0/1 knapsack over every available one-level raise, minimising their number (numpy DP over
    gains in hundredths of a point): an optimum computed without sorting by weight."""
    need = (target * 100 - levels.raw_sum()) * 100  # in hundredths of a weight point
    if need <= 0:
        return 0
    cap = -(-need.numerator // need.denominator)  # ceil: gains are whole hundredths
    best = np.full(cap + 1, 10**9, dtype=np.int64)  # best[g]: fewest raises adding at least g
    best[0] = 0
    for i in levels.method.indicators:
        w = int(weight_of(i) * 100)
        for _ in range(5 - levels.levels[i.number]):
            # one more raise of gain w: reaching at least g needs the others to reach g - w
            best = np.minimum(best, best[np.maximum(np.arange(cap + 1) - w, 0)] + 1)
    return int(best[cap])


def check_plan(levels: Levels, target: Fraction, plan) -> None:
    current = dict(levels.levels)
    for r in plan.raises:
        assert r.from_level == current[r.indicator.number] and r.to_level == r.from_level + 1 <= 5
        current[r.indicator.number] = r.to_level
    after = Levels(levels.method, current).index()
    assert after == plan.after >= target
    if plan.raises:  # one raise fewer would not do: the plan stops as soon as it reaches the target
        assert plan.after - plan.raises[-1].gain < target


def test_the_index_is_the_weighted_mean_and_equals_the_domain_and_aspect_sums():
    for method in (SPBE, PEMDI):
        assert Levels(method, {i.number: 1 for i in method.indicators}).index() == 1
        assert Levels(method, {i.number: 5 for i in method.indicators}).index() == 5
        rng = random.Random(7)
        levels = Levels(method, {i.number: rng.randint(1, 5) for i in method.indicators})
        by_kind = {}
        for area in areas(levels):
            by_kind.setdefault(area.kind, []).append(area)
        for kind, found in by_kind.items():
            assert sum(a.weight * a.index for a in found) / 100 == levels.index(), kind
    assert {a.kind for a in areas(Levels(SPBE, {i.number: 2 for i in SPBE.indicators}))} == {"domain", "aspect"}
    assert {a.kind for a in areas(Levels(PEMDI, {i.number: 2 for i in PEMDI.indicators}))} == {"aspect"}


def test_the_methods_with_indicators_are_found_by_count():
    assert SPBE.id == "PermenPANRB 59/2020" and PEMDI.id == "PermenPANRB 8/2026"
    assert {m.indicator_count for m in methods() if m.indicators} == {47, 20}


@pytest.mark.parametrize("seed", range(40))
def test_plans_on_small_methods_match_brute_force(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 4)
    cuts = sorted(rng.sample(range(1, 100), n - 1))
    weights = [b - a for a, b in itertools.pairwise([0, *cuts, 100])]
    method = tiny_method(weights)
    levels = Levels(method, {i.number: rng.randint(1, 5) for i in method.indicators})
    target = Fraction(rng.randint(100, 500), 100)
    plan = plan_raises(levels, target)
    check_plan(levels, target, plan)
    assert len(plan.raises) == brute_force_fewest(levels, target)


@pytest.mark.parametrize("method", [SPBE, PEMDI], ids=["spbe", "pemdi"])
def test_plans_on_random_level_sets_match_an_independent_optimum(method):
    rng = random.Random(2026)
    for _ in range(60):
        levels = Levels(method, {i.number: rng.choice([1, 1, 2, 2, 3, 4, 5]) for i in method.indicators})
        target = Fraction(rng.randint(100, 500), 100)
        plan = plan_raises(levels, target)
        check_plan(levels, target, plan)
        assert len(plan.raises) == dp_fewest(levels, target), (levels.levels, target)


def test_ties_go_to_the_indicator_at_the_lowest_level():
    method = tiny_method([25, 25, 25, 25])
    levels = Levels(method, {1: 3, 2: 1, 3: 2, 4: 4})  # index 2.50; every raise adds 0.25
    steps = [(r.indicator.number, r.from_level) for r in plan_raises(levels, Fraction(3)).raises]
    assert steps == [(2, 1), (2, 2)]  # 2 is the lowest; then 2 and 3 are both at level 2: the lower number
    steps = [(r.indicator.number, r.from_level) for r in plan_raises(levels, Fraction(350, 100)).raises]
    assert steps == [(2, 1), (2, 2), (3, 2), (1, 3)]
    unequal = Levels(tiny_method([30, 20, 25, 25]), {1: 4, 2: 1, 3: 3, 4: 2})
    assert [r.indicator.number for r in plan_raises(unequal, unequal.index() + Fraction(1, 100)).raises] == [1]  # gain first


def test_a_target_above_the_scale_is_refused():
    with pytest.raises(PlanError, match="above the scale's maximum 5.00"):
        plan_raises(Levels(PEMDI, {i.number: 1 for i in PEMDI.indicators}), Fraction(501, 100))


def _write(tmp_path, rows, name="levels.csv", header="indicator,level"):
    path = tmp_path / name
    path.write_text("\n".join([header, *(f"{a},{b}" for a, b in rows)]) + "\n", encoding="utf-8")
    return path


def test_spbe_plan_prints_the_csv_and_a_summary_line(tmp_path, capsys):
    path = _write(tmp_path, [(n, 2) for n in range(1, 21)])
    assert main(["plan", "--levels", str(path), "--target", "2.5"]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = list(csv.DictReader(io.StringIO("\n".join(out[:-1]))))
    assert list(rows[0]) == ["indicator", "name", "aspect", "from_level", "to_level", "gain"]
    assert rows[0]["indicator"] == "20" and rows[0]["gain"] == "0.1500"  # PemDI's heaviest indicator first
    assert out[-1] == "# index 2.0000 -> 2.5500 (target 2.5) with 4 one-level raise(s)"
    # Indicator 20 (weight 15) three times, 2 -> 5, then 19 (weight 10) once: 0.45 + 0.10
    assert [(r["indicator"], r["from_level"], r["to_level"]) for r in rows] == [("20", "2", "3"), ("20", "3", "4"), ("20", "4", "5"), ("19", "2", "3")]


def test_spbe_index_from_levels_prints_index_areas_and_predikat(tmp_path, capsys):
    path = _write(tmp_path, [(n, 4 if n <= 20 else 5) for n in range(1, 48)])
    assert main(["index-from-levels", str(path)]) == 0
    out = capsys.readouterr().out
    assert "PermenPANRB 59/2020" in out and "domain Layanan SPBE (weight 45.5): 5.0000" in out
    assert "Indeks SPBE 4.62 (exact 4.6200), predikat Memuaskan" in out  # 38 points at level 4, 62 at 5


def test_a_target_already_met_exits_0_and_says_so(tmp_path, capsys):
    path = _write(tmp_path, [(n, 3) for n in range(1, 21)])
    assert main(["plan", "--levels", str(path), "--target", "3.00"]) == 0
    assert "already meets the target 3.00: no raise needed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("rows", "header", "problem"),
    [
        ([(n, 6 if n == 3 else 2) for n in range(1, 21)], "indicator,level", "row 4: level 6 is outside 1-5"),
        ([(n, 0 if n == 3 else 2) for n in range(1, 21)], "indicator,level", "row 4: level 0 is outside 1-5"),
        ([(n, "x" if n == 3 else 2) for n in range(1, 21)], "indicator,level", "row 4: level 'x' is not a whole number 1-5"),
        ([(n, 2) for n in range(1, 48) if n != 12], "indicator,level", "indicator(s) 12 are missing"),
        ([(n, 2) for n in range(1, 31)], "indicator,level", "30 indicators, which no method has"),
        ([(n, 2) for n in range(1, 20)] + [(48, 2)], "indicator,level", "indicator(s) 48 are not in PermenPANRB 8/2026"),
        ([(1, 2), (1, 3)] + [(n, 2) for n in range(2, 20)], "indicator,level", "row 3: indicator 1 is listed twice"),
        ([(n, 2) for n in range(1, 21)], "nomor,nilai", "lacks the columns indicator,level"),
        ([], "indicator,level", "no levels"),
    ],
)
def test_a_bad_file_exits_2_with_one_line_naming_it(tmp_path, capsys, rows, header, problem):
    path = _write(tmp_path, rows, header=header)
    assert main(["plan", "--levels", str(path), "--target", "3"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and problem in err, err
    assert main(["index-from-levels", str(path)]) == 2
    assert problem in capsys.readouterr().err


def test_an_impossible_target_and_a_missing_file_exit_2(tmp_path, capsys):
    path = _write(tmp_path, [(n, 2) for n in range(1, 21)])
    assert main(["plan", "--levels", str(path), "--target", "5.01"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "above the scale's maximum" in err
    assert main(["plan", "--levels", str(path), "--target", "tiga"]) == 2
    assert "target 'tiga' is not a number" in capsys.readouterr().err
    assert main(["index-from-levels", str(tmp_path / "none.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "none.csv: cannot read it" in err
