"""The plumbing both test servers share: a threading HTTP/1.1 server on 127.0.0.1, a free port,
a context manager that starts and stops it, and every request handed to one method.

Subclasses (FaultServer, PortalStandIn) only decide what a request gets, in `_handle`.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LocalServer:
    methods: tuple[str, ...] = ("GET",)

    def __init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

        for method in self.methods:
            # bind the method name now: a closure over the loop variable would see the last one
            setattr(Handler, f"do_{method}", lambda handler, m=method: server._handle(handler, m))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://{self.netloc}"

    @property
    def netloc(self) -> str:
        return f"127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        raise NotImplementedError
