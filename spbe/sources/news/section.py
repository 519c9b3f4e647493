"""The `[[news_site]]` registry section: a news site and the places where it lists articles.

Discovery (`fetch.py`) reads the feeds (RSS or Atom), the sitemaps and the paginated listings;
only article URLs on the site's own host (`home`, with its www./m. variants) are kept.

`feed_only` says why a site's article pages are not fetched (e.g. its pages forbid automated
crawling): discovery then reads its feeds only, and the figures come from what the feed itself
carries (title and summary or full content). A feed-only site may not list sitemaps or listings.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, StringConstraints, model_validator

from spbe.infra.registry import Registry, Section, SourceEntry, Url

UrlList = Annotated[tuple[Url, ...], Field(strict=False)]  # TOML arrays arrive as lists; items stay strict


class NewsSite(SourceEntry):
    name: Annotated[str, StringConstraints(min_length=1)]
    home: Url
    feeds: UrlList = ()  # RSS or Atom
    sitemaps: UrlList = ()  # sitemap, news sitemap or sitemap index
    listings: UrlList = ()  # tag/search pages, paginated
    max_listing_pages: Annotated[int, Field(ge=1, le=50)] = 5
    feed_only: Annotated[str, StringConstraints(min_length=10)] | None = None  # why pages are not fetched

    @model_validator(mode="after")
    def _has_somewhere_to_look(self) -> NewsSite:
        if not (self.feeds or self.sitemaps or self.listings):
            raise ValueError("a news site needs at least one of feeds, sitemaps or listings (an empty list finds nothing)")
        if self.feed_only and (self.sitemaps or self.listings or not self.feeds):
            raise ValueError("a feed_only site is read through its feeds alone: give feeds, no sitemaps or listings")
        return self

    @property
    def host(self) -> str:
        return urlsplit(self.home).netloc

    def urls(self) -> Iterable[str]:
        return (self.home, *self.feeds, *self.sitemaps, *self.listings)


SECTION = Section("news_site", NewsSite, key="name")


def news_sites(registry: Registry) -> tuple[NewsSite, ...]:
    return registry.entries(SECTION.name)
