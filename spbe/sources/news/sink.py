"""Where the crawl's rows go, one host at a time, as each host is done.

The crawl hands every finished host's rows (articles, figures, rejected figures, rank claims) to a
sink and keeps nothing of them itself, so what it holds does not grow with the number of sites:
before, the parsed articles of all 600 sites of the scale benchmark stayed in memory until the
crawl ended (the crawler grew from 271 MB at 150 sites to 393 MB at 600).

- `MemorySink` keeps the rows and gives the four tables at the end, in the order a one-pass crawl
  gives (articles by discovered URL); `ingest_news` uses it when the caller names no sink.
- `SpillSink` appends each host's rows to a file on disk (pickle, one record per host) and keeps
  counts only; `batches()` reads them back one host at a time, `frames()` all at once.

A host's rows are complete and deduplicated when they arrive (a canonical URL never leaves its
host), so batches never overlap and the order in which hosts finish changes no row.
"""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from schemas import NewsArticle, NewsFigure, NewsRankClaim, Reject, validate

ARTICLE_COLUMNS = list(NewsArticle.to_schema().columns)
FIGURE_COLUMNS = list(NewsFigure.to_schema().columns)
REJECT_COLUMNS = list(Reject.to_schema().columns)
CLAIM_COLUMNS = list(NewsRankClaim.to_schema().columns)


@dataclass
class RowBatch:
    """The rows of one host, as lists of dicts (the columns of the four tables)."""

    articles: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)


@dataclass
class Frames:
    articles: pd.DataFrame
    figures: pd.DataFrame
    rejects: pd.DataFrame
    claims: pd.DataFrame


def frames_of(batch: RowBatch) -> Frames:
    """The four tables of `batch`, keys deduplicated as the warehouse wants them."""
    return Frames(
        pd.DataFrame(batch.articles, columns=ARTICLE_COLUMNS),
        pd.DataFrame(batch.figures, columns=FIGURE_COLUMNS).drop_duplicates(subset=["figure_key"]),
        Reject.validate(pd.DataFrame(batch.rejects, columns=REJECT_COLUMNS)),
        pd.DataFrame(batch.claims, columns=CLAIM_COLUMNS).drop_duplicates(subset=["claim_key"]),
    )


def _in_crawl_order(batches: list[RowBatch]) -> RowBatch:
    """All batches as one, in the order a single pass over the candidates sorted by discovered URL
    gives: articles by discovered URL, each article's figures, rejects and claims in its place."""
    articles = sorted((a for b in batches for a in b.articles), key=lambda a: a["discovered_url"])
    rank = {a["url"]: i for i, a in enumerate(articles)}

    def ordered(rows, url_key: str) -> list[dict]:
        return sorted(rows, key=lambda r: rank.get(r[url_key], len(rank)))  # stable: an article's own order stays

    return RowBatch(articles, ordered([f for b in batches for f in b.figures], "article_url"),
                    ordered([r for b in batches for r in b.rejects], "source_url"),
                    ordered([c for b in batches for c in b.claims], "article_url"))


class MemorySink:
    """Keeps every host's rows; `frames()` gives the tables of the whole crawl."""

    def __init__(self) -> None:
        self._batches: list[RowBatch] = []

    def add(self, batch: RowBatch) -> None:
        self._batches.append(batch)

    def frames(self) -> Frames:
        return frames_of(_in_crawl_order(self._batches))


class SpillSink:
    """Appends each host's rows to `path` and keeps only the counts."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_bytes(b"")
        self.counts = {"articles": 0, "figures": 0, "rejects": 0, "claims": 0, "hosts": 0}

    def add(self, batch: RowBatch) -> None:
        with self.path.open("ab") as fh:
            pickle.dump(batch, fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.counts["hosts"] += 1
        for name in ("articles", "figures", "rejects", "claims"):
            self.counts[name] += len(getattr(batch, name))

    def batches(self) -> Iterator[RowBatch]:
        """The batches in the order they were added, one in memory at a time (a file this sink wrote)."""
        with self.path.open("rb") as fh:
            while True:
                try:
                    yield pickle.load(fh)  # noqa: S301 - our own file, written by add()
                except EOFError:
                    return

    def frames(self) -> Frames:
        return frames_of(_in_crawl_order(list(self.batches())))


@dataclass
class CheckedRows:
    """The crawl's rows validated host by host (Pandera, `schemas.validate`): the valid tables spilled
    again for the write, the failure cases of all hosts, and the totals the asset reports."""

    valid: SpillSink
    article_failures: pd.DataFrame
    figure_failures: pd.DataFrame
    articles: int = 0
    figures: int = 0
    claims: int = 0
    held: int = 0  # figures with status 'review'
    by_kind: Counter = field(default_factory=Counter)
    preview: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FIGURE_COLUMNS))  # first figures by article URL


def check_batches(rows: SpillSink, out: Path, preview_rows: int = 20) -> CheckedRows:
    """Validate every host's rows as the tables they become; one host's rows in memory at a time."""
    checked = CheckedRows(SpillSink(out), pd.DataFrame(), pd.DataFrame())
    article_failures, figure_failures = [], []
    for batch in rows.batches():
        if not (batch.articles or batch.figures or batch.rejects or batch.claims):
            # A host with nothing new (every host, on a night with no news): four Pandera runs on empty
            # frames prove nothing and cost ~65 ms each host, 2 s of a no-change run over 30 sites.
            continue
        frames = frames_of(batch)
        articles, figures = validate(NewsArticle, frames.articles), validate(NewsFigure, frames.figures)
        article_failures += [articles.failure_cases.astype(object)] if not articles.failure_cases.empty else []
        figure_failures += [figures.failure_cases.astype(object)] if not figures.failure_cases.empty else []
        claims = validate(NewsRankClaim, frames.claims).frame  # checked against spbe_index by v_rank_claims
        checked.valid.add(Frames(articles.frame, figures.frame, frames.rejects, claims))
        checked.articles, checked.figures, checked.claims = (checked.articles + len(articles.frame),
                                                             checked.figures + len(figures.frame), checked.claims + len(claims))
        if not figures.frame.empty:
            checked.held += int((figures.frame["status"] == "review").sum())
            checked.by_kind.update(figures.frame["kind"].value_counts().to_dict())
            both = pd.concat([checked.preview, figures.frame]) if not checked.preview.empty else figures.frame
            checked.preview = both.sort_values("article_url", kind="stable").head(preview_rows)
    checked.article_failures = pd.concat(article_failures, ignore_index=True) if article_failures else pd.DataFrame()
    checked.figure_failures = pd.concat(figure_failures, ignore_index=True) if figure_failures else pd.DataFrame()
    return checked
