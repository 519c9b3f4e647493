"""Find new articles about SPBE on a news site: feeds, sitemaps and listing pages.

Plain functions, no Dagster. `discover(site, fetch=..., seen=...)` reads every feed (RSS or Atom,
with `feedparser`), every sitemap (plain, Google news, sitemap index: recursively, bounded) and
every listing page (following pagination up to `site.max_listing_pages`), canonicalises the
article URLs it finds, merges what the sources say about each, keeps the ones that look like SPBE
news (URL, title and summary; inclusive, since the extractor enforces precision later) and returns
those not in `seen`. One source failing (HTTP error, bad XML, garbage) is recorded in `errors` and
never stops the others.

`fetch` is called with the LIVE url (https://HOST/PATH); the caller maps it to the mirror if it
wants. It returns a FetchResult-like object (`.content` bytes, optionally `.status`, `.final_url`,
`.content_type`) or raw bytes, and may raise (e.g. `spbe.infra.http_client.FetchError`).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
from bs4 import BeautifulSoup
from lxml import etree

from spbe.sources.news.section import NewsSite

__all__ = [
    "Candidate",
    "DiscoveryResult",
    "canonicalize_url",
    "discover",
    "is_spbe_candidate",
    "parse_feed",
    "parse_listing",
    "parse_sitemap",
]

MAX_SITEMAPS = 50  # sitemap documents fetched per site per run (index, children, grandchildren)
MAX_SITEMAP_DEPTH = 3  # index -> index -> urlset
MAX_SITEMAP_URLS = 50_000  # the protocol's limit per sitemap
MAX_DECOMPRESSED = 50 * 1024 * 1024
WIB = dt.timezone(dt.timedelta(hours=7))

# -- URL canonicalisation ---------------------------------------------------------------------------

TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
    "ref", "ref_src", "ref_url", "_ga", "_gl", "amp", "outputtype", "utm", "s_cid", "cmpid", "src",
})
TRACKING_PREFIXES = ("utm_", "ga_", "pk_", "mtm_", "hsa_")
AMP_VALUES = frozenset({"", "1", "true", "amp", "yes"})
DEFAULT_PORTS = {"http": "80", "https": "443"}


def _is_tracking(key: str, value: str) -> bool:
    k = key.lower()
    if k.startswith(TRACKING_PREFIXES):
        return True
    if k in ("amp", "outputtype"):
        return value.lower() in AMP_VALUES  # ?amp=1, ?outputType=amp
    return k in TRACKING_PARAMS


def _strip_amp_path(path: str) -> str:
    segments = path.split("/")
    # /amp/PATH (prefix) and PATH/amp(/) (suffix) variants
    if len(segments) > 2 and segments[1].lower() == "amp":
        segments = [""] + segments[2:]
    trailing = segments and segments[-1] == ""
    core = segments[:-1] if trailing else segments
    if len(core) > 2 and core[-1].lower() == "amp":
        core = core[:-1]
    path = "/".join(core) + ("/" if trailing else "")
    # slug.amp.html -> slug.html, slug.amp -> slug
    return re.sub(r"\.amp(\.html?)?$", lambda m: m.group(1) or "", path, flags=re.I)


def canonicalize_url(url: str) -> str:
    """The identity of an article URL, used for dedup and for the `seen` set.

    Lower-case scheme and host (default port, trailing dot and userinfo dropped); no fragment;
    tracking parameters removed (utm_*, fbclid, gclid, ref, amp=1, ...) and the rest sorted;
    AMP variants folded (/amp/PATH, PATH/amp/, .amp.html, ?amp=1); no trailing slash except on
    the root path; a path of "" becomes "/". The scheme is kept: http and https stay distinct.
    """
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or str(port) == DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    path = parts.path or "/"
    path = re.sub(r"/{2,}", "/", path)
    path = _strip_amp_path(path)
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k, v)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def _bare_host(host: str) -> str:
    host = host.lower().split(":")[0]
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix):
            return host[len(prefix):]
    return host


def _site_url(url: str, site_host: str) -> str | None:
    """canonicalize_url, with the site's host variants (example.id, m.example.id) mapped to the
    site's own host; None for a URL on another site or not http(s)."""
    canonical = canonicalize_url(url)
    parts = urlsplit(canonical)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if parts.netloc == site_host:
        return canonical
    if _bare_host(parts.netloc) != _bare_host(site_host) or ":" in parts.netloc:
        return None
    return urlunsplit((parts.scheme, site_host, parts.path, parts.query, ""))


# -- is it about SPBE? -------------------------------------------------------------------------------

STRONG = re.compile(
    r"sistem\s+pemerintahan\s+berbasis\s+elektronik|pemerintahan\s+berbasis\s+elektronik|"
    r"\be[\s-]?gov(ernment)?\b|electronic[\s-]based\s+government|"
    r"\bpemerintah(an)?\s+digital\b|\bpemdi\b|digitalisasi\s+pemerintahan|transformasi\s+digital\s+pemerintah|"
    r"(indeks|evaluasi|pemantauan|nilai|predikat|arsitektur|peta\s+rencana|tata\s+kelola|penerapan|implementasi|"
    r"rapor|capaian|skor|kematangan|domain|aspek|bimtek|penilaian\s+mandiri|hasil)\s+spbe|spbe\s+(tahun|\d{4})",
    re.I,
)
BARE = re.compile(r"spbe", re.I)
# SPBE is also "Stasiun Pengisian Bulk Elpiji", an LPG filling station.
LPG = re.compile(r"elpiji|\blpg\b|bulk|stasiun\s+pengisian|tabung\s+gas|\bgas\s+\d|pertamina|\bbbm\b", re.I)


def _url_words(url: str) -> str:
    parts = urlsplit(url)
    return re.sub(r"[-_/.+=&?]+", " ", unquote(parts.path + " " + parts.query))


def is_spbe_candidate(url: str, title: str | None = None, summary: str | None = None) -> bool:
    """True when the URL slug, title or summary say the article may be about SPBE.

    Inclusive: any "SPBE", "sistem pemerintahan berbasis elektronik", "e-government",
    "pemerintahan digital"/PemDI (the index that replaces SPBE) counts. Excluded: nothing about
    SPBE at all, and the LPG filling station also called SPBE when nothing else says e-government.
    """
    text = " ".join(x for x in (_url_words(url or ""), title or "", summary or "") if x)
    if STRONG.search(text):
        return True
    return bool(BARE.search(text)) and not LPG.search(text)


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


@dataclass
class _Entry:
    url: str  # as found (absolute)
    kind: str
    source: str
    title: str | None = None
    summary: str | None = None
    published: dt.date | None = None
    lastmod: dt.datetime | None = None


# -- dates -------------------------------------------------------------------------------------------


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=WIB)
    if value.utcoffset() == dt.timedelta(0):
        return value.astimezone(WIB)  # UTC stamps: Indonesian local date (WIB, the westernmost zone)
    return value


def parse_datetime(text: str | None) -> dt.datetime | None:
    """ISO 8601 (sitemaps, Atom) or RFC 822 (RSS) -> aware datetime (naive = WIB, UTC -> WIB)."""
    if not text or not text.strip():
        return None
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return _aware(dt.datetime.fromisoformat(text))
        return _aware(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    try:
        value = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return _aware(value) if value else None


def _date_of(text: str | None) -> dt.date | None:
    value = parse_datetime(text)
    return value.date() if value else None


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


def _gunzip(content: bytes) -> bytes:
    if content[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as fh:
            data = fh.read(MAX_DECOMPRESSED + 1)
        if len(data) > MAX_DECOMPRESSED:
            raise ValueError("decompressed sitemap too large")
        return data
    return content


# -- feeds -------------------------------------------------------------------------------------------


def _text(fragment: str | None) -> str | None:
    if not fragment:
        return None
    if "<" in fragment or "&" in fragment:
        fragment = BeautifulSoup(fragment, "html.parser").get_text(" ")
    text = re.sub(r"\s+", " ", fragment).strip()
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    return text or None


class FeedError(ValueError):
    pass


def parse_feed(content: bytes, base_url: str) -> list[_Entry]:
    """RSS 0.9x/1.0/2.0 or Atom -> entries (url, title, summary, published)."""
    parsed = feedparser.parse(content, response_headers={"content-location": base_url})
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        cause = parsed.get("bozo_exception")
        raise FeedError(f"not a feed: {cause}" if cause else "not a feed (no entries, unknown format)")
    entries = []
    for item in parsed.entries:
        link = item.get("link")
        if not link:
            links = [link.get("href") for link in item.get("links", []) if link.get("href")]
            link = links[0] if links else None
        if not link:
            guid = item.get("id") or ""
            link = guid if guid.startswith(("http://", "https://")) else None
        if not link:
            continue
        published = None
        for key in ("published", "updated", "created"):
            published = _date_of(item.get(key))
            if published:
                break
        if published is None:
            for key in ("published_parsed", "updated_parsed"):
                stamp = item.get(key)
                if stamp:
                    published = _aware(dt.datetime(*stamp[:6], tzinfo=dt.UTC)).date()
                    break
        summary = item.get("summary") or (item.get("content") or [{}])[0].get("value")
        entries.append(_Entry(urljoin(base_url, link), "feed", base_url, _text(item.get("title")), _text(summary),
                              published))
    if not entries and parsed.bozo:
        raise FeedError(f"broken feed, no usable entry: {parsed.get('bozo_exception')}")
    return entries


# -- sitemaps ----------------------------------------------------------------------------------------

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False,
                              recover=False)


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip() or None
    return None


def parse_sitemap(content: bytes, base_url: str) -> tuple[list[str], list[_Entry]]:
    """A sitemap document -> (child sitemap URLs, article entries). Handles gzip, sitemap indexes,
    urlsets with Google News and image extensions, and a feed served where a sitemap was expected."""
    content = _gunzip(content)
    head = content.lstrip()[:512].lower()
    if b"<rss" in head or b"<feed" in head or b"<rdf" in head:
        return [], [_Entry(e.url, "sitemap", base_url, e.title, e.summary, e.published) for e in parse_feed(content, base_url)]
    try:
        root = etree.fromstring(content, parser=_XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"bad sitemap XML: {exc}") from exc
    kind = _local(root.tag)
    if kind == "sitemapindex":
        children = []
        for node in root:
            if _local(node.tag) == "sitemap":
                loc = _child_text(node, "loc")
                if loc:
                    children.append(urljoin(base_url, loc))
        return children, []
    if kind != "urlset":
        raise ValueError(f"not a sitemap: root element <{kind}>")
    entries = []
    for node in root:
        if _local(node.tag) != "url":
            continue
        loc = _child_text(node, "loc")
        if not loc:
            continue
        entry = _Entry(urljoin(base_url, loc), "sitemap", base_url, lastmod=parse_datetime(_child_text(node, "lastmod")))
        for child in node:
            if _local(child.tag) == "news":
                entry.kind = "news_sitemap"
                entry.title = _text(_child_text(child, "title"))
                entry.published = _date_of(_child_text(child, "publication_date"))
                keywords = _child_text(child, "keywords")
                entry.summary = _text(keywords)
        entries.append(entry)
        if len(entries) >= MAX_SITEMAP_URLS:
            break
    return [], entries


# -- listing pages -----------------------------------------------------------------------------------

NON_ARTICLE_SECTIONS = frozenset({
    "tag", "tags", "topik", "topic", "kanal", "category", "kategori", "rubrik", "author", "penulis", "page", "search",
    "cari", "indeks", "index", "feed", "feeds", "rss", "redaksi", "kontak", "tentang", "about", "login", "daftar",
    "wp-admin", "wp-login.php", "wp-content", "uploads", "assets", "static", "cdn-cgi", "video", "foto", "galeri",
    "pedoman-media-siber", "kode-etik", "tentang-kami", "kebijakan-privasi", "privacy-policy", "disclaimer",
    "info-iklan", "karir", "sitemap", "amp",
})
NON_ARTICLE_EXT = re.compile(r"\.(xml|rss|atom|json|jpe?g|png|gif|webp|svg|pdf|css|js|ico|zip|mp4|mp3)$", re.I)
GENERIC_ANCHORS = re.compile(r"^(baca\s+(selengkapnya|juga|lagi)|selengkapnya|read\s+more|lanjut(kan)?\s+membaca|"
                             r"\d+\s+komentar|komentar|more|lihat)\W*$", re.I)
NEXT_TEXT = re.compile(r"^(berikutnya|selanjutnya|next|lanjut|halaman\s+berikut(nya)?)?\s*[»›>→]*$", re.I)


def looks_like_article(url: str, strict: bool = True) -> bool:
    """An article path: not the home page, a section/tag/pagination page or an asset. With
    `strict` (links scraped off a listing page, where nav and footer links abound) the last
    segment must also be a slug of at least three words or end in a long number."""
    path = urlsplit(url).path
    if NON_ARTICLE_EXT.search(path):
        return False
    segments = [s for s in path.split("/") if s]
    if not segments or segments[0].lower() in NON_ARTICLE_SECTIONS:
        return False
    if any(s.lower() == "page" for s in segments):
        return False
    if not strict:
        return True
    last = re.sub(r"\.html?$", "", segments[-1], flags=re.I)
    return last.count("-") >= 2 or bool(re.search(r"\d{5,}$", last))


def _container(anchor):
    node = anchor
    for _ in range(5):
        node = node.parent
        if node is None or node.name in ("body", "html", "main", "ul", "ol"):
            return None
        classes = " ".join(node.get("class") or []).lower()
        if node.name in ("article", "li") or re.search(r"post|item|entry|card|news|berita|artikel", classes):
            return node
    return None


def _rel(tag) -> list[str]:
    rel = tag.get("rel") or []
    return [r.lower() for r in (rel if isinstance(rel, list) else rel.split())]


def _next_page(soup: BeautifulSoup, base_url: str) -> str | None:
    for tag in soup.find_all(["link", "a"], href=True):
        if "next" in _rel(tag):
            return urljoin(base_url, tag["href"])
    for a in soup.find_all("a", href=True):
        classes = " ".join(a.get("class") or []).lower()
        text = a.get_text(" ", strip=True)
        if re.search(r"\bnext\b", classes) or (text and NEXT_TEXT.fullmatch(text) and re.search(r"\w|[»›>→]", text)):
            return urljoin(base_url, a["href"])
    return None


def parse_listing(content: bytes, base_url: str) -> tuple[list[_Entry], str | None]:
    """A tag/category/search page -> (article links with title/summary/date, next page URL)."""
    soup = BeautifulSoup(content, "lxml")
    found: dict[str, _Entry] = {}
    for a in soup.find_all("a", href=True):
        href = a["href"].strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "whatsapp:")):
            continue
        url = urljoin(base_url, href)
        if urlsplit(url).scheme not in ("http", "https") or not looks_like_article(canonicalize_url(url)):
            continue
        text = re.sub(r"\s+", " ", a.get_text(" ", strip=True) or a.get("title") or "").strip()
        title = text if text and not GENERIC_ANCHORS.match(text) and len(text) >= 12 else None
        key = canonicalize_url(url)
        entry = found.get(key)
        if entry is None:
            entry = found[key] = _Entry(url, "listing", base_url)
        if title and (entry.title is None or len(title) > len(entry.title)):
            entry.title = title
        box = _container(a)
        if box is not None:
            if entry.summary is None:
                paras = [p.get_text(" ", strip=True) for p in box.find_all("p")]
                paras = [p for p in paras if p and p != entry.title]
                entry.summary = _text(" ".join(paras)) if paras else None
            if entry.published is None:
                stamp = box.find("time")
                if stamp is not None:
                    entry.published = _date_of(stamp.get("datetime"))
    return list(found.values()), _next_page(soup, base_url)


# -- discovery ---------------------------------------------------------------------------------------

_KIND_RANK = {"feed": 0, "news_sitemap": 1, "listing": 2, "sitemap": 3}


def _merge(entries: list[_Entry], url: str) -> Candidate:
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


def discover(
    site: NewsSite,
    *,
    fetch: Callable[[str], object],
    seen: Iterable[str] = (),
    max_sitemaps: int = MAX_SITEMAPS,
    max_sitemap_depth: int = MAX_SITEMAP_DEPTH,
    stop_at_seen: bool = True,
) -> DiscoveryResult:
    """New SPBE article candidates on `site` (a registry NewsSite), newest first.

    `seen` holds URLs already ingested (canonicalised here again, so raw or canonical both work).
    With `stop_at_seen`, a listing stops paginating at a page whose SPBE links are all seen
    (listings are newest first: the rest is older). Errors per source go to `result.errors`.
    """
    host = urlsplit(site.home).netloc.lower()
    result = DiscoveryResult(site=site.name)
    seen_set = {u for u in (_site_url(s, host) or canonicalize_url(s) for s in seen)}
    by_url: dict[str, list[_Entry]] = {}

    def add(entries: list[_Entry]) -> None:
        for entry in entries:
            url = _site_url(entry.url, host)
            if url is not None and looks_like_article(url, strict=entry.kind == "listing"):
                by_url.setdefault(url, []).append(entry)

    for feed_url in site.feeds:
        entries = _fetch_parsed(fetch, feed_url, parse_feed, result)
        if entries is not None:
            add(entries)

    queue: list[tuple[str, int]] = [(u, 0) for u in site.sitemaps]
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
        add(entries)
        for child in children:
            if _site_url(child, host) is None:
                result.errors.append((child, "skipped: sitemap on another host"))
            elif depth + 1 > max_sitemap_depth:
                result.errors.append((child, f"skipped: sitemap nesting deeper than {max_sitemap_depth}"))
            else:
                queue.append((child, depth + 1))

    for listing_url in site.listings:
        page_url: str | None = listing_url
        visited: set[str] = set()
        pages = 0
        while page_url and pages < max(1, site.max_listing_pages):
            key = canonicalize_url(page_url)
            if key in visited or _site_url(page_url, host) is None:
                break
            visited.add(key)
            pages += 1
            parsed = _fetch_parsed(fetch, page_url, parse_listing, result)
            if parsed is None:
                break
            entries, next_url = parsed
            add(entries)
            if stop_at_seen:
                urls = {_site_url(e.url, host) for e in entries}
                spbe = [u for u in urls if u and is_spbe_candidate(u, *_evidence(by_url.get(u, [])))]
                if spbe and all(u in seen_set for u in spbe):
                    break
            page_url = next_url

    result.found = len(by_url)
    candidates = []
    for url, entries in by_url.items():
        merged = _merge(entries, url)
        if not is_spbe_candidate(url, *_evidence(entries)):
            result.rejected.append(url)
        elif url in seen_set:
            result.skipped_seen += 1
        else:
            candidates.append(merged)
    result.rejected.sort()
    candidates.sort(key=lambda c: (c.published or (c.lastmod.date() if c.lastmod else dt.date.min), c.url), reverse=True)
    result.candidates = candidates
    return result


def _evidence(entries: list[_Entry]) -> tuple[str, str]:
    """All titles and all summaries the sources gave, joined: any of them may name SPBE."""
    titles = " | ".join(dict.fromkeys(e.title for e in entries if e.title))
    summaries = " | ".join(dict.fromkeys(e.summary for e in entries if e.summary))
    return titles, summaries
