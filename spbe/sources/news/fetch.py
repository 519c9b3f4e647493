"""Find new articles about SPBE on a news site: feeds, sitemaps and listing pages.

Plain functions, no Dagster. `discover(site, fetch=..., seen=...)` reads every feed, every sitemap
(recursively, bounded) and every listing page (following pagination up to
`site.max_listing_pages`), parsed by `listings`; it canonicalises the article URLs it finds
(`urls`), merges what the sources say about each, keeps the ones that look like SPBE news (URL,
title and summary; inclusive, since the extractor enforces precision later) and returns those not
in `seen`. One source failing (HTTP error, bad XML, garbage) is recorded in `errors` and never
stops the others.

`fetch` is called with the LIVE url (https://HOST/PATH); the caller maps it to the mirror if it
wants. It returns a FetchResult-like object (`.content` bytes, optionally `.status`, `.final_url`,
`.content_type`) or raw bytes, and may raise (e.g. `spbe.infra.http_client.FetchError`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from spbe.sources.news.listings import Entry, parse_feed, parse_listing, parse_sitemap
from spbe.sources.news.section import NewsSite
from spbe.sources.news.urls import SeenUrls, canonicalize_url, is_spbe_candidate, looks_like_article, site_url

__all__ = [
    "Candidate",
    "DiscoveryResult",
    "SeenUrls",
    "canonicalize_url",
    "discover",
    "is_spbe_candidate",
    "parse_feed",
    "parse_listing",
    "parse_sitemap",
]

MAX_SITEMAPS = 50  # sitemap documents fetched per site per run (index, children, grandchildren)
MAX_SITEMAP_DEPTH = 3  # index -> index -> urlset

# -- results ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    url: str  # canonical live URL (canonicalize_url, on the site's host)
    title: str | None
    summary: str | None
    published: dt.date | None  # the site-local publication date, when a feed/listing/news sitemap says it
    found_via: tuple[str, ...]  # kinds, sorted: "feed", "listing", "news_sitemap", "sitemap"
    sources: tuple[str, ...] = ()  # the feed/sitemap/listing URLs it was found on
    lastmod: dt.datetime | None = None  # a sitemap's <lastmod>: last change, not publication


@dataclass
class DiscoveryResult:
    site: str
    candidates: list[Candidate] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (url, cause)
    fetched: list[str] = field(default_factory=list)  # feed/sitemap/listing URLs fetched, in order
    skipped_seen: int = 0  # SPBE candidates left out because already seen
    rejected: list[str] = field(default_factory=list)  # canonical URLs judged not about SPBE
    found: int = 0  # distinct article URLs found on the site

    @property
    def urls(self) -> list[str]:
        return [c.url for c in self.candidates]


# -- fetching ----------------------------------------------------------------------------------------


def _fetch(fetch: Callable[[str], object], url: str, result: DiscoveryResult) -> tuple[bytes, str] | None:
    """The body and the base URL for relative links, or None after recording the error."""
    result.fetched.append(url)
    try:
        response = fetch(url)
    except Exception as exc:  # noqa: BLE001 - one source failing must not stop the others
        result.errors.append((url, f"{exc.__class__.__name__}: {exc}"))
        return None
    if isinstance(response, (bytes, bytearray)):
        return bytes(response), url
    if isinstance(response, str):
        return response.encode("utf-8"), url
    status = getattr(response, "status", None) or getattr(response, "status_code", None) or 200
    if status >= 400:
        result.errors.append((url, f"HTTP {status}"))
        return None
    content = getattr(response, "content", None)
    if content is None:
        result.errors.append((url, "empty response"))
        return None
    base = url
    final = getattr(response, "final_url", None)
    if final and urlsplit(final).netloc == urlsplit(url).netloc:
        base = final  # a live redirect; a mirror URL would be another host and is ignored
    return bytes(content), base


def _fetch_parsed(fetch: Callable[[str], object], url: str, parse: Callable, result: DiscoveryResult):
    """`parse(body, base_url)` of one source page, or None after recording why (fetch or parse)."""
    got = _fetch(fetch, url, result)
    if got is None:
        return None
    try:
        return parse(*got)
    except Exception as exc:  # noqa: BLE001 - one malformed source must not stop the others
        result.errors.append((url, f"{exc.__class__.__name__}: {exc}"))
        return None


# -- discovery ---------------------------------------------------------------------------------------

_KIND_RANK = {"feed": 0, "news_sitemap": 1, "listing": 2, "sitemap": 3}


def _merge(entries: list[Entry], url: str) -> Candidate:
    ranked = sorted(entries, key=lambda e: _KIND_RANK.get(e.kind, 9))
    title = next((e.title for e in ranked if e.title and e.kind != "sitemap"), None) or next(
        (e.title for e in ranked if e.title), None)
    summary = next((e.summary for e in ranked if e.summary and e.kind in ("feed", "listing")), None) or next(
        (e.summary for e in ranked if e.summary), None)
    published = next((e.published for e in ranked if e.published), None)
    lastmod = max((e.lastmod for e in entries if e.lastmod), default=None)
    return Candidate(
        url=url,
        title=title,
        summary=summary,
        published=published,
        found_via=tuple(sorted({e.kind for e in entries})),
        sources=tuple(dict.fromkeys(e.source for e in entries)),
        lastmod=lastmod,
    )


class _Found:
    """What the sources of one site said so far: entries per canonical article URL on the site."""

    def __init__(self, host: str) -> None:
        self.host = host
        self.by_url: dict[str, list[Entry]] = {}

    def add(self, entries: list[Entry]) -> None:
        for entry in entries:
            url = site_url(entry.url, self.host)
            if url is not None and looks_like_article(url, strict=entry.kind == "listing"):
                self.by_url.setdefault(url, []).append(entry)

    def spbe_urls(self, entries: list[Entry]) -> list[str]:
        urls = {site_url(e.url, self.host) for e in entries}
        return [u for u in urls if u and is_spbe_candidate(u, *_evidence(self.by_url.get(u, [])))]


def discover(
    site: NewsSite,
    *,
    fetch: Callable[[str], object],
    seen: Iterable[str] | SeenUrls = (),
    max_sitemaps: int = MAX_SITEMAPS,
    max_sitemap_depth: int = MAX_SITEMAP_DEPTH,
    stop_at_seen: bool = True,
) -> DiscoveryResult:
    """New SPBE article candidates on `site` (a registry NewsSite), newest first.

    `seen` holds URLs already ingested (canonicalised here again, so raw or canonical both work);
    a `SeenUrls` built once saves that work when many sites are discovered.
    With `stop_at_seen`, a listing stops paginating at a page whose SPBE links are all seen
    (listings are newest first: the rest is older). Errors per source go to `result.errors`.
    """
    host = urlsplit(site.home).netloc.lower()
    result = DiscoveryResult(site=site.name)
    seen_set = (seen if isinstance(seen, SeenUrls) else SeenUrls(seen)).for_site(host)
    found = _Found(host)
    for feed_url in site.feeds:
        entries = _fetch_parsed(fetch, feed_url, parse_feed, result)
        if entries is not None:
            found.add(entries)
    _read_sitemaps(site.sitemaps, fetch, found, result, max_sitemaps, max_sitemap_depth)
    for listing_url in site.listings:
        _read_listing(listing_url, max(1, site.max_listing_pages), fetch, found, result, seen_set if stop_at_seen else None)
    _decide(found, seen_set, result)
    return result


def _read_sitemaps(roots, fetch, found: _Found, result: DiscoveryResult, max_sitemaps: int, max_depth: int) -> None:
    """Every sitemap from `roots` down through sitemap indexes, breadth first, bounded in count and
    depth; children on another host are refused."""
    queue: list[tuple[str, int]] = [(u, 0) for u in roots]
    done: set[str] = set()
    while queue:
        sitemap_url, depth = queue.pop(0)
        key = canonicalize_url(sitemap_url)
        if key in done:
            continue
        if len(done) >= max_sitemaps:
            result.errors.append((sitemap_url, f"skipped: more than {max_sitemaps} sitemaps"))
            continue
        done.add(key)
        parsed = _fetch_parsed(fetch, sitemap_url, parse_sitemap, result)
        if parsed is None:
            continue
        children, entries = parsed
        found.add(entries)
        for child in children:
            if site_url(child, found.host) is None:
                result.errors.append((child, "skipped: sitemap on another host"))
            elif depth + 1 > max_depth:
                result.errors.append((child, f"skipped: sitemap nesting deeper than {max_depth}"))
            else:
                queue.append((child, depth + 1))


def _read_listing(listing_url: str, max_pages: int, fetch, found: _Found, result: DiscoveryResult,
                  seen: set[str] | None) -> None:
    """One listing and its next pages. With `seen`, stops at a page whose SPBE links are all seen:
    listings are newest first, so the rest is older."""
    page_url: str | None = listing_url
    visited: set[str] = set()
    while page_url and len(visited) < max_pages:
        key = canonicalize_url(page_url)
        if key in visited or site_url(page_url, found.host) is None:
            return
        visited.add(key)
        parsed = _fetch_parsed(fetch, page_url, parse_listing, result)
        if parsed is None:
            return
        entries, page_url = parsed
        found.add(entries)
        if seen is not None:
            spbe = found.spbe_urls(entries)
            if spbe and all(u in seen for u in spbe):
                return


def _decide(found: _Found, seen: set[str], result: DiscoveryResult) -> None:
    """Each article URL found becomes a candidate, a rejection (not about SPBE) or a seen one."""
    result.found = len(found.by_url)
    candidates = []
    for url, entries in found.by_url.items():
        if not is_spbe_candidate(url, *_evidence(entries)):
            result.rejected.append(url)
        elif url in seen:
            result.skipped_seen += 1
        else:
            candidates.append(_merge(entries, url))
    result.rejected.sort()
    candidates.sort(key=lambda c: (c.published or (c.lastmod.date() if c.lastmod else dt.date.min), c.url), reverse=True)
    result.candidates = candidates


def _evidence(entries: list[Entry]) -> tuple[str, str]:
    """All titles and all summaries the sources gave, joined: any of them may name SPBE."""
    titles = " | ".join(dict.fromkeys(e.title for e in entries if e.title))
    summaries = " | ".join(dict.fromkeys(e.summary for e in entries if e.summary))
    return titles, summaries
