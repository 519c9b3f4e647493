"""Did anything change since the last nightly run? The cheap check a no-change night costs.

Each function below asks one input the question its asset asks inside a run, by the same rule and
the same code (the decree's SHA-256 against that year's last load, the news discovery against the
stored URLs, the drop folders against what they loaded, the index's input fingerprint), without
parsing, extracting or writing anything. A night on which every answer is "unchanged" would run
every asset only to skip its work; the nightly schedule (pipelines/jobs.py) then skips the run and
says what was checked. Anything else, including an answer the check could not get (a host down, a
file that does not read, the time budget spent), is a change: a run goes ahead and reports it. A
skip that hides a change would leave a wrong warehouse; a run too many only costs a few seconds.

Plain functions on plain data: the schedule hands in what it read from the Dagster instance (the
last materializations' metadata and code versions, the last run's tags).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from spbe.domain.calendar import Calendar, year_problem
from spbe.infra.load_policy import skip_unchanged
from spbe.infra.registry import Registry
from spbe.infra.warehouse import Warehouse

CHECK_BUDGET_S = 40.0  # under Dagster's 60 s gRPC timeout for a schedule's evaluation


@dataclass(frozen=True)
class Finding:
    """One input, checked: whether it changed since the last run, and what was seen."""

    what: str  # "official 2026", "news", "spbe_index", ...
    changed: bool
    detail: str

    def line(self) -> str:
        return f"{self.what}: {self.detail}"


@dataclass
class NightlyCheck:
    findings: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> list[Finding]:
        return [f for f in self.findings if f.changed]

    def summary(self) -> str:
        """What a person reads on the tick: the changes first (why a run), or every input checked (why none)."""
        if self.changed:
            shown = self.changed[:8]
            more = f"; and {len(self.changed) - len(shown)} more" if len(self.changed) > len(shown) else ""
            return "changed since the last run: " + "; ".join(f.line() for f in shown) + more
        return "nothing changed since the last run, so no run: " + "; ".join(f.line() for f in self.findings)


class Deadline:
    """The check's time budget: past it, every further request fails, and the check says a run is due."""

    def __init__(self, seconds: float = CHECK_BUDGET_S) -> None:
        self.seconds, self.ends = seconds, time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise TimeoutError(f"the check's budget of {self.seconds:.0f} s is spent")

    def bounded(self, client):
        """`client` whose every call (a request: fetch, the portal's posts) first checks the budget."""
        return _Bounded(client, self)


class _Bounded:
    def __init__(self, client, deadline: Deadline) -> None:
        self._client, self._deadline = client, deadline

    def __getattr__(self, name: str):
        attr = getattr(self._client, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            self._deadline.check()
            return attr(*args, **kwargs)

        return call


def _findings(what: str, probe: Callable[[], Finding | Iterable[Finding]]) -> Iterator[Finding]:
    """A probe's findings; a probe that fails is a change: the run will meet the same fault and report it."""
    try:
        found = probe()
        yield from [found] if isinstance(found, Finding) else found
    except Exception as exc:  # noqa: BLE001 - any failure to know means "run"
        yield Finding(what, True, f"could not check ({exc.__class__.__name__}: {' '.join(str(exc).split())[:300]})")


# -- the registry and the code ---------------------------------------------------------------------


def registry_fingerprint(registry: Registry) -> str:
    """SHA-256 of every entry of every section, the user agent and the mode. Not the mirror's URL: the
    demo's mirror takes a new port every time, and the HTTP cache is keyed by the live URL for that reason."""
    payload = {
        "mode": registry.mode,
        "user_agent": registry.user_agent,
        "sections": {name: [entry.model_dump(mode="json") for entry in entries] for name, entries in sorted(registry.sections.items())},
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def last_run_finding(job: str, status: str | None, registry_seen: str | None, registry_now: str) -> Finding:
    """The job's latest run must have succeeded with the registry as it stands now (its tag)."""
    if status is None:
        return Finding("last run", True, f"no earlier run of {job}")
    if status != "SUCCESS":
        return Finding("last run", True, f"the latest run of {job} ended {status}")
    if registry_seen != registry_now:
        seen = f"sha256 {registry_seen[:12]}" if registry_seen else "not recorded (a run started by hand)"
        return Finding("registry", True, f"sources registry sha256 {registry_now[:12]}; the latest run's: {seen}")
    return Finding("registry", False, f"unchanged (sha256 {registry_now[:12]})")


def code_finding(current: Mapping[str, str | None], last: Mapping[str, str | None]) -> Finding:
    """Every asset's code version against the one its latest materialization was made with."""
    changed = sorted(key for key, version in current.items() if version is None or last.get(key) != version)
    if changed:
        return Finding("code", True, f"new code or never materialized: {', '.join(changed)}")
    return Finding("code", False, f"{len(current)} assets at the code version of their last materialization")


# -- the sources ------------------------------------------------------------------------------------


def official_year_finding(
    year: int, *, download: Callable[[], object], last: Mapping, held_rows: Callable[[], int], code_version: str,
    today: dt.date, calendar: Calendar | None = None,
) -> Finding:
    """One evaluation year's decree, by the rule its asset skips a year with (load_policy.skip_unchanged).
    A year with no source is unchanged when that is normal (not published yet: the visible skip) and a
    change when the calendar says it was published (the run fails it, naming the gap)."""
    from spbe.sources.official.fetch import NoOfficialSource, published_but_absent

    what = f"official {year}"
    outside = year_problem(year, today)
    if outside:
        return Finding(what, True, f"evaluation year {year} {outside}: the run fails it")
    try:
        document = download()
    except NoOfficialSource as exc:
        gap = published_but_absent(year, str(exc), today, calendar)
        if gap:
            return Finding(what, True, gap)
        return Finding(what, False, f"no results yet, a normal skip: {exc}")
    reason = skip_unchanged(last, sha256=document.sha256, code_version=code_version, held_rows=held_rows(),
                            from_cache=bool(document.from_cache))
    if reason is None:
        return Finding(what, True, f"decree sha256 {document.sha256[:12]} not loaded by this parser into the rows held ({document.url})")
    return Finding(what, False, reason)


def news_finding(registry: Registry, client, seen: set[str], fetch_threads: int = 64) -> Finding:
    """Every registered site's feeds, sitemaps and listings (conditional requests), as the news asset
    discovers them: an SPBE article not stored yet, or a source that did not answer (or not within
    the budget of a `Deadline.bounded` client), is a change."""
    from spbe.sources.news.fetch import SeenUrls, discover
    from spbe.sources.news.ingest import host_groups

    seen_by_site = SeenUrls(frozenset(seen))

    def fetch_live(url: str):
        return client.fetch(registry.resolve_url(url))

    def discover_group(sites) -> list:
        return [discover(site, fetch=fetch_live, seen=seen_by_site) for site in sites]

    groups = host_groups(registry)
    if not groups:
        return Finding("news", False, "no news site registered")
    with ThreadPoolExecutor(max(1, min(fetch_threads, len(groups))), thread_name_prefix="nightly-check") as threads:
        results = [r for group in threads.map(discover_group, groups) for r in group]
    new = {r.site: len(r.candidates) for r in results if r.candidates}
    errors = [(r.site, url, cause) for r in results for url, cause in r.errors]
    if new or errors:
        parts = [f"{n} new article(s) on {site}" for site, n in sorted(new.items())[:5]]
        parts += [f"{site}: {url} did not answer ({cause})" for site, url, cause in errors[:3]]
        more = len(new) + len(errors) - len(parts)
        return Finding("news", True, "; ".join(parts) + (f"; {more} more" if more > 0 else ""))
    sources = sum(len(r.fetched) for r in results)
    return Finding("news", False, f"{len(results)} sites, {sources} feeds, sitemaps and listings revalidated, no new SPBE article")


def body_files_finding(warehouse: Warehouse, root: Path) -> Finding:
    """The published_by_body drop folder: a file not loaded with these bytes and these rows is a change."""
    from spbe.sources.published_by_body.facts import read_file
    from spbe.sources.published_by_body.ingest import DROP_FOLDER, already_loaded, drop_files

    files = drop_files(root)
    pending = [path.name for year, path in files if not already_loaded(warehouse, read_file(path, year))]
    if pending:
        return Finding("published_by_body", True, f"not loaded yet: {', '.join(pending[:5])} (in {root / DROP_FOLDER})")
    return Finding("published_by_body", False, f"{len(files)} dropped file(s), all loaded")


def levels_finding(warehouse: Warehouse, root: Path, now: dt.datetime, source_mode: str) -> Finding:
    """The levels folder read and validated as its asset reads it, compared with the table as stored."""
    from schemas import IndicatorLevel, validate
    from spbe.infra.provenance import Build
    from spbe.sources.levels.ingest import read_levels_drop, same_levels

    drop = read_levels_drop(root, now)
    if drop.problems:
        return Finding("indicator levels", True, f"{len(drop.problems)} file(s) refused, the run reports them: {drop.problems[0]}")
    check = validate(IndicatorLevel, drop.rows)
    if not check.ok:
        return Finding("indicator levels", True, f"the levels in {root} fail validation; the run reports them")
    table = "spbe_indicator_level"
    if not same_levels(Build.now(source_mode).stamped(table, check.frame), warehouse.read(table)):
        return Finding("indicator levels", True, f"{drop.files} file(s) in {root} differ from {table}")
    return Finding("indicator levels", False, f"{drop.files} file(s), as loaded")


def index_finding(warehouse: Warehouse, *, last_code_version: str | None, code_version: str) -> Finding:
    """spbe_index, by its asset's rule: built by this code from the input tables as they stand (a review
    decision or a file loaded by hand since then changes them)."""
    from spbe.index.rebuild import index_is_stale

    if last_code_version != code_version:
        return Finding("spbe_index", True, "its code changed since the last build")
    if index_is_stale(warehouse):
        return Finding("spbe_index", True, "its input tables changed since the last build")
    return Finding("spbe_index", False, "built from the input tables as they stand")


def check_all(probes: Mapping[str, Callable[[], Finding | Iterable[Finding]]]) -> NightlyCheck:
    """The probes in order (each gives one finding or several, one per year say), each guarded (a
    failure to check is a change), up to the first change: one is enough for a run, and the run
    looks at everything."""
    check = NightlyCheck()
    for what, probe in probes.items():
        for finding in _findings(what, probe):
            check.findings.append(finding)
            if finding.changed:
                return check
    return check
