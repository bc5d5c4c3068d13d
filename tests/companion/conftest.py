"""Fixtures for the companion: a real SQLite store, the Flask app, and a real waitress server on loopback."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from companion_ui.app import create_app
from companion_ui.rulesets import LoadedRuleset
from companion_ui.server import RunningServer, start_in_thread
from companion_ui.settings import CompanionConfig
from companion_ui.store import Store

TEST_PORT = 8765  # for the Flask test client only; real servers bind port 0


@pytest.fixture(scope="session")
def ruleset_provider() -> LoadedRuleset:
    """The real default rule pack, loaded once for the whole session."""
    return LoadedRuleset()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "bedenktijd.sqlite3")
    yield s
    s.close()


@pytest.fixture
def app(tmp_path: Path, ruleset_provider: LoadedRuleset):
    config = CompanionConfig(
        port=TEST_PORT, data_dir=str(tmp_path), inspected_hosts=("www.linkedin.com", "x.com")
    )
    application = create_app(config, ruleset_provider=ruleset_provider)
    yield application
    application.extensions["bedenktijd"].store.close()


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


class Companion:
    """A companion served by waitress in a thread, and a raw HTTP client that controls every header."""

    def __init__(self, running: RunningServer) -> None:
        self.running = running
        self.runtime = running.app.extensions["bedenktijd"]

    @property
    def port(self) -> int:
        return self.running.port

    @property
    def token(self) -> str:
        return str(self.runtime.token)

    @property
    def store(self) -> Store:
        return self.runtime.store

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        host: str | None = None,
        origin: str | None = None,
        token: str | bool | None = True,
        headers: dict[str, str] | None = None,
        timeout: float = 10.0,
    ) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", host if host is not None else f"127.0.0.1:{self.port}")
            if origin is not None:
                conn.putheader("Origin", origin)
            if token is True:
                conn.putheader("X-Bedenktijd-Token", self.token)
            elif isinstance(token, str):
                conn.putheader("X-Bedenktijd-Token", token)
            payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            if payload is not None:
                conn.putheader("Content-Type", "application/json")
                conn.putheader("Content-Length", str(len(payload)))
            conn.endheaders(payload)
            response = conn.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            conn.close()


def serve(tmp_path: Path, provider: LoadedRuleset, **settings: Any) -> RunningServer:
    config = replace(CompanionConfig(), port=0, data_dir=str(tmp_path), **settings)
    return start_in_thread(create_app(config, ruleset_provider=provider))


@pytest.fixture(scope="module")
def companion(
    tmp_path_factory: pytest.TempPathFactory, ruleset_provider: LoadedRuleset
) -> Iterator[Companion]:
    """One real companion per test module (port 0, its own data folder)."""
    running = serve(
        tmp_path_factory.mktemp("companion"), ruleset_provider, sse_max_seconds=3.0, sse_poll_seconds=0.2
    )
    yield Companion(running)
    running.stop()
    running.app.extensions["bedenktijd"].store.close()
