"""Seeded SYNTHETIC official results for 2018-2026, with the real seed figures as overrides.

Nothing here is an official figure except the overrides: `seed_overrides.csv` (copied from the
figures of the real seed articles, kept outside the repository) and, when the directory exists, the evaluation rows of
`devset/news/articles/*.gold.csv`. Everything else is drawn from a seeded model:

    value(instansi, year) = shift(year) + quality(instansi) + trend(instansi) * (year - TREND_CENTER) + noise

`quality` is a latent level per instansi (by type: ministries and provinces above regencies),
`trend` a per-instansi slope, `noise` a yearly draw (larger in the first year of a new method:
2021, and 2026, the first Indeks Pemerintah Digital round), and `shift(year)` is solved so that the
year's mean equals the national average (2022 2.35, 2023 2.79, 2024 3.12, 2025 3.23 from
docs/domain.md; 2018-2021 and 2026 are approximations, no average was published). Some instansi
fall from one year to the next, as in the real tables. Each year's predikat is the band of its
method (spbe/data/methods.toml): PemDI's for 2026.

Every random draw comes from its own generator keyed by (seed, purpose, year, instansi), so adding
an override or a claim changes only the rows it touches, never the whole table.

Who is evaluated follows the real rounds (docs/domain.md): full years take all eligible bodies down to
the published count (616 in 2018, 621 in 2023, 615 in 2024 ...); 2020 is a limited round of
exactly 128 (central bodies more likely); 2022 covered exactly 451. Provinces 93-96 (the new Papua
provinces) exist from 2023; central bodies follow their first_year/last_year.

`claims.csv` makes the table agree with what the articles say about it: "top 3 in Lampung",
"rank 8 of 17 in Sulawesi Tenggara", "not evaluated in 2020". Claims move other (non-override)
values, never the subject's.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spbe.domain.calendar import FIRST_EVALUATION_YEAR
from spbe.domain.instansi import Gazetteer, Instansi, gazetteer
from spbe.domain.methods import methods
from spbe.domain.predikat import predikat_for

SEED = 20240111
# Through 2026, the current year: the mirror serves a synthetic first PemDI round (no real one is
# out yet). A constant, not the clock, so the mirror's bytes do not change when the year does.
LAST_MIRROR_YEAR = 2026
YEARS = tuple(range(FIRST_EVALUATION_YEAR, LAST_MIRROR_YEAR + 1))

# Mean index of each year's table. 2022-2025 are the published national averages (docs/domain.md);
# 2018-2021 are approximations; 2020 (a limited round) has no published figure; 2026 (PemDI, no
# results published yet) is an invented figure near the last SPBE average.
NATIONAL_AVERAGE = {2018: 2.20, 2019: 2.30, 2020: 2.38, 2021: 2.30, 2022: 2.35, 2023: 2.79, 2024: 3.12, 2025: 3.23, 2026: 3.05}
# Instansi in each round (docs/domain.md). Full years are capped by the eligible population (~622-629).
ROUND_SIZE = {2018: 616, 2019: 637, 2020: 128, 2021: 641, 2022: 451, 2023: 621, 2024: 615, 2025: 620, 2026: 620}
# How much more likely a type is to be in a partial round (2020: mostly central bodies).
ROUND_WEIGHT = {
    2020: {"kementerian": 6.0, "lembaga": 4.0, "provinsi": 3.0, "kota": 1.0, "kabupaten": 0.6},
    2022: {"kementerian": 1.5, "lembaga": 1.2, "provinsi": 2.0, "kota": 1.0, "kabupaten": 1.0},
}
TYPE_OFFSET = {"kementerian": 0.45, "lembaga": 0.25, "provinsi": 0.40, "kota": 0.15, "kabupaten": -0.08}
QUALITY_SD, TREND_SD, NOISE_SD = 0.42, 0.05, 0.14
METHOD_CHANGE_NOISE_SD = 0.12  # extra noise in the first year of a new method (2021: 59/2020; 2026: PemDI)
FIRST_YEARS_OF_A_NEW_METHOD = frozenset(m.first_year for m in methods()[1:])
VALUE_MIN, VALUE_MAX = 1.02, 4.95
TREND_CENTER = 2021.5  # trend * (year - TREND_CENTER)

TYPE_ORDER = {"kementerian": 0, "lembaga": 1, "provinsi": 2, "kabupaten": 3, "kota": 3}
NEW_PAPUA_PROVINCES = frozenset({"93", "94", "95", "96"})  # formed in 2022, evaluated from 2023
FIRST_YEAR_OF_NEW_PAPUA_PROVINCES = 2023

REPO_ROOT = Path(__file__).resolve().parents[1]
DEVSET_ARTICLES = REPO_ROOT / "devset" / "news" / "articles"


@dataclass(frozen=True)
class OfficialValue:
    instansi: Instansi
    value: float
    predikat: str


@dataclass(frozen=True)
class Override:
    instansi_id: str
    year: int
    value: float
    source: str


@dataclass(frozen=True)
class Claim:
    """What an article says about a result's position: the mirror makes it true.

    kind: "top_k" (competition rank <= k), "rank" (rank == k) or "absent" (not in that round).
    scope: "province_kabkota" (kab/kota of the subject's province), "provinces" or "central".
    of: the article's "dari N": the scope is then evaluated completely that year.
    """

    year: int
    instansi_id: str
    kind: str
    scope: str
    k: int | None
    of: int | None
    source: str


# -- inputs ----------------------------------------------------------------------------------


def _rng(seed: int, *parts: object) -> random.Random:
    # str seeds are hashed with SHA-512 by random.Random: stable across runs and PYTHONHASHSEED.
    return random.Random("|".join(str(p) for p in (seed, *parts)))


def _package_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("mirror").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _value(text: str | None) -> float | None:
    try:
        v = round(float(str(text).replace(",", ".")), 2)
    except (TypeError, ValueError):
        return None
    return v if 1.0 <= v <= 5.0 else None


def _year(text: str | None) -> int | None:
    try:
        y = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    return y if y in YEARS else None


def load_overrides(gaz: Gazetteer | None = None, devset: Path | None = DEVSET_ARTICLES) -> dict[tuple[str, int], Override]:
    """(instansi id, year) -> real figure. The seed file wins over the dev set; the first dev-set file
    (in name order) wins over later ones; rows that do not resolve or parse are skipped quietly."""
    gaz = gaz or gazetteer()
    found: dict[tuple[str, int], Override] = {}
    for row in _package_csv("seed_overrides.csv"):
        inst = gaz.resolve(row["name"], type_hint=row.get("instansi_type") or None)
        year, value = _year(row.get("year")), _value(row.get("value"))
        if inst is None or year is None or value is None:
            raise ValueError(f"spbe/mirror/seed_overrides.csv: bad row {row!r}")
        found[(inst.id, year)] = Override(inst.id, year, value, f"seed_overrides.csv: {row.get('note', '')}".strip())
    if devset is None or not Path(devset).is_dir():
        return found
    # A body the claims say was not in a round stays out, even if an article states its figure:
    # that figure is what the news reports and the decree lacks.
    absent = {(c.instansi_id, c.year) for c in load_claims(gaz) if c.kind == "absent"}
    for path in sorted(Path(devset).glob("*.gold.csv")):
        try:
            rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        except (OSError, UnicodeDecodeError, csv.Error):
            continue  # a file being written right now; the next generation picks it up
        for row in rows:
            if (row.get("kind") or "").strip() != "evaluation" or "conflict" in (row.get("note") or "").lower():
                continue
            name = (row.get("normalized_name") or "").strip()
            inst = gaz.resolve(name, type_hint=(row.get("instansi_type") or "").strip() or None) if name else None
            year, value = _year(row.get("year")), _value(row.get("value"))
            if inst is None or year is None or value is None or (inst.id, year) in absent:
                continue
            found.setdefault((inst.id, year), Override(inst.id, year, value, f"devset {path.name}"))
    return found


def load_claims(gaz: Gazetteer | None = None) -> list[Claim]:
    gaz = gaz or gazetteer()
    claims = []
    for row in _package_csv("claims.csv"):
        inst = gaz.resolve(row["name"], type_hint=row.get("instansi_type") or None)
        year = _year(row.get("year"))
        if inst is None or year is None or row["kind"] not in ("top_k", "rank", "absent"):
            continue
        k = int(row["k"]) if row.get("k") else None
        of = int(row["of"]) if row.get("of") else None
        claims.append(Claim(year, inst.id, row["kind"], row.get("scope") or "", k, of, row.get("source", "")))
    return claims


# -- who is evaluated --------------------------------------------------------------------------


def structure_key(inst: Instansi) -> tuple:
    """Decree order: coordinating ministries, ministries, agencies (as listed), provinces, kab/kota by code."""
    if inst.is_regional:
        return (TYPE_ORDER[inst.type], 0, tuple(int(p) for p in inst.id.split(".")), 0)
    coordinating = inst.name.startswith("Kementerian Koordinator")
    return (TYPE_ORDER[inst.type], 0 if coordinating else 1, (), _central_order().get(inst.id, 999))


@functools.cache
def _central_order() -> dict[str, int]:
    """Ministries and agencies keep the order of data/central_bodies.csv (the decree's order)."""
    return {b.id: n for n, b in enumerate(gazetteer().central_bodies())}


def eligible(inst: Instansi, year: int) -> bool:
    if inst.is_regional:
        if not inst.evaluated:
            return False
        return not (inst.type == "provinsi" and inst.id in NEW_PAPUA_PROVINCES and year < FIRST_YEAR_OF_NEW_PAPUA_PROVINCES)
    return (inst.first_year or 0) <= year <= (inst.last_year or 9999)


def _in_scope(inst: Instansi, subject: Instansi, scope: str) -> bool:
    if scope == "province_kabkota":
        return inst.type in ("kabupaten", "kota") and inst.province_code == subject.province_code
    if scope == "provinces":
        return inst.type == "provinsi"
    if scope == "central":
        return not inst.is_regional
    return inst.type == subject.type


def _choose(year: int, pool: list[Instansi], forced: set[str], banned: set[str], seed: int) -> set[str]:
    """The round's instansi: forced ones, then the highest seeded priorities up to the round size."""
    size = min(ROUND_SIZE[year], len(pool) - len(banned - forced))
    chosen = {b.id for b in pool if b.id in forced}
    weights = ROUND_WEIGHT.get(year, {})
    # Efraimidis-Spirakis weighted sampling: key = u ** (1 / w), take the largest keys.
    ranked = sorted(
        (b for b in pool if b.id not in chosen and b.id not in banned),
        key=lambda b: (-(_rng(seed, "pick", year, b.id).random() ** (1.0 / weights.get(b.type, 1.0))), b.id),
    )
    chosen.update(b.id for b in ranked[: max(0, size - len(chosen))])
    return chosen


# -- values -----------------------------------------------------------------------------------


def _latent(bodies: Iterable[Instansi], overrides: dict[tuple[str, int], Override], seed: int):
    """quality and trend per instansi; instansi with real figures get a level and slope near them."""
    bodies = list(bodies)
    quality = {b.id: _rng(seed, "quality", b.id).gauss(0.0, QUALITY_SD) + TYPE_OFFSET[b.type] for b in bodies}
    trend = {b.id: _rng(seed, "trend", b.id).gauss(0.0, TREND_SD) for b in bodies}
    mean_quality = sum(quality.values()) / len(quality)
    known: dict[str, list[tuple[int, float]]] = {}
    for (i, y), o in sorted(overrides.items()):
        known.setdefault(i, []).append((y, o.value - NATIONAL_AVERAGE[y]))  # residual over the year's mean
    for i, points in known.items():
        if i not in quality:
            continue
        if len(points) >= 2 and points[-1][0] != points[0][0]:
            slope = (points[-1][1] - points[0][1]) / (points[-1][0] - points[0][0])
            trend[i] = max(-2 * TREND_SD, min(2 * TREND_SD, slope))
        mean_year = sum(y for y, _ in points) / len(points)
        residual = sum(r for _, r in points) / len(points)
        quality[i] = mean_quality + residual - trend[i] * (mean_year - TREND_CENTER)
    return quality, trend


def _clip(v: float) -> float:
    """Two decimals inside the scale; the tails are squeezed smoothly so no value piles up at a bound."""
    low, high = VALUE_MIN + 0.25, VALUE_MAX - 0.30
    if v < low:
        v = low - 0.25 * (1 - math.exp((v - low) / 0.25))
    elif v > high:
        v = high + 0.30 * (1 - math.exp(-(v - high) / 0.30))
    return round(min(VALUE_MAX, max(VALUE_MIN, v)), 2)


def _calibrate(raw: dict[str, float], fixed: dict[str, float], target: float) -> dict[str, float]:
    """Shift the free values so the year's mean (fixed values included) is the national average.

    The shift is a whole number of hundredths, so one more override or dev-set row moves it (and
    with it every value of the year) only when it tips the mean past half a hundredth.
    """
    n = len(raw) + len(fixed)
    base = {i: round(v, 2) for i, v in raw.items()}

    def mean(shift: float) -> float:
        return (sum(_clip(v + shift) for v in base.values()) + sum(fixed.values())) / n

    lo, hi = -2.0, 6.0
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if mean(mid) < target else (lo, mid)
    candidates = (math.floor(hi * 100) / 100, math.ceil(hi * 100) / 100)
    shift = min(candidates, key=lambda s: (round(abs(mean(s) - target), 9), s))
    return {i: _clip(v + shift) for i, v in base.items()}


def _rank(values: dict[str, float], subject: str, scope_ids: Iterable[str]) -> int:
    """Competition rank (1, 2, 2, 4) of subject within scope."""
    v = values[subject]
    return 1 + sum(1 for i in scope_ids if i != subject and values[i] > v)


def _apply_claim(claim: Claim, values: dict[str, float], fixed: set[str], gaz: Gazetteer, seed: int) -> None:
    subject = gaz.get(claim.instansi_id)
    if claim.instansi_id not in values or claim.k is None:
        return
    v = values[claim.instansi_id]
    scope = [i for i in values if i != subject.id and _in_scope(gaz.get(i), subject, claim.scope)]
    above = sorted((i for i in scope if values[i] > v), key=lambda i: (i not in fixed, -values[i], i))
    allowed = claim.k - 1
    # Too many above: keep the fixed ones and the best free ones, lower the rest below the subject.
    for i in above[allowed:]:
        if i not in fixed:
            values[i] = _clip(v - _rng(seed, "claim-lower", claim.year, i).uniform(0.02, 0.30))
    if claim.kind == "rank":
        # Too few above (exact rank): raise the best free ones just above the subject.
        missing = allowed - min(len(above), allowed)
        below = sorted((i for i in scope if values[i] <= v and i not in fixed), key=lambda i: (-values[i], i))
        for i in below[:missing]:
            values[i] = _clip(v + _rng(seed, "claim-raise", claim.year, i).uniform(0.02, 0.25))


@dataclass(frozen=True)
class YearTable:
    year: int
    rows: tuple[OfficialValue, ...]
    overridden: tuple[Override, ...]


@functools.cache
def official_table(seed: int = SEED) -> dict[int, YearTable]:
    gaz = gazetteer()
    bodies = sorted(gaz.evaluated_regions() + gaz.central_bodies(), key=structure_key)
    overrides = load_overrides(gaz)
    claims = load_claims(gaz)
    quality, trend = _latent(bodies, overrides, seed)
    table: dict[int, YearTable] = {}
    for year in YEARS:
        pool = [b for b in bodies if eligible(b, year)]
        pool_ids = {b.id for b in pool}
        year_overrides = {i: o for (i, y), o in overrides.items() if y == year and i in pool_ids}
        year_claims = [c for c in claims if c.year == year]
        banned = {c.instansi_id for c in year_claims if c.kind == "absent"} - set(year_overrides)
        forced = set(year_overrides)
        for c in year_claims:
            if c.kind != "absent" and c.instansi_id in pool_ids:
                forced.add(c.instansi_id)
                if c.of is not None:  # "peringkat 8 dari 17": all 17 were evaluated that year
                    subject = gaz.get(c.instansi_id)
                    forced.update(b.id for b in pool if _in_scope(b, subject, c.scope))
        chosen = _choose(year, pool, forced - banned | set(year_overrides), banned, seed)
        raw = {}
        for b in pool:
            if b.id in chosen and b.id not in year_overrides:
                noise = _rng(seed, "noise", year, b.id).gauss(0.0, NOISE_SD)
                if year in FIRST_YEARS_OF_A_NEW_METHOD:
                    # 2021 keeps its historical key, so its values stay what they were before PemDI.
                    key = ("method", b.id) if year == 2021 else ("method", year, b.id)
                    noise += _rng(seed, *key).gauss(0.0, METHOD_CHANGE_NOISE_SD)
                raw[b.id] = quality[b.id] + trend[b.id] * (year - TREND_CENTER) + noise
        fixed = {i: o.value for i, o in year_overrides.items()}
        # Calibrate, make the claims true, and calibrate the untouched values again (claims lower or
        # raise a few values, which moves the mean); two or three rounds settle it.
        touched: dict[str, float] = {}
        for _ in range(4):
            free = {i: v for i, v in raw.items() if i not in touched}
            values = {**_calibrate(free, {**fixed, **touched}, NATIONAL_AVERAGE[year]), **fixed, **touched}
            before = dict(values)
            for claim in year_claims:
                _apply_claim(claim, values, set(fixed), gaz, seed)
            changed = {i: v for i, v in values.items() if v != before[i]}
            if not changed:
                break
            touched.update(changed)
        rows = tuple(OfficialValue(b, values[b.id], predikat_for(values[b.id], year)) for b in pool if b.id in values)
        table[year] = YearTable(year, rows, tuple(sorted(year_overrides.values(), key=lambda o: o.instansi_id)))
    return table


# -- public API -------------------------------------------------------------------------------


def official_results(year: int, seed: int = SEED) -> list[OfficialValue]:
    """The synthetic official table of an evaluation year, in decree order; [] outside 2018-2026."""
    table = official_table(seed).get(year)
    return list(table.rows) if table else []


def overrides_used(year: int, seed: int = SEED) -> list[Override]:
    """The real figures that replaced synthetic ones in a year's table."""
    table = official_table(seed).get(year)
    return list(table.overridden) if table else []


def national_average(year: int, seed: int = SEED) -> float | None:
    rows = official_results(year, seed)
    return round(sum(r.value for r in rows) / len(rows), 2) if rows else None


def claim_violations(seed: int = SEED) -> list[str]:
    """Claims in claims.csv the generated tables do not satisfy (an override can make one impossible)."""
    gaz = gazetteer()
    problems = []
    for c in load_claims(gaz):
        rows = {r.instansi.id: r.value for r in official_results(c.year, seed)}
        if c.kind == "absent":
            if c.instansi_id in rows:
                problems.append(f"{c.instansi_id} {c.year}: claimed absent but evaluated ({c.source})")
            continue
        if c.instansi_id not in rows:
            problems.append(f"{c.instansi_id} {c.year}: claimed {c.kind} {c.k} but not evaluated ({c.source})")
            continue
        subject = gaz.get(c.instansi_id)
        scope = [i for i in rows if _in_scope(gaz.get(i), subject, c.scope)]
        rank = _rank(rows, c.instansi_id, scope)
        if (c.kind == "top_k" and rank > c.k) or (c.kind == "rank" and rank != c.k):
            problems.append(f"{c.instansi_id} {c.year}: claimed {c.kind} {c.k}, generated rank {rank} ({c.source})")
        if c.of is not None and len(scope) != c.of:
            problems.append(f"{c.instansi_id} {c.year}: claimed 'dari {c.of}', scope has {len(scope)} ({c.source})")
    return problems
