"""Serve a mirror tree on 127.0.0.1 with the validators real publishers send (ETag, Last-Modified).

Files at root/HOST/PATH answer GET /HOST/PATH; a directory answers with its index.html, so the
extension-less live paths (/jdih.menpan.go.id/produk-hukum/keputusan-...) work as they do live.
Conditional requests (If-None-Match, If-Modified-Since) get 304 Not Modified.

    python -m mirror.server --root data/mirror --port 8765
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mirror.portal import PORTAL_HOST, load_portal

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    # No charset for HTML: pages declare their own (some sites are windows-1252), as many servers do.
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
}
NOT_FOUND = (
    b"<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>404 Halaman Tidak Ditemukan</title>"
    b"</head><body><h1>404</h1><p>Halaman tidak ditemukan.</p></body></html>"
)


@dataclass
class MirrorServer:
    httpd: ThreadingHTTPServer
    root: Path

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def base_url(self) -> str:
        host = self.httpd.server_address[0]
        return f"http://{host}:{self.port}"

    def url_for(self, live_url: str) -> str:
        """The mirror URL of a live URL: https://HOST/PATH -> {base_url}/HOST/PATH."""
        from mirror.documents import mirror_url

        return mirror_url(live_url, self.base_url)


def resolve_path(root: Path, raw_path: str) -> Path | None:
    """The file a request path names inside root, or None (missing, or escaping root with ../)."""
    root = root.resolve()
    path = unquote(urlsplit(raw_path).path)
    if "\x00" in path:
        return None
    target = (root / path.lstrip("/")).resolve()
    if target != root and root not in target.parents:
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


def _not_modified(headers, etag: str, mtime: float) -> bool:
    """RFC 9110: If-None-Match wins; If-Modified-Since only when there is no If-None-Match."""
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag in tags
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            since = email.utils.parsedate_to_datetime(ims)
        except (TypeError, ValueError, IndexError):
            return False
        if since is None:
            return False
        return int(mtime) <= since.timestamp()
    return False


def _handler(root: Path):
    portal = load_portal(root)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def version_string(self) -> str:
            return "spbe-mirror/1.0"

        def log_message(self, *args) -> None:  # quiet: tests and the demo print their own output
            pass

        def _serve(self, with_body: bool) -> None:
            target = resolve_path(root, self.path)
            if target is None:
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(NOT_FOUND)))
                self.end_headers()
                if with_body:
                    self.wfile.write(NOT_FOUND)
                return
            content = target.read_bytes()
            mtime = target.stat().st_mtime
            etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
            modified = email.utils.formatdate(mtime, usegmt=True)
            if _not_modified(self.headers, etag, mtime):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", modified)
                self.send_header("Cache-Control", "public, max-age=0, must-revalidate")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", content_type(target))
            self.send_header("Content-Length", str(len(content)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.send_header("Cache-Control", "public, max-age=0, must-revalidate")
            self.end_headers()
            if with_body:
                self.wfile.write(content)

        def _portal(self, method: str) -> bool:
            """The JDIH portal's dynamic pages (mirror/portal.py); False when the path is not one."""
            prefix = f"/{PORTAL_HOST}/"
            if portal is None or not self.path.startswith(prefix):
                return False
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            answer = portal.handle(method, self.path[len(prefix) - 1 :], self.headers, body, f"http://{self.headers.get('Host')}")
            if answer is None:
                return False
            status, headers, content = answer
            etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
            if method == "GET" and status == 200 and "Set-Cookie" not in headers:
                headers = {**headers, "ETag": etag, "Cache-Control": "public, max-age=0, must-revalidate"}
                tags = {t.strip().removeprefix("W/") for t in (self.headers.get("If-None-Match") or "").split(",")}
                if etag in tags:  # no Last-Modified is sent for a rendered page: only its ETag revalidates
                    status, content = 304, b""
            self.send_response(status)
            for name, value in headers.items():
                if status != 304 or name in ("ETag", "Cache-Control"):
                    self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)
            return True

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            if not self._portal("GET"):
                self._serve(with_body=True)

        def do_POST(self) -> None:  # noqa: N802
            if not self._portal("POST"):
                self.send_response(405)
                self.send_header("Content-Length", "0")
                self.end_headers()

        def do_HEAD(self) -> None:  # noqa: N802
            self._serve(with_body=False)

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A client that hangs up mid-response is normal for a scraper under test; stay quiet.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_mirror(root: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[MirrorServer]:
    """Serve root in a background thread; yields an object with .base_url ("http://127.0.0.1:PORT")."""
    root = Path(root)
    httpd = _QuietServer((host, port), _handler(root))
    thread = threading.Thread(target=httpd.serve_forever, name="spbe-mirror", daemon=True)
    thread.start()
    try:
        yield MirrorServer(httpd, root)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
