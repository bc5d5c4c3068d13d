"""A local HTTPS server standing in for x.com, www.linkedin.com and www.facebook.com.

It serves the extension's end-to-end fixture pages under each network's name and records every POST
exactly as it arrived. mitmdump reaches it through `tests/proxy/loopback_names.py`; the browser never
connects to it directly.
"""

from __future__ import annotations

import http.server
import ssl
import threading
from dataclasses import dataclass, field
from pathlib import Path

from tests.proxy.e2e_support import TestPKI

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "extension" / "test" / "fixtures" / "pages"
# Host name -> fixture page; the page's own JavaScript posts to the same origin.
SITES = {"x.com": "x.html", "www.linkedin.com": "linkedin.html", "www.facebook.com": "facebook.html"}


@dataclass(frozen=True)
class Posted:
    """One POST as the stand-in received it (after the proxy)."""

    host: str
    path: str
    content_type: str
    body: bytes


@dataclass
class StandIn:
    """A threaded HTTPS server on 127.0.0.1 that serves the fixture pages and records POST bodies."""

    pki: TestPKI
    posts: list[Posted] = field(default_factory=list)
    pages_served: list[str] = field(default_factory=list)
    _server: http.server.ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def port(self) -> int:
        """The port the server listens on."""
        assert self._server is not None
        return int(self._server.server_address[1])

    def posts_to(self, host: str) -> list[Posted]:
        """The POSTs received for `host`, oldest first."""
        with self._lock:
            return [p for p in self.posts if p.host == host]

    def start(self) -> StandIn:
        """Bind to a free port and serve in a daemon thread."""
        standin = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _host(self) -> str:
                return self.headers.get("Host", "").split(":")[0].lower()

            def _reply(self, status: int, content_type: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                page = SITES.get(self._host())
                if page is None or self.path.startswith("/favicon"):
                    self._reply(404, "text/plain", b"not found")
                    return
                with standin._lock:
                    standin.pages_served.append(self._host())
                self._reply(200, "text/html; charset=utf-8", (PAGES / page).read_bytes())

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                posted = Posted(self._host(), self.path, self.headers.get("Content-Type", ""), body)
                with standin._lock:
                    standin.posts.append(posted)
                self._reply(200, "application/json", b'{"ok":true}')

            def log_message(self, format: str, *args: object) -> None:
                pass  # the bodies are the record; no access log

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.pki.cert_pem, self.pki.key_pem)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
        server.daemon_threads = True
        server.server_bind()
        server.server_activate()
        server.socket = context.wrap_socket(server.socket, server_side=True)
        self._server = server
        threading.Thread(target=server.serve_forever, name="standin", daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
