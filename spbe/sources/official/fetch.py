"""Fetch one evaluation year's decree table through the polite client; parse it separately, so a
document whose bytes did not change need not be parsed again."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from spbe.infra.registry import Registry
from spbe.sources.official.parse import ParsedLampiran, find_lampiran_link, parse_lampiran_html, parse_lampiran_pdf


class NoOfficialSource(LookupError):
    """The registry has no entry for the year: nothing is published (yet)."""


@dataclass
class OfficialDocument:
    """The bytes of one year's decree table (the lampiran PDF, or the HTML page for 2018-2019)."""

    year: int
    format: str  # "pdf" | "html"
    url: str  # live URL recorded as provenance, even when fetched from the mirror
    content: bytes
    fetched_urls: list[str] = field(default_factory=list)
    from_cache: int = 0  # answers that were 304 revalidations

    @property
    def sha256(self) -> str:
        """Identifies the document's content: the same bytes need not be parsed again."""
        return hashlib.sha256(self.content).hexdigest()


def _live_url_of(link: str, registry: Registry) -> str:
    """Map a link found on a mirrored page back to the live URL it stands for."""
    if registry.mode == "mirror" and link.startswith(registry.mirror_url.rstrip("/") + "/"):
        rest = link[len(registry.mirror_url.rstrip("/")) + 1 :]
        host, _, path = rest.partition("/")
        return f"https://{host}/{path}"
    return link


def download_official_year(year: int, *, registry: Registry, client) -> OfficialDocument:
    """Fetch the year's decree table (following the index page to the lampiran), without parsing it."""
    source = registry.official_source(year)
    if source is None:
        raise NoOfficialSource(f"no official source registered for evaluation year {year}")
    fetched: list[str] = []
    cached = 0

    def get(live_url: str):
        nonlocal cached
        result = client.fetch(registry.resolve_url(live_url))
        fetched.append(result.final_url)
        cached += int(bool(result.from_cache))
        return result

    index = get(source.index_url)
    if source.format == "html":
        return OfficialDocument(year, "html", source.index_url, index.content, fetched, cached)
    link = find_lampiran_link(index.content, index.final_url)
    lampiran_url = _live_url_of(link, registry) if link else source.lampiran_url
    if urlsplit(lampiran_url).netloc not in registry.live_hosts():
        # A page may link anywhere; only follow links to a publisher the registry names.
        lampiran_url = source.lampiran_url
    document = get(lampiran_url)
    return OfficialDocument(year, "pdf", lampiran_url, document.content, fetched, cached)


def parse_official_document(document: OfficialDocument) -> ParsedLampiran:
    if document.format == "html":
        return parse_lampiran_html(document.content, year=document.year, source_url=document.url)
    return parse_lampiran_pdf(document.content, year=document.year, source_url=document.url)

