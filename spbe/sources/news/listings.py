"""The pages that list articles: feeds (RSS/Atom, read with `feedparser`), sitemaps (plain, Google
News, indexes, gzip) and listing pages (tag/category/search pages with pagination). Each parser takes
one document's bytes and its base URL and returns entries (URL as found, title, summary, dates);
which of them are SPBE articles is decided by `fetch.discover`."""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import io
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import feedparser
from bs4 import BeautifulSoup
from lxml import etree

from spbe.sources.news.urls import canonicalize_url, looks_like_article

MAX_SITEMAP_URLS = 50_000  # the protocol's limit per sitemap
MAX_DECOMPRESSED = 50 * 1024 * 1024
WIB = dt.timezone(dt.timedelta(hours=7))


@dataclass
class Entry:
    """One article link as a feed, sitemap or listing page gives it."""

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


def parse_feed(content: bytes, base_url: str) -> list[Entry]:
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
        entries.append(Entry(urljoin(base_url, link), "feed", base_url, _text(item.get("title")), _text(summary),
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


def parse_sitemap(content: bytes, base_url: str) -> tuple[list[str], list[Entry]]:
    """A sitemap document -> (child sitemap URLs, article entries). Handles gzip, sitemap indexes,
    urlsets with Google News and image extensions, and a feed served where a sitemap was expected."""
    content = _gunzip(content)
    head = content.lstrip()[:512].lower()
    if b"<rss" in head or b"<feed" in head or b"<rdf" in head:
        return [], [Entry(e.url, "sitemap", base_url, e.title, e.summary, e.published) for e in parse_feed(content, base_url)]
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
        entry = Entry(urljoin(base_url, loc), "sitemap", base_url, lastmod=parse_datetime(_child_text(node, "lastmod")))
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

GENERIC_ANCHORS = re.compile(r"^(baca\s+(selengkapnya|juga|lagi)|selengkapnya|read\s+more|lanjut(kan)?\s+membaca|"
                             r"\d+\s+komentar|komentar|more|lihat)\W*$", re.I)
NEXT_TEXT = re.compile(r"^(berikutnya|selanjutnya|next|lanjut|halaman\s+berikut(nya)?)?\s*[»›>→]*$", re.I)




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


def parse_listing(content: bytes, base_url: str) -> tuple[list[Entry], str | None]:
    """A tag/category/search page -> (article links with title/summary/date, next page URL)."""
    soup = BeautifulSoup(content, "lxml")
    found: dict[str, Entry] = {}
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
            entry = found[key] = Entry(url, "listing", base_url)
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
