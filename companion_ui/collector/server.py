"""Serving the collector with waitress: no access log, no client addresses in any log line."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from flask import Flask
from waitress import create_server

from companion_ui.collector.state import EXTENSION_KEY, CollectorState
from companion_ui.waitress_serving import quiet_waitress, stop_serving


def make_server(app: Flask) -> Any:
    """Bind waitress to the configured address (port 0 picks a free one)."""
    st: CollectorState = app.extensions[EXTENSION_KEY]
    quiet_waitress()  # and nothing here adds an access log: no client addresses in any log line
    return create_server(
        app,
        host=st.config.host,
        port=st.config.port,
        threads=st.config.threads,
        ident="bedenktijd-collector",
        # A ceiling above the app's own limit, so the app answers oversize bodies with a JSON 413.
        max_request_body_size=st.config.max_body_bytes * 4,
        expose_tracebacks=False,
        clear_untrusted_proxy_headers=True,
    )


@dataclass
class RunningCollector:
    """A collector serving in a background thread (tests, benchmarks)."""

    app: Flask
    server: Any
    thread: threading.Thread

    @property
    def port(self) -> int:
        """The bound port."""
        return int(self.server.effective_port)

    @property
    def url(self) -> str:
        """http://host:port"""
        return f"http://{self.server.effective_host}:{self.port}"

    def stop(self, timeout: float = 5.0) -> None:
        """Close the sockets from the server's own loop, then join its threads."""
        stop_serving(self.server, self.thread, timeout)


def start_in_thread(app: Flask) -> RunningCollector:
    """Bind now and serve in a daemon thread."""
    server = make_server(app)
    thread = threading.Thread(target=server.run, name="bedenktijd-collector", daemon=True)
    thread.start()
    return RunningCollector(app, server, thread)


def serve(app: Flask) -> None:
    """Serve in the foreground until interrupted."""
    server = make_server(app)
    print(f"Bedenktijd collector: http://{server.effective_host}:{server.effective_port}/", flush=True)
    try:
        server.run()
    finally:
        server.task_dispatcher.shutdown()
