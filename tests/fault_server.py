"""A local HTTP server that serves a mirror directory and injects faults on chosen paths.

Faults are what the web does to a nightly scraper: error statuses with and without Retry-After,
connection resets, truncated bodies, wrong content types, HTML error pages with status 200,
oversize bodies, redirect loops and redirects off-host, and servers that trickle bytes.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.local_server import LocalServer


@dataclass
class Fault:
    kind: str  # status | reset | truncate | trickle | body | redirect | huge
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    times: int | None = None  # apply this many times, then serve normally; None = always
    delay_s: float = 0.0
    size: int = 0


class FaultServer(LocalServer):
    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self.faults: dict[str, Fault] = {}
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()
        super().__init__()

    def inject(self, path: str, fault: Fault) -> None:
        with self.lock:
            self.faults[path] = fault

    def clear(self) -> None:
        with self.lock:
            self.faults.clear()
            self.hits.clear()

    # -- serving ----------------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        path = h.path.split("?")[0]
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            fault = self.faults.get(path)
            if fault is not None and fault.times is not None:
                if fault.times <= 0:
                    fault = None
                else:
                    fault.times -= 1
        if fault is None:
            return self._serve_file(h, path)
        getattr(self, f"_fault_{fault.kind}")(h, fault)

    def _serve_file(self, h: BaseHTTPRequestHandler, path: str) -> None:
        if path == "/robots.txt" and (self.root is None or not (self.root / "robots.txt").exists()):
            return self._send(h, 200, b"User-agent: *\nAllow: /\n", "text/plain")
        target = (self.root / path.lstrip("/")) if self.root else None
        if target is not None and target.is_dir():
            target = target / "index.html"
        if target is None or not target.is_file():
            return self._send(h, 404, b"not found", "text/plain")
        suffix = target.suffix.lower()
        ctype = {".pdf": "application/pdf", ".xml": "application/xml", ".txt": "text/plain"}.get(suffix, "text/html; charset=utf-8")
        self._send(h, 200, target.read_bytes(), ctype)

    @staticmethod
    def _send(h, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    def _fault_status(self, h, f: Fault) -> None:
        self._send(h, f.status, f.body or f"status {f.status}".encode(), f.headers.pop("Content-Type", "text/html"), f.headers)

    def _fault_body(self, h, f: Fault) -> None:
        headers = dict(f.headers)
        ctype = headers.pop("Content-Type", "text/html; charset=utf-8")
        self._send(h, f.status, f.body, ctype, headers)

    def _fault_redirect(self, h, f: Fault) -> None:
        h.send_response(f.status or 302)
        h.send_header("Location", f.headers["Location"])
        h.send_header("Content-Length", "0")
        h.end_headers()

    def _fault_reset(self, h, f: Fault) -> None:
        # SO_LINGER with a zero timeout makes close() send a TCP RST: a "connection reset by peer".
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.close_connection = True
        h.connection.close()

    def _fault_truncate(self, h, f: Fault) -> None:
        h.send_response(200)
        h.send_header("Content-Type", f.headers.get("Content-Type", "application/pdf"))
        h.send_header("Content-Length", str(len(f.body) * 2))
        h.end_headers()
        h.wfile.write(f.body)
        h.wfile.flush()
        h.close_connection = True
        h.connection.shutdown(socket.SHUT_RDWR)

    def _fault_trickle(self, h, f: Fault) -> None:
        body = f.body or b"x" * 10_000
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        try:
            for i in range(len(body)):
                h.wfile.write(body[i : i + 1])
                h.wfile.flush()
                time.sleep(f.delay_s or 0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _fault_huge(self, h, f: Fault) -> None:
        chunk = b"%PDF-1.4 " + b"0" * 65527
        h.send_response(200)
        h.send_header("Content-Type", "application/pdf")
        h.send_header("Content-Length", str(f.size))
        h.end_headers()
        sent = 0
        try:
            while sent < f.size:
                h.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
