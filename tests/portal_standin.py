"""A stand-in for the JDIH portal written from ../shared/sources.md alone, not from the mirror.

It is served the way the project reaches any publisher in mirror mode ({base}/{host}{path}) and
follows the description literally:
- `GET /dokumen-hukum/hasil-pencarian?jenis=<kind>`: the results component
  `dokumen.dokumen-search-result` in a `wire:snapshot` attribute (HTML-escaped JSON, `memo.name`
  and `data`; PHP arrays as `[items, {"s": "arr"}]`), records at `data.data[0][n][0]` with id,
  slug, judul, nomor_peraturan, tanggal_penetapan, status; `data.totalPage`; four results rendered.
- `POST /livewire/update` with `{"_token", "components": [{"snapshot", "updates", "calls":
  [{"path": "", "method": "searchDokumen", "params": [page]}]}]}`, header `X-Livewire`, the session
  cookie of the first page; the snapshot must be the one last issued, byte for byte (a checksum).
- `GET /dokumen-hukum/<slug>`: a snapshot whose data holds `dokumen_lampiran`, the full URL on
  `data-jdih.menpan.go.id/dokumen/`; the PDF is served there.
It counts requests in flight (the client must send one at a time) and what it refused.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
import uuid
from urllib.parse import parse_qs, unquote, urlsplit

from tests.local_server import LocalServer

PORTAL = "jdih.menpan.go.id"
DATA = "data-jdih.menpan.go.id"
PER_PAGE = 10


def document(doc_id: int, kind: str, number: str, date: str, title: str, pdf: str | None) -> dict:
    slug = "-".join(title.lower().replace(",", "").split())[:60] + f"-{doc_id}"
    return {"id": doc_id, "kind": kind, "slug": slug, "judul": title, "nomor_peraturan": number,
            "tanggal_penetapan": date, "status": "Berlaku", "pdf": pdf}


class PortalStandIn(LocalServer):
    methods = ("GET", "POST")

    def __init__(self, documents: list[dict], files: dict[str, bytes]) -> None:
        self.documents, self.files = documents, files  # files: name under /dokumen/ -> bytes
        self.sessions: dict[str, dict] = {}
        self.lock = threading.Lock()
        self.in_flight = self.max_in_flight = 0
        self.refused: list[str] = []
        self.requests: list[str] = []
        super().__init__()

    # -- plumbing ---------------------------------------------------------------------------------
    def _handle(self, handler, method: str) -> None:
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self.requests.append(f"{method} {handler.path}")
        try:
            status, headers, body = self._route(handler, method)
        finally:
            with self.lock:
                self.in_flight -= 1
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _route(self, handler, method: str):
        parts = urlsplit(handler.path)
        if parts.path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /admin/\n"
        host, _, path = unquote(parts.path).lstrip("/").partition("/")
        path = "/" + path
        if host == DATA and method == "GET" and path.startswith("/dokumen/") and path[9:] in self.files:
            return 200, {"Content-Type": "application/pdf", "ETag": '"' + hashlib.md5(self.files[path[9:]]).hexdigest() + '"'}, self.files[path[9:]]
        if host != PORTAL:
            return 404, {}, b"not found"
        if method == "GET" and path == "/dokumen-hukum/hasil-pencarian":
            return self._search(parse_qs(parts.query).get("jenis", [""])[0])
        if method == "POST" and path == "/livewire/update":
            return self._update(handler)
        if method == "GET" and path.startswith("/dokumen-hukum/"):
            doc = next((d for d in self.documents if d["slug"] == path[len("/dokumen-hukum/"):]), None)
            if doc is not None:
                return self._page(doc)
        return 404, {}, b"not found"

    # -- Livewire ---------------------------------------------------------------------------------
    def _snapshot(self, name: str, data: dict) -> str:
        body = {"data": data, "memo": {"id": uuid.uuid4().hex[:20], "name": name}}
        checksum = hashlib.sha256(json.dumps(body).encode()).hexdigest()
        return json.dumps({**body, "checksum": checksum})  # ASCII-escaped, as PHP's json_encode may be

    def _records(self, kind: str, page: int) -> tuple[list[dict], int]:
        docs = [d for d in self.documents if d["kind"] == kind]
        return docs[(page - 1) * PER_PAGE : page * PER_PAGE], max(1, -(-len(docs) // PER_PAGE))

    def _search_data(self, kind: str, page: int) -> dict:
        records, total = self._records(kind, page)
        fields = ("id", "slug", "judul", "nomor_peraturan", "tanggal_penetapan", "status")
        items = [[{k: r[k] for k in fields}, {"s": "arr"}] for r in records]
        return {"data": [items, {"s": "arr"}], "jenis": kind, "totalPage": total, "page": page}

    def _search(self, kind: str):
        session, token = uuid.uuid4().hex, uuid.uuid4().hex
        snapshot = self._snapshot("dokumen.dokumen-search-result", self._search_data(kind, 1))
        with self.lock:
            self.sessions[session] = {"token": token, "kind": kind, "last": snapshot}
        shown = "".join(f"<li>{html.escape(r['judul'])}</li>" for r in self._records(kind, 1)[0][:4])
        page = (f'<html><head><meta name="csrf-token" content="{token}"></head><body>'
                f'<div wire:snapshot="{html.escape(snapshot)}" wire:id="x1"><ul>{shown}</ul></div>'
                f'<script src="/livewire/livewire.js" data-csrf="{token}"></script></body></html>')
        return 200, {"Content-Type": "text/html; charset=utf-8", "Set-Cookie": f"jdih_session={session}; path=/; httponly"}, page.encode()

    def _refuse(self, status: int, why: str):
        self.refused.append(why)
        return status, {"Content-Type": "application/json"}, json.dumps({"message": why}).encode()

    def _update(self, handler):
        if "X-Livewire" not in handler.headers:
            return self._refuse(400, "no X-Livewire header")
        cookie = handler.headers.get("Cookie", "")
        session = next((self.sessions[c.split("=", 1)[1]] for c in cookie.split("; ")
                        if c.startswith("jdih_session=") and c.split("=", 1)[1] in self.sessions), None)
        payload = json.loads(handler.rfile.read(int(handler.headers["Content-Length"])))
        if session is None or payload.get("_token") != session["token"]:
            return self._refuse(419, "page expired: session or token")
        component = payload["components"][0]
        if component["snapshot"] != session["last"]:
            return self._refuse(400, "snapshot changed")
        call = component["calls"][0]
        if call["method"] != "searchDokumen":
            return self._refuse(400, "unknown method")
        snapshot = self._snapshot("dokumen.dokumen-search-result", self._search_data(session["kind"], int(call["params"][0])))
        session["last"] = snapshot
        return 200, {"Content-Type": "application/json"}, json.dumps({"components": [{"snapshot": snapshot, "effects": {}}]}).encode()

    def _page(self, doc: dict):
        lampiran = f"https://{DATA}/dokumen/{doc['pdf']}" if doc["pdf"] else None
        data = {"dokumen": [{"judul": doc["judul"], "nomor_peraturan": doc["nomor_peraturan"], "dokumen_lampiran": lampiran},
                            {"s": "arr"}]}
        snapshot = self._snapshot("dokumen.dokumen-detail", data)
        body = (f'<html><body><div wire:snapshot="{html.escape(snapshot)}"><h1>{html.escape(doc["judul"])}</h1>'
                f'<button wire:click="download">Unduh</button></div></body></html>')
        return 200, {"Content-Type": "text/html; charset=utf-8", "ETag": f'"{doc["id"]}"'}, body.encode()


KEPMEN_SEARCH_KIND = "keputusan menteri"


def standin_documents() -> list[dict]:
    """The four SPBE decrees (2021-2024) among decoys: near numbers, other years, other kinds, a title
    naming the wanted number, Cyrillic look-alike letters in titles; newest first, ten per page."""
    cyr = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "i": "і"})
    spbe = "tentang Hasil Evaluasi Sistem Pemerintahan Berbasis Elektronik"
    kepmen = KEPMEN_SEARCH_KIND
    rows = [
        (kepmen, "663", "2024-12-20", f"Keputusan Menteri PANRB Nomor 663 Tahun 2024 {spbe} Tahun 2024".translate(cyr), "2024kepmen663.pdf"),
        (kepmen, "664", "2024-12-20", f"Keputusan Menteri PANRB Nomor 664 Tahun 2024 {spbe} Tahun 2024", None),
        ("keputusan bersama menteri", "663", "2024-12-01", "Keputusan Bersama Menteri Nomor 663 Tahun 2024 tentang Cuti Bersama", None),
        (kepmen, "66", "2024-03-01", f"Keputusan Menteri PANRB Nomor 66 Tahun 2024 {spbe}", None),
        (kepmen, "31", "2024-01-15", f"Keputusan Menteri PANRB Nomor 31 Tahun 2024 tentang Perubahan Nomor 13 Tahun 2024 {spbe}", None),
        (kepmen, "13", "2024-01-11", f"Keputusan Menteri PANRB Nomor 13 Tahun 2024 {spbe} Tahun 2023".translate(cyr), "2024kepmen13.pdf"),
        (kepmen, "13", "2023-01-05", f"Keputusan Menteri PANRB Nomor 13 Tahun 2023 {spbe}", None),
        (kepmen, "130", "2024-05-02", f"Keputusan Menteri PANRB Nomor 130 Tahun 2024 {spbe}", None),
        (kepmen, "108", "2023-01-31", f"Keputusan Menteri PANRB Nomor 108 Tahun 2023 {spbe} Tahun 2022".translate(cyr), "2023kepmen108.pdf"),
        (kepmen, "1080", "2023-02-01", f"Keputusan Menteri PANRB Nomor 1080 Tahun 2023 {spbe}", None),
        (kepmen, "108", "2022-06-01", f"Keputusan Menteri PANRB Nomor 108 Tahun 2022 {spbe}", None),
        (kepmen, "1504", "2021-12-28", f"Keputusan Menteri PANRB Nomor 1504 Tahun 2021 {spbe} Tahun 2021", None),
        (kepmen, "1503", "2021-12-24", f"Keputusan Menteri PANRB Nomor 1503 Tahun 2021 {spbe} Tahun 2021".translate(cyr), "2021kepmen1503.pdf"),
        (kepmen, "1503", "2020-12-24", f"Keputusan Menteri PANRB Nomor 1503 Tahun 2020 {spbe}", None),
    ]
    fillers = [(kepmen, str(200 + i), f"202{i % 4 + 1}-0{i % 9 + 1}-1{i % 9}", f"Keputusan Menteri PANRB Nomor {200 + i} tentang Jabatan Fungsional {i}", None)
               for i in range(32)]
    docs = [document(3000 + i, *row) for i, row in enumerate(rows + fillers)]
    docs.sort(key=lambda d: (d["tanggal_penetapan"], d["id"]), reverse=True)
    return docs
