"""The registry as the mirror sees it: the product registry plus the mirror's overlay
(`mirror/sources.toml`: the fictional news sites, the synthetic rounds' stated counts)."""

from __future__ import annotations

from pathlib import Path

from spbe.infra.registry import Registry, load_registry

OVERLAY = Path(__file__).with_name("sources.toml")
# For rendering the mirror, only the entries and their live URLs matter; mirror mode keeps the
# mirror-only sites and allows no host but this (discard-port) loopback address.
RENDER_BASE = "http://127.0.0.1:9"


def mirror_registry(base_url: str | None = None) -> Registry:
    """Mirror mode at base_url (default: a placeholder, for rendering the mirror's documents)."""
    return load_registry(mode="mirror", mirror_url=base_url or RENDER_BASE, overlays=[OVERLAY])
