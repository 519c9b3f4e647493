"""A site whose pages forbid crawling is read through its feed alone: no article page is fetched."""

from __future__ import annotations

from types import SimpleNamespace

from spbe.infra.registry import load_registry
from spbe.sources.news.ingest import ingest_news

REGISTRY = '''[[news_site]]
name = "ANTARA Lampung"
home = "https://lampung.antaranews.com/"
feeds = ["https://lampung.antaranews.com/rss/terkini.xml"]
feed_only = "ANTARA's article pages forbid automated crawling; only its RSS feeds are read"
'''
ARTICLE = "https://lampung.antaranews.com/berita/123456/pesawaran-raih-indeks-spbe-3-49"
FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>ANTARA Lampung</title><link>https://lampung.antaranews.com/</link>
<description>Berita terkini</description>
<item><title>Pesawaran raih indeks SPBE 3,49</title><link>{ARTICLE}</link>
<pubDate>Mon, 13 Jan 2025 08:00:00 +0700</pubDate>
<description>Pemerintah Kabupaten Pesawaran meraih indeks SPBE 3,49 dengan predikat Baik pada evaluasi SPBE tahun 2024.</description>
</item></channel></rss>"""


class FeedOnlyWeb:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def fetch(self, url: str, store: bool = True):
        self.calls.append(url)
        if url.endswith("/rss/terkini.xml"):
            return SimpleNamespace(content=FEED.encode(), status=200, final_url=url, content_type="application/rss+xml")
        raise AssertionError(f"fetched a page of a feed-only site: {url}")


def test_a_feed_only_site_gives_its_figures_from_the_feed_without_fetching_pages(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    registry = load_registry(path, mode="live", overlays=[])
    web = FeedOnlyWeb()
    result = ingest_news(registry, web, seen=set())
    assert web.calls == ["https://lampung.antaranews.com/rss/terkini.xml"]
    assert result.errors == []
    assert result.articles["url"].tolist() == [ARTICLE]
    figures = result.figures[["instansi_id", "year", "index_value"]].values.tolist()
    assert figures == [["18.09", 2024, 3.49]]
