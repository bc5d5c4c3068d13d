"""The companion as a real `python -m companion_ui` process: start, stop and restart on the same port."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from companion_ui.store import Event, Store, default_database_path

ROOT = Path(__file__).resolve().parents[2]
_ADDRESS = re.compile(r"Bedenktijd companion: http://127\.0\.0\.1:(\d+)/")


@dataclass
class CompanionProcess:
    """One companion on 127.0.0.1 with a known API token and its own data folder."""

    data_dir: Path
    token: str
    settings: dict[str, str] = field(default_factory=dict)  # extra BEDENKTIJD_* variables
    port: int = 0
    lines: list[str] = field(default_factory=list)
    _process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        """http://127.0.0.1:<port>"""
        return f"http://127.0.0.1:{self.port}"

    @property
    def store_path(self) -> Path:
        """The SQLite file the companion (and the proxy) write to."""
        return default_database_path(self.data_dir)

    def running(self) -> bool:
        """True while the process is alive."""
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = 90.0) -> CompanionProcess:
        """Start (on the port it had before, if any) and wait until /api/v1/health answers."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("BEDENKTIJD_")}
        env.update({"PYTHONUNBUFFERED": "1", "BEDENKTIJD_API_TOKEN": self.token, **self.settings})
        args = [
            sys.executable,
            "-m",
            "companion_ui",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
        ]
        self.lines.clear()
        self._process = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT
        )
        threading.Thread(target=self._read, args=(self._process,), daemon=True).start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = next((m for m in map(_ADDRESS.search, list(self.lines)) if m), None)
            if found:
                self.port = int(found.group(1))
                if self._healthy():
                    return self
            if self._process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("the companion did not start:\n" + "".join(self.lines))

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.lines.append(line)

    def _healthy(self) -> bool:
        try:
            status, _ = self.call("GET", "/api/v1/health", timeout=5.0)
        except OSError:
            return False
        return status == 200

    def call(self, method: str, path: str, body: Any = None, timeout: float = 10.0) -> tuple[int, Any]:
        """One API request with the token, as a non-browser client; returns (status, parsed JSON)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            payload = json.dumps(body).encode() if body is not None else None
            headers = {"X-Bedenktijd-Token": self.token}
            if payload is not None:
                headers["Content-Type"] = "application/json"
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            connection.close()

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM, then SIGKILL after `timeout` seconds."""
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)

    def ensure_running(self) -> None:
        """Start again (same port) if a test stopped it."""
        if not self.running():
            self.start()

    def events(self, digest: str) -> list[Event]:
        """Every stored event with this fingerprint, oldest first (read from the SQLite file itself)."""
        store = Store(self.store_path)
        try:
            found = [e for e in store.recent_events(1000, with_findings=False) if e.fingerprint == digest]
        finally:
            store.close()
        return sorted(found, key=lambda e: (e.at, e.id or 0))

    def fingerprint_secret(self) -> bytes:
        """The per-install secret the fingerprints are keyed with."""
        store = Store(self.store_path)
        try:
            return store.secret()
        finally:
            store.close()
