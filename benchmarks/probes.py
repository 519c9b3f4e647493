"""The benchmark's probes that stand apart from the Dagster runs: each measures one part of the
work alone, in this process or in a fresh interpreter of its own, so that nothing else the
benchmark did is counted (run_benchmark.py calls them; each has a flag to run it alone).

- `official_text_path`: the official step's own work on the text-layer decrees against pdfplumber's
  `extract_tables` alone, in turn;
- `lampiran_memory`: the peak RSS of parsing a 541-page lampiran;
- `ocr_benchmark`: OCR pages per second on the scanned 2022 decree, rows checked against the truth;
- `news_extractor_speed`: the extractor's CPU per article on the real articles.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def text_layer_decrees(mirror: Path) -> list[tuple[int, str, Path]]:
    """(year, live URL, file) of every decree PDF with a text layer: the years not served as scans."""
    manifest = json.loads((mirror / "MANIFEST.json").read_text(encoding="utf-8"))
    scanned = {int(y) for y in manifest.get("scanned_years", {})}
    return [(int(year), url, mirror / entry["path"]) for year, info in sorted(manifest["years"].items()) if int(year) not in scanned
            for url, entry in info["urls"].items() if url.endswith(".pdf")]


def official_text_path(mirror: Path, repeats: int = 3) -> dict:
    """The official step's own work on the text-layer decrees (parse the lampiran, resolve every row
    to an instansi, validate), against pdfplumber's `extract_tables` alone on the same pages, in this
    process, the two in turn per decree and per repeat so that load on the machine hits both alike;
    the median of the per-repeat ratios is the figure. OCR'd years are measured apart (`ocr`)."""
    import statistics

    import pdfplumber

    from schemas import OfficialResult, validate
    from spbe.domain.instansi import gazetteer
    from spbe.sources.official.facts import build_official_facts
    from spbe.sources.official.parse import parse_lampiran_pdf

    decrees = text_layer_decrees(mirror)
    gaz, ratios, ours_s, plumb_s, pages, rows = gazetteer(), [], [], [], 0, 0
    for repeat in range(repeats):
        ours = plumb = 0.0
        for year, url, path in decrees:
            content = path.read_bytes()
            started = time.perf_counter()
            parsed = parse_lampiran_pdf(content, year=year, source_url=url)
            validate(OfficialResult, build_official_facts(parsed.rows, gaz, parsed.rejects).facts)
            ours += time.perf_counter() - started
            started = time.perf_counter()
            with pdfplumber.open(io.BytesIO(content)) as pdf:
                for page in pdf.pages:
                    page.extract_tables()
            plumb += time.perf_counter() - started
            if repeat == 0:
                pages, rows = pages + parsed.pages, rows + len(parsed.rows)
        ours_s.append(ours)
        plumb_s.append(plumb)
        ratios.append(ours / plumb)
    return {"years": [year for year, _, _ in decrees], "pages": pages, "rows": rows, "repeats": repeats,
            "step_work_s": [round(x, 2) for x in ours_s], "pdfplumber_s": [round(x, 2) for x in plumb_s],
            "ratio_median": round(statistics.median(ratios), 2), "target_ratio": 1.5,
            "scope": "parse_lampiran_pdf + build_official_facts + Pandera validation, no HTTP, no database"}


# Parses one lampiran in a fresh interpreter and reports its own peak RSS, so nothing else the
# benchmark did (Dagster runs, the mirror) is counted.
_LAMPIRAN_PROBE = """
import json, sys, time
from benchmarks.memory import own_peak_rss_mb
from spbe.sources.official.parse import parse_lampiran_pdf
content = open(sys.argv[1], "rb").read()
started = time.perf_counter()
parsed = parse_lampiran_pdf(content, year=2024, source_url=sys.argv[1])
print(json.dumps({"rows": len(parsed.rows), "pages": parsed.pages, "parse_s": round(time.perf_counter() - started, 1),
                  "peak_rss_mb": own_peak_rss_mb()}))
"""


def lampiran_memory(out: Path, pages: int = 541) -> dict:
    """Peak memory of parsing a lampiran of `pages` pages (the mirror's 2024 layout, rows repeated)."""
    from mirror.documents import render_lampiran_pdf
    from mirror.official_values import official_results
    from spbe.infra.registry import load_registry
    from spbe.sources.official.section import official_source

    rows = official_results(2024)
    per_page = 28.6  # the mirror's layout fits about 28.6 rows on a page (measured: 15,148 rows -> 530 pages)
    pdf = render_lampiran_pdf(official_source(load_registry(), 2024), (rows * (int(pages * per_page) // len(rows) + 1))[: int(pages * per_page)])
    path = out / f"lampiran-{pages}-pages.pdf"
    out.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    proc = subprocess.run([sys.executable, "-c", _LAMPIRAN_PROBE, str(path)], cwd=ROOT, capture_output=True, text=True, check=True)
    return {**json.loads(proc.stdout), "pdf_mb": round(len(pdf) / 2**20, 2), "target_peak_rss_mb": 500}


_OCR_CHILD = """
import json, sys, time
from benchmarks.cpu import adopt_descendants, tree_cpu_s
from benchmarks.memory import own_peak_rss_mb
from spbe.sources.official.parse import parse_lampiran_pdf

if __name__ == "__main__":
    adopt_descendants()
    content, year = open(sys.argv[1], "rb").read(), int(sys.argv[2])
    cpu0, t0 = tree_cpu_s(), time.perf_counter()
    parsed = parse_lampiran_pdf(content, year=year, source_url=sys.argv[1])
    seconds = time.perf_counter() - t0
    peak = own_peak_rss_mb()
    cpu = tree_cpu_s(finish=True) - cpu0
    # Rows checked against the mirror's truth: what the pipeline would load, value for value.
    from mirror.official_values import official_results
    from spbe.domain.instansi import gazetteer
    from spbe.sources.official.facts import build_official_facts

    facts = build_official_facts(parsed.rows, gazetteer(), parsed.rejects).facts
    loaded = dict(zip(facts["instansi_id"], facts["index_value"], strict=True))
    truth = {r.instansi.id: r.value for r in official_results(year)}
    print(json.dumps({"pages": len(parsed.ocr_pages), "rows": len(parsed.rows), "seconds": round(seconds, 1),
                      "cpu_s": round(cpu, 1), "engine_calls": parsed.ocr_engine_calls, "peak_rss_mb": peak,
                      "truth_rows": len(truth), "rows_right": sum(truth.get(k) == v for k, v in loaded.items()),
                      "rows_wrong": sum(truth.get(k) != v for k, v in loaded.items()),
                      "rows_missing": len(truth.keys() - loaded.keys())}))
"""


def ocr_benchmark(out: Path, year: int = 2022) -> dict:
    """OCR pages per second on the mirror's scanned decree for `year`: the whole parse
    (parse_lampiran_pdf, its worker processes and their Tesseract runs) timed in a process of its
    own, with its rows checked against the mirror's truth (`exact`: every row loaded, none wrong).
    Also the CPU-seconds of that process tree and the engine runs, per page: on a loaded machine
    `pages / (cpu_s / cores)` is what quiet cores would give. Peak RSS is the parser's alone
    (Tesseract's processes, one per page in flight, come on top)."""
    from mirror.documents import render_year

    pdf = next(content for path, content in render_year(year).items() if path.endswith(".pdf"))
    path = out / f"scanned-{year}.pdf"
    path.write_bytes(pdf)
    proc = subprocess.run([sys.executable, "-c", _OCR_CHILD, str(path), str(year)], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    pages = stats["pages"]
    stats["pages_per_s"] = round(pages / stats["seconds"], 2)
    stats["cpu_s_per_page"] = round(stats["cpu_s"] / pages, 2)
    stats["engine_calls_per_page"] = round(stats["engine_calls"] / pages, 2)
    stats["exact"] = stats["rows_wrong"] == 0 and stats["rows_missing"] == 0 and stats["rows_right"] == stats["truth_rows"]
    return {"year": year, "cores": len(os.sched_getaffinity(0)), **stats}


def news_extractor_speed() -> dict:
    """CPU time of the news extractor alone: median ms per article over the real articles in
    ../shared/news-real (the dev set of texts written here when that folder is absent), and one
    200 KB text without a full stop (issue 12: <= 5 s; target for the median: <= 10 ms)."""
    import statistics

    # What the pipeline runs per article: figures and rank claims over one reading.
    from spbe.sources.news.extract import extract_figures_and_claims as extract_figures
    from spbe.sources.news.parse import read_article_file

    real = Path(os.environ.get("SPBE_SHARED") or ROOT.parent / "shared") / "news-real" / "articles"
    corpus, paths = ("news-real", sorted(real.glob("*.txt"))) if real.is_dir() else ("devset", sorted((ROOT / "devset" / "news" / "articles").glob("*.txt")))
    texts = [read_article_file(p).text for p in paths]
    extract_figures(texts[0], dt.date(2024, 6, 1))  # builds the lexicon once, outside the timing
    times = []
    for text in texts:
        start = time.process_time()
        extract_figures(text, dt.date(2024, 6, 1))
        times.append((time.process_time() - start) * 1000)
    long_text = ("Indeks SPBE Kabupaten Pesawaran tahun 2023 mencapai 2,91 dan naik dari 2,45, " * 3000)[:200_000]
    start = time.process_time()
    extract_figures(long_text, dt.date(2024, 6, 1))
    long_s = time.process_time() - start
    return {"corpus": corpus, "articles": len(texts), "median_ms_per_article": round(statistics.median(times), 2),
            "max_ms_per_article": round(max(times), 2), "single_line_200kb_s": round(long_s, 2), "clock": "CPU (process_time)"}
