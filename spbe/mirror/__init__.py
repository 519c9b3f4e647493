"""The local mirror: a synthetic, realistic snapshot of the publishers for the demo and the tests.

    official_values.official_results(year)  the seeded table (real seed figures as overrides)
    documents.write_mirror(out_dir)          index pages + lampiran PDFs under out_dir/HOST/PATH
    server.serve_mirror(root)                a local HTTP server with ETag/Last-Modified

The values are SYNTHETIC (except the overrides) and every page says so.
"""

from __future__ import annotations

import time
from pathlib import Path


def generate_cli(out_dir: str | Path = "data/mirror", seed: int | None = None, years=None) -> int:
    """`spbe mirror generate`: write the mirror, print a one-line summary per year; exit code 0."""
    from spbe.mirror.documents import write_mirror
    from spbe.mirror.official_values import SEED, YEARS

    started = time.perf_counter()
    out = write_mirror(Path(out_dir), years=tuple(years or YEARS), seed=SEED if seed is None else seed)
    import json

    manifest = json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))
    for year, entry in sorted(manifest["years"].items()):
        pages = "".join(f", {u['pages']} pages" for u in entry["urls"].values() if "pages" in u)
        print(f"  {year}: {entry['rows']} instansi ({entry['format']}{pages}), mean {entry['national_average']:.2f}")
    print(f"synthetic mirror (seed {manifest['seed']}) written to {out} in {time.perf_counter() - started:.1f} s")
    return 0
