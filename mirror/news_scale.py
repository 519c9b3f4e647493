"""The crawl at scale: hundreds of synthetic news sites on 127.0.0.1, each on a port of its own.

The benchmark's `--crawl-scale` run (and its small-scale test) points the news crawler at N sites
that behave the way a crowd of regional news sites does: most answer at once, some take seconds per
response, some ration requests with 429 and `Retry-After`, some are down (the port refuses, or every
answer is a 503). Each site has a robots.txt, an RSS feed, a sitemap index with one sitemap per year
and a paginated /tag/spbe/ listing; its articles are written on the fly from a seed, so 20,000 of
them cost no disk and the same seed serves the same bytes.

A port of its own per site, not the mirror's /HOST/PATH layout: the crawler's politeness (one request
in flight per host, robots.txt per origin, the unreachable-host memory) is keyed by origin, so each
site is an origin exactly as a live publisher is. Every site is synthetic: names `skala-NNN`, pages
labelled "sintetis", addresses on 127.0.0.1 only.

The server is one asyncio loop in a thread: a slow answer is a timer, not a blocked thread. It counts
per site what the politeness claims are judged by: requests, the most in flight at once, the time
it spent answering, the waits it asked for (Retry-After) and any request for a path robots.txt
disallows.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import html
import random
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Only the dev set's synthetic articles (005 onwards); 000-004 are copies of real seed articles.
SYNTHETIC_FIRST = 5
WORDS = ["pasar", "jalan", "banjir", "sekolah", "puskesmas", "desa", "anggaran", "pelantikan", "festival", "panen",
         "jembatan", "air", "bersih", "pelabuhan", "olahraga", "pariwisata", "kecamatan", "warga", "harga", "beras"]
KINDS = ("ok", "slow", "rate_limited", "crawl_delay", "down_refused", "down_503")
DISALLOWED = "/arsip-internal/"
PER_LISTING_PAGE = 10
FEED_ITEMS = 10


@dataclass(frozen=True)
class ScaleSpec:
    """How many sites and articles, and which share of the sites misbehaves how."""

    sites: int = 600
    articles: int = 20_000
    spbe_share: float = 0.25  # articles about SPBE (fetched and parsed); the rest is other local news
    slow_every: int = 20  # every 20th site answers each request after `slow_s`
    slow_s: float = 2.0
    rate_limited_every: int = 20  # every 20th site (offset) allows `rate_per_s` requests a second, else 429
    rate_per_s: int = 2
    crawl_delay_every: int = 50  # every 50th site (offset) asks for `crawl_delay_s` between requests in robots.txt
    crawl_delay_s: float = 1.0
    down_every: int = 30  # every 30th site is down: refused connection or 503 on everything (alternately)
    disallowed_every: int = 10  # every 10th site lists a few articles robots.txt disallows
    seed: int = 23

    def kind(self, index: int) -> str:
        if index % self.down_every == self.down_every - 1:
            return "down_refused" if (index // self.down_every) % 2 == 0 else "down_503"
        if index % self.slow_every == 3 % self.slow_every:
            return "slow"
        if index % self.rate_limited_every == 11 % self.rate_limited_every:
            return "rate_limited"
        if index % self.crawl_delay_every == 7 % self.crawl_delay_every:
            return "crawl_delay"
        return "ok"


@dataclass(frozen=True)
class Story:
    number: int
    published: dt.date
    spbe: bool  # about SPBE (its slug says so): discovery picks it up
    disallowed: bool  # under a path robots.txt disallows: a polite crawler never asks for it
    title: str
    path: str
    body: str


@dataclass
class SiteStats:
    requests: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    busy_s: float = 0.0  # time spent answering (a slow site's seconds are here)
    asked_wait_s: float = 0.0  # Retry-After it sent: time a polite crawler must leave it alone
    statuses: dict[int, int] = field(default_factory=dict)
    robots_violations: int = 0
    min_gap_s: float | None = None  # shortest time between two requests' arrivals
    first_s: float | None = None
    last_arrival_s: float | None = None
    last_s: float | None = None


@dataclass
class Site:
    index: int
    kind: str
    stories: list[Story]
    port: int = 0
    stats: SiteStats = field(default_factory=SiteStats)
    recent: list[float] = field(default_factory=list)  # request times, for the rate limit

    @property
    def name(self) -> str:
        return f"skala-{self.index:03d}"

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _texts() -> list[tuple[str, str]]:
    texts = []
    for path in sorted((ROOT / "devset" / "news" / "articles").glob("*.txt")):
        if int(path.name[:3]) < SYNTHETIC_FIRST:
            continue
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if len(lines) > 2:
            texts.append((lines[0], "\n".join(lines[1:])))
    return texts


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def build_sites(spec: ScaleSpec) -> list[Site]:
    """The sites and their stories, deterministic in `spec` (articles spread as evenly as they go)."""
    texts = _texts()
    sites = []
    for index in range(spec.sites):
        rng = random.Random(f"{spec.seed}:{index}")
        count = spec.articles // spec.sites + (1 if index < spec.articles % spec.sites else 0)
        stories = []
        for number in range(count):
            published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2900))
            spbe = rng.random() < spec.spbe_share
            if spbe:
                title, body = texts[rng.randrange(len(texts))]
                slug = f"{number:05d}-spbe-{_slug(title)}"
            else:
                words = rng.sample(WORDS, 6)
                title = " ".join(words).capitalize() + f" di kecamatan {rng.randrange(1, 40)}"
                body = "\n".join(" ".join(rng.choices(WORDS, k=60)) + "." for _ in range(5))
                slug = f"{number:05d}-{_slug(title)}"
            disallowed = index % spec.disallowed_every == 5 and number % 8 == 0
            path = f"/{DISALLOWED.strip('/') if disallowed else 'berita'}/{published:%Y/%m/%d}/{slug}"
            stories.append(Story(number, published, spbe, disallowed, title, path, body))
        stories.sort(key=lambda s: (s.published, s.number), reverse=True)
        sites.append(Site(index, spec.kind(index), stories))
    return sites


# -- pages -------------------------------------------------------------------------------------------


def _article(site: Site, story: Story) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in story.body.split("\n"))
    nav = "".join(f'<li><a href="/kanal/{w}">{w.title()}</a></li>' for w in WORDS)
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{html.escape(story.title)}</title>'
        f'<link rel="canonical" href="{site.origin}{story.path}">'
        f'<meta property="article:published_time" content="{story.published}T08:00:00+07:00"></head><body>'
        f"<header><nav><ul>{nav}</ul></nav></header><main><article><h1>{html.escape(story.title)}</h1>"
        f'<div class="byline">Redaksi {site.name} - {story.published:%d/%m/%Y}</div>{paragraphs}</article></main>'
        f"<footer><p>Situs berita sintetis {site.name} (data uji, bukan berita nyata)</p></footer></body></html>"
    ).encode()


def _feed(site: Site) -> bytes:
    items = "".join(
        f"<item><title>{html.escape(s.title)}</title><link>{site.origin}{s.path}</link>"
        f"<pubDate>{s.published:%a, %d %b %Y} 08:00:00 +0700</pubDate>"
        f"<description>{html.escape(s.body[:200])}</description></item>"
        for s in site.stories[:FEED_ITEMS]
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{site.name} (sintetis)</title>'
            f"<link>{site.origin}/</link>{items}</channel></rss>").encode()


def _years(site: Site) -> list[int]:
    return sorted({s.published.year for s in site.stories}, reverse=True)


def _sitemap_index(site: Site) -> bytes:
    children = "".join(f"<sitemap><loc>{site.origin}/sitemap-{year}.xml</loc></sitemap>" for year in _years(site))
    return (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{children}</sitemapindex>").encode()


def _sitemap(site: Site, year: int) -> bytes:
    urls = "".join(f"<url><loc>{site.origin}{s.path}</loc><lastmod>{s.published}</lastmod></url>"
                   for s in site.stories if s.published.year == year)
    return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>").encode()


def _listing(site: Site, page: int) -> bytes | None:
    spbe = [s for s in site.stories if s.spbe and not s.disallowed]
    chunk = spbe[(page - 1) * PER_LISTING_PAGE : page * PER_LISTING_PAGE]
    if page > 1 and not chunk:
        return None
    posts = "".join(
        f'<article class="post"><h2><a href="{s.path}">{html.escape(s.title)}</a></h2>'
        f'<time datetime="{s.published}">{s.published:%d/%m/%Y}</time><p>{html.escape(s.body[:160])}</p></article>'
        for s in chunk
    )
    more = f'<a rel="next" href="/tag/spbe/page/{page + 1}/">Berikutnya</a>' if page * PER_LISTING_PAGE < len(spbe) else ""
    return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Tag SPBE - {site.name}</title></head>'
            f"<body><main>{posts}</main><nav>{more}</nav><footer>Situs sintetis</footer></body></html>").encode()


def _robots(site: Site, crawl_delay_s: float) -> bytes:
    delay = f"Crawl-delay: {crawl_delay_s:g}\n" if site.kind == "crawl_delay" else ""
    return f"User-agent: *\n{delay}Disallow: {DISALLOWED}\nDisallow: /cari\nSitemap: {site.origin}/sitemap.xml\n".encode()


PAGE = re.compile(r"^/tag/spbe/(?:page/(\d+)/)?$")
YEAR_SITEMAP = re.compile(r"^/sitemap-(\d{4})\.xml$")


def page_for(site: Site, path: str, spec: ScaleSpec) -> tuple[bytes, str] | None:
    """The body and content type the site answers `path` with; None for a 404."""
    if path == "/robots.txt":
        return _robots(site, spec.crawl_delay_s), "text/plain; charset=utf-8"
    if path == "/feed.xml":
        return _feed(site), "application/rss+xml"
    if path == "/sitemap.xml":
        return _sitemap_index(site), "application/xml"
    if m := YEAR_SITEMAP.match(path):
        return _sitemap(site, int(m.group(1))), "application/xml"
    if m := PAGE.match(path):
        body = _listing(site, int(m.group(1) or 1))
        return (body, "text/html; charset=utf-8") if body is not None else None
    for story in site.stories:
        if story.path == path:
            return _article(site, story), "text/html; charset=utf-8"
    return None


# -- the server --------------------------------------------------------------------------------------


class ScaleMirror:
    """Every site of `spec` served from one asyncio loop; `sites` carries each one's port and stats."""

    def __init__(self, spec: ScaleSpec) -> None:
        self.spec = spec
        self.sites = build_sites(spec)
        self.started = time.monotonic()
        self._loop = asyncio.new_event_loop()
        self._servers: list[asyncio.base_events.Server] = []
        # The down sites' ports stay bound (not listening, so a connection is refused) while the mirror
        # runs: a port closed at once could be handed to a later site's server, and two registry
        # entries then shared one origin (599 hosts crawled for 600 sites).
        self._refusing: list[socket.socket] = []

    def __enter__(self) -> ScaleMirror:
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), name="scale-mirror", daemon=True)
        self._thread.start()
        if not ready.wait(60) or self._failure:
            raise RuntimeError(f"the scale mirror did not start: {self._failure}")
        return self

    def __exit__(self, *exc) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _stop(self) -> None:
        """Close the listeners and every open connection, so nothing is left pending on the loop."""
        for server in self._servers:
            server.close()
        for sock in self._refusing:
            sock.close()
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    _failure: BaseException | None = None

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._start())
        except BaseException as exc:  # noqa: BLE001 - reported by __enter__
            self._failure = exc
            ready.set()
            return
        ready.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        for site in self.sites:
            if site.kind == "down_refused":
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.bind(("127.0.0.1", 0))
                self._refusing.append(sock)
                site.port = sock.getsockname()[1]  # bound, nothing listens: the connection is refused
                continue
            server = await asyncio.start_server(lambda r, w, s=site: self._serve(s, r, w), "127.0.0.1", 0, backlog=16)
            site.port = server.sockets[0].getsockname()[1]
            self._servers.append(server)

    async def _serve(self, site: Site, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target = (lines[0].split(" ") + ["", ""])[:2]
                headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
                await self._answer(site, method, target.split("?")[0], headers, writer)
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _answer(self, site: Site, method: str, path: str, headers: dict, writer) -> None:
        stats, now = site.stats, time.monotonic() - self.started
        stats.requests += 1
        stats.in_flight += 1
        stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
        if stats.first_s is not None and stats.last_arrival_s is not None:
            gap = now - stats.last_arrival_s
            stats.min_gap_s = gap if stats.min_gap_s is None else min(stats.min_gap_s, gap)
        stats.first_s = now if stats.first_s is None else stats.first_s
        stats.last_arrival_s = now
        if path.startswith(DISALLOWED) or path.startswith("/cari"):
            stats.robots_violations += 1
        try:
            status, extra, body = self._respond(site, path, headers, now)
            if site.kind == "slow":
                await asyncio.sleep(self.spec.slow_s)
            head = [f"HTTP/1.1 {status} {_REASONS[status]}", f"Content-Length: {len(body)}", "Server: spbe-scale-mirror",
                    *(f"{k}: {v}" for k, v in extra.items())]
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + (body if method != "HEAD" else b""))
            await writer.drain()
            stats.statuses[status] = stats.statuses.get(status, 0) + 1
        finally:
            stats.in_flight -= 1
            stats.last_s = time.monotonic() - self.started
            stats.busy_s += stats.last_s - now

    def _respond(self, site: Site, path: str, headers: dict, now: float) -> tuple[int, dict, bytes]:
        if site.kind == "down_503":
            return 503, {"Content-Type": "text/plain"}, b"Service Unavailable (synthetic site down)"
        if site.kind == "rate_limited":
            site.recent = [t for t in site.recent if now - t < 1.0]
            if len(site.recent) >= self.spec.rate_per_s:
                site.stats.asked_wait_s += 1.0
                return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"Too Many Requests"
            site.recent.append(now)
        found = page_for(site, path, self.spec)
        if found is None:
            return 404, {"Content-Type": "text/plain"}, b"Not Found"
        body, content_type = found
        etag = '"' + hashlib.sha256(body).hexdigest()[:24] + '"'
        if etag in {t.strip() for t in headers.get("if-none-match", "").split(",")}:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": content_type, "ETag": etag, "Cache-Control": "max-age=0, must-revalidate"}, body

    # -- what the crawl is pointed at and judged by ----------------------------------------------

    def registry_overlay(self) -> str:
        """A registry overlay that replaces the news sites with these (live mode: their own origins)."""
        lines = ['[overlay]\nreplace = ["news_site"]\n']
        for site in self.sites:
            lines.append(f'[[news_site]]\nname = "{site.name}"\nhome = "{site.origin}/"\nfeeds = ["{site.origin}/feed.xml"]\n'
                         f'sitemaps = ["{site.origin}/sitemap.xml"]\nlistings = ["{site.origin}/tag/spbe/"]\n')
        return "\n".join(lines)

    def expected_article_urls(self) -> set[str]:
        """The SPBE articles a polite crawler can fetch: not on down sites, not under a disallowed path."""
        return {f"{site.origin}{s.path}" for site in self.sites if not site.kind.startswith("down")
                for s in site.stories if s.spbe and not s.disallowed}

    def expected_articles(self) -> int:
        return len(self.expected_article_urls())

    def share_s(self, site: Site) -> float:
        """The least time a polite crawler spends on `site` for the requests it made: the time the site
        took to answer and the spacing it demands between the requests it accepts (Crawl-delay, or its
        rate limit). A crawler that knew the limit beforehand would get no 429, so their Retry-After
        waits (`asked_wait_s`) are not in it."""
        spacing = {"crawl_delay": self.spec.crawl_delay_s, "rate_limited": 1.0 / self.spec.rate_per_s}.get(site.kind, 0.0)
        accepted = site.stats.requests - site.stats.statuses.get(429, 0)
        return site.stats.busy_s + spacing * max(0, accepted - 1)

    def host_report(self) -> dict:
        """Per site and in sum: what the server saw, and each host's share (`share_s`)."""
        shares = {site.name: self.share_s(site) for site in self.sites}
        by_kind: dict[str, dict] = {}
        for site in self.sites:
            entry = by_kind.setdefault(site.kind, {"sites": 0, "requests": [], "share_s": []})
            entry["sites"] += 1
            entry["requests"].append(site.stats.requests)
            entry["share_s"].append(shares[site.name])
        return {
            "requests": sum(site.stats.requests for site in self.sites),
            "requests_per_host": _spread([site.stats.requests for site in self.sites]),
            "max_in_flight_per_host": max(site.stats.max_in_flight for site in self.sites),
            "robots_violations": sum(site.stats.robots_violations for site in self.sites),
            "answered_429": sum(site.stats.statuses.get(429, 0) for site in self.sites),
            "retry_after_asked_s": round(sum(site.stats.asked_wait_s for site in self.sites), 1),
            "slowest_host_share_s": round(max(shares.values()), 2),
            "sum_of_host_shares_s": round(sum(shares.values()), 2),
            "by_kind": {kind: {"sites": e["sites"], "requests_per_host": _spread(e["requests"]),
                               "host_share_s": _spread(e["share_s"])} for kind, e in sorted(by_kind.items())},
        }


def _spread(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"min": round(ordered[0], 2), "median": round(ordered[len(ordered) // 2], 2), "max": round(ordered[-1], 2)}


_REASONS = {200: "OK", 304: "Not Modified", 404: "Not Found", 429: "Too Many Requests", 503: "Service Unavailable"}


@contextlib.contextmanager
def serve_scale(spec: ScaleSpec) -> Iterator[ScaleMirror]:
    with ScaleMirror(spec) as mirror:
        yield mirror
