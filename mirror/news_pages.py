"""The fictional news sites' pages: articles (with page chrome), listings, feeds and sitemaps,
rendered as bytes from Items."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import random
from urllib.parse import quote, urlsplit

from mirror.news_style import (
    BULAN,
    NOTICE,
    Item,
    SiteStyle,
    amp_url,
    dateline,
    encode_page,
    esc,
    excerpt,
    iso,
    rfc822,
    slugify,
    stable_hash,
)

# -- page chrome ------------------------------------------------------------------------------------

NAV = [("Beranda", "/"), ("Daerah", "/kanal/daerah/"), ("Pemerintahan", "/kanal/pemerintahan/"),
       ("Ekonomi", "/kanal/ekonomi/"), ("Kesehatan", "/kanal/kesehatan/"), ("Olahraga", "/kanal/olahraga/"),
       ("Wisata", "/kanal/wisata/"), ("Indeks", "/indeks/")]

COMMENTS_SPBE = [
    "Alhamdulillah ada kemajuan. Semoga tahun depan bisa tembus 3,8 dan dapat predikat Sangat Baik.",
    "Sinyal di kecamatan kami masih 1 bar, bagaimana mau serba digital? Mohon diperhatikan, Pak.",
    "Kalau tidak salah dulu nilainya cuma 1,9. Lumayan naiknya.",
    "Anggaran aplikasi Rp 2,5 miliar, tapi pelayanan di kelurahan masih manual semua.",
    "Nilai 4,2 ke atas itu Memuaskan kan? Masih jauh ya.",
    "Tetangga sebelah sudah 3,6 loh. Ayo kejar!",
]
COMMENTS_OTHER = [
    "Jalan di RT 04 juga rusak sepanjang 1,2 km, kapan diperbaiki?",
    "Mantap, semoga terus ditingkatkan.",
    "Harga di pasar kami masih Rp 45.000, belum turun.",
    "Tahun lalu juga janjinya sama, realisasinya baru 60 persen.",
    "Terima kasih infonya, min.",
]
COMMENTERS = ["Budi S.", "warga_kedaton", "Rina Marlina", "Anak Rantau", "Pak RT 07", "nurul.h", "Dedi Kurniawan",
              "masyarakat peduli"]


def _head(style: SiteStyle, title: str, canonical: str, extra: str = "") -> str:
    charset = (f'<meta charset="{style.charset}">' if style.host != "www.kabarjawa.example.id"
               else f'<meta http-equiv="Content-Type" content="text/html; charset={style.charset}">')
    feed_type = "application/rss+xml" if style.feed_kind == "rss" else "application/atom+xml"
    return (
        "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n"
        f"{charset}\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<link rel=\"canonical\" href=\"{esc(canonical)}\">\n"
        f"<link rel=\"alternate\" type=\"{feed_type}\" title=\"{esc(style.name)}\" href=\"{style.url(style.feed_path)}\">\n"
        f"<link rel=\"stylesheet\" href=\"/assets/css/style.min.css?ver=3.2.1\">\n{extra}"
        "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-XXXXXXX\"></script>\n"
        "</head>\n"
    )


def _header(style: SiteStyle) -> str:
    nav = "".join(f'<li><a href="{href}">{label}</a></li>' for label, href in NAV)
    return (
        "<body>\n<div class=\"topbar\"><span class=\"date-today\">Portal berita daerah</span>"
        " <a href=\"/login\">Masuk</a> <a href=\"/daftar\">Daftar</a></div>\n"
        f"<header class=\"site-header\"><a class=\"logo\" href=\"/\"><img src=\"/assets/img/logo.png\" alt=\"{esc(style.name)}\"></a>"
        f"<p class=\"tagline\">{esc(style.tagline)}</p>\n<nav class=\"main-nav\"><ul>{nav}</ul></nav>\n"
        "<form class=\"search\" action=\"/search\"><input name=\"q\" placeholder=\"Cari berita...\"></form></header>\n"
    )


def _footer(style: SiteStyle, sisters: list[Item]) -> str:
    sister = "".join(f'<li><a href="{esc(s.url)}">{esc(s.title)}</a></li>' for s in sisters)
    return (
        "<footer class=\"site-footer\">\n"
        f"<div class=\"network\"><h4>Berita Jaringan</h4><ul>{sister}</ul></div>\n"
        "<ul class=\"footer-links\"><li><a href=\"/redaksi\">Redaksi</a></li><li><a href=\"/pedoman-media-siber\">Pedoman Media Siber</a></li>"
        "<li><a href=\"/kode-etik\">Kode Etik</a></li><li><a href=\"/kontak\">Kontak</a></li><li><a href=\"/iklan\">Info Iklan</a></li></ul>\n"
        f"<p>Jl. Pahlawan No. 12, Lantai 2 &middot; Telp. (0721) 123456 &middot; redaksi@{style.host.removeprefix('www.')}</p>\n"
        f"<p class=\"copyright\">&copy; 2019&ndash;2026 {esc(style.name)}. Seluruh hak cipta dilindungi.</p>\n"
        f"<p class=\"notice\">{esc(NOTICE)}</p>\n"
        "</footer>\n<script src=\"/assets/js/main.min.js?ver=3.2.1\"></script>\n</body>\n</html>\n"
    )


def _href(style: SiteStyle, url: str) -> str:
    """Sites with relative links write /path instead of https://host/path."""
    if style.relative_links and url.startswith(f"https://{style.host}/"):
        return url[len(f"https://{style.host}"):]
    return url


def _popular(style: SiteStyle, item: Item | None, pool: list[Item]) -> str:
    rows = []
    for i, other in enumerate(pool):
        url = other.url
        if i == 0:
            url += "?fbclid=IwAR0" + hashlib.md5(other.url.encode()).hexdigest()[:20]
        elif i == 1 and other.devset and amp_url(style, other.url):
            url = amp_url(style, other.url)
        elif i == 2:
            url += "?utm_source=terpopuler&utm_medium=sidebar"
        rows.append(f'<li><a href="{esc(_href(style, url))}">{esc(other.title)}</a></li>')
    return f"<aside class=\"sidebar\"><h3>Terpopuler</h3><ol>{''.join(rows)}</ol></aside>\n"


# -- article pages ----------------------------------------------------------------------------------


def has_published_meta(url: str) -> bool:
    """About four pages in five carry article:published_time; the rest only a dateline."""
    return stable_hash(url) % 5 != 0


def render_article(style: SiteStyle, item: Item, pool: list[Item], sisters: list[Item], amp: bool = False) -> bytes:
    url = item.url
    dated = has_published_meta(url)
    share_u = quote(url, safe="")
    tags = "".join(f'<li><a href="/tag/{slugify(t)}/" rel="tag">{esc(t)}</a></li>' for t in item.tags)
    time_html = (f'<time class="entry-date" datetime="{iso(item.published)}">{dateline(item.published, style.tz)}</time>'
                 if dated else f'<span class="entry-date">{dateline(item.published, style.tz)}</span>')
    crumbs = f'<div class="breadcrumb"><a href="/">Beranda</a> &raquo; <a href="/kanal/{slugify(item.kanal)}/">{esc(item.kanal)}</a></div>'
    comments = _comments(item)
    article = (
        f"<main class=\"container\">\n{crumbs}\n<article class=\"post\">\n"
        f"<h1 class=\"entry-title\">{esc(item.title)}</h1>\n"
        f"<div class=\"entry-meta\"><span class=\"author\">Penulis: {esc(item.author)}</span> | "
        f"<span class=\"editor\">Editor: {esc(item.editor)}</span> | {time_html}</div>\n"
        f"<figure class=\"featured\"><img src=\"/uploads/{item.published:%Y/%m}/{slugify(item.title, 40)}.jpg\" alt=\"{esc(item.title)}\">"
        f"<figcaption>Ilustrasi. (Foto: Dok. {esc(style.name)})</figcaption></figure>\n"
        f"<div class=\"entry-content\">\n" + "\n".join(_article_body(style, item)) + "\n</div>\n"
        f"<div class=\"post-tags\"><span>Tag:</span><ul>{tags}</ul></div>\n"
        "<div class=\"share-buttons\"><span>Bagikan:</span>"
        f"<a class=\"share-fb\" href=\"https://www.facebook.com/sharer/sharer.php?u={share_u}\">Facebook</a>"
        f"<a class=\"share-x\" href=\"https://twitter.com/intent/tweet?url={share_u}&amp;text={quote(item.title)}\">X</a>"
        f"<a class=\"share-wa\" href=\"https://api.whatsapp.com/send?text={quote(item.title)}%20{share_u}\">WhatsApp</a>"
        f"<a class=\"share-tg\" href=\"https://t.me/share/url?url={share_u}\">Telegram</a>"
        "<button class=\"copy-link\">Salin Tautan</button></div>\n"
        "</article>\n"
        f"<section class=\"comments\" id=\"comments\"><h3>{len(comments)} Komentar</h3><ol class=\"comment-list\">"
        + "".join(comments) + "</ol>\n<div id=\"respond\"><h4>Tinggalkan Balasan</h4><form action=\"/wp-comments-post.php\" method=\"post\">"
        "<textarea name=\"comment\"></textarea><button>Kirim Komentar</button></form></div></section>\n"
        + _popular(style, item, pool) + "</main>\n"
    )
    return encode_page(_article_head(style, item, amp) + _header(style) + article + _footer(style, sisters), style.charset)


def _article_head(style: SiteStyle, item: Item, amp: bool) -> str:
    """<head> with description, Open Graph, the AMP link, and (on dated pages) the publication
    time and, on some sites, JSON-LD."""
    url = item.url
    page_title = f"{item.title} - {style.name}" if style.host != "www.kabarjawa.example.id" else f"{item.title} | {style.name}"
    meta = [f'<meta name="description" content="{esc(excerpt(item, 150))}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{esc(item.title)}">',
            f'<meta property="og:url" content="{esc(url)}">',
            f'<meta property="og:site_name" content="{esc(style.name)}">',
            f'<meta name="keywords" content="{esc(", ".join(item.tags))}">']
    amp_link = amp_url(style, url)
    if amp_link and not amp:
        meta.append(f'<link rel="amphtml" href="{esc(amp_link)}">')
    if has_published_meta(url):
        meta.append(f'<meta property="article:published_time" content="{iso(item.published)}">')
        meta.append(f'<meta property="article:section" content="{esc(item.kanal)}">')
        if style.jsonld and not amp:
            ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": item.title,
                  "datePublished": iso(item.published), "dateModified": iso(item.published),
                  "mainEntityOfPage": {"@type": "WebPage", "@id": url},
                  "author": {"@type": "Person", "name": item.author},
                  "publisher": {"@type": "Organization", "name": style.name}}
            meta.append(f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
    head = _head(style, page_title, url, "\n".join(meta) + "\n")
    return head.replace('<html lang="id">', '<html amp lang="id">', 1) if amp else head


def _article_body(style: SiteStyle, item: Item) -> list[str]:
    """The paragraphs with what sits between them on real sites: a "Baca Juga" link, an ad slot."""
    body = [f"<p>{esc(p)}</p>" for p in item.paragraphs]
    related = item.related
    if related is not None:
        rel_href = esc(_href(style, related.url + "?utm_source=internal&utm_medium=bacajuga"))
        if stable_hash(style.host) % 2:
            block = f'<div class="baca-juga"><strong>Baca Juga:</strong> <a href="{rel_href}">{esc(related.title)}</a></div>'
        else:
            block = f'<p class="baca-juga"><strong>Baca Juga: </strong><a href="{rel_href}">{esc(related.title)}</a></p>'
        body.insert(max(1, len(body) // 2), block)
    if len(body) > 3:
        body.insert(2, '<div class="ads ads-inarticle" data-ad-slot="4417"><span>ADVERTISEMENT</span></div>')
    if style.host == "www.kabarjawa.example.id":
        body.insert(1, '<p class="scroll-text">SCROLL TO CONTINUE WITH CONTENT</p>')
    return body


def _comments(item: Item) -> list[str]:
    """Two readers' comments, seeded by the URL; they mention numbers, so extraction must skip them."""
    rng = random.Random(f"comments:{item.url}")
    pool_c = COMMENTS_SPBE if item.devset else COMMENTS_OTHER
    comments = []
    for j, text in enumerate(rng.sample(pool_c, 2)):
        when = item.published + dt.timedelta(hours=3 + 7 * j, minutes=rng.randrange(60))
        comments.append(
            f'<li class="comment" id="comment-{stable_hash(item.url + str(j)) % 90000 + 10000}"><div class="comment-author">{esc(rng.choice(COMMENTERS))}</div>'
            f'<div class="comment-date">{when.day} {BULAN[when.month - 1]} {when.year} pukul {when:%H.%M}</div>'
            f'<div class="comment-body"><p>{esc(text)}</p></div><a class="reply" href="#respond">Balas</a></li>'
        )
    return comments


# -- listings ---------------------------------------------------------------------------------------


def listing_page_path(base: str, page: int) -> str:
    return base if page == 1 else f"{base.rstrip('/')}/page/{page}/"


def _listing_link(style: SiteStyle, item: Item, index: int) -> str:
    url = item.url
    if style.listing_slash_variant and index % 3 == 1 and not url.endswith("/"):
        url += "/"
    if style.listing_utm and index % 4 == 2:
        url += "?utm_source=tag&utm_medium=listing"
    return _href(style, url)


def render_listing(style: SiteStyle, base: str, heading: str, items: list[Item], page: int, pages: int,
                   popular: list[Item], sisters: list[Item]) -> bytes:
    page_url = style.url(listing_page_path(base, page))
    extra = ""
    if style.rel_next:
        if page > 1:
            extra += f'<link rel="prev" href="{style.url(listing_page_path(base, page - 1))}">\n'
        if page < pages:
            extra += f'<link rel="next" href="{style.url(listing_page_path(base, page + 1))}">\n'
    title = f"{heading} - Halaman {page} | {style.name}" if page > 1 else f"{heading} | {style.name}"
    cards = []
    for i, item in enumerate(items):
        href = esc(_listing_link(style, item, i))
        count = f' <a class="comment-count" href="{esc(_href(style, item.url))}#comments">2 Komentar</a>' if style.host == "www.timurnews.example.id" else ""
        cards.append(
            f"<article class=\"post-item\"><a class=\"thumb\" href=\"{href}\"><img src=\"/uploads/thumb/{slugify(item.title, 30)}.jpg\" alt=\"\"></a>"
            f"<div class=\"post-body\"><span class=\"kanal\">{esc(item.kanal)}</span>"
            f"<h2 class=\"post-title\"><a href=\"{href}\">{esc(item.title)}</a></h2>"
            f"<time datetime=\"{iso(item.published)}\">{dateline(item.published, style.tz)}</time>{count}"
            f"<p class=\"excerpt\">{esc(excerpt(item))}</p>"
            f"<a class=\"more\" href=\"{href}\">Baca selengkapnya</a></div></article>"
        )
    nav = []
    if page > 1:
        rel = ' rel="prev"' if style.rel_next else ""
        nav.append(f'<a class="prev page-numbers"{rel} href="{listing_page_path(base, page - 1)}">&laquo; Sebelumnya</a>')
    for n in range(1, pages + 1):
        nav.append(f'<span class="page-numbers current">{n}</span>' if n == page
                   else f'<a class="page-numbers" href="{listing_page_path(base, n)}">{n}</a>')
    if page < pages:
        if style.rel_next:
            nav.append(f'<a class="next page-numbers" rel="next" href="{listing_page_path(base, page + 1)}">Berikutnya &raquo;</a>')
        else:
            nav.append(f'<a class="page-link" href="{listing_page_path(base, page + 1)}">Selanjutnya &rsaquo;</a>')
    main = (
        f"<main class=\"container\">\n<h1 class=\"archive-title\">{esc(heading)}</h1>\n"
        f"<div class=\"post-list\">\n" + "\n".join(cards) + "\n</div>\n"
        f"<nav class=\"pagination\">{' '.join(nav)}</nav>\n" + _popular(style, None, popular) + "</main>\n"
    )
    return encode_page(_head(style, title, page_url, extra) + _header(style) + main + _footer(style, sisters), style.charset)


# -- feeds and sitemaps --------------------------------------------------------------------------------


def _xml(text: str) -> str:
    return html.escape(text, quote=False)


def _feed_link(style: SiteStyle, item: Item, index: int) -> str:
    url = item.url
    if style.feed_tracking:
        url += f"?utm_source=rss&utm_medium=rss&utm_campaign={urlsplit(item.url).path.strip('/').split('/')[-1]}"
    if style.feed_amp_links and index % 5 == 3:
        url += "?amp=1"
    return url


def render_rss(style: SiteStyle, items: list[Item]) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
           "<channel>", f"<title>{_xml(style.name)}</title>", f"<link>{style.home}</link>",
           f"<description>{_xml(style.tagline)}</description>", "<language>id</language>",
           f"<lastBuildDate>{rfc822(items[0].published)}</lastBuildDate>",
           f'<atom:link href="{style.url(style.feed_path)}" rel="self" type="application/rss+xml"/>']
    cdata = style.host == "www.borneotimes.example.id"
    for i, item in enumerate(items):
        summary = f"<p>{_xml(excerpt(item, 240))}</p>"
        description = f"<![CDATA[{summary}]]>" if cdata else _xml(summary)
        cats = "".join(f"<category>{_xml(t)}</category>" for t in item.tags[:2])
        out.append(
            f"<item><title>{_xml(item.title)}</title><link>{_xml(_feed_link(style, item, i))}</link>"
            f'<guid isPermaLink="false">{style.home}?p={item.key}</guid><pubDate>{rfc822(item.published)}</pubDate>'
            f"<dc:creator>{_xml(item.author)}</dc:creator>{cats}<description>{description}</description></item>"
        )
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out).encode("utf-8")


def render_atom(style: SiteStyle, items: list[Item]) -> bytes:
    enc = "windows-1252" if style.charset == "windows-1252" else "utf-8"
    out = [f'<?xml version="1.0" encoding="{enc}"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">',
           f"<title>{_xml(style.name)}</title>", f"<subtitle>{_xml(style.tagline)}</subtitle>",
           f'<link rel="alternate" type="text/html" href="{style.home}"/>',
           f'<link rel="self" type="application/atom+xml" href="{style.url(style.feed_path)}"/>',
           f"<id>tag:{style.host},2019:feed</id>", f"<updated>{iso(items[0].published)}</updated>"]
    for i, item in enumerate(items):
        out.append(
            f'<entry><title type="html">{_xml(item.title)}</title>'
            f'<link rel="alternate" type="text/html" href="{_xml(_feed_link(style, item, i))}"/>'
            f"<id>tag:{style.host},{item.published:%Y-%m-%d}:{urlsplit(item.url).path}</id>"
            f"<published>{iso(item.published)}</published><updated>{iso(item.published)}</updated>"
            f"<author><name>{_xml(item.author)}</name></author>"
            + "".join(f'<category term="{esc(t)}"/>' for t in item.tags[:2])
            + f'<summary type="html">{_xml("<p>" + _xml(excerpt(item, 240)) + "</p>")}</summary></entry>'
        )
    out += ["</feed>", ""]
    return encode_page("\n".join(out), enc)


SM_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"


def render_sitemap_index(children: list[tuple[str, dt.datetime]]) -> bytes:
    rows = "".join(f"<sitemap><loc>{_xml(u)}</loc><lastmod>{iso(m)}</lastmod></sitemap>\n" for u, m in children)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SM_NS}">\n{rows}</sitemapindex>\n').encode()


def render_posts_sitemap(style: SiteStyle, items: list[Item]) -> bytes:
    rows = []
    for item in items:
        image = (f"<image:image><image:loc>{style.url('/uploads/' + item.published.strftime('%Y/%m/') + slugify(item.title, 40) + '.jpg')}"
                 "</image:loc></image:image>")
        rows.append(f"<url><loc>{_xml(item.url)}</loc><lastmod>{iso(item.published)}</lastmod>{image}</url>\n")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SM_NS}" xmlns:image="{IMAGE_NS}">\n'
            + "".join(rows) + "</urlset>\n").encode()


def render_news_sitemap(style: SiteStyle, items: list[Item]) -> bytes:
    rows = []
    for item in items:
        rows.append(
            f"<url><loc>{_xml(item.url)}</loc><news:news><news:publication><news:name>{_xml(style.name)}</news:name>"
            "<news:language>id</news:language></news:publication>"
            f"<news:publication_date>{iso(item.published)}</news:publication_date>"
            f"<news:title>{_xml(item.title)}</news:title><news:keywords>{_xml(', '.join(item.tags))}</news:keywords>"
            "</news:news></url>\n"
        )
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SM_NS}" xmlns:news="{NEWS_NS}">\n'
            + "".join(rows) + "</urlset>\n").encode()
