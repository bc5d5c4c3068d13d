"""Collector fixtures: a movable clock, config on a temporary SQLite file, the app, a real server."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from companion_ui.collector import CollectorConfig, create_collector_app, users
from companion_ui.collector.server import RunningCollector, start_in_thread
from companion_ui.collector.state import EXTENSION_KEY
from companion_ui.stats.anonymity import Policy

TOKEN = "enrolment-token-for-tests-0123456789"
PASSWORDS = {"vera": "viewer password 1", "adam": "admin password 1"}


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = field(default_factory=lambda: datetime(2025, 1, 1, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make_config(tmp_path: Path, clock: Clock, **changes: Any) -> CollectorConfig:
    values: dict[str, Any] = {
        "db_path": str(tmp_path / "collector.sqlite3"),
        "enrolment_tokens": (TOKEN,),
        "port": 0,
        "policy": Policy(k=5),
        "clock": clock,
        "threads": 2,
    }
    values.update(changes)
    return CollectorConfig(**values)


def add_users(app: Flask) -> None:
    db = app.extensions[EXTENSION_KEY].db
    users.add_user(db, "vera", PASSWORDS["vera"], "viewer")
    users.add_user(db, "adam", PASSWORDS["adam"], "admin")


@pytest.fixture
def app(tmp_path: Path, clock: Clock) -> Iterator[Flask]:
    application = create_collector_app(make_config(tmp_path, clock))
    add_users(application)
    yield application
    application.extensions[EXTENSION_KEY].close()


@pytest.fixture
def running(tmp_path: Path, clock: Clock) -> Iterator[RunningCollector]:
    application = create_collector_app(make_config(tmp_path, clock))
    add_users(application)
    server = start_in_thread(application)
    yield server
    server.stop()
    application.extensions[EXTENSION_KEY].close()


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


class Browser:
    """A cookie-keeping HTTP client for the real server (urllib, no redirects followed)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(
        self, method: str, path: str, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with self.opener.open(req, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path: str, lang: str = "nl") -> tuple[int, str]:
        status, _, body = self.request("GET", path, headers={"Accept-Language": lang})
        return status, body.decode()

    def login(self, name: str) -> None:
        _, page = self.get("/login")
        form = urllib.parse.urlencode(
            {"csrf_token": csrf_of(page), "name": name, "password": PASSWORDS[name]}
        )
        status, _, _ = self.request(
            "POST", "/login", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert status == 302, status

    def json(self, path: str) -> Any:
        status, _, body = self.request("GET", path)
        assert status == 200, (status, body[:200])
        return json.loads(body)


def post_report(base: str, body: bytes, token: str = TOKEN) -> tuple[int, dict[str, Any]]:
    req = urllib.request.Request(
        base + "/api/v1/reports",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
