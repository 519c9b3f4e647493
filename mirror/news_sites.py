"""Render six fictional Indonesian local-news sites into the mirror tree (out_dir/HOST/PATH).

The articles about SPBE come from the news dev set (`devset/news/manifest.csv` gives URL, site,
date and title; the text comes from `articles/NNN_slug.txt`). Around them each site carries about
three times as many short filler articles on other local topics (roads, health, sports, SAKIP,
elections, other "indeks": IPM, IKM, Indeks Pelayanan Publik, IHK, and an LPG filling station that
is also called "SPBE"), so discovery has to filter.

Every site has what a scraper meets in the wild:

- article pages with header/nav, the body in <p>, a "Baca Juga:" block mid-article, an ad slot,
  share widgets, a tag list, a comments section whose comments mention numbers, a "Terpopuler"
  sidebar, a footer, <link rel="canonical">, and `article:published_time` on most pages (about one
  page in five shows only an Indonesian dateline such as "Selasa, 21 Januari 2025 10:15 WIB");
  two sites are windows-1252, declared in a <meta>; unencodable characters become char refs;
- an RSS 2.0 feed (three sites) or an Atom feed (three sites) with the latest 20 articles;
- a sitemap index pointing at the posts sitemap(s) (one site splits them by year) and a Google
  news sitemap;
- tag listing pages /tag/spbe/ (and /kanal/pemerintahan/ on one site), 10 per page, paginated as
  /page/N/ (the path-prefix mirror ignores query strings, so ?page=N cannot be served), with
  rel=next/prev links on most sites and only a "Selanjutnya" anchor on one;
- links carrying tracking parameters (utm_*, fbclid), fragments, trailing-slash variants and AMP
  variants (/amp/ pages whose rel=canonical points at the article), links to sister sites.

A robots.txt per host is impossible in the path-prefix mirror (robots.txt is per netloc): none.
Output is deterministic (no clock, no unseeded randomness); file mtimes are the publication times.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path
from urllib.parse import urlsplit

from mirror.news_content import filler_items, items_from_devset, load_devset
from mirror.news_pages import (
    has_published_meta,
    listing_page_path,
    render_article,
    render_atom,
    render_listing,
    render_news_sitemap,
    render_posts_sitemap,
    render_rss,
    render_sitemap_index,
)
from mirror.news_style import (
    DEFAULT_DEVSET,
    FEED_ITEMS,
    FILLER_END,
    FILLER_PER_ARTICLE,
    FILLER_START,
    NEWS_SITEMAP_ITEMS,
    PAGE_SIZE,
    SEED,
    STYLE_BY_HOST,
    STYLES,
    Item,
    SiteStyle,
    amp_url,
    slugify,
    style_for,
)

# -- assembling a site -----------------------------------------------------------------------------


def _paginate(items: list[Item]) -> list[list[Item]]:
    return [items[i:i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]


def build_site(style: SiteStyle, rows: list[dict], seed: int = SEED,
               sister_items: list[Item] | None = None) -> tuple[dict[str, bytes], list[Item]]:
    """Every file of one site, keyed by live URL, and the site's items (newest first)."""
    devset = items_from_devset(style, rows, seed)
    # Fillers cover the same years as the site's dev-set articles (and a little after), so the feeds'
    # latest 20 items mix both.
    first = min((i.published.date() for i in devset), default=FILLER_START)
    last = max((i.published.date() for i in devset), default=FILLER_END)
    fillers = filler_items(style, FILLER_PER_ARTICLE * len(devset), seed, {i.url for i in devset},
                       max(FILLER_START, first - dt.timedelta(days=60)), min(FILLER_END, last + dt.timedelta(days=14)))
    items = sorted(devset + fillers, key=lambda it: (it.published, it.url), reverse=True)
    for n, item in enumerate(sorted(items, key=lambda it: (it.published, it.url)), start=1):
        item.key = 1000 + 7 * n
    rng = random.Random(f"{seed}:{style.host}:related")
    for item in items:
        others = [o for o in items if o is not item]
        if item.devset and rng.random() < 0.5:
            others = [o for o in others if o.devset] or others
        item.related = rng.choice(others) if others else None
    return _render_site(style, items, seed, sister_items or []), items


def _render_site(style: SiteStyle, items: list[Item], seed: int, sister_items: list[Item]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    rng = random.Random(f"{seed}:{style.host}:popular")
    fillers = [i for i in items if not i.devset]
    spbe_items = [i for i in items if "SPBE" in i.tags]

    def popular() -> list[Item]:
        picks = rng.sample(fillers, min(4, len(fillers)))
        if spbe_items:
            picks.insert(1, rng.choice(spbe_items))
        return picks

    for item in items:
        files[item.url] = render_article(style, item, popular(), sister_items)
        amp = amp_url(style, item.url)
        if amp:
            files[amp] = render_article(style, item, popular(), sister_items, amp=True)

    files[style.home] = render_listing(style, "/", style.tagline, items[:12], 1, 1, popular(), sister_items)
    for base in style.listings:
        if base.startswith("/tag/"):
            tag = base.strip("/").split("/")[-1]
            members = [i for i in items if any(slugify(t) == tag for t in i.tags)]
            heading = f"Tag: {tag.upper()}"
        else:
            kanal = base.strip("/").split("/")[-1]
            members = [i for i in items if slugify(i.kanal) == kanal]
            heading = f"Kanal: {kanal.title()}"
        pages = _paginate(members)
        for n, chunk in enumerate(pages, start=1):
            files[style.url(listing_page_path(base, n))] = render_listing(
                style, base, heading, chunk, n, len(pages), popular(), sister_items)

    latest = items[:FEED_ITEMS]
    files[style.url(style.feed_path)] = render_rss(style, latest) if style.feed_kind == "rss" else render_atom(style, latest)

    children: list[tuple[str, dt.datetime]] = []
    if "{year}" in style.posts_sitemap:
        for year in sorted({i.published.year for i in items}, reverse=True):
            group = [i for i in items if i.published.year == year]
            url = style.url(style.posts_sitemap.format(year=year))
            files[url] = render_posts_sitemap(style, group)
            children.append((url, group[0].published))
    else:
        url = style.url(style.posts_sitemap)
        files[url] = render_posts_sitemap(style, items)
        children.append((url, items[0].published))
    news_url = style.url(style.news_sitemap)
    files[news_url] = render_news_sitemap(style, items[:NEWS_SITEMAP_ITEMS])
    children.append((news_url, items[0].published))
    files[style.url(style.sitemap_index)] = render_sitemap_index(children)
    return files


def local_path(out_dir: Path, live_url: str) -> Path:
    """out/HOST/PATH, with index.html for directory-like paths (what the mirror server answers).

    Like mirror.documents.local_path, but the suffix test looks at the URL path only: for the
    home page https://HOST/ that one sees the host's ".id" as a file suffix.
    """
    parts = urlsplit(live_url)
    path = parts.path or "/"
    target = Path(out_dir) / parts.netloc / path.lstrip("/")
    return target if (not path.endswith("/") and Path(path).suffix) else target / "index.html"


def write_news_sites(out_dir: Path, devset_dir: Path = DEFAULT_DEVSET, seed: int = SEED) -> list[dict]:
    """Render every site of the dev set's manifest into out_dir/HOST/PATH; one summary dict per site."""
    out_dir = Path(out_dir)
    if not (Path(devset_dir) / "manifest.csv").is_file():
        return []  # no dev set (e.g. an installed package): no news sites
    rows = load_devset(devset_dir)
    by_host: dict[str, list[dict]] = {}
    for row in rows:
        by_host.setdefault(row["site"], []).append(row)
    # Sister-site links in every footer: the latest dev-set article of each other site.
    latest_devset = {}
    for host, host_rows in by_host.items():
        newest = max(host_rows, key=lambda r: (r["published"], r["url"]))
        latest_devset[host] = Item(url=newest["url"], title=newest["title"].strip(), paragraphs=[],
                                   published=dt.datetime.fromisoformat(newest["published"] + "T00:00:00+07:00"),
                                   devset=True, kanal="", tags=[], author="", editor="", key=0)
    summaries = []
    styles = [s for s in STYLES if s.host in by_host] + [style_for(h) for h in sorted(set(by_host) - set(STYLE_BY_HOST))]
    for style in styles:
        sisters = [latest_devset[h] for h in sorted(latest_devset) if h != style.host]
        files, items = build_site(style, by_host[style.host], seed, sisters)
        latest_stamp = items[0].published.timestamp()
        stamps = {i.url: i.published.timestamp() for i in items}
        for i in items:
            if amp_url(style, i.url):
                stamps[amp_url(style, i.url)] = i.published.timestamp()
        for url, content in sorted(files.items()):
            path = local_path(out_dir, url)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            stamp = stamps.get(url, latest_stamp)
            os.utime(path, (stamp, stamp))
        devset_items = [i for i in items if i.devset]
        summaries.append({
            "host": style.host,
            "name": style.name,
            "home": style.home,
            "feed": style.url(style.feed_path),
            "feed_kind": style.feed_kind,
            "sitemap_index": style.url(style.sitemap_index),
            "listings": [style.url(b) for b in style.listings],
            "charset": style.charset,
            "articles": len(devset_items),
            "filler": len(items) - len(devset_items),
            "dateline_only": sum(1 for i in items if not has_published_meta(i.url)),
            "files": len(files),
            "devset_urls": sorted(i.url for i in devset_items),
        })
    return summaries
