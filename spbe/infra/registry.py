"""The source registry (`spbe/data/sources.toml`): where each source publishes, live or mirrored.

One table per source, named by the source itself: a package under `spbe/sources/` that has a
`section.py` declaring `SECTION = Section(name, Model, key)` owns the `[[name]]` entries, and its
pydantic model is their schema. Adding a source is a new folder plus one `[[name]]` section; this
module finds the sections by walking `spbe.sources` (plugin discovery, so there is no list here
to edit and no static import upwards).

The schema is strict because a typo must never give a green run that loads nothing: an unknown
table or key is an error naming it and its line (`[[oficial]]`, `mirror_onyl = true`); types are
exact (`evaluation_year = 2024.9` and `verified = "no"` are refused, not truncated or coerced).
pydantic (already installed with Dagster) gives strict types, forbidden extras and error
locations for free; a hand-written checker would be the same rules in more code.

One setting, SPBE_SOURCE_MODE=mirror with SPBE_MIRROR_URL (a loopback address only), maps every
URL to the local mirror as {mirror}/{host}{path}, so the same code runs in the demo, the tests and
production. Overlay files (SPBE_REGISTRY_OVERLAY, or `overlays=`) add or amend entries: the
mirror's fictional news sites live in `mirror/sources.toml`, so the product registry names only
real publishers.
"""

from __future__ import annotations

import importlib
import importlib.util
import ipaddress
import os
import pkgutil
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, ClassVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from schemas.vocab import SOURCE_MODES

SOURCE_MODE_ENV = "SPBE_SOURCE_MODE"
REGISTRY_PATH_ENV = "SPBE_REGISTRY"
REGISTRY_OVERLAY_ENV = "SPBE_REGISTRY_OVERLAY"  # extra files, separated by os.pathsep
MIRROR_URL_ENV = "SPBE_MIRROR_URL"
SOURCES_PACKAGE = "spbe.sources"
TOP_LEVEL = {"http": {"user_agent"}, "overlay": {"replace"}}
DEFAULT_USER_AGENT = "spbe-warehouse/0.1"


class RegistryError(ValueError):
    pass


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or value != value.strip():
        raise ValueError(f"{value!r} is not an absolute http(s) URL")
    return value


Url = Annotated[str, AfterValidator(_check_url)]


class SourceEntry(BaseModel):
    """One `[[section]]` entry. Subclasses add their fields; the rules here hold for every source."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    # false: the URLs were taken from stored public pages and could not be checked live; a run that
    # uses the entry says so in its metadata.
    verified: bool = False
    # Only for overlays: the entry exists only in the mirror, and live mode skips it.
    mirror_only: bool = False

    def urls(self) -> Iterable[str]:
        """Every live URL the source may fetch from: their hosts make the HTTP allowlist."""
        return ()


@dataclass(frozen=True)
class Section:
    name: str  # the TOML array of tables: [[name]]
    model: type[SourceEntry]
    key: str  # the field that identifies an entry: duplicates are refused, overlays amend by it


def source_modules(module: str, package: str = SOURCES_PACKAGE):
    """(name, module) of every source package's `module` (e.g. "section"), imported: plugin discovery."""
    root = importlib.import_module(package)
    for info in pkgutil.iter_modules(root.__path__):
        module_name = f"{package}.{info.name}.{module}"
        if info.ispkg and importlib.util.find_spec(module_name) is not None:
            yield module_name, importlib.import_module(module_name)


def discover_sections(package: str = SOURCES_PACKAGE) -> dict[str, Section]:
    """Every source package's `section.SECTION`, by section name."""
    sections: dict[str, Section] = {}
    for module_name, module in source_modules("section", package):
        section = module.SECTION
        if section.name in sections or section.name in TOP_LEVEL:
            raise RegistryError(f"registry section [[{section.name}]] is declared twice ({module_name})")
        sections[section.name] = section
    return sections


# -- locating a key in the TOML text (tomllib gives values, not lines) ------------------------------
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


@dataclass(frozen=True)
class _Source:
    """One registry file: its text for line numbers, its name for messages."""

    origin: str
    text: str

    def line(self, table: str, index: int | None = None, key: str | None = None) -> int | None:
        """Line of `[table]` / the index-th `[[table]]` (0-based), or of `key` inside it."""
        seen, inside = -1, False
        for number, line in enumerate(self.text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header:
                name = header.group(2).strip("\"' ")
                inside = name == table and (index is None or (seen := seen + 1) == index)
                if inside and key is None:
                    return number
                continue
            match = _KEY.match(line)
            if inside and match and match.group(1) == key:
                return number
        return None

    def where(self, table: str, index: int | None = None, key: str | None = None) -> str:
        line = self.line(table, index, key) or self.line(table, index)
        return f"{self.origin} line {line}" if line else self.origin


def _read(path: Path | None) -> _Source:
    if path is None:
        text = resources.files("spbe.data").joinpath("sources.toml").read_text(encoding="utf-8")
        return _Source("spbe/data/sources.toml", text)
    try:
        return _Source(str(path), Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the registry ({exc.strerror or exc})") from exc


def _parse(source: _Source) -> dict:
    try:
        return tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{source.origin}: {exc}") from exc


def _check_top_level(source: _Source, raw: dict, sections: Mapping[str, Section], overlay: bool) -> None:
    for name, value in raw.items():
        if name in sections:
            if not isinstance(value, list):
                raise RegistryError(f"{source.where(name)}: [{name}] must be an array of tables, written [[{name}]]")
            continue
        allowed = TOP_LEVEL.get(name)
        if allowed is None or (name == "overlay" and not overlay):
            known = ", ".join([f"[[{s}]]" for s in sections] + [f"[{t}]" for t in TOP_LEVEL if overlay or t != "overlay"])
            raise RegistryError(f"{source.where(name)}: unknown table {name!r} (known: {known})")
        if not isinstance(value, dict):
            raise RegistryError(f"{source.where(name)}: {name!r} must be a table [{name}]")
        for key in value:
            if key not in allowed:
                raise RegistryError(f"{source.where(name, None, key)}: [{name}] has unknown key {key!r} (known: {', '.join(sorted(allowed))})")


@dataclass
class _Raw:
    """An entry's values and, per key, the file and position it came from (for error lines)."""

    values: dict
    origin: dict[str, tuple[_Source, int]]


def _merge(base: list[_Raw], source: _Source, entries: list, section: Section, *, replace: bool, amend: bool) -> list[_Raw]:
    """Entries of one file added to the ones before: an overlay amends the entry its key names (or
    replaces the whole section); within one file the same key twice is a duplicate (refused later)."""
    merged = [] if replace else list(base)
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise RegistryError(f"{source.where(section.name, i)}: [[{section.name}]] #{i + 1} is not a table")
        target = next((r for r in base if section.key in entry and r.values.get(section.key) == entry[section.key]), None)
        if target is None or replace or not amend:
            merged.append(_Raw(dict(entry), {k: (source, i) for k in entry}))
        else:  # an overlay amends the entry it names
            target.values.update(entry)
            target.origin.update({k: (source, i) for k in entry})
    return merged


def _validate(section: Section, raws: list[_Raw], fallback: _Source) -> tuple[SourceEntry, ...]:
    models, keys = [], {}
    for number, raw in enumerate(raws, start=1):
        try:
            model = section.model.model_validate(raw.values)
        except ValidationError as exc:
            error = exc.errors()[0]
            key = str(error["loc"][0]) if error["loc"] else None
            src, i = raw.origin.get(key) or next(iter(raw.origin.values()), (fallback, number - 1))
            what = f"unknown key {key!r}" if error["type"] == "extra_forbidden" else f"{key or 'entry'}: {error['msg']}"
            if error["type"] != "extra_forbidden" and "input" in error and key:
                what += f" (got {error['input']!r})"
            raise RegistryError(f"{src.where(section.name, i, key)}: [[{section.name}]] #{i + 1}: {what}") from None
        identity = getattr(model, section.key)
        if identity in keys:
            src, i = raw.origin[section.key]
            raise RegistryError(f"{src.where(section.name, i, section.key)}: [[{section.name}]] {section.key} = {identity!r} is listed twice")
        keys[identity] = model
        models.append(model)
    return tuple(models)


# Where `python -m mirror serve` serves the mirror by default: the address synthetic rows record.
MIRROR_DEFAULT_PORT = 8765
MIRROR_RECORDED_URL = f"http://127.0.0.1:{MIRROR_DEFAULT_PORT}"


def check_mirror_url(url: str) -> str:
    """The mirror must be on this machine: a typo'd or hostile SPBE_MIRROR_URL would otherwise
    switch the private-address guard off for a host somewhere else."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parts.scheme != "http" or not loopback or parts.path not in ("", "/") or parts.query:
        raise RegistryError(
            f"{MIRROR_URL_ENV}={url!r} is refused: the mirror must be http on a loopback address "
            "(e.g. http://127.0.0.1:8765), nothing was contacted"
        )
    return url.rstrip("/")


@dataclass(frozen=True)
class Registry:
    sections: Mapping[str, tuple[SourceEntry, ...]]
    user_agent: str = DEFAULT_USER_AGENT
    mode: str = "live"
    mirror_url: str | None = None
    origins: tuple[str, ...] = field(default=(), compare=False)

    MIRROR_HOST_FALLBACK: ClassVar[str] = "spbe-mirror.invalid"

    def entries(self, section: str) -> tuple[SourceEntry, ...]:
        return self.sections.get(section, ())

    def resolve_url(self, live_url: str) -> str:
        """The URL to fetch: the live one, or its mirror copy at {mirror}/{host}{path}."""
        if self.mode != "mirror":
            return live_url
        parts = urlsplit(live_url)
        path = parts.path or "/"
        query = f"?{parts.query}" if parts.query else ""
        return f"{self.mirror_url}/{parts.netloc}{path}{query}"

    def recorded_url(self, live_url: str) -> str:
        """The URL stored as a row's provenance: the live one, or in mirror mode the document's address
        on the mirror at its default port (MIRROR_RECORDED_URL). Synthetic rows must never point at a
        real publisher, and the port a run happened to use must not make two builds of the same data differ."""
        if self.mode != "mirror":
            return live_url
        parts = urlsplit(live_url)
        query = f"?{parts.query}" if parts.query else ""
        return f"{MIRROR_RECORDED_URL}/{parts.netloc}{parts.path or '/'}{query}"

    def live_url_of(self, url: str) -> str:
        """The live URL a fetched URL stands for: the inverse of resolve_url. The HTTP cache is keyed
        by it, so a mirror on another port still revalidates what the last run stored."""
        if self.mode != "mirror" or not url.startswith(self.mirror_url + "/"):
            return url
        rest = url[len(self.mirror_url) + 1 :]
        host, slash, path = rest.partition("/")
        if not slash or "." not in host:  # the mirror's own /robots.txt, not a publisher's
            return f"http://{self.MIRROR_HOST_FALLBACK}/{rest}"
        return f"https://{host}/{path}"

    def live_hosts(self) -> frozenset[str]:
        urls = [u for entries in self.sections.values() for entry in entries for u in entry.urls()]
        return frozenset(urlsplit(u).netloc for u in urls)

    def allowed_hosts(self) -> frozenset[str]:
        """Hosts the HTTP client may contact: the registry's publishers, or only the mirror."""
        if self.mode == "mirror":
            return frozenset({urlsplit(self.mirror_url).netloc})
        return self.live_hosts()


def overlay_paths_from_env() -> list[Path]:
    value = os.environ.get(REGISTRY_OVERLAY_ENV, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def load_registry(
    path: Path | None = None,
    mode: str | None = None,
    mirror_url: str | None = None,
    overlays: Iterable[Path] | None = None,
    sections: Mapping[str, Section] | None = None,
) -> Registry:
    """The registry file (default: the packaged one) with its overlays, validated strictly."""
    mode = mode or os.environ.get(SOURCE_MODE_ENV) or "live"
    mirror_url = mirror_url or os.environ.get(MIRROR_URL_ENV)
    if mode not in SOURCE_MODES:
        raise RegistryError(f"{SOURCE_MODE_ENV} must be 'live' or 'mirror', not {mode!r}")
    if mode == "mirror":
        if not mirror_url:
            raise RegistryError(f"{SOURCE_MODE_ENV}=mirror needs {MIRROR_URL_ENV} (e.g. http://127.0.0.1:8765)")
        mirror_url = check_mirror_url(mirror_url)
    sections = discover_sections() if sections is None else sections
    path = path or os.environ.get(REGISTRY_PATH_ENV) or None
    files = [(_read(Path(path) if path else None), False)]
    files += [(_read(Path(p)), True) for p in (overlay_paths_from_env() if overlays is None else overlays)]
    raws: dict[str, list[_Raw]] = {name: [] for name in sections}
    user_agent = DEFAULT_USER_AGENT
    for source, is_overlay in files:
        raw = _parse(source)
        _check_top_level(source, raw, sections, overlay=is_overlay)
        replace = raw.get("overlay", {}).get("replace", [])
        if not isinstance(replace, list) or any(name not in sections for name in replace):
            raise RegistryError(f"{source.where('overlay', None, 'replace')}: [overlay] replace must list known sections, not {replace!r}")
        user_agent = raw.get("http", {}).get("user_agent", user_agent)
        for name, section in sections.items():
            if name in raw or name in replace:
                raws[name] = _merge(raws[name], source, raw.get(name, []), section, replace=name in replace, amend=is_overlay)
    validated = {name: _validate(sections[name], raws[name], files[0][0]) for name in sections}
    if mode == "live":  # a live night must not knock on hosts that exist only in the mirror
        validated = {name: tuple(e for e in entries if not e.mirror_only) for name, entries in validated.items()}
    if not isinstance(user_agent, str) or not user_agent.strip():
        raise RegistryError(f"{files[0][0].where('http', None, 'user_agent')}: [http] user_agent must be a non-empty string")
    return Registry(validated, user_agent, mode, mirror_url, tuple(s.origin for s, _ in files))
