"""Evaluation methods as data: `spbe/data/methods.toml`, typed and checked.

The index changed rules twice (PermenPANRB 5/2018 -> 59/2020 -> 8/2026, the last one renaming it
the Indeks Pemerintah Digital, PemDI, with other bands). Everything that needs a band, a weight or
an index name asks `method_for_year(evaluation_year)` instead of holding its own copy, so a band
edit touches the one file.

The file is checked when loaded, and a bad one is one line naming the file, the method and the
problem: years of two methods overlap or leave a gap; bands leave a gap, overlap or do not span the
scale; indicator weights do not add up to 100, to their aspect's weight or to their domain's; the
numbers of indicators, aspects or domains differ from the counts the method declares. The same file
records when each evaluation year's results were released (`[[release]]`, the calendar's history:
spbe/domain/calendar.py), checked too: a year listed twice or no method covers, a date before its
evaluation year, a decree not "number/year" or older than its year, an average off the scale. A
malformed value (a date that is no date) is one line naming the file and the key, as any other.

SPBE_METHODS_FILE points the whole project at another copy (tests edit a band in a copy this way).
pydantic (already a dependency) gives the strict types and forbidden extra keys; the cross-checks
are ours.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import os
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

METHODS_FILE_ENV = "SPBE_METHODS_FILE"
_WEIGHT_TOLERANCE = 1e-6  # weights are decimals like 1.3 and 2.75: float sums are not exact


class MethodsFileError(ValueError):
    """The methods file is malformed or inconsistent; the message names the file and the key."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class Scale(_Model):
    min: float
    max: float
    decimals: int = 2


class Band(_Model):
    """One predikat and its range; `lower_inclusive`/`upper_inclusive` say which ends belong to it."""

    predikat: str
    lower: float = Field(alias="from")
    lower_inclusive: bool = Field(alias="from_inclusive")
    upper: float = Field(alias="to")
    upper_inclusive: bool = Field(alias="to_inclusive")

    def contains(self, value: float) -> bool:
        above = value >= self.lower if self.lower_inclusive else value > self.lower
        below = value <= self.upper if self.upper_inclusive else value < self.upper
        return above and below


class Indicator(_Model):
    number: int
    weight: float
    name: str | None = None  # PemDI's 20 names are not public in our sources
    aspect: str = ""  # filled in by the loader from the aspect the indicator is listed under
    domain: str | None = None


class Aspect(_Model):
    name: str
    weight: float
    domain: str | None = None
    indicators: tuple[Indicator, ...] = ()


class Domain(_Model):
    name: str
    weight: float


class Method(_Model):
    """One evaluation method (a regulation), with the evaluation years it covers."""

    id: str  # "PermenPANRB 59/2020": the value of the warehouse's method_version column
    regulation: str
    index_code: str  # "SPBE" or "PemDI": the short name a figure carries (index_name)
    index_names: tuple[str, ...]  # what the press calls the index
    first_year: int
    last_year: int | None = None  # None: in force until a later method replaces it
    scale: Scale
    bands: tuple[Band, ...]
    indicator_count: int
    domain_count: int
    aspect_count: int
    domains: tuple[Domain, ...] = ()
    aspects: tuple[Aspect, ...] = ()

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    @property
    def predikats(self) -> tuple[str, ...]:
        """Band names, highest first (the order a legend lists them)."""
        return tuple(b.predikat for b in sorted(self.bands, key=lambda b: -b.lower))

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator by number; empty when the method's list is not in our sources (5/2018)."""
        return tuple(sorted((i for a in self.aspects for i in a.indicators), key=lambda i: i.number))

    @property
    def years(self) -> str:
        return f"{self.first_year}-{self.last_year}" if self.last_year else f"{self.first_year}-"

    def band_for(self, value: float | None) -> Band | None:
        """The band an index value falls in; None for a missing or out-of-scale value."""
        if value is None or value != value:
            return None
        # Published values have `decimals` decimals: round first so float noise (4.199999...)
        # does not cross a boundary the published figure does not cross.
        if not self.scale.min <= float(value) <= self.scale.max:
            return None  # outside the scale before rounding: 0.996 is not a published 1.00
        v = round(float(value), self.scale.decimals)
        return next((b for b in self.bands if b.contains(v)), None)

    def predikat_for(self, value: float | None) -> str | None:
        band = self.band_for(value)
        return band.predikat if band else None

    def floors(self) -> tuple[tuple[str, float], ...]:
        """(predikat, lower bound), highest first: for charts that shade the bands."""
        return tuple((b.predikat, b.lower) for b in sorted(self.bands, key=lambda b: -b.lower))


class RecordedRelease(_Model):
    """When an evaluation year's results became public, as recorded before the source registry
    stated release facts; later rounds are learned from the registry (spbe/domain/calendar.py)."""

    evaluation_year: int
    published: dt.date
    decree: str | None = Field(default=None, pattern=r"^[0-9]+/[0-9]{4}$")  # "153/2021": number/year
    national_average: float | None = None

    @property
    def decree_number(self) -> int | None:
        return int(self.decree.split("/")[0]) if self.decree else None

    @property
    def decree_year(self) -> int | None:
        return int(self.decree.split("/")[1]) if self.decree else None


class _File(_Model):
    method: tuple[Method, ...]
    release: tuple[RecordedRelease, ...]


@dataclass(frozen=True)
class MethodsData:
    """What the methods file holds, checked: its methods and its recorded releases, oldest first."""

    methods: tuple[Method, ...]
    releases: tuple[RecordedRelease, ...]


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, abs_tol=_WEIGHT_TOLERANCE)


def _check_bands(m: Method) -> None:
    bands = sorted(m.bands, key=lambda b: (b.lower, b.upper))
    if not bands:
        raise ValueError("no bands")
    if len({b.predikat for b in bands}) != len(bands):
        raise ValueError("a predikat is listed twice")
    first, last = bands[0], bands[-1]
    if not (_close(first.lower, m.scale.min) and first.lower_inclusive):
        raise ValueError(f"bands start at {first.lower} ({'incl.' if first.lower_inclusive else 'excl.'}), not at the scale's minimum {m.scale.min} inclusive")
    if not (_close(last.upper, m.scale.max) and last.upper_inclusive):
        raise ValueError(f"bands end at {last.upper}, not at the scale's maximum {m.scale.max} inclusive")
    for below, above in itertools.pairwise(bands):
        if not below.lower < below.upper:
            raise ValueError(f"band {below.predikat!r} is empty ({below.lower} to {below.upper})")
        if not _close(below.upper, above.lower):
            kind = "gap" if below.upper < above.lower else "overlap"
            raise ValueError(f"{kind} between {below.predikat!r} (to {below.upper}) and {above.predikat!r} (from {above.lower})")
        if below.upper_inclusive == above.lower_inclusive:
            which = "both" if below.upper_inclusive else "neither"
            raise ValueError(f"boundary {below.upper} belongs to {which} of {below.predikat!r} and {above.predikat!r}")


def _check_structure(m: Method) -> None:
    indicators = m.indicators
    if m.aspects and len(m.aspects) != m.aspect_count:
        raise ValueError(f"{len(m.aspects)} aspects listed, aspect_count says {m.aspect_count}")
    if m.domains and len(m.domains) != m.domain_count:
        raise ValueError(f"{len(m.domains)} domains listed, domain_count says {m.domain_count}")
    if not indicators:
        return  # the list is not known (5/2018): only the counts are recorded
    numbers = [i.number for i in indicators]
    if numbers != list(range(1, m.indicator_count + 1)):
        raise ValueError(f"indicators are numbered {numbers[0]}..{numbers[-1]} ({len(numbers)}), expected 1..{m.indicator_count} once each")
    total = sum(i.weight for i in indicators)
    if not _close(total, 100.0):
        raise ValueError(f"indicator weights add up to {total:g}, not 100")
    for a in m.aspects:
        got = sum(i.weight for i in a.indicators)
        if not _close(got, a.weight):
            raise ValueError(f"aspect {a.name!r}: its indicators weigh {got:g}, the aspect {a.weight:g}")
    domains = {d.name: d for d in m.domains}
    for a in m.aspects:
        if (a.domain is None) != (not domains):
            raise ValueError(f"aspect {a.name!r}: domain {a.domain!r} but the method lists domains {sorted(domains)}")
        if a.domain is not None and a.domain not in domains:
            raise ValueError(f"aspect {a.name!r}: unknown domain {a.domain!r}")
    for d in m.domains:
        got = sum(a.weight for a in m.aspects if a.domain == d.name)
        if not _close(got, d.weight):
            raise ValueError(f"domain {d.name!r}: its aspects weigh {got:g}, the domain {d.weight:g}")


def _check_years(methods: tuple[Method, ...]) -> None:
    ordered = sorted(methods, key=lambda m: m.first_year)
    for older, newer in itertools.pairwise(ordered):
        if older.last_year is None or older.last_year + 1 != newer.first_year:
            raise ValueError(f"years of {older.id!r} ({older.years}) and {newer.id!r} ({newer.years}) overlap or leave a gap")
    if len({m.id for m in methods}) != len(methods):
        raise ValueError("a method id is listed twice")


def _check_release(r: RecordedRelease, methods: tuple[Method, ...]) -> None:
    year = r.evaluation_year
    method = next((m for m in methods if m.covers(year)), None)
    if method is None:
        raise ValueError(f"no method covers {year}")
    if r.published.year < year:
        raise ValueError(f"published {r.published.isoformat()}, before its evaluation year {year}")
    if r.decree_year is not None and r.decree_year < year:
        raise ValueError(f"decree {r.decree} is older than its evaluation year {year}")
    if r.national_average is not None and not method.scale.min <= r.national_average <= method.scale.max:
        raise ValueError(f"national average {r.national_average:g} is off the scale {method.scale.min:g}-{method.scale.max:g}")


def _with_aspects_named(m: Method) -> Method:
    """Each indicator learns its aspect and domain from where it is listed."""
    aspects = tuple(
        a.model_copy(update={"indicators": tuple(i.model_copy(update={"aspect": a.name, "domain": a.domain}) for i in a.indicators)})
        for a in m.aspects
    )
    return m.model_copy(update={"aspects": aspects})


def load_methods(path: str | Path | None = None) -> tuple[Method, ...]:
    """Every method in the file, oldest first; raises MethodsFileError naming the file and problem."""
    return load_file(path).methods


def load_releases(path: str | Path | None = None) -> tuple[RecordedRelease, ...]:
    """Every release the file records, oldest first; the whole file is checked, as for load_methods."""
    return load_file(path).releases


@functools.lru_cache(maxsize=8)
def load_file(path: str | Path | None = None) -> MethodsData:
    """The file read and checked, once per process and path (both parts come from one read; a
    test's copy at a new path is read afresh, and `load_file.cache_clear()` forgets them all)."""
    source = Path(path) if path else None
    name = str(source) if source else "spbe/data/methods.toml"
    text = ""
    try:
        raw = source.read_bytes() if source else resources.files("spbe.data").joinpath("methods.toml").read_bytes()
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
        parsed = _File.model_validate(_as_tuples(data))
    except (OSError, UnicodeDecodeError) as e:
        raise MethodsFileError(f"{name}: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise MethodsFileError(f"{name}: {_key_at(text, str(e))}{e}") from None
    except ValidationError as e:
        err = e.errors()[0]
        where = _locate(data, err["loc"])
        raise MethodsFileError(f"{name}: {where}: {err['msg']}") from None
    methods = tuple(sorted((_with_aspects_named(m) for m in parsed.method), key=lambda m: m.first_year))
    for m in methods:
        try:
            _check_bands(m)
            _check_structure(m)
        except ValueError as e:
            raise MethodsFileError(f"{name}: method {m.id!r}: {e}") from None
    try:
        _check_years(methods)
    except ValueError as e:
        raise MethodsFileError(f"{name}: {e}") from None
    releases = tuple(sorted(parsed.release, key=lambda r: r.evaluation_year))
    for r, nxt in itertools.pairwise((*releases, None)):
        try:
            if nxt is not None and nxt.evaluation_year == r.evaluation_year:
                raise ValueError("listed twice")
            _check_release(r, methods)
        except ValueError as e:
            raise MethodsFileError(f"{name}: release {r.evaluation_year}: {e}") from None
    return MethodsData(methods, releases)


def _as_tuples(node: object) -> object:
    """TOML arrays as tuples: the models are frozen and strict (a list is not a tuple to pydantic)."""
    if isinstance(node, dict):
        return {k: _as_tuples(v) for k, v in node.items()}
    if isinstance(node, list):
        return tuple(_as_tuples(v) for v in node)
    return node


def _label(node: object) -> object:
    """What names an entry: a method's id, a release's evaluation year."""
    return next((node[k] for k in ("id", "evaluation_year") if k in node), None) if isinstance(node, dict) else None


def _locate(data: dict, loc: tuple) -> str:
    """'method "PermenPANRB 59/2020" bands[2].to' for a pydantic error location."""
    parts, node = [], data
    for key in loc:
        if isinstance(key, int) and isinstance(node, list | tuple) and key < len(node):
            node = node[key]
            label = _label(node)
            parts.append(f"{label!r}" if label else f"[{key}]")
        else:
            node = node.get(key) if isinstance(node, dict) else None
            parts.append(str(key))
    return " ".join(parts)


_AT_LINE_RE = re.compile(r"\(at line (\d+), column \d+\)")
_HEADER_RE = re.compile(r"^\s*\[\[?\s*([\w.]+)\s*\]\]?")
_KEY_RE = re.compile(r"^\s*([\w-]+)\s*=")


def _key_at(text: str, error: str) -> str:
    """'release 2019 published: ' for a TOML syntax error on that key's line (tomllib names only the
    line and column: "published = 2020-02-30" is an "Invalid date or datetime"); "" if none is found."""
    m = _AT_LINE_RE.search(error)
    lines = text.splitlines()
    if m is None or not 0 < int(m.group(1)) <= len(lines):
        return ""
    at = int(m.group(1)) - 1
    key = _KEY_RE.match(lines[at])
    if key is None:
        return ""
    head = next((j for j in range(at, -1, -1) if _HEADER_RE.match(lines[j])), None)
    if head is None:
        return f"{key.group(1)}: "
    end = next((j for j in range(head + 1, len(lines)) if _HEADER_RE.match(lines[j])), len(lines))
    label = None
    for line in lines[head + 1 : end]:
        try:
            label = _label(tomllib.loads(line))
        except tomllib.TOMLDecodeError:
            continue  # the bad line itself, or a line of a value over several lines
        if label is not None:
            break
    table = _HEADER_RE.match(lines[head]).group(1)
    return f"{table} {label!r} {key.group(1)}: " if label is not None else f"{table} {key.group(1)}: "


def methods() -> tuple[Method, ...]:
    """The methods of the file in force: SPBE_METHODS_FILE if set, else the packaged one."""
    return load_methods(os.environ.get(METHODS_FILE_ENV) or None)


def releases() -> tuple[RecordedRelease, ...]:
    """The releases the file in force records (SPBE_METHODS_FILE if set, else the packaged one)."""
    return load_releases(os.environ.get(METHODS_FILE_ENV) or None)


def method_for_year(evaluation_year: int) -> Method:
    """The method an evaluation year was (or will be) evaluated under; ValueError before the first."""
    year = int(evaluation_year)
    for m in methods():
        if m.covers(year):
            return m
    raise ValueError(f"no evaluation method covers {year}: the first evaluation year is {methods()[0].first_year}")


def method_named(method_id: str) -> Method:
    """The method with this id ("PermenPANRB 8/2026"); KeyError naming the known ones otherwise."""
    for m in methods():
        if m.id == method_id:
            return m
    raise KeyError(f"unknown evaluation method {method_id!r}; known: {', '.join(m.id for m in methods())}")


def all_predikats() -> tuple[str, ...]:
    """Every predikat any method uses, highest first: the warehouse column's vocabulary."""
    seen: dict[str, float] = {}
    for m in methods():
        for b in m.bands:
            seen[b.predikat] = max(seen.get(b.predikat, b.lower), b.lower)
    return tuple(sorted(seen, key=lambda p: -seen[p]))


def index_scale() -> tuple[float, float]:
    """The widest scale of any method: the warehouse's index_value range check."""
    ms = methods()
    return min(m.scale.min for m in ms), max(m.scale.max for m in ms)
