"""`spbe locate-decree --year N [--download DIR]`: find the year's decree on the JDIH portal.

Prints one JSON object (page_url, attachment_url, number, year, title, enacted) on stdout; with
--download the attachment is saved in DIR under its own file name (the path goes to stderr). The
registry says which decree (`decree = "13/2024"`) and where to search; SPBE_SOURCE_MODE=mirror
with SPBE_MIRROR_URL runs against a local stand-in. A decree the portal does not list, a year
without a decree, or a portal that answers otherwise is one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from spbe.infra.http_client import FetchError, HttpSettings, PoliteClient
from spbe.infra.registry import Registry, RegistryError, load_registry
from spbe.sources.official.portal import DecreeNotListed, locate_decree
from spbe.sources.official.section import official_source

DEFAULT_CACHE_DIR = "data/http_cache"


class LocateError(Exception):
    """One line for the user; exit code 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, required=True, help="evaluation year, e.g. 2023 (decree 13/2024)")
    parser.add_argument("--download", metavar="DIR", help="save the attachment (the lampiran PDF) in DIR")
    parser.add_argument("--cache-dir", default=DEFAULT_CACHE_DIR, help="HTTP cache (conditional requests)")


def client_for(registry: Registry, cache_dir: Path | None) -> PoliteClient:
    """The polite client as the assets build it, with a retry budget that fits a command line."""
    return PoliteClient(HttpSettings(
        user_agent=registry.user_agent, allowed_hosts=registry.allowed_hosts(),
        allow_private_addresses=registry.mode == "mirror", cache_dir=cache_dir, cache_key_url=registry.live_url_of,
        max_retries=2, total_timeout_s=30.0, max_total_retry_s=30.0,
    ))


def _save(content: bytes, url: str, folder: Path) -> Path:
    name = PurePosixPath(unquote(urlsplit(url).path)).name or "lampiran.pdf"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_bytes(content)
    return target


def locate(year: int, download: Path | None, cache_dir: Path | None) -> dict:
    try:
        registry = load_registry()
    except RegistryError as exc:
        raise LocateError(str(exc)) from None
    source = official_source(registry, year)
    if source is None:
        raise LocateError(f"evaluation year {year}: not in the registry")
    if source.format != "pdf":
        how = "released in an application, not as a decree" if source.format == "manual" else "published as a page, not a decree"
        raise LocateError(f"evaluation year {year}: {how} ({source.index_url}); nothing to locate")
    with client_for(registry, cache_dir) as client:
        try:
            located = locate_decree(source, registry=registry, client=client)
            if download is not None:
                result = client.fetch(registry.resolve_url(located.attachment_url))
                saved = _save(result.content, located.attachment_url, download)
                print(f"saved {saved} ({len(result.content)} bytes, sha256 {hashlib.sha256(result.content).hexdigest()[:12]})",
                      file=sys.stderr)
        except (DecreeNotListed, FetchError) as exc:
            raise LocateError(str(exc)) from None
    return located.as_json(registry)


def run(args: argparse.Namespace) -> int:
    try:
        found = locate(args.year, Path(args.download) if args.download else None, Path(args.cache_dir) if args.cache_dir else None)
    except LocateError as exc:
        print(f"spbe locate-decree: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(found, ensure_ascii=False))
    return 0
