"""`spbe extract-news`: SPBE figures from saved news articles, as CSV on stdout (offline).

    spbe extract-news article1.html article2.txt
    spbe extract-news --manifest articles/manifest.csv      # columns path,url,published
    spbe extract-news --manifest devset/news/manifest.csv --articles-dir devset/news/articles

The same code as the nightly pipeline: `read_article_file` (or `parse_article` for HTML) and
`extract_figures`. Manifest paths are relative to the manifest's folder, or to `--articles-dir` (the dev
set keeps its manifest beside the `articles/` folder its paths name); url and published may be
empty (published is then taken from the page metadata or the article's Indonesian dateline).
Also runnable as `python -m spbe.sources.news.extract_cli ...`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from spbe.sources.news.extract import explain
from spbe.sources.news.parse import read_article_file

HEADER = ["file", "name", "instansi_id", "instansi_type", "province", "year", "value", "kind", "predikat", "evidence", "rule", "flags", "status", "hold_reason", "cues", "index_name"]
# `--explain`: every index-shaped number that was NOT emitted, with the rule that refused it.
EXPLAIN_HEADER = ["file", "value_as_written", "refused_by", "detail", "evidence"]


class InputError(Exception):
    """A manifest row or file we cannot use; the message names the file (and row)."""


@dataclass(frozen=True)
class Job:
    label: str  # what the "file" column shows
    path: Path
    url: str | None
    published: dt.date | None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="saved article pages (.html) or plain-text articles (.txt)")
    parser.add_argument("--manifest", metavar="FILE.csv", help="CSV with columns path,url,published (paths relative to the manifest)")
    parser.add_argument(
        "--articles-dir", metavar="DIR", help="folder the manifest's paths are relative to (default: the manifest's own folder)"
    )
    parser.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for the FILE arguments (default: from the article)")
    parser.add_argument("--explain", action="store_true", help="instead of figures, list every number refused and the rule that refused it")


def _parse_date(value: str, where: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"{where}: bad published date {value!r} (expected YYYY-MM-DD)") from None


def _manifest_jobs(manifest: Path, articles_dir: Path | None = None) -> list[Job]:
    if not manifest.is_file():
        raise InputError(f"{manifest}: manifest not found")
    if articles_dir is not None and not articles_dir.is_dir():
        raise InputError(f"--articles-dir {articles_dir}: not a folder")
    base = articles_dir if articles_dir is not None else manifest.parent
    jobs: list[Job] = []
    with manifest.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or "path" not in [f.strip() for f in reader.fieldnames]:
            raise InputError(f"{manifest}: needs a header with a 'path' column (path,url,published)")
        for row_no, row in enumerate(reader, start=2):  # row 1 is the header
            row = {(k or "").strip(): (v or "") for k, v in row.items()}
            rel = row.get("path", "").strip()
            where = f"{manifest}, row {row_no}"
            if not rel:
                raise InputError(f"{where}: empty path")
            path = base / rel
            published = _parse_date(row.get("published", ""), f"{where} ({rel})")
            if not path.is_file():
                hint = "" if articles_dir is not None else " (paths are relative to the manifest's folder; see --articles-dir)"
                raise InputError(f"{where}: file not found: {path}{hint}")
            _require_text(path, f"{where}: {rel}")
            jobs.append(Job(rel, path, row.get("url", "").strip() or None, published))
    return jobs


def _require_text(path: Path, where: str) -> None:
    """An empty file is a mistake (a failed download, a wrong name), not an article with no figures."""
    if not path.read_bytes().strip():
        raise InputError(f"{where}: empty file, no article text to read")


def _jobs(args: argparse.Namespace) -> list[Job]:
    jobs: list[Job] = []
    if args.manifest:
        articles_dir = getattr(args, "articles_dir", None)
        jobs += _manifest_jobs(Path(args.manifest), Path(articles_dir) if articles_dir else None)
    published = _parse_date(getattr(args, "published", None) or "", "--published")
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise InputError(f"{name}: file not found")
        _require_text(path, name)
        jobs.append(Job(name, path, None, published))
    if not jobs:
        raise InputError("no input: give article files or --manifest FILE.csv")
    return jobs


def run(args: argparse.Namespace) -> int:
    try:
        jobs = _jobs(args)
    except InputError as exc:
        print(f"spbe extract-news: {exc}", file=sys.stderr)
        return 2
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(EXPLAIN_HEADER if args.explain else HEADER)
    status = 0
    for job in jobs:
        try:
            article = read_article_file(job.path, published=job.published, url=job.url)
        except (OSError, ValueError) as exc:
            print(f"spbe extract-news: {job.label}: cannot read: {exc}", file=sys.stderr)
            status = 1
            continue
        figures, refusals = explain(article.text, article.published)
        if args.explain:
            writer.writerows([job.label, r.value, r.reason, r.detail, r.evidence] for r in refusals)
        else:
            writer.writerows(figure_row(job.label, f) for f in figures)
    sys.stdout.flush()
    return status


def figure_row(label: str, f) -> list[object]:
    row = [label, f.name, f.instansi_id, f.instansi_type, f.province or "", f.year, f"{f.value:.2f}", f.kind]
    return row + [f.predikat or "", f.evidence, f.rule, f.flags, f.status, f.hold_reason, f.cues, f.index_name]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="spbe extract-news", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
