"""Read what a Laravel Livewire page carries, as the JDIH portal serves it (docs/sources.md).

Every Livewire component on a page is an element with a `wire:snapshot` attribute: JSON (HTML-escaped
in the attribute) with `memo.name`, the component's name, and `data`, its state. Livewire writes a
PHP array as `[items, {"s": "arr"}]`, each item the same way; `unwrap` undoes that. The snapshot text
is kept exactly as received: an update (`POST /livewire/update`) must send it back byte for byte,
because the server checks it against its checksum.

Some titles on the portal use Cyrillic letters that look Latin (`а`, `е`, `о`, `р`, `с`, `і`):
`fold_lookalikes` maps them (and full-width digits, via NFKC) to Latin before any comparison.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup

SNAPSHOT_ATTR = "wire:snapshot"
# Cyrillic (and a few Greek) letters that render like Latin ones, as seen in the portal's titles.
_LOOKALIKES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "і": "i", "ј": "j", "ѕ": "s", "х": "x", "у": "y",
    "ԁ": "d", "ӏ": "l", "һ": "h", "ԛ": "q", "ѡ": "w", "ү": "y",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "У": "Y", "Ү": "Y",
    "ο": "o", "Ο": "O", "α": "a", "Α": "A", "ε": "e", "Ε": "E", "ι": "i", "Ι": "I", "Τ": "T", "Ν": "N",
})
_CSRF_IN_SCRIPT = re.compile(r"""["']?csrf["']?\s*:\s*["']([^"']+)["']""")
_URI_IN_SCRIPT = re.compile(r"""["']?uri["']?\s*:\s*["']([^"']+)["']""")


def fold_lookalikes(text: str) -> str:
    """Latin letters for their Cyrillic look-alikes, NFKC first (full-width digits become digits)."""
    return unicodedata.normalize("NFKC", text).translate(_LOOKALIKES)


def unwrap(value: Any) -> Any:
    """Livewire's dehydrated form back to plain JSON: `[x, {"s": "arr"}]` -> x, recursively."""
    if isinstance(value, list):
        if len(value) == 2 and isinstance(value[1], dict) and "s" in value[1]:
            return unwrap(value[0])
        return [unwrap(v) for v in value]
    if isinstance(value, dict):
        return {k: unwrap(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Snapshot:
    """One component's state: `raw` is the JSON text exactly as received (to be sent back)."""

    raw: str
    name: str  # memo.name, e.g. "dokumen.dokumen-search-result"
    data: dict  # `data`, unwrapped

    @classmethod
    def parse(cls, raw: str) -> Snapshot:
        """Raises ValueError when the text is not a Livewire snapshot (bad JSON, no memo or data)."""
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ValueError(f"a wire:snapshot that is not JSON ({exc.msg} at character {exc.pos})") from None
        if not isinstance(value, dict) or not isinstance(value.get("data"), dict):
            raise ValueError("a wire:snapshot without a `data` object")
        memo = value.get("memo") if isinstance(value.get("memo"), dict) else {}
        return cls(raw, str(memo.get("name") or ""), unwrap(value["data"]))


@dataclass(frozen=True)
class LivewirePage:
    snapshots: tuple[Snapshot, ...]
    csrf: str | None  # the page's data-csrf (or csrf-token meta), sent back as _token
    update_uri: str | None  # data-update-uri of Livewire's script, when the page names it
    soup: BeautifulSoup

    def component(self, name: str) -> Snapshot | None:
        return next((s for s in self.snapshots if s.name == name), None)


def decode_page(content: bytes, content_type: str = "") -> str:
    match = re.search(r"charset=([\w-]+)", content_type or "", re.I)
    try:
        return content.decode(match.group(1) if match else "utf-8")
    except (LookupError, UnicodeDecodeError):
        return content.decode("utf-8", "replace")


def read_page(html: str) -> LivewirePage:
    """The page's components (snapshots that do not parse are skipped), CSRF token and update URI."""
    soup = BeautifulSoup(html, "lxml")
    snapshots = []
    for element in soup.find_all(attrs={SNAPSHOT_ATTR: True}):
        try:
            snapshots.append(Snapshot.parse(element[SNAPSHOT_ATTR]))
        except ValueError:
            continue
    csrf = _attr(soup, "data-csrf")
    if csrf is None:
        meta = soup.find("meta", attrs={"name": "csrf-token"})
        csrf = meta.get("content") if meta is not None else None
    update_uri = _attr(soup, "data-update-uri")
    scripts = " ".join(s.get_text() for s in soup.find_all("script") if "livewire" in s.get_text().lower())
    if csrf is None and (found := _CSRF_IN_SCRIPT.search(scripts)):
        csrf = found.group(1)
    if update_uri is None and (found := _URI_IN_SCRIPT.search(scripts)):
        update_uri = found.group(1).replace("\\/", "/")
    return LivewirePage(tuple(snapshots), csrf or None, update_uri or None, soup)


def _attr(soup: BeautifulSoup, name: str) -> str | None:
    element = soup.find(attrs={name: True})
    return str(element[name]) if element is not None else None


def update_body(token: str, snapshot_raw: str, method: str, params: list) -> bytes:
    """The JSON body of `POST /livewire/update` calling one method of one component."""
    payload = {
        "_token": token,
        "components": [{"snapshot": snapshot_raw, "updates": {}, "calls": [{"path": "", "method": method, "params": params}]}],
    }
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def snapshot_of_update(content: bytes) -> Snapshot:
    """The first component's new snapshot from an update answer; ValueError when there is none."""
    try:
        answer = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"the Livewire update answer is not JSON ({exc})") from None
    components = answer.get("components") if isinstance(answer, dict) else None
    snapshot = components[0].get("snapshot") if components and isinstance(components[0], dict) else None
    if isinstance(snapshot, dict):  # Livewire sends a JSON string; an object is taken as the same state
        snapshot = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"))
    if not isinstance(snapshot, str):
        raise ValueError("the Livewire update answer has no components[0].snapshot")
    return Snapshot.parse(snapshot)


def values_of(data: Any, key: str) -> Iterator[Any]:
    """Every value stored under `key`, anywhere in a component's data."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key:
                yield v
            yield from values_of(v, key)
    elif isinstance(data, list):
        for v in data:
            yield from values_of(v, key)


def records_with(data: Any, *fields: str) -> Iterator[dict]:
    """Every dict in a component's data that has all `fields` (e.g. a search result's documents)."""
    if isinstance(data, dict):
        if all(f in data for f in fields):
            yield data
            return
        for v in data.values():
            yield from records_with(v, *fields)
    elif isinstance(data, list):
        for v in data:
            yield from records_with(v, *fields)
