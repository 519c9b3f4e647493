"""parse_article asks trafilatura for the main text only and reads the title and date through the
steps of trafilatura's metadata pass it needs (spbe/sources/news/parse.py): on every page of the
mirror's news sites, and on the same pages stripped of the metadata each step reads, the text, title
and date must be what trafilatura's full pass (`TRAFILATURA_OPTIONS`) gives, so skipping the rest of
that pass changes no article, and an upgrade of trafilatura that breaks this fails here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import trafilatura
from lxml import html as lxml_html
from trafilatura.utils import load_html

from mirror.news_sites import write_news_sites
from spbe.infra.decoding import decode_text
from spbe.sources.news.parse import _TEXT_OPTIONS, TRAFILATURA_OPTIONS, _trafilatura_date, _trafilatura_title

URL = "https://www.kabar.example.id/2024/05/01/indeks-spbe-naik"
JSONLD = '<script type="application/ld+json">{}</script>'


def _variants(page: str) -> dict[str, str]:
    """The page, and the page without what each metadata step reads first, so the next one decides."""
    no_meta = re.sub(r"<meta[^>]*>", "", page)
    no_ld = re.sub(r'<script type="application/ld\+json">.*?</script>', "", no_meta, flags=re.S)
    no_title = re.sub(r"<title>.*?</title>", "", no_ld, flags=re.S)
    headline = JSONLD.format(json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Judul dari JSON-LD &amp; lainnya", "author": "Redaksi"}))
    return {
        "page": page,
        "no meta tags": no_meta,
        "no JSON-LD": no_ld,
        "no <title>": no_title,
        "no <h1>": re.sub(r"<h1[^>]*>.*?</h1>", "", no_title, flags=re.S),
        "JSON-LD headline only": no_ld.replace("</head>", headline + "</head>", 1),
        "broken JSON-LD": no_meta.replace("</head>", JSONLD.format('{"headline": ') + "</head>", 1),
    }


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[tuple[str, str]]:
    root = tmp_path_factory.mktemp("news_sites")
    write_news_sites(root)
    found = []
    # Every page as served; one in eight also stripped step by step (a full trafilatura pass costs
    # tens of milliseconds, twice per variant).
    for i, path in enumerate(sorted(root.rglob("*.html"))):
        variants = _variants(decode_text(path.read_bytes(), what=str(path)))
        found += [(f"{path.relative_to(root)} ({name})", text) for name, text in variants.items() if i % 8 == 0 or name == "page"]
    assert len(found) > 500
    return found


def test_text_title_and_date_are_those_of_trafilaturas_full_metadata_pass(pages):
    differ = []
    for where, source in pages:
        full = trafilatura.bare_extraction(source, url=URL, **TRAFILATURA_OPTIONS)
        page = load_html(source)
        text_only = trafilatura.bare_extraction(page, url=URL, **_TEXT_OPTIONS)
        if (full is None) != (text_only is None):
            differ.append((where, "document", full, text_only))
            continue
        if full is None:
            continue
        for field, ours in (("text", text_only.text), ("title", _trafilatura_title(page)), ("date", _trafilatura_date(page, URL))):
            if getattr(full, field) != ours:
                differ.append((where, field, getattr(full, field), ours))
    assert not differ, differ[:5]


def test_the_lighter_calls_leave_the_page_as_it_was():
    """parse_article reads the title and date from the tree it has handed to trafilatura for the
    text: trafilatura must work on its own copy."""
    source = Path(__file__).with_name("test_news_article.py").read_text(encoding="utf-8").split('PAGE = """', 1)[1].split('"""', 1)[0]
    page = load_html(source)
    before = lxml_html.tostring(page)
    trafilatura.bare_extraction(page, url=URL, **_TEXT_OPTIONS)
    _trafilatura_title(page)
    _trafilatura_date(page, URL)
    assert lxml_html.tostring(page) == before
