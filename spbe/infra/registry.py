"""The source registry (`data/sources.toml`): where each source publishes, live or mirrored.

One setting, SPBE_SOURCE_MODE=mirror with SPBE_MIRROR_URL, switches every URL to the local
mirror, so the same fetching and parsing code runs in the demo, the tests and production.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

SOURCE_MODE_ENV = "SPBE_SOURCE_MODE"
REGISTRY_PATH_ENV = "SPBE_REGISTRY"
MIRROR_URL_ENV = "SPBE_MIRROR_URL"


class RegistryError(ValueError):
    pass


@dataclass(frozen=True)
class OfficialSource:
    evaluation_year: int
    format: str  # "pdf" | "html"
    index_url: str
    lampiran_url: str | None
    decree: str | None
    signed: str | None


@dataclass(frozen=True)
class NewsSite:
    """A news site and the places where it lists articles."""

    name: str
    home: str
    feeds: tuple[str, ...] = ()  # RSS or Atom
    sitemaps: tuple[str, ...] = ()  # sitemap, news sitemap or sitemap index
    listings: tuple[str, ...] = ()  # tag/search pages, paginated
    max_listing_pages: int = 5
    # The shipped fictional sites exist only in the mirror; a live night must not knock on them.
    mirror_only: bool = False

    @property
    def host(self) -> str:
        return urlsplit(self.home).netloc


@dataclass(frozen=True)
class Registry:
    official: dict[int, OfficialSource]
    user_agent: str
    news_sites: tuple[NewsSite, ...] = ()
    mode: str = "live"
    mirror_url: str | None = None
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    def resolve_url(self, live_url: str) -> str:
        """The URL to fetch: the live one, or its mirror copy at {mirror}/{host}{path}."""
        if self.mode != "mirror":
            return live_url
        parts = urlsplit(live_url)
        path = parts.path or "/"
        query = f"?{parts.query}" if parts.query else ""
        return f"{self.mirror_url.rstrip('/')}/{parts.netloc}{path}{query}"

    def live_hosts(self) -> frozenset[str]:
        urls = [u for s in self.official.values() for u in (s.index_url, s.lampiran_url) if u]
        return frozenset(urlsplit(u).netloc for u in urls) | {site.host for site in self.news_sites}

    def allowed_hosts(self) -> frozenset[str]:
        """Hosts the HTTP client may contact: the registry's publishers, or only the mirror."""
        if self.mode == "mirror":
            return frozenset({urlsplit(self.mirror_url).netloc})
        return self.live_hosts()

    def official_source(self, year: int) -> OfficialSource | None:
        return self.official.get(year)


def load_registry(
    path: Path | None = None, mode: str | None = None, mirror_url: str | None = None
) -> Registry:
    path = path or os.environ.get(REGISTRY_PATH_ENV) or None
    if path is None:
        text = resources.files("spbe.data").joinpath("sources.toml").read_text(encoding="utf-8")
        origin = "spbe/data/sources.toml"
    else:
        text, origin = Path(path).read_text(encoding="utf-8"), str(path)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{origin}: {exc}") from exc
    official: dict[int, OfficialSource] = {}
    for i, entry in enumerate(raw.get("official", []), start=1):
        try:
            src = OfficialSource(
                evaluation_year=int(entry["evaluation_year"]),
                format=entry["format"],
                index_url=entry["index_url"],
                lampiran_url=entry.get("lampiran_url") or None,
                decree=entry.get("decree") or None,
                signed=entry.get("signed") or None,
            )
        except (KeyError, ValueError) as exc:
            raise RegistryError(f"{origin}: [[official]] entry #{i} is missing or has a bad {exc}") from exc
        if src.format not in ("pdf", "html") or (src.format == "pdf" and not src.lampiran_url):
            raise RegistryError(f"{origin}: [[official]] entry #{i} ({src.evaluation_year}): bad format/lampiran_url")
        if src.evaluation_year in official:
            raise RegistryError(f"{origin}: evaluation year {src.evaluation_year} listed twice")
        official[src.evaluation_year] = src
    news_sites: list[NewsSite] = []
    for i, entry in enumerate(raw.get("news_site", []), start=1):
        try:
            news_sites.append(
                NewsSite(
                    name=entry["name"],
                    home=entry["home"],
                    feeds=tuple(entry.get("feeds", ())),
                    sitemaps=tuple(entry.get("sitemaps", ())),
                    listings=tuple(entry.get("listings", ())),
                    max_listing_pages=int(entry.get("max_listing_pages", 5)),
                    mirror_only=bool(entry.get("mirror_only", False)),
                )
            )
        except (KeyError, ValueError) as exc:
            raise RegistryError(f"{origin}: [[news_site]] entry #{i} is missing or has a bad {exc}") from exc
    mode = mode or os.environ.get(SOURCE_MODE_ENV) or "live"
    mirror_url = mirror_url or os.environ.get(MIRROR_URL_ENV)
    if mode not in ("live", "mirror"):
        raise RegistryError(f"{SOURCE_MODE_ENV} must be 'live' or 'mirror', not {mode!r}")
    if mode == "mirror" and not mirror_url:
        raise RegistryError(f"{SOURCE_MODE_ENV}=mirror needs {MIRROR_URL_ENV} (e.g. http://127.0.0.1:8765)")
    if mode == "live":
        news_sites = [site for site in news_sites if not site.mirror_only]
    return Registry(
        official=official,
        user_agent=raw.get("http", {}).get("user_agent", "spbe-warehouse/0.1"),
        news_sites=tuple(news_sites),
        mode=mode,
        mirror_url=mirror_url,
        raw=raw,
    )
