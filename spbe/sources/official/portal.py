"""Locate a year's decree on the JDIH portal as it really works (docs/sources.md): no guessed URLs.

1. `GET` the search by kind of document (the registry's `search_url`, `?jenis=keputusan menteri`).
   The results component (`dokumen.dokumen-search-result`) holds its documents in its
   `wire:snapshot`: id, slug, judul, nomor_peraturan, tanggal_penetapan, status; `totalPage`.
2. Further pages: `POST /livewire/update` calling `searchDokumen(page)`, with the page's CSRF token,
   the first page's session cookie and the last snapshot received sent back byte for byte.
3. The decree is the record whose number and year equal the registry's `decree` ("13/2024"), with
   Cyrillic look-alikes folded first. Never the title: the portal's titles differ from the
   registered wording, and decoys with near numbers share most of it.
4. `GET /dokumen-hukum/<slug>`; the attachment is the `dokumen_lampiran` value in that page's
   snapshot (or the file an "Unduh" button's click handler names), accepted only on the registry's
   `attachment_host`.

A pinned document page (the registry's `index_url`, once a person checked it) skips the search;
if the pin answers 404 or 410 the search runs after all. The search pages are session-bound and
never cached; the document page and the attachment are fetched with conditional requests.
Politeness is the client's: robots.txt, one request at a time per host, bounded retries.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from spbe.infra.http_client import FetchError, FetchResult, HttpStatusError, Request
from spbe.infra.registry import Registry
from spbe.sources.official.livewire import (
    LivewirePage,
    Snapshot,
    decode_page,
    fold_lookalikes,
    read_page,
    records_with,
    snapshot_of_update,
    update_body,
    values_of,
)
from spbe.sources.official.section import OfficialSource

SEARCH_COMPONENT = "dokumen.dokumen-search-result"
SEARCH_METHOD = "searchDokumen"
RECORD_FIELDS = ("slug", "nomor_peraturan")
DEFAULT_UPDATE_PATH = "/livewire/update"
DOCUMENT_PATH = "/dokumen-hukum/"
MAX_PAGES = 200  # a kind with more result pages than this is not the listing we know
TIME_BUDGET_S = 45.0  # an absent decree must be reported within a minute
_NUMBER = re.compile(r"\d+")
_YEAR_IN_NUMBER = re.compile(r"(?:tahun\s*|/\s*)(\d{4})\s*$|tahun\s*(\d{4})", re.I)  # "13 Tahun 2024", "13/2024"
_PAGE_COUNT_KEYS = ("totalPage", "total_page", "totalPages", "lastPage", "last_page")
_CLICK_FILE = re.compile(r"([\w./-]+\.pdf)\b", re.I)
_CLICK_ATTRS = ("wire:click", "@click", "x-on:click", "onclick", "data-file", "data-url")


class PortalError(FetchError):
    """The portal answered, but not as the Livewire portal we know (layout or protocol changed)."""


class DecreeNotListed(LookupError):
    """The portal's search does not list the registered decree. The message is one line."""


class AttachmentNotFound(PortalError):
    """The document page names no PDF on the registry's attachment host."""


@dataclass(frozen=True)
class DecreeNumber:
    number: int
    year: int

    @classmethod
    def parse(cls, text: str) -> DecreeNumber:
        number, _, year = text.partition("/")
        return cls(int(number), int(year))

    def __str__(self) -> str:
        return f"{self.number}/{self.year}"


@dataclass(frozen=True)
class LocatedDecree:
    """Live URLs (the registry's hosts): `Registry.resolve_url` gives what was fetched."""

    page_url: str
    attachment_url: str
    number: int
    year: int
    title: str | None
    enacted: str | None  # ISO date (tanggal_penetapan)
    pages_searched: int = 0  # result pages read (0: a pinned page was used)

    def as_json(self, registry: Registry) -> dict:
        """What `spbe locate-decree` prints: the URLs it fetched (the mirror's in mirror mode)."""
        return {
            "page_url": registry.resolve_url(self.page_url),
            "attachment_url": registry.resolve_url(self.attachment_url),
            "number": self.number,
            "year": self.year,
            "title": self.title,
            "enacted": self.enacted,
        }


# -- records ------------------------------------------------------------------------------------


def record_number(record: dict) -> DecreeNumber | None:
    """A search record's decree number and year: the number from `nomor_peraturan`, the year from it
    ("13 Tahun 2024") or else from `tanggal_penetapan`. Look-alike letters are folded first."""
    nomor = fold_lookalikes(str(record.get("nomor_peraturan") or ""))
    number = _NUMBER.search(_YEAR_IN_NUMBER.sub(" ", nomor))
    if number is None:
        return None
    year_match = _YEAR_IN_NUMBER.search(nomor)
    if year_match:
        year = int(year_match.group(1) or year_match.group(2))
    else:
        enacted = _iso_date(record.get("tanggal_penetapan"))
        if enacted is None:
            return None
        year = enacted.year
    return DecreeNumber(int(number.group()), year)


def _iso_date(value) -> dt.date | None:
    text = fold_lookalikes(str(value or "")).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def search_records(snapshot: Snapshot) -> list[dict]:
    return list(records_with(snapshot.data, *RECORD_FIELDS))


def total_pages(snapshot: Snapshot) -> int:
    """`data.totalPage` (the name the portal uses; a few common others accepted); 1 when absent."""
    value = next((snapshot.data[k] for k in _PAGE_COUNT_KEYS if k in snapshot.data), None)
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def find_record(records: list[dict], wanted: DecreeNumber) -> dict | None:
    return next((r for r in records if record_number(r) == wanted), None)


# -- the attachment on the document page --------------------------------------------------------


def attachment_candidates(page: LivewirePage) -> list[tuple[str, bool]]:
    """Where the page names its file, most trusted first: `dokumen_lampiran` in a snapshot, a click
    handler naming a PDF, a plain link to a PDF. The flag says the value is a link (relative to the page)."""
    found = [(v.strip(), False) for s in page.snapshots for v in values_of(s.data, "dokumen_lampiran")
             if isinstance(v, str) and v.strip()]
    for attr in _CLICK_ATTRS:
        for element in page.soup.find_all(attrs={attr: True}):
            found += [(m.group(1), False) for m in _CLICK_FILE.finditer(str(element[attr]))]
    found += [(a["href"].strip(), True) for a in page.soup.find_all("a", href=True)
              if a["href"].strip().lower().split("?")[0].endswith(".pdf")]
    return found


def attachment_live_url(value: str, host: str, registry: Registry, *, link_base: str | None = None) -> str:
    """A `dokumen_lampiran` value (a full URL, a mirror URL, a path or a bare file name) as a live
    URL; a link (`link_base`: the URL the page was fetched from) resolves against its page."""
    if link_base is not None:
        return registry.live_url_of(urljoin(link_base, value))
    if "://" in value:
        return registry.live_url_of(value)
    if value.startswith("/"):
        first = value.lstrip("/").partition("/")[0]
        if first.lower() == host.lower():  # the mirror's /HOST/PATH form
            return f"https://{value.lstrip('/')}"
        return f"https://{host}{value}"
    if "/" not in value:  # a file name: the data host's /dokumen/ folder (docs/sources.md)
        return f"https://{host}/dokumen/{value}"
    return urljoin(f"https://{host}/", value)


def choose_attachment(page: LivewirePage, page_live_url: str, fetched_url: str, host: str, registry: Registry) -> str:
    seen = []
    for candidate, is_link in attachment_candidates(page):
        url = attachment_live_url(candidate, host, registry, link_base=fetched_url if is_link else None)
        parts = urlsplit(url)
        if parts.netloc.lower() == host.lower() and parts.path.lower().endswith(".pdf"):
            return url
        seen.append(url)
    where = f"; it names {', '.join(seen[:3])}, not on {host}" if seen else ""
    raise AttachmentNotFound(
        page_live_url, f"no PDF on {host} in the page's dokumen_lampiran, Unduh button or links{where}"
    )


# -- the locator ----------------------------------------------------------------------------------


class Locator:
    """One year's decree on the portal, through the polite client (`client.fetch`)."""

    def __init__(self, source: OfficialSource, *, registry: Registry, client, max_pages: int = MAX_PAGES,
                 time_budget_s: float = TIME_BUDGET_S) -> None:
        self.source, self.registry, self.client = source, registry, client
        self.max_pages, self.time_budget_s = max_pages, time_budget_s
        self.fetched: list[str] = []
        self.from_cache = 0

    def get(self, live_url: str, *, store: bool = True, request: Request | None = None) -> FetchResult:
        result = self.client.fetch(self.registry.resolve_url(live_url), store=store, request=request)
        self.fetched.append(result.final_url)
        self.from_cache += int(bool(result.from_cache))
        return result

    def locate(self) -> LocatedDecree:
        source = self.source
        if source.decree is None and source.index_url is None:
            raise DecreeNotListed(
                f"evaluation year {source.evaluation_year}: no decree number is registered (the public record gives "
                "none); add decree = 'N/YYYY' or pin the document page (index_url) once checked"
            )
        if source.index_url is not None:
            try:
                return self.from_page(source.index_url, None, pages=0)
            except HttpStatusError as exc:
                if exc.status not in (404, 410) or source.decree is None:
                    raise
        return self.search(DecreeNumber.parse(source.decree))

    def search(self, wanted: DecreeNumber) -> LocatedDecree:
        started = time.monotonic()
        search_url = self.source.search_url
        first = self.get(search_url, store=False)
        page = read_page(decode_page(first.content, first.content_type))
        snapshot = page.component(SEARCH_COMPONENT) or next((s for s in page.snapshots if search_records(s)), None)
        if snapshot is None:
            raise PortalError(search_url, f"no {SEARCH_COMPONENT} component (wire:snapshot) on the search page: "
                                          "the portal's layout may have changed")
        pages, read = total_pages(snapshot), 0
        current = 1
        while True:
            records = search_records(snapshot)
            read += len(records)
            record = find_record(records, wanted)
            if record is not None:
                return self.from_page(self.page_url_of(record, search_url), record, pages=current)
            if current >= min(pages, self.max_pages):
                break
            if time.monotonic() - started > self.time_budget_s:
                raise DecreeNotListed(
                    f"Kepmen PANRB {wanted} not found in {current} of {pages} result pages of {search_url} "
                    f"within {self.time_budget_s:.0f} s; nothing downloaded"
                )
            current += 1
            snapshot = self.next_page(page, first, snapshot, current)
        raise DecreeNotListed(
            f"Kepmen PANRB {wanted} is not listed by the portal: {read} documents on {current} result page(s) "
            f"of {search_url}, none numbered {wanted.number} of {wanted.year}"
        )

    def next_page(self, page: LivewirePage, first: FetchResult, snapshot: Snapshot, number: int) -> Snapshot:
        search_url = self.source.search_url
        if not page.csrf:
            raise PortalError(search_url, "the search page carries no CSRF token (data-csrf): cannot ask for page 2")
        update_url = urljoin(search_url, page.update_uri or DEFAULT_UPDATE_PATH)
        update_url = self.registry.live_url_of(update_url) if "://" in (page.update_uri or "") else update_url
        cookies = "; ".join(f"{k}={v}" for k, v in first.cookies.items())
        headers = {
            "Content-Type": "application/json", "Accept": "application/json", "X-Livewire": "true",
            "X-CSRF-TOKEN": page.csrf, "Referer": self.registry.resolve_url(search_url),
            **({"Cookie": cookies} if cookies else {}),
        }
        body = update_body(page.csrf, snapshot.raw, SEARCH_METHOD, [number])
        answer = self.get(update_url, request=Request("POST", body, headers))
        try:
            return snapshot_of_update(answer.content)
        except ValueError as exc:
            raise PortalError(update_url, f"result page {number}: {exc}") from None

    def page_url_of(self, record: dict, search_url: str) -> str:
        slug = str(record["slug"]).strip()
        if "://" in slug:
            return self.registry.live_url_of(slug)
        return urljoin(search_url, DOCUMENT_PATH + slug.lstrip("/"))

    def from_page(self, page_url: str, record: dict | None, *, pages: int) -> LocatedDecree:
        result = self.get(page_url)
        page = read_page(decode_page(result.content, result.content_type))
        attachment = choose_attachment(page, page_url, result.final_url, self.source.attachment_host, self.registry)
        number = record_number(record) if record else None
        if number is None and self.source.decree:
            number = DecreeNumber.parse(self.source.decree)
        enacted = _iso_date(record.get("tanggal_penetapan")) if record else None
        title = str(record.get("judul")).strip() if record and record.get("judul") else None
        return LocatedDecree(page_url, attachment, number.number if number else 0, number.year if number else 0,
                             title, enacted.isoformat() if enacted else None, pages)


def locate_decree(source: OfficialSource, *, registry: Registry, client, **options) -> LocatedDecree:
    return Locator(source, registry=registry, client=client, **options).locate()
