"""The crawl at scale (issue 23): the news crawler against 600 synthetic sites with 20,000 articles.

    .venv/bin/python benchmarks/run_benchmark.py --crawl-scale        # this part alone
    .venv/bin/python benchmarks/crawl_scale.py --sites 60 --articles 2000   # a quick look, prints only

The sites (mirror/news_scale.py) are served from this process on 127.0.0.1, one port each; the crawl
(`ingest_news`, what the news asset runs: discovery, fetching, parsing and extraction in worker
processes) runs in a child process, so its peak RSS is the crawler's own and the server does not
share its interpreter. Figures: wall time; per host the requests, the time the host took to answer
plus the waits it asked for (its share: no polite crawler finishes that host sooner), the most
requests in flight at once, requests for paths robots.txt disallows; the failures per site as the
crawler reported them; and the peak RSS at more than one number of sites, to see whether memory grows
with the sites.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.memory import TreeRss, own_peak_rss_mb  # noqa: E402
from mirror.news_scale import ScaleSpec, serve_scale  # noqa: E402

FULL = ScaleSpec()
MEMORY_POINTS = (150, 600)  # sites; the articles per site stay those of the full spec


def crawl(overlay: Path, cache_dir: Path, fetch_threads: int | None = None) -> dict:
    """One crawl of the sites in `overlay` (in this process), as the news asset runs it, minus the writes."""
    from spbe.infra.http_client import HttpSettings, PoliteClient
    from spbe.infra.registry import load_registry
    from spbe.sources.news.ingest import Parallelism, ingest_news
    from spbe.sources.news.sink import SpillSink

    registry = load_registry(mode="live", overlays=[overlay])
    settings = HttpSettings(allowed_hosts=registry.allowed_hosts(), allow_private_addresses=True, cache_dir=cache_dir)
    # The rows go where the crawl streams them, host by host: a file beside the cache, as the asset's.
    sink = SpillSink(cache_dir.with_name(f"{cache_dir.name}-rows.pickle"))
    started = time.perf_counter()
    with PoliteClient(settings) as client:
        parallel = Parallelism() if fetch_threads is None else Parallelism(fetch_threads=fetch_threads)
        result = ingest_news(registry, client, set(), parallel=parallel, sink=sink)
    wall = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "wall_s": round(wall, 2),
        "articles": sink.counts["articles"],
        "figures": sink.counts["figures"],
        "sites_failing": {name: report for name, report in result.sites.items() if report["errors"]},
        "http": client.stats_dict(),
        # The parse workers are the forkserver's children: their CPU is not in this process's rusage.
        "cpu_s": {"crawler": round(own.ru_utime + own.ru_stime, 1)},
        # Not ru_maxrss: on Linux a child's ru_maxrss starts at its parent's RSS when it was forked
        # (the benchmark's, hundreds of MB), so it measured the parent; VmHWM is this process's own.
        "peak_rss_mb": {"crawler": own_peak_rss_mb()},
    }


def run_once(spec: ScaleSpec, out: Path, fetch_threads: int | None = None) -> dict:
    """Serve `spec`, crawl it in a child process, and put what both sides saw together."""
    out.mkdir(parents=True, exist_ok=True)
    overlay, cache = out / f"sources-{spec.sites}.toml", out / f"http_cache-{spec.sites}"
    shutil.rmtree(cache, ignore_errors=True)  # a first crawl: nothing to revalidate
    with serve_scale(spec) as mirror:
        overlay.write_text(mirror.registry_overlay(), encoding="utf-8")
        threads = [] if fetch_threads is None else ["--fetch-threads", str(fetch_threads)]
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(overlay), str(cache), *threads], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        sampler = TreeRss(proc.pid)
        stdout, stderr = proc.communicate()
        rss = sampler.stop()
        if proc.returncode != 0:
            sys.stderr.write(stderr[-4000:])
            raise SystemExit(f"the scale crawl of {spec.sites} sites failed")
        crawled = json.loads(stdout.strip().splitlines()[-1])
        crawled["peak_rss_mb"] = {**crawled["peak_rss_mb"], "sampled": rss}
        hosts, expected = mirror.host_report(), mirror.expected_articles()
        kinds = {site.name: site.kind for site in mirror.sites}
    failing = crawled.pop("sites_failing")
    return {
        "sites": spec.sites, "articles_served": spec.articles, "spbe_articles_fetchable": expected, **crawled,
        "hosts": hosts,
        "wall_over_slowest_host_share": round(crawled["wall_s"] / hosts["slowest_host_share_s"], 2),
        "wall_over_sum_of_host_shares": round(crawled["wall_s"] / hosts["sum_of_host_shares_s"], 3),
        "sites_failing": {"count": len(failing), "by_kind": dict(Counter(kinds[name] for name in failing)),
                          "sample": dict(sorted(failing.items())[:3])},
    }


def crawl_scale(out: Path, spec: ScaleSpec = FULL, memory_points: tuple[int, ...] = MEMORY_POINTS) -> dict:
    """The full-size run plus smaller ones at the same articles per site, for memory against sites."""
    full = run_once(spec, out)
    per_site = spec.articles / spec.sites
    memory = {}
    for sites in (n for n in memory_points if n != spec.sites):
        small = run_once(replace(spec, sites=sites, articles=round(per_site * sites)), out)
        memory[sites] = {"peak_rss_mb": small["peak_rss_mb"], "articles": small["articles"], "wall_s": small["wall_s"]}
    memory[spec.sites] = {"peak_rss_mb": full["peak_rss_mb"], "articles": full["articles"], "wall_s": full["wall_s"]}
    peaks = [memory[n]["peak_rss_mb"]["crawler"] for n in sorted(memory)]
    return {**full, "spec": asdict(spec), "memory_by_sites": dict(sorted(memory.items())),
            "peak_rss_growth": round(peaks[-1] / peaks[0], 2),  # the crawler's peak, most sites over fewest
            "load_average": round(os.getloadavg()[0], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", nargs=2, metavar=("OVERLAY", "CACHE_DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--sites", type=int, default=FULL.sites)
    parser.add_argument("--articles", type=int, default=FULL.articles)
    parser.add_argument("--fetch-threads", type=int, help="hosts crawled at once (default: Parallelism's)")
    parser.add_argument("--out", default=str(ROOT / "data" / "bench" / "crawl-scale"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(crawl(Path(args.child[0]), Path(args.child[1]), args.fetch_threads)))
        return
    spec = replace(FULL, sites=args.sites, articles=args.articles)
    print(json.dumps({**run_once(spec, Path(args.out), args.fetch_threads), "load_average": round(os.getloadavg()[0], 1)}, indent=2))


if __name__ == "__main__":
    main()
