"""The mirror's JDIH portal: a Livewire application as docs/sources.md describes the real one.

- `GET /<jdih>/dokumen-hukum/hasil-pencarian?jenis=<kind>` sets a session cookie and answers a page
  whose `dokumen.dokumen-search-result` component carries the first result page in its
  `wire:snapshot` (PHP arrays as `[items, {"s": "arr"}]`, records at `data.data[0][n][0]`, with
  `data.totalPage`); only the first four results are rendered as HTML. Livewire's script tag
  carries `data-csrf` and `data-update-uri`.
- `POST /<jdih>/livewire/update` (JSON: `_token`, `components[0].snapshot`, a `searchDokumen(page)`
  call) needs the `X-Livewire` header, the session cookie, that session's token and a snapshot this
  server issued, byte for byte (the snapshot is PHP-style JSON, `\\/` and raw UTF-8, so a client that
  re-serialises it is refused); anything else is 419 or 400, as Livewire answers.
- `GET /<jdih>/dokumen-hukum/<slug>`: slugs are the title cut at an uneven length plus `-<id>`; the
  attachment is named only in the page's snapshot (`dokumen_lampiran`, a URL on the data host as
  this mirror serves it) and behind an "Unduh" button with a `wire:click`; the one plain PDF link on
  the page is a user guide on the portal host.
- Decoys: decrees with near numbers and years, a title that names the wanted number while its own
  number differs, other kinds of document with the very numbers we want, and Cyrillic look-alike
  letters in titles. Every title says the data are synthetic.

The catalogue is data (`_portal.json` under the portal's host folder, written with the mirror), so
the server needs nothing but the tree.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import random
import secrets
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

PORTAL_HOST = "jdih.menpan.go.id"
DATA_HOST = "data-jdih.menpan.go.id"
CATALOGUE = "_portal.json"
SEARCH_PATH = "/dokumen-hukum/hasil-pencarian"
UPDATE_PATH = "/livewire/update"
DOCUMENT_PREFIX = "/dokumen-hukum/"
PAGE_SIZE = 10
RENDERED = 4  # results the search page renders as HTML (the rest only in the snapshot)
KEPMEN, KEPBERSAMA, PERMEN = "keputusan menteri", "keputusan bersama menteri", "peraturan menteri"
SYNTHETIC_TAG = " [DATA SINTETIS]"
_CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "i": "і"})
_MINISTER = "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"
_FILLER_SUBJECTS = (
    "Jabatan Fungsional Analis Kebijakan", "Pedoman Evaluasi Reformasi Birokrasi", "Road Map Reformasi Birokrasi",
    "Pengadaan Aparatur Sipil Negara", "Tim Koordinasi Pelayanan Publik", "Standar Pelayanan Minimal",
    "Pedoman Manajemen Risiko", "Penghargaan Zona Integritas", "Kelas Jabatan di Lingkungan Kementerian",
    "Satuan Tugas Percepatan Digitalisasi",
)


def _slug(title: str, doc_id: int, cut: int) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in title.lower()).split()
    return "-".join(words)[:cut].rstrip("-") + f"-{doc_id}"


def _look_alike(text: str, rng: random.Random) -> str:
    """Swap a few Latin letters for Cyrillic ones, as some of the portal's titles do."""
    chars = list(text)
    spots = [i for i, ch in enumerate(chars) if ch in "aeopci"]
    for i in rng.sample(spots, min(4, len(spots))):
        chars[i] = chars[i].translate(_CYRILLIC)
    return "".join(chars)


def _doc(doc_id: int, kind: str, number: int, year: int, subject: str, day: str, rng: random.Random, *,
         status: str = "Berlaku", lampiran: str | None = None, cyrillic: bool = False) -> dict:
    prefix = {KEPMEN: "Keputusan", KEPBERSAMA: "Keputusan Bersama", PERMEN: "Peraturan"}[kind]
    title = f"{prefix} {_MINISTER} Nomor {number} Tahun {year} tentang {subject}"
    slug = _slug(title, doc_id, rng.randint(96, 140))
    if cyrillic:
        title = _look_alike(title, rng)
    return {"id": doc_id, "jenis": kind, "slug": slug, "judul": title + SYNTHETIC_TAG, "nomor_peraturan": str(number),
            "tanggal_penetapan": f"{year}-{day}", "status": status, "lampiran": lampiran}


def build_catalogue(decrees: list[dict], seed: int) -> list[dict]:
    """The portal's documents, newest first: each decree (`number`, `year`, `subject`, `enacted`
    (ISO), `lampiran` file name) with its decoys, and unrelated fillers."""
    rng = random.Random(seed)
    next_id = iter(range(1101, 9999, 7))
    docs = []
    for d in decrees:
        n, y, subject, day = d["number"], d["year"], d["subject"], d["enacted"][5:]
        docs.append(_doc(next(next_id), KEPMEN, n, y, subject, day, rng, lampiran=d["lampiran"], cyrillic=True))
        # Near numbers and years, the same subject: only the number and the year tell them apart.
        for dn, dy, status in ((n + 1, y, "Berlaku"), (n * 10 + 3, y, "Berlaku"), (n, y - 1, "Dicabut")):
            docs.append(_doc(next(next_id), KEPMEN, dn, dy, subject, day, rng, status=status, cyrillic=rng.random() < 0.5,
                             lampiran=f"{dy}kepmenpanrb{dn:03d}.pdf"))
        # A title that names the wanted number while the document's own number is another.
        docs.append(_doc(next(next_id), KEPMEN, n + 27, y, f"Perubahan atas Keputusan Menteri Nomor {n} Tahun {y} "
                         f"tentang {subject}", day, rng, lampiran=f"{y}kepmenpanrb{n + 27:03d}.pdf"))
        # Other kinds of document with the very number and year: a search by kind leaves them out.
        docs.append(_doc(next(next_id), PERMEN, n, y, "Pedoman Sistem Pemerintahan Berbasis Elektronik", day, rng,
                         lampiran=f"{y}permenpanrb{n:03d}.pdf"))
        docs.append(_doc(next(next_id), KEPBERSAMA, n, y, "Cuti Bersama Aparatur Sipil Negara", day, rng,
                         lampiran=f"{y}skb{n:03d}.pdf"))
    years = sorted({d["year"] for d in decrees}) or [2024]
    for _ in range(28):
        year = rng.choice(years)
        docs.append(_doc(next(next_id), KEPMEN, rng.randint(200, 1400), year, rng.choice(_FILLER_SUBJECTS),
                         f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", rng))
    docs.sort(key=lambda d: (d["tanggal_penetapan"], d["id"]), reverse=True)
    return docs


# -- PHP-flavoured JSON: what Livewire sends, and what a client must send back unchanged ---------


def _php_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")


def _arr(items):
    return [items, {"s": "arr"}]


@dataclass
class _Session:
    token: str
    issued: set[str] = field(default_factory=set)


class Portal:
    """The dynamic part of the mirror for one tree (sessions live in memory)."""

    def __init__(self, documents: list[dict]) -> None:
        self.documents = documents
        self.by_slug = {d["slug"]: d for d in documents}
        # The checksum key is the catalogue's own hash: a document page is the same bytes (and ETag)
        # on every run, so a rerun revalidates it with a 304 as it would on the portal.
        self.key = hashlib.sha256(json.dumps(documents, sort_keys=True).encode()).digest()
        self.sessions: dict[str, _Session] = {}
        self.lock = threading.Lock()
        self.stats = {"search": 0, "update": 0, "document": 0, "refused": 0}

    # -- snapshots ------------------------------------------------------------------------------
    def _snapshot(self, session: _Session, name: str, data: dict) -> str:
        memo = {"id": hashlib.sha1(name.encode()).hexdigest()[:20], "name": name, "path": "dokumen-hukum", "method": "GET",
                "children": [], "scripts": [], "assets": [], "errors": [], "locale": "id"}
        body = _php_json({"data": data, "memo": memo})
        checksum = hmac.new(self.key, body.encode(), hashlib.sha256).hexdigest()
        raw = body[:-1] + f',"checksum":"{checksum}"}}'
        with self.lock:
            session.issued.add(raw)
        return raw

    def _results(self, kind: str, page: int) -> tuple[list[dict], int]:
        matching = [d for d in self.documents if d["jenis"] == kind]
        pages = max(1, -(-len(matching) // PAGE_SIZE))
        start = (page - 1) * PAGE_SIZE
        return matching[start : start + PAGE_SIZE], pages

    def _search_data(self, kind: str, page: int) -> tuple[dict, list[dict]]:
        records, pages = self._results(kind, page)
        fields = ("id", "slug", "judul", "nomor_peraturan", "tanggal_penetapan", "status")
        data = {"data": _arr([_arr({k: r[k] for k in fields}) for r in records]), "jenis": kind, "keyword": "",
                "page": page, "totalPage": pages}
        return data, records

    # -- requests -------------------------------------------------------------------------------
    def handle(self, method: str, path: str, headers, body: bytes, base: str) -> tuple[int, dict, bytes] | None:
        """(status, headers, body) for a portal path (the part after /<host>), or None: not ours."""
        parts = urlsplit(path)
        if method == "GET" and parts.path == SEARCH_PATH:
            return self._search_page(parse_qs(parts.query), base)
        if parts.path == UPDATE_PATH:
            return self._update(method, headers, body) if method == "POST" else (405, {}, b"Method Not Allowed")
        if method == "GET" and parts.path.startswith(DOCUMENT_PREFIX):
            doc = self.by_slug.get(unquote(parts.path[len(DOCUMENT_PREFIX):]).strip("/"))
            return None if doc is None else self._document_page(doc, base)
        return None

    def _search_page(self, query: dict, base: str) -> tuple[int, dict, bytes]:
        kind = (query.get("jenis") or [""])[0].strip().lower()
        session_id, session = secrets.token_hex(20), _Session(secrets.token_hex(20))
        with self.lock:
            self.sessions[session_id] = session
            self.stats["search"] += 1
        data, records = self._search_data(kind, 1)
        snapshot = self._snapshot(session, "dokumen.dokumen-search-result", data)
        shown = "\n".join(
            f'<div class="card-dokumen"><a href="/{PORTAL_HOST}{DOCUMENT_PREFIX}{r["slug"]}">{html.escape(r["judul"])}</a>'
            f'<span class="nomor">Nomor {html.escape(r["nomor_peraturan"])}</span></div>'
            for r in records[:RENDERED]
        )
        body = f"""<div wire:snapshot="{html.escape(snapshot, quote=True)}" wire:effects="[]" wire:id="search-1">
<h2>Hasil Pencarian: {html.escape(kind) or '(semua)'}</h2>
{shown or '<p>Tidak ada dokumen.</p>'}
<nav class="pagination"><button wire:click="searchDokumen(2)">Berikutnya</button></nav>
</div>"""
        page = _layout("Hasil Pencarian Dokumen Hukum", body, session.token)
        cookie = f"laravel_session={session_id}; Path=/; HttpOnly; SameSite=Lax"
        return 200, {"Content-Type": "text/html; charset=UTF-8", "Set-Cookie": cookie, "Cache-Control": "no-store"}, page

    def _refuse(self, status: int, why: str) -> tuple[int, dict, bytes]:
        with self.lock:
            self.stats["refused"] += 1
        return status, {"Content-Type": "application/json"}, json.dumps({"message": why}).encode()

    def _update(self, method: str, headers, body: bytes) -> tuple[int, dict, bytes]:
        if headers.get("X-Livewire") is None:
            return self._refuse(400, "not a Livewire request (no X-Livewire header)")
        cookies = dict(c.strip().split("=", 1) for c in (headers.get("Cookie") or "").split(";") if "=" in c)
        session = self.sessions.get(cookies.get("laravel_session", ""))
        try:
            payload = json.loads(body.decode("utf-8"))
            component = payload["components"][0]
            call = component["calls"][0]
        except (ValueError, KeyError, IndexError, TypeError):
            return self._refuse(400, "malformed Livewire payload")
        if session is None or not hmac.compare_digest(str(payload.get("_token")), session.token):
            return self._refuse(419, "Page Expired (session cookie or CSRF token missing or wrong)")
        if component.get("snapshot") not in session.issued:
            return self._refuse(400, "CorruptComponentPayloadException: the snapshot is not the one issued")
        if call.get("method") != "searchDokumen" or not call.get("params"):
            return self._refuse(400, f"unknown method {call.get('method')!r}")
        state = json.loads(component["snapshot"])["data"]
        try:
            page = int(call["params"][0])
        except (TypeError, ValueError):
            return self._refuse(400, "page must be a number")
        data, records = self._search_data(state["jenis"], max(1, page))
        snapshot = self._snapshot(session, "dokumen.dokumen-search-result", data)
        shown = "".join(f'<div class="card-dokumen">{html.escape(r["judul"])}</div>' for r in records[:RENDERED])
        with self.lock:
            self.stats["update"] += 1
        answer = {"components": [{"snapshot": snapshot, "effects": {"html": f"<div wire:id=\"search-1\">{shown}</div>"}}],
                  "assets": []}
        return 200, {"Content-Type": "application/json"}, json.dumps(answer, ensure_ascii=False).encode()

    def _document_page(self, doc: dict, base: str) -> tuple[int, dict, bytes]:
        with self.lock:
            self.stats["document"] += 1
        # The mirror's /HOST/PATH form, without its port: the page's bytes (and ETag) stay the same
        # when the mirror runs on another port, as the portal's do; a full URL would name a real host.
        lampiran = f"/{DATA_HOST}/dokumen/{doc['lampiran']}" if doc["lampiran"] else None
        data = {"dokumen": _arr({**{k: doc[k] for k in ("id", "slug", "judul", "nomor_peraturan", "tanggal_penetapan",
                                                         "status")}, "dokumen_lampiran": lampiran})}
        snapshot = self._snapshot(_Session(""), "dokumen.dokumen-detail", data)
        body = f"""<div wire:snapshot="{html.escape(snapshot, quote=True)}" wire:effects="[]" wire:id="detail-1">
<h1>{html.escape(doc['judul'])}</h1>
<dl class="detail"><dt>Jenis</dt><dd>{html.escape(doc['jenis'].title())}</dd><dt>Nomor</dt><dd>{doc['nomor_peraturan']}</dd>
<dt>Tanggal Penetapan</dt><dd>{doc['tanggal_penetapan']}</dd><dt>Status</dt><dd>{doc['status']}</dd></dl>
<button class="btn btn-unduh" wire:click="unduh" x-on:click="$wire.unduh()">Unduh</button>
<p><a href="/{PORTAL_HOST}/panduan/panduan-pengguna-jdih.pdf">Panduan pengguna (PDF)</a></p>
</div>"""
        return 200, {"Content-Type": "text/html; charset=UTF-8"}, _layout(doc["judul"], body, None)


def _layout(title: str, body: str, csrf: str | None) -> bytes:
    script = (f'<script src="/livewire/livewire.js?id=5d8beb2e" data-csrf="{csrf}" data-update-uri="/livewire/update" '
              'data-navigate-once="true"></script>') if csrf else ""
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{html.escape(title)} | JDIH Kementerian PANRB</title></head>
<body><div class="synthetic" role="note">DATA SINTETIS untuk pengujian - bukan dokumen resmi KemenPAN-RB</div>
<main>{body}</main>
{script}
</body></html>
""".encode()


def load_portal(root) -> Portal | None:
    """The portal of a mirror tree, when the tree has one."""
    path = root / PORTAL_HOST / CATALOGUE
    if not path.is_file():
        return None
    return Portal(json.loads(path.read_text(encoding="utf-8"))["documents"])
