"""Serve a mirror tree on 127.0.0.1 with the validators real publishers send (ETag, Last-Modified)."""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
}


@dataclass
class MirrorServer:
    httpd: ThreadingHTTPServer
    root: Path

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"


def _resolve(root: Path, raw_path: str) -> Path | None:
    path = unquote(urlsplit(raw_path).path)
    target = (root / path.lstrip("/")).resolve()
    if root.resolve() not in target.parents and target != root.resolve():
        return None  # no escaping the mirror with ../
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def _handler(root: Path):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            target = _resolve(root, self.path)
            if target is None:
                body = b"<html><body><h1>404 Tidak Ditemukan</h1></body></html>"
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            content = target.read_bytes()
            etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
            modified = email.utils.formatdate(target.stat().st_mtime, usegmt=True)
            if self.headers.get("If-None-Match") == etag or (
                not self.headers.get("If-None-Match") and self.headers.get("If-Modified-Since") == modified
            ):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            ctype = CONTENT_TYPES.get(target.suffix.lower(), "application/octet-stream")
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(content)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.end_headers()
            self.wfile.write(content)

    return Handler


@contextlib.contextmanager
def serve_mirror(root: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[MirrorServer]:
    httpd = ThreadingHTTPServer((host, port), _handler(Path(root)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="spbe-mirror", daemon=True)
    thread.start()
    try:
        yield MirrorServer(httpd, Path(root))
    finally:
        httpd.shutdown()
        httpd.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description="serve the SPBE mirror on 127.0.0.1")
    parser.add_argument("--root", default="data/mirror")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    import time

    with serve_mirror(Path(args.root), port=args.port) as server:
        print(f"serving {args.root} at {server.base_url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
