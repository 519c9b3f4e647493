"""What a demo run against the mirror needs and prints, for both demos: the in-process one
(`python -m mirror demo`) and the one on the production deployment (mirror/deployment.py).

Its own module so that the deployment does not import the command line that starts it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from mirror.documents import MANUAL_DROP_DIRNAME
from mirror.registry import OVERLAY
from spbe.infra.registry import MIRROR_URL_ENV, REGISTRY_OVERLAY_ENV, SOURCE_MODE_ENV
from spbe.sources.official.fetch import MANUAL_DROP_ENV


def mirror_env(base_url: str, mirror_dir: Path) -> dict[str, str]:
    """What a run against the mirror needs: mirror mode, the mirror's registry overlay (its fictional
    news sites) and its manual-drop folder (the synthetic 2025 file)."""
    return {
        SOURCE_MODE_ENV: "mirror",
        MIRROR_URL_ENV: base_url,
        REGISTRY_OVERLAY_ENV: str(OVERLAY),
        MANUAL_DROP_ENV: str((mirror_dir / MANUAL_DROP_DIRNAME).resolve()),
    }


def ocr_summary(instance=None) -> str:
    """Which decree years were scans read by OCR in the latest run, and how many of their rows were
    rejected: from the official_results materializations' metadata in the Dagster instance (the
    local one unless `instance` is given)."""
    import dagster as dg

    years: dict[str, dict] = {}
    with contextlib.nullcontext(instance) if instance is not None else dg.DagsterInstance.get() as instance:
        records = instance.fetch_materializations(dg.AssetKey("official_results"), limit=50).records
        for record in records:  # newest first: the latest run's word on a year wins
            entry = record.asset_materialization.metadata.get("read_by_ocr")
            for year, info in (entry.value if entry else {}).items():
                years.setdefault(year, info)
    if not years:
        return "decree years read by OCR: none"
    parts = [f"{y} ({v['ocr_pages']} of {v['pages']} pages, {v['rows_read']} rows, {v['rejected']} rejected)" for y, v in sorted(years.items())]
    rejected = sum(v["rejected"] for v in years.values())
    return f"decree years read by OCR: {'; '.join(parts)}; {rejected} OCR'd rows rejected in all"
