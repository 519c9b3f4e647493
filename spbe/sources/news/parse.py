"""One news article: main text without boilerplate, title, canonical URL and publication date.

`parse_article(html, url)` uses trafilatura for the main text (no navigation, "Baca Juga" boxes,
related links, comments or share widgets) and for fallback metadata. The publication date comes
from the page's own metadata first (meta article:published_time and friends, JSON-LD
datePublished, <time datetime>), then trafilatura/htmldate, then the Indonesian dateline in the
text ("Selasa (21/1/2025)", "Jumat, 3 Mei 2024") via `parse_indonesian_date`, and last a weekday
date without its year ("Kamis (9/3)") via `infer_weekday_date`.

`read_article_file(path)` reads a saved page (.html/.htm) or a plain-text article (.txt, first
non-empty line = title; the whole file is the text, so a figure in the headline is not lost).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import trafilatura
from lxml import html as lxml_html
from trafilatura import metadata as trafilatura_metadata
from trafilatura.utils import line_processing, load_html

from spbe.infra.decoding import decode_text

__all__ = ["Article", "infer_weekday_date", "parse_article", "read_article_file", "parse_indonesian_date", "strip_boilerplate_lines"]


@dataclass
class Article:
    """Mutable on purpose: the ingest fills `published` from the feed when the page has none."""

    url: str | None
    canonical_url: str | None
    title: str | None
    published: dt.date | None
    text: str


# -- Indonesian dates -------------------------------------------------------------------------

_MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9, "sep.": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS if not m.endswith(".")), key=len, reverse=True))
_DATE_PATTERNS = (
    # "21/1/2025", "4/5/24", "21-01-2025", "21.01.2025" (day first, as Indonesian writes it)
    re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?![\d/.-]*\d)"),
    # "12 Februari 2024", "3 Mei 2024", "1 Agu. 2023", "Jumat, 3 Mei 2024"
    re.compile(r"(?<!\d)(\d{1,2})\s+(" + _MONTH_ALT + r")\.?,?\s+(\d{4})(?!\d)", re.IGNORECASE),
    # ISO "2024-05-03" (meta values, URLs)
    re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"),
)


def _valid(year: int, month: int, day: int) -> dt.date | None:
    if not 1990 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_LEAD_CHARS = 400
_EVENT_DATE_BEFORE_RE = re.compile(r"\b(?:pada|sejak|tanggal|tgl\.?|hingga|sampai|per)\s*$", re.IGNORECASE)


def parse_indonesian_date(text: str | None) -> dt.date | None:
    """The first date written in Indonesian style in `text`, or None.

    Handles "Selasa (21/1/2025)", "Sabtu (4/5/24)", "12 Februari 2024", "Jumat, 3 Mei 2024",
    abbreviated months (Jan, Feb, Mei, Agu, Okt, Des...) and ISO dates. d/m/y is day first.
    """
    if not text:
        return None
    found: list[tuple[int, dt.date]] = []
    for idx, pattern in enumerate(_DATE_PATTERNS):
        for m in pattern.finditer(text):
            if idx == 0:
                day, month, year_s = int(m.group(1)), int(m.group(3)), m.group(4)
                year = int(year_s) + (2000 if len(year_s) == 2 else 0)
            elif idx == 1:
                day, month, year = int(m.group(1)), _MONTHS[m.group(2).lower()], int(m.group(3))
            else:
                year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
            d = _valid(year, month, day)
            # "... meneken Perpres pada 20 Desember 2022" past the lead: the date an event happened
            # on, not the dateline.
            event = m.start() > _LEAD_CHARS and _EVENT_DATE_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
            if d is not None and not event:
                found.append((m.start(), d))
                break  # the first valid match of this pattern; earlier patterns may still win on position
    if not found:
        return None
    return min(found)[1]


# R-DATE-WEEKDAY: "katanya, Kamis (9/3)", "Senin, 13 Maret": the press dates a statement by
# weekday and day without the year. A date falls on a given weekday only every 5, 6 or 11 years,
# so the weekday names the year, provided it is one the article itself is about.
_WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "sabtu": 5, "minggu": 6, "ahad": 6}
_WEEKDAY_DATE_RE = re.compile(
    r"\b(senin|selasa|rabu|kamis|jum[’']?at|sabtu|minggu|ahad)\s*,?\s*"
    r"(?:\(\s*(\d{1,2})\s*/\s*(\d{1,2})\s*\)|(\d{1,2})\s+(" + _MONTH_ALT + r")\b(?!\.?,?\s*\d))",
    re.IGNORECASE,
)
_NAMED_YEAR_RE = re.compile(r"(?<![\d/.-])(20[0-4]\d)(?!\d)")


def infer_weekday_date(text: str | None) -> dt.date | None:
    """The date of the first "Kamis (9/3)" / "Senin, 13 Maret" in `text`, its year read from the
    weekday; None when no such date is written or the year is not certain.

    The year must be the one of a year the text names or the year after it (a report is written in
    the year it reports or the next), and exactly one such year may fit: two fits, or a weekday
    that fits no year the text is about (a slip of the writer), leave the date unknown.
    """
    if not text:
        return None
    named = {int(y) for y in _NAMED_YEAR_RE.findall(text)}
    if not named:
        return None
    m = _WEEKDAY_DATE_RE.search(text)
    if m is None:
        return None
    weekday = _WEEKDAYS[re.sub(r"[’']", "", m.group(1).lower())]
    if m.group(2):
        day, month = int(m.group(2)), int(m.group(3))
    else:
        day, month = int(m.group(4)), _MONTHS[m.group(5).lower()]
    fits = [
        d
        for year in sorted(named | {y + 1 for y in named})
        if (d := _valid(year, month, day)) is not None and d.weekday() == weekday
    ]
    return fits[0] if len(fits) == 1 else None


def _parse_meta_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    value = value.strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.match(r"(\d{4})/(\d{1,2})/(\d{1,2})", value)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return parse_indonesian_date(value)


# -- boilerplate --------------------------------------------------------------------------------

# Lines that are never article text, even when trafilatura keeps them: teasers for other articles,
# share prompts, comment-form furniture.
_BOILERPLATE_LINE_RE = re.compile(
    r"^\s*(?:baca\s+juga|baca\s+disini|baca\s+di\s+sini|bacaan\s+lainnya|baca\s+selengkapnya|simak\s+juga|"
    r"lihat\s+juga|berita\s+terkait|artikel\s+terkait|berita\s+lainnya|tinggalkan\s+balasan|tinggalkan\s+komentar|"
    r"bagikan(?:\s+artikel)?\s*:?\s*$|share\s*(?:this|artikel)?\s*:?\s*$|loading\s*\.*\s*$|\d*\s*comments?\s*$)",
    re.IGNORECASE,
)


def strip_boilerplate_lines(text: str) -> str:
    """Drop "Baca Juga: ..."/"Baca Disini ..." teaser lines and share/comment furniture."""
    kept = [line.rstrip() for line in text.splitlines() if not _BOILERPLATE_LINE_RE.match(line)]
    out = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


# -- metadata from the page itself ----------------------------------------------------------------

_META_DATE_KEYS = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("property", "og:published_time"),
    ("itemprop", "datePublished"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "publish_date"),
    ("name", "date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.created"),
    ("name", "DC.date.issued"),
    ("name", "content_PublishedDate"),
)


def _jsonld_dates(tree) -> list[str]:
    out: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if "datePublished" in node and isinstance(node["datePublished"], str):
                out.append(node["datePublished"])
            for v in node.values():
                if isinstance(v, (dict, list)):
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = script.text_content() or ""
        try:
            walk(json.loads(raw))
        except (ValueError, TypeError):
            m = re.search(r'"datePublished"\s*:\s*"([^"]+)"', raw)
            if m:
                out.append(m.group(1))
    return out


def _page_date(tree) -> dt.date | None:
    for attr, key in _META_DATE_KEYS:
        for node in tree.xpath(f"//meta[translate(@{attr}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')=$k]", k=key.lower()):
            d = _parse_meta_date(node.get("content"))
            if d:
                return d
    for value in _jsonld_dates(tree):
        d = _parse_meta_date(value)
        if d:
            return d
    for node in tree.xpath("//time[@datetime]"):
        d = _parse_meta_date(node.get("datetime"))
        if d:
            return d
    return None


def _canonical(tree, url: str | None) -> str | None:
    for node in tree.xpath("//link[@href]"):
        rel = (node.get("rel") or "").lower().split()
        if "canonical" in rel:
            href = node.get("href").strip()
            return urljoin(url, href) if url else href
    return None


def _fallback_title(tree) -> str | None:
    for xp in ('//meta[@property="og:title"]/@content', "//h1//text()", "//title//text()"):
        vals = [v.strip() for v in tree.xpath(xp) if v and v.strip()]
        if vals:
            return " ".join(vals) if xp.startswith("//h1") else vals[0]
    return None


def _decode(raw: bytes | str, what: str = "article") -> str:
    """Text of a page or file: BOM, UTF-8, declared charset, then detection (spbe/infra/decoding.py).
    An undecodable document raises UndecodableText naming it, never reads as empty."""
    return decode_text(raw, what=what)


# What the benchmark's trafilatura-alone baseline runs: the main text with the metadata (title,
# date) the pipeline needs from a page, as a user's one-off script would ask for it.
TRAFILATURA_OPTIONS = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_links": False,
    "include_images": False,
    "favor_precision": True,
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}
# The pipeline asks trafilatura for the main text only: its full metadata pass (author, sitename,
# categories, tags, licence, each over a copy of the page) cost more than the text itself, 6.8 of
# 12.8 ms on a 90 KB page, and we read only its title, and its date on a page whose own metadata
# has none (_trafilatura_metadata). The text does not depend on it: the url, which the metadata
# pass could otherwise supply, only resolves links, and links are not kept.
_TEXT_OPTIONS = {key: value for key, value in TRAFILATURA_OPTIONS.items() if key not in ("with_metadata", "date_extraction_params")}


def _trafilatura_title(tree) -> str | None:
    """The title trafilatura's metadata pass gives (extract_metadata's own steps for it: meta tags,
    JSON-LD, then the page's h1/title, trimmed as clean_and_trim does), without the rest of that pass."""
    metadata = trafilatura_metadata.examine_meta(tree)
    if metadata.author and " " not in metadata.author:  # as extract_metadata does before reading JSON-LD
        metadata.author = None
    with contextlib.suppress(Exception):  # as extract_metadata swallows the JSON-LD reader's bugs
        metadata = trafilatura_metadata.extract_meta_json(tree, metadata)
    title = metadata.title or trafilatura_metadata.extract_title(tree)
    if not isinstance(title, str):
        return title
    return line_processing(unescape(title[:9999] + "…" if len(title) > 10000 else title))


def _trafilatura_date(tree, url: str | None) -> str | None:
    """The date trafilatura's metadata pass gives (htmldate, with the url it reads from the page)."""
    params = TRAFILATURA_OPTIONS["date_extraction_params"]
    return trafilatura_metadata.extract_metadata(tree, url, params, False).date


def _own_tree(source: str):
    """A tree for the metadata of a document trafilatura will not parse (a fragment, not HTML)."""
    try:
        return lxml_html.fromstring(source.encode("utf-8")) if source.strip() else None
    except (ValueError, lxml_html.etree.ParserError):
        return None


def parse_article(html: bytes | str, url: str | None) -> Article:
    """Main text, title, canonical URL and publication date of one article page."""
    source = _decode(html, what=url or "article page")
    # One parse serves both: the canonical link, dates and fallback title are read from the tree
    # trafilatura parses (from the decoded text, so a page that declares another charset is not
    # decoded twice into mojibake), which it copies before cutting the boilerplate out.
    doc, page = None, load_html(source) if source.strip() else None
    tree = page if page is not None else _own_tree(source)
    if page is not None:
        doc = trafilatura.bare_extraction(page, url=url, **_TEXT_OPTIONS)  # works on its own copy of `page`
    text = strip_boilerplate_lines((doc.text if doc is not None and doc.text else "") or "")
    title = (_trafilatura_title(page) if doc is not None else None) or (_fallback_title(tree) if tree is not None else None)
    canonical = _canonical(tree, url) if tree is not None else None
    published = _page_date(tree) if tree is not None else None
    if published is None and doc is not None:
        published = _parse_meta_date(_trafilatura_date(page, url))
    if published is None:
        published = parse_indonesian_date((title or "") + "\n" + text[:800]) or infer_weekday_date(text)
    return Article(url=url, canonical_url=canonical, title=title.strip() if title else None, published=published, text=text)


def read_article_file(path: str | Path, published: dt.date | None = None, url: str | None = None) -> Article:
    """A saved article: .html/.htm through `parse_article`, anything else as plain text.

    `published` (e.g. from a manifest) wins over what the file says; without it the page
    metadata or the first Indonesian date in the text is used.
    """
    p = Path(path)
    raw = p.read_bytes()
    if p.suffix.lower() in (".html", ".htm", ".xhtml"):
        article = parse_article(raw, url)
    else:
        text = _decode(raw, what=str(p)).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        text = strip_boilerplate_lines(text)
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
        article = Article(url=url, canonical_url=None, title=title, published=parse_indonesian_date(text[:1500]) or infer_weekday_date(text), text=text)
    if published is not None:
        article.published = published
    return article
