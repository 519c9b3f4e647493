"""Nightly news ingestion: discover new SPBE articles on every registered site, fetch, extract figures.

Plain functions on plain data; the Dagster asset wraps `ingest_news` and writes what it returns.
Incremental by design: URLs already in spbe_news_article (canonical or as discovered) are never
fetched again, so a night with no new articles downloads only the (revalidated) feeds and sitemaps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pandas as pd

from spbe.domain.instansi import gazetteer
from spbe.infra.http_client import FetchError
from spbe.infra.memory import release_free_memory
from spbe.infra.provenance import DATASET_TABLE, Build
from spbe.infra.registry import Registry
from spbe.infra.warehouse import Warehouse
from spbe.sources.news.fetch import SeenUrls, canonicalize_url, discover
from spbe.sources.news.hosts import crawl_hosts
from spbe.sources.news.parse import Article
from spbe.sources.news.pool import ByteBudget, Parallelism, read_article
from spbe.sources.news.section import news_sites
from spbe.sources.news.sink import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    FIGURE_COLUMNS,
    REJECT_COLUMNS,
    Frames,
    MemorySink,
    RowBatch,
    SpillSink,
    frames_of,
)

__all__ = ["ARTICLE_COLUMNS", "FIGURE_COLUMNS", "NewsIngest", "host_groups", "ingest_news", "write_news", "write_news_batches"]



@dataclass
class NewsIngest:
    articles: pd.DataFrame
    figures: pd.DataFrame
    errors: list[tuple[str, str]] = field(default_factory=list)  # (url, cause)
    discovered: int = 0
    skipped_seen: int = 0
    # Figures per deciding rule family of the extractor ("R-NEAREST", "R-LIST", ...), for metadata.
    rule_families: dict[str, int] = field(default_factory=dict)
    rejects: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECT_COLUMNS))  # Reject, source 'news'
    claims: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CLAIM_COLUMNS))  # NewsRankClaim
    # Per site (registry name): articles fetched, errors, the first error's cause and the seconds the
    # site took, so a site that is down or refuses us is named once instead of hidden among URLs.
    sites: dict[str, dict] = field(default_factory=dict)


def figure_key(article_url: str, instansi_id: str, year: int, kind: str, value: float) -> str:
    return hashlib.sha256(f"{article_url}|{instansi_id}|{year}|{kind}|{value:.2f}".encode()).hexdigest()[:32]


def _utc(day: dt.date | None) -> pd.Timestamp | None:
    return pd.Timestamp(day).tz_localize("UTC") if day else None


def _figure_reject(url: str, fig, reason: str) -> dict:
    raw = {"instansi_id": fig.instansi_id, "name": fig.name, "year": fig.year, "value": fig.value, "kind": fig.kind, "evidence": fig.evidence}
    return {
        "source": "news", "year": fig.year, "source_url": url, "page": None, "row_number": None,
        "published_name": fig.name, "raw": json.dumps(raw, ensure_ascii=False), "reason": reason, "action": "rejected",
    }


def split_impossible(url: str, figures) -> tuple[list, list[dict]]:
    """Figures about a body in a year it did not exist (a province before its creation, a
    ministry after its dissolution) become rejects with the reason; the others are kept."""
    gaz, kept, rejects = gazetteer(), [], []
    for fig in figures:
        reason = gaz.absence_reason(fig.instansi_id, fig.year)
        if reason:
            rejects.append(_figure_reject(url, fig, reason))
        else:
            kept.append(fig)
    return kept, rejects


def _province_then(fig) -> tuple[str | None, str | None]:
    """The province the body belonged to in the figure's year (the 2022 Papua split)."""
    if fig.instansi_type not in ("provinsi", "kabupaten", "kota"):
        return None, None
    return gazetteer().province_in(fig.instansi_id, fig.year) or (fig.instansi_id.split(".")[0], fig.province)


def article_rows(url: str, discovered_url: str, sha256: str, article, figures, fetched_at: dt.datetime) -> tuple[dict, list[dict]]:
    published = _utc(article.published)
    art = {
        "url": url,
        "discovered_url": discovered_url,
        "site": urlsplit(url).netloc,
        "title": article.title,
        "published": published,
        "fetched_at": pd.Timestamp(fetched_at),
        "text": article.text or "",
        "content_sha256": sha256,
        "figure_count": len(figures),
    }
    figs = [
        {
            "figure_key": figure_key(url, f.instansi_id, f.year, f.kind, f.value),
            "article_url": url,
            "article_title": article.title,
            "published": published,
            "instansi_id": f.instansi_id,
            "instansi_name": f.name,
            "instansi_type": f.instansi_type,
            "province_code": _province_then(f)[0],
            "province_name": _province_then(f)[1],
            "year": f.year,
            "index_value": f.value,
            "kind": f.kind,
            "predikat": f.predikat,
            "evidence": f.evidence,
            "status": f.status,
            "hold_reason": f.hold_reason or None,
            "cues": f.cues or None,
            "index_name": f.index_name,
        }
        for f in figures
    ]
    return art, figs


def claim_rows(url: str, article, claims) -> list[dict]:
    """The rank claims of one article as spbe_news_rank_claim rows (instansi columns as of the claim's year)."""
    gaz, rows = gazetteer(), []
    for c in claims:
        inst = gaz.get(c.instansi_id)
        province = gaz.province_in(c.instansi_id, c.year) if inst.is_regional else None
        code, name = province or (inst.province_code, inst.province_name)
        key = f"{url}|{c.instansi_id}|{c.year}|{c.scope}|{c.scope_code}|{c.claimed_rank}|{c.bound}"
        rows.append({
            "claim_key": hashlib.sha256(key.encode()).hexdigest()[:32], "article_url": url, "published": _utc(article.published),
            "instansi_id": inst.id, "instansi_name": gaz.name_in(inst.id, c.year), "instansi_type": inst.type,
            "province_code": code, "province_name": name, "year": c.year, "scope": c.scope, "scope_code": c.scope_code,
            "claimed_rank": c.claimed_rank, "bound": c.bound, "evidence": c.evidence,
        })
    return rows


def _feed_article(candidate) -> tuple[Article, bytes]:
    """A feed item as the article: its title and summary (or full content, when the feed has it)."""
    text = "\n\n".join(part for part in (candidate.title, candidate.summary) if part)
    article = Article(url=candidate.url, canonical_url=None, title=candidate.title, published=candidate.published, text=text)
    return article, text.encode("utf-8")


def host_groups(registry: Registry) -> list[list]:
    """Sites grouped by host, in registry order: one fetch thread per group."""
    groups: dict[str, list] = {}
    for site in news_sites(registry):
        groups.setdefault(site.host, []).append(site)
    return list(groups.values())


def _crawl_group(sites, fetch_live, seen, submit) -> tuple[list, list, int, dict]:
    """Discover and fetch one host's articles (in this thread), handing each body to `submit`."""
    outcomes, errors, discovered, reports = [], [], 0, {}
    for site in sites:
        started, first_error, fetched = time.monotonic(), len(errors), 0
        result = discover(site, fetch=fetch_live, seen=seen)
        errors += list(result.errors)
        for candidate in result.candidates:
            discovered += 1
            if site.feed_only:  # its pages forbid crawling: what the feed carries is all we read
                article, body = _feed_article(candidate)
                outcomes.append((site, candidate, submit(read_article, body, candidate.url, candidate.published, article)))
                continue
            try:
                response = fetch_live(candidate.url, store=False)
            except FetchError as exc:
                errors.append((candidate.url, str(exc)))
                continue
            fetched += 1
            outcomes.append((site, candidate, submit(read_article, response.content, candidate.url, candidate.published)))
        own = errors[first_error:]
        reports[site.name] = {"articles_fetched": fetched, "errors": len(own), "first_error": own[0][1] if own else None,
                              "seconds": round(time.monotonic() - started, 2)}
    return outcomes, errors, discovered, reports


def _robots_probe(registry: Registry, client) -> Callable | None:
    """How the scheduler learns a host's pace before crawling it: load its robots.txt now (timed by
    the caller) and give its Crawl-delay. None for a client that loads no robots.txt of its own."""
    robots_delay = getattr(client, "robots_delay", None)
    if robots_delay is None:
        return None
    return lambda group: robots_delay(registry.resolve_url(group[0].home))


@dataclass
class _Tally:
    """What the crawl reports besides the rows: small, whatever the number of sites."""

    errors: list = field(default_factory=list)
    discovered: int = 0
    skipped: int = 0
    families: Counter = field(default_factory=Counter)
    sites: dict = field(default_factory=dict)


def ingest_news(
    registry: Registry,
    client,
    seen: set[str],
    *,
    now: dt.datetime | None = None,
    parallel: Parallelism | None = None,
    progress: Callable[[str], None] | None = None,
    sink: MemorySink | SpillSink | None = None,
) -> NewsIngest:
    """Discover and fetch (hosts overlap, each within its limit, the slow ones first: `hosts`), parse
    and extract (worker processes). As each host is done its rows go to `sink` and the crawl keeps
    none of them, so memory does not grow with the sites. Without a sink the rows are kept and
    returned as the NewsIngest's tables; with one, those tables are empty and the rows are the
    sink's. Rows are sorted by URL and deduplicated in that order within each host (a canonical URL
    never leaves its host), so a rerun gives the same tables.
    `progress`, when given, hears one line per site (in this thread) as soon as its host is done."""
    now, parallel = now or dt.datetime.now(dt.UTC), parallel or Parallelism()
    seen = frozenset(seen)
    seen_by_site = SeenUrls(seen)  # canonicalised once, not once per site
    keep = sink is None
    sink = MemorySink() if keep else sink

    def fetch_live(url: str, store: bool = True):
        return client.fetch(registry.resolve_url(url), store=store)

    executor = parallel.executor()
    budget = ByteBudget(parallel.pending_bytes)

    def submit(fn, body: bytes, *args) -> Future:
        held = budget.acquire(len(body))
        try:
            future = executor.submit(fn, body, *args)
        except BaseException:
            budget.release(held)
            raise
        future.add_done_callback(lambda _: budget.release(held))
        return future

    tally = _Tally()
    try:
        groups = host_groups(registry)
        hosts = crawl_hosts(groups, lambda group: _crawl_group(group, fetch_live, seen_by_site, submit),
                            _robots_probe(registry, client), threads=parallel.fetch_threads, slow_s=parallel.slow_host_s)
        for index, crawl in hosts:
            _report(groups[index], crawl, progress)
            outcomes, errors, discovered, reports = crawl
            resolved = sorted(((site, c, _result(future)) for site, c, future in outcomes), key=lambda o: o[1].url)
            tally.errors += errors
            tally.discovered += discovered
            tally.sites.update(reports)
            sink.add(_rows(resolved, seen, now, tally))
            del crawl, outcomes, resolved  # this host's pages and parses are done with
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    release_free_memory()  # the bodies fetched and sent to the workers are gone; their pages need not stay
    tables = sink.frames() if keep else frames_of(RowBatch())
    sites = {site.name: tally.sites[site.name] for group in groups for site in group if site.name in tally.sites}
    return NewsIngest(tables.articles, tables.figures, sorted(tally.errors), tally.discovered, tally.skipped,
                      dict(tally.families), tables.rejects, tables.claims, sites)


def _report(sites, crawl: tuple, progress: Callable[[str], None] | None) -> None:
    if progress is None:
        return
    for site in sites:
        fetched = sum(1 for owner, _, _ in crawl[0] if owner is site)
        progress(f"news {site.name}: {fetched} new articles fetched")


def _result(future: Future):
    try:
        return future.result()
    except Exception as exc:  # a worker that died (BrokenProcessPool) fails the articles it held, not the run
        return f"unparseable article: worker failed: {exc.__class__.__name__}: {exc}"


def _rows(outcomes, seen: frozenset[str], now: dt.datetime, tally: _Tally) -> RowBatch:
    """One host's rows, from its outcomes sorted by discovered URL: the first of two candidates with
    one canonical URL wins, figures and claims once per key (keys hold the URL: never across hosts)."""
    batch, stored, figure_keys, claim_keys = RowBatch(), set(), set(), set()
    for site, candidate, outcome in outcomes:
        if isinstance(outcome, str):
            tally.errors.append((candidate.url, outcome))
            continue
        article, found, sha, *extra = outcome
        found_claims = extra[0] if extra else []
        canonical = canonicalize_url(article.canonical_url or candidate.url)
        if urlsplit(canonical).netloc != site.host:
            canonical = canonicalize_url(candidate.url)  # a canonical link may not move us off-site
        if canonical in seen or canonical in stored:
            tally.skipped += 1
            continue
        found, impossible = split_impossible(canonical, found)
        batch.rejects += impossible
        tally.families.update(f.rule_family for f in found)
        art, figs = article_rows(canonical, candidate.url, sha, article, found, now)
        batch.articles.append(art)
        batch.figures += [f for f in figs if f["figure_key"] not in figure_keys and not figure_keys.add(f["figure_key"])]
        batch.claims += [c for c in claim_rows(canonical, article, found_claims)
                         if c["claim_key"] not in claim_keys and not claim_keys.add(c["claim_key"])]
        stored.update({canonical, candidate.url})
    return batch


def write_news(
    warehouse: Warehouse, articles: pd.DataFrame, figures: pd.DataFrame, rejects: pd.DataFrame, build: Build | None = None,
    claims: pd.DataFrame | None = None,
) -> dict[str, int]:
    """New articles, their figures, their rejected figures and the spbe_dataset row, in one
    transaction: an article is never stored (and so never fetched again) without its rejects."""
    empty = pd.DataFrame(columns=CLAIM_COLUMNS)
    return write_news_batches(warehouse, [Frames(articles, figures, rejects, empty if claims is None else claims)], build)


NEWS_TABLES = ("spbe_news_article", "spbe_news_figure", "spbe_news_rank_claim")


def write_news_batches(warehouse: Warehouse, batches: Iterable[Frames], build: Build | None = None) -> dict[str, int]:
    """`write_news` for rows that come host by host (a `SpillSink` read back): every batch in the one
    transaction, one batch in memory at a time."""
    written: Counter[str] = Counter(dict.fromkeys([*NEWS_TABLES[:2], "spbe_reject"], 0))
    tables = set(NEWS_TABLES[:2])  # the spbe_dataset row names these even when nothing new came
    writes = {*NEWS_TABLES, "spbe_reject"} | ({DATASET_TABLE} if build is not None else set())
    with warehouse.transaction(writes=writes) as conn:
        for frames in batches:
            upserts = [(name, rows) for name, rows in zip(NEWS_TABLES, (frames.articles, frames.figures, frames.claims), strict=True)
                       if name != "spbe_news_rank_claim" or not rows.empty]
            rejects = frames.rejects
            slices = [("spbe_reject", group, {"source": "news", "source_url": url}) for url, group in rejects.groupby("source_url")] if not rejects.empty else []
            if build is not None:
                upserts = [(name, build.stamped(name, rows)) for name, rows in upserts]
                slices = [(name, build.stamped(name, rows), where) for name, rows, where in slices]
            tables.update(name for name, *_ in upserts + slices)
            written.update(warehouse.upsert_in(conn, upserts))
            written["spbe_reject"] += warehouse.replace_in(conn, slices).get("spbe_reject", 0)
        if build is not None:
            written.update(warehouse.upsert_in(conn, [(DATASET_TABLE, build.row(sorted(tables)))]))
    return dict(written)
