"""Fetch one evaluation year's official result through the polite client and parse it."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from spbe.infra.registry import Registry
from spbe.sources.official.parse import ParsedLampiran, find_lampiran_link, parse_lampiran_html, parse_lampiran_pdf


class NoOfficialSource(LookupError):
    """The registry has no entry for the year: nothing is published (yet)."""


@dataclass
class FetchedYear:
    year: int
    parsed: ParsedLampiran
    document_url: str  # live URL recorded as provenance, even when fetched from the mirror
    fetched_urls: list[str] = field(default_factory=list)
    from_cache: int = 0


def _live_url_of(link: str, registry: Registry) -> str:
    """Map a link found on a mirrored page back to the live URL it stands for."""
    if registry.mode == "mirror" and link.startswith(registry.mirror_url.rstrip("/") + "/"):
        rest = link[len(registry.mirror_url.rstrip("/")) + 1 :]
        host, _, path = rest.partition("/")
        return f"https://{host}/{path}"
    return link


def fetch_official_year(year: int, *, registry: Registry, client) -> FetchedYear:
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
        parsed = parse_lampiran_html(index.content, year=year, source_url=source.index_url)
        return FetchedYear(year, parsed, source.index_url, fetched, cached)
    link = find_lampiran_link(index.content, index.final_url)
    lampiran_url = _live_url_of(link, registry) if link else source.lampiran_url
    if urlsplit(lampiran_url).netloc not in registry.live_hosts():
        # A page may link anywhere; only follow links to a publisher the registry names.
        lampiran_url = source.lampiran_url
    document = get(lampiran_url)
    parsed = parse_lampiran_pdf(document.content, year=year, source_url=lampiran_url)
    return FetchedYear(year, parsed, lampiran_url, fetched, cached)
