"""Serving the companion with waitress on 127.0.0.1 only; port 0 picks a free port, which is reported."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from flask import Flask
from waitress import create_server

from companion_ui.runtime import Runtime
from companion_ui.waitress_serving import quiet_waitress, stop_serving

HOST = "127.0.0.1"
log = logging.getLogger(__name__)


def make_server(app: Flask) -> Any:
    """Bind waitress to 127.0.0.1 and the configured port, and tell the app the port actually bound."""
    rt: Runtime = app.extensions["bedenktijd"]
    quiet_waitress()
    server = create_server(
        app,
        host=HOST,
        port=rt.config.port,
        threads=rt.config.threads,
        ident="bedenktijd",
        # A hard ceiling well above the API limit: the app answers oversize bodies with a JSON 413.
        max_request_body_size=rt.config.max_body_bytes * 4,
        expose_tracebacks=False,
        clear_untrusted_proxy_headers=True,
    )
    rt.port = int(server.effective_port)
    return server


@dataclass
class RunningServer:
    """A companion serving in a background thread (tests, benchmarks, `bedenktijd start`)."""

    app: Flask
    server: Any
    thread: threading.Thread

    @property
    def port(self) -> int:
        """The bound port."""
        rt: Runtime = self.app.extensions["bedenktijd"]
        return int(rt.port or 0)

    @property
    def url(self) -> str:
        """http://127.0.0.1:<port>"""
        return f"http://{HOST}:{self.port}"

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving: end event streams, close sockets from the server's own loop, join the threads."""
        rt: Runtime = self.app.extensions["bedenktijd"]
        rt.stopping.set()
        stop_serving(self.server, self.thread, timeout)


def start_in_thread(app: Flask) -> RunningServer:
    """Bind now and serve in a daemon thread; returns once the port is known."""
    server = make_server(app)
    thread = threading.Thread(target=server.run, name="bedenktijd-companion", daemon=True)
    thread.start()
    return RunningServer(app, server, thread)


def serve(app: Flask) -> None:
    """Serve in the foreground until interrupted, printing the address first."""
    server = make_server(app)
    rt: Runtime = app.extensions["bedenktijd"]
    print(f"Bedenktijd companion: {rt.base_url}/", flush=True)
    try:
        server.run()
    finally:
        rt.stopping.set()
        server.task_dispatcher.shutdown()
