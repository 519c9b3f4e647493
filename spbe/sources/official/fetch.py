"""Fetch one evaluation year's decree table through the polite client; parsing is a separate step, so
a document whose bytes did not change need not be parsed again.

pdf years: the decree located on the JDIH portal by its number and year (`portal.py`: the search by
kind, Livewire paging, the document page's `dokumen_lampiran`), then the PDF attachment on the
portal's data host (the registry's `attachment_host`); nothing is guessed. html years: the table on the page. manual years (2025): the file a user placed in the
manual-drop folder, read by the same parsers. A pdf year whose decree is not registered yet (2026,
whose results are expected around the turn of the year) takes a file from the same folder
(official/<year>/); with none, the year is skipped with a line saying what to do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from spbe.domain.calendar import Calendar
from spbe.infra.http_client import FetchError
from spbe.infra.registry import Registry
from spbe.infra.releases import release_of
from spbe.sources.official.parse import ParsedLampiran, add_stated_count_gap, parse_lampiran_html, parse_lampiran_pdf
from spbe.sources.official.portal import AttachmentNotFound, Locator
from spbe.sources.official.section import OfficialSource, official_source

__all__ = ["AttachmentNotFound", "ManualDropError", "NoOfficialSource", "OfficialDocument", "download_official_year"]

MANUAL_DROP_ENV = "SPBE_MANUAL_DROP_DIR"
DEFAULT_MANUAL_DROP = Path("data/manual_drop")
MANUAL_SUFFIXES = (".pdf", ".html", ".htm")


class NoOfficialSource(LookupError):
    """Nothing to read for the year: no registry entry, or a manual drop nobody has filled yet."""


class ManualDropError(ValueError):
    """The manual-drop folder holds something we must not guess about (several files)."""


@dataclass
class OfficialDocument:
    """The bytes of one year's decree table (the lampiran PDF, or the HTML table page), unparsed."""

    year: int
    format: str  # "pdf" | "html"
    url: str  # URL recorded as provenance: the live one, the mirror's (Registry.recorded_url), or the dropped file's
    content: bytes
    fetched_urls: list[str] = field(default_factory=list)
    from_cache: int = 0  # answers that were 304 revalidations
    verified: bool = False  # the registry entry's URLs were checked by a person
    stated_count: int | None = None  # bodies the publication says it evaluated (registry)
    method: str = "http"  # "http" or "manual_drop"
    page_url: str | None = None  # pdf: the document page the locator found

    @property
    def sha256(self) -> str:
        """Identifies the content: a document with the same bytes need not be parsed again."""
        return hashlib.sha256(self.content).hexdigest()


def manual_drop_dir(override: Path | None = None) -> Path:
    return Path(override or os.environ.get(MANUAL_DROP_ENV) or DEFAULT_MANUAL_DROP)


def _unverified_hint(source: OfficialSource, registry: Registry) -> str:
    """Live only: in mirror mode the URL is the mirror's, and checking the live one would not help."""
    if source.verified or registry.mode != "live":
        return ""
    return " (this registry entry is verified = false: check its URL)"


def download_official_year(year: int, *, registry: Registry, client, manual_dir: Path | None = None) -> OfficialDocument:
    """The year's decree table as published (following the document page to its attachment), unparsed."""
    source = official_source(registry, year)
    if source is None:
        raise NoOfficialSource(f"no official source registered for evaluation year {year}")
    if source.format == "manual":
        return _from_manual_drop(source, manual_drop_dir(manual_dir))
    if source.format == "pdf" and source.decree is None:
        return _awaiting_decree(source, manual_drop_dir(manual_dir))
    fetched: list[str] = []
    cached = 0

    def get(live_url: str):
        nonlocal cached
        try:
            result = client.fetch(registry.resolve_url(live_url))
        except FetchError as exc:
            hint = _unverified_hint(source, registry)
            if hint:  # keep the type (tests and callers match on it), add the hint
                exc.reason += hint
                exc.args = (f"{exc.url}: {exc.reason}",)
            raise
        fetched.append(result.final_url)
        cached += int(bool(result.from_cache))
        return result

    def done(format_: str, url: str, content: bytes) -> OfficialDocument:
        recorded = registry.recorded_url(url)
        return OfficialDocument(year, format_, recorded, content, fetched, cached, source.verified, source.stated_count)

    if source.format == "html":
        return done("html", source.index_url, get(source.index_url).content)
    locator = Locator(source, registry=registry, client=client)
    try:
        located = locator.locate()
    except FetchError as exc:
        hint = _unverified_hint(source, registry)
        if hint:
            exc.reason += hint
            exc.args = (f"{exc.url}: {exc.reason}",)
        raise
    fetched += locator.fetched
    cached += locator.from_cache
    document = done("pdf", located.attachment_url, get(located.attachment_url).content)
    document.page_url = registry.recorded_url(located.page_url)
    return document


def parse_official_document(document: OfficialDocument, *, allow_other_year: bool = False) -> ParsedLampiran:
    """`allow_other_year`: the run config's word that a document naming another year is the right one.
    The rows are checked against the count the registry says the publication states."""
    if document.format == "pdf":
        parsed = parse_lampiran_pdf(document.content, year=document.year, source_url=document.url, allow_other_year=allow_other_year)
    else:
        parsed = parse_lampiran_html(document.content, year=document.year, source_url=document.url, allow_other_year=allow_other_year)
    add_stated_count_gap(parsed, document.stated_count, year=document.year, source_url=document.url)
    return parsed


def _from_manual_drop(source: OfficialSource, root: Path) -> OfficialDocument:
    where = f"released in {source.application or 'an application'}, not as a decree"
    return _from_folder(source, root, source.manual_drop, f"{where}; place the file the evaluated bodies downloaded")


def _awaiting_decree(source: OfficialSource, root: Path) -> OfficialDocument:
    """A decree year with no decree registered yet: the current year before its results, normally."""
    why = (
        "no decree is registered for it yet (a year's results appear from late December to early the next year);"
        " add decree = 'N/YYYY' to the registry once it is published, or place a copy of its lampiran"
    )
    return _from_folder(source, root, f"official/{source.evaluation_year}", why)


def _from_folder(source: OfficialSource, root: Path, relative: str, why: str) -> OfficialDocument:
    folder = root / relative
    files = sorted(p for p in folder.glob("*") if p.is_file() and p.suffix.lower() in MANUAL_SUFFIXES) if folder.is_dir() else []
    if not files:
        raise NoOfficialSource(f"evaluation year {source.evaluation_year}: {why} (PDF or HTML) in {folder}/")
    if len(files) > 1:
        raise ManualDropError(
            f"evaluation year {source.evaluation_year}: {len(files)} files in {folder}/ "
            f"({', '.join(p.name for p in files)}); leave exactly one"
        )
    path = files[0]
    content = path.read_bytes()
    url = dropped_file_reference(relative, path.name, content)
    format_ = "pdf" if path.suffix.lower() == ".pdf" else "html"
    return OfficialDocument(
        source.evaluation_year, format_, url, content, [url], 0, source.verified, source.stated_count, "manual_drop"
    )


def dropped_file_reference(folder: str, name: str, content: bytes) -> str:
    """What a row read from a dropped file records as its source: the file's place in the drop folder,
    its name and its SHA-256, never an absolute path (which names this machine, and is published)."""
    return f"manual_drop/{folder.strip('/')}/{name}#sha256={hashlib.sha256(content).hexdigest()}"


def published_but_absent(year: int, reason: str, today: dt.date, calendar: Calendar | None = None) -> str | None:
    """Why a year without a source is a failure, or None when its absence is normal: a year the
    calendar (the run's registry's, when given) says was published has results somewhere, so a
    missing decree or drop file is a gap to fix."""
    release = calendar.release_of(year) if calendar is not None else release_of(year)
    if release is None or release.published > today:
        return None
    return f"evaluation year {year} was published on {release.published.isoformat()}, but its source is absent: {reason}"
