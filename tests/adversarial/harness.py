"""Run `spbe parse-lampiran` on every adversarial variant and classify what it did.

    .venv/bin/python -m tests.adversarial.harness [--fast] [--only NAME ...] [--keep DIR]

Outcomes (issue 21's rule: every document gives one of the first three):
- `right`: exit 0, every row of the truth loaded with its value, nothing else loaded;
- `rejected`: exit 0, nothing wrong loaded, and every truth row not loaded is accounted for by a
  printed reject (a rejected row, a page or sequence reject counting its rows as missing);
- `refused`: exit 2 with one line on stderr saying why;
- `SILENT-WRONG`: exit 0 with a loaded row whose body or value is wrong, a forbidden body loaded,
  a refusal-only document loaded, or truth rows gone without a reject accounting for them;
- `crash`: any other exit, a traceback, or a refusal that is not one line;
- `over-time`: ran past 20 s plus 6 s per page (the issue's bound) in CPU-seconds, or in wall
  seconds while the machine was not loaded past its cores.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.cpu import adopt_descendants, reap_children
from tests.adversarial.variants import Variant

OUTCOMES = ("right", "rejected", "refused", "SILENT-WRONG", "crash", "over-time")
_SUMMARY = re.compile(r"(\d+) rows read, (\d+) ok, (\d+) rejected, (\d+) flagged, (\d+) missing by 'No\.'")


@dataclass
class Outcome:
    variant: str
    outcome: str
    detail: str
    seconds: float
    pages: int
    cpu: float = 0.0


def page_count(content: bytes, kind: str) -> int:
    if kind != "pdf":
        return 1
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    try:
        return len(document)
    finally:
        document.close()


def time_limit(pages: int) -> float:
    return 20 + 6 * pages


_RUN_CHECKOUT = ("import sys; sys.meta_path = [f for f in sys.meta_path if 'editable' not in repr(f).lower()];"
                 " sys.path.insert(0, sys.argv.pop(1)); from spbe.cli import main; sys.exit(main())")


def spbe(checkout: Path | None = None) -> list[str]:
    """The `spbe` command; with `checkout`, the code of another checkout (an older commit, to
    measure the before), run by this venv with the editable install's finder taken out."""
    if checkout is None:
        return [str(Path(sys.executable).with_name("spbe"))]
    return [sys.executable, "-c", _RUN_CHECKOUT, str(checkout.resolve())]


def classify(variant: Variant, code: int, stdout: str, stderr: str) -> tuple[str, str]:
    lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
    if "Traceback" in stderr or code not in (0, 2):
        return "crash", (lines[-1] if lines else f"exit {code}")[:300]
    if code == 2:
        if len(lines) != 1:
            return "crash", f"refusal in {len(lines)} lines: {' | '.join(lines)[:300]}"
        return "refused", lines[0][:300]
    rows = list(csv.DictReader(io.StringIO(stdout)))
    loaded = {r["instansi_id"]: float(r["index"]) for r in rows if r["status"] in ("ok", "flagged") and r["instansi_id"]}
    if variant.refuse:
        return "SILENT-WRONG", f"a document only a refusal reads right loaded {len(loaded)} rows"
    wrong = [f"{k}={x} (truth {variant.truth.get(k)})" for k, x in loaded.items() if variant.truth.get(k) != x]
    if wrong:
        return "SILENT-WRONG", f"{len(wrong)} wrong loaded: {', '.join(wrong[:4])}"
    absent = [k for k in variant.truth if k not in loaded]
    if not absent:
        return "right", f"{len(loaded)} rows"
    m = _SUMMARY.search(stderr)
    rejected, missing = (int(m.group(3)), int(m.group(5))) if m else (0, 0)
    if rejected + missing < len(absent):
        return "SILENT-WRONG", f"{len(absent)} truth rows not loaded, only {rejected} rejected + {missing} missing: {absent[:4]}"
    return "rejected", f"{len(loaded)} loaded, {len(absent)} not loaded, {rejected} rejected, {missing} missing"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_one(variant: Variant, workdir: Path, slack: float = 3.0, checkout: Path | None = None) -> Outcome:
    """Over time: past the bound in CPU-seconds (the run and every process it waited for), or in
    wall seconds on a machine not loaded past its cores. A run is killed at `slack` times the
    bound, so that a loaded machine (five helpers on two cores) still gives an outcome."""
    content = variant.build()
    path = workdir / f"{variant.name}.{variant.kind}"
    path.write_bytes(content)
    pages = page_count(content, variant.kind)
    limit = time_limit(pages)
    started, cpu0 = time.monotonic(), _cpu()
    try:
        # Another checkout's parser reads scans in process: the OCR pool's forkserver is a fresh
        # interpreter, which would import this checkout's worker code through the editable install.
        env = {**os.environ, "SPBE_OCR_WORKERS": "1"} if checkout else None
        proc = subprocess.run([*spbe(checkout), "parse-lampiran", str(path), "--year", str(variant.year)], capture_output=True,
                              text=True, timeout=limit * slack, env=env)
    except subprocess.TimeoutExpired:
        return Outcome(variant.name, "over-time", f"killed after {limit * slack:.0f} s", time.monotonic() - started, pages)
    seconds = time.monotonic() - started
    reap_children()
    cpu = _cpu() - cpu0
    outcome, detail = classify(variant, proc.returncode, proc.stdout, proc.stderr)
    loaded = os.getloadavg()[0] > (os.cpu_count() or 1)
    if cpu > limit or (seconds > limit and not loaded):
        outcome, detail = "over-time", f"{seconds:.0f} s wall, {cpu:.0f} CPU-s against {limit:.0f} s; was {outcome}: {detail}"
    return Outcome(variant.name, outcome, detail, seconds, pages, cpu)


def main(argv: list[str] | None = None) -> int:
    from tests.adversarial.catalog import catalog

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fast", action="store_true", help="only the variants without OCR")
    parser.add_argument("--only", nargs="*", help="variant names (prefixes)")
    parser.add_argument("--keep", type=Path, help="write the documents here (else a temporary directory)")
    parser.add_argument("--checkout", type=Path, help="run the parser of another checkout (e.g. a worktree of an older commit)")
    args = parser.parse_args(argv)
    variants = [v for v in catalog() if not (args.fast and v.slow)]
    if args.only:
        variants = [v for v in variants if any(v.name.startswith(p) for p in args.only)]
    adopt_descendants()  # what `spbe` starts (the OCR pool's fork server) is reaped here: its CPU counts
    results = []
    with tempfile.TemporaryDirectory(prefix="spbe-adversarial-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for variant in variants:
            result = run_one(variant, workdir, checkout=args.checkout)
            results.append(result)
            print(f"{result.outcome:13} {result.variant:42} {result.pages:2}p {result.seconds:5.1f}s {result.cpu:5.1f}cpu  {result.detail}",
                  flush=True)
    counts = Counter(r.outcome for r in results)
    print("counts: " + ", ".join(f"{o} {counts.get(o, 0)}" for o in OUTCOMES) + f" (of {len(results)})")
    return 1 if counts["SILENT-WRONG"] or counts["crash"] or counts["over-time"] else 0


if __name__ == "__main__":
    sys.exit(main())
