"""Dashboard: login, roles, CSRF, rate limit, cookies, both languages, exports, no addresses in logs."""

from __future__ import annotations

import io
import json
import logging
import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from companion_ui.collector import create_collector_app, texts
from companion_ui.collector.state import EXTENSION_KEY
from companion_ui.stats import cube
from companion_ui.stats.weeks import week_end

from .conftest import PASSWORDS, Clock, add_users, csrf_of, make_config
from .synthetic import catalogue, organisation

PAGES = ("/", "/networks", "/outcomes", "/feedback", "/experimental", "/privacy")


def fill(app: Flask, clock: Clock, weeks: int = 4) -> None:
    db = app.extensions[EXTENSION_KEY].db
    reports = organisation(laptops=30, weeks=weeks, seed=3)
    with db.conn:
        for batch in reports.values():
            for report in batch:
                cube.merge(db, report)
    clock.now = week_end(list(reports)[-1]) + timedelta(days=15)


def login(client: FlaskClient, name: str, password: str | None = None, lang: str = "nl"):
    page = client.get("/login", headers={"Accept-Language": lang}).get_data(as_text=True)
    return client.post(
        "/login",
        data={"csrf_token": csrf_of(page), "name": name, "password": password or PASSWORDS[name]},
        headers={"Accept-Language": lang},
    )


@pytest.fixture
def filled(app: Flask, clock: Clock) -> Flask:
    fill(app, clock)
    return app


def test_unauthenticated_requests_are_refused(filled: Flask) -> None:
    client = filled.test_client()
    for page in (*PAGES, "/admin"):
        response = client.get(page)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    for export in ("/export.csv", "/export.json"):
        assert client.get(export).status_code == 401
    # A form post without a session has no CSRF token to match.
    assert (
        client.post("/admin/users", data={"name": "eve", "password": "x" * 12, "role": "admin"}).status_code
        == 400
    )


def test_viewer_sees_pages_but_not_administration(filled: Flask) -> None:
    client = filled.test_client()
    assert login(client, "vera").status_code == 302
    for page in PAGES:
        assert client.get(page).status_code == 200, page
    assert client.get("/admin").status_code == 403
    token = csrf_of(client.get("/").get_data(as_text=True))
    response = client.post(
        "/admin/users", data={"csrf_token": token, "name": "eve", "password": "x" * 12, "role": "admin"}
    )
    assert response.status_code == 403
    db = filled.extensions[EXTENSION_KEY].db
    assert not list(db.query("select 1 from users where name = 'eve'"))


def test_admin_adds_users_and_uploads_the_catalogue(filled: Flask) -> None:
    client = filled.test_client()
    login(client, "adam")
    page = client.get("/admin")
    assert page.status_code == 200
    token = csrf_of(page.get_data(as_text=True))
    client.post(
        "/admin/users",
        data={"csrf_token": token, "name": "olga", "password": "long enough pw", "role": "viewer"},
    )
    assert "olga" in client.get("/admin").get_data(as_text=True)
    upload = (io.BytesIO(json.dumps(catalogue()).encode()), "catalogue.json")
    client.post(
        "/admin/catalogue",
        data={"csrf_token": token, "catalogue": upload},
        content_type="multipart/form-data",
    )
    html = client.get("/experimental?lang=en").get_data(as_text=True)
    assert "client-deal" in html and "political-vote" in html
    bad = (io.BytesIO(b'{"rules": [{"id": "x", "category": "gossip", "status": "stable"}]}'), "c.json")
    client.post(
        "/admin/catalogue", data={"csrf_token": token, "catalogue": bad}, content_type="multipart/form-data"
    )
    assert "category" in client.get("/admin").get_data(as_text=True)


def test_csrf_is_checked_on_login(app: Flask) -> None:
    client = app.test_client()
    client.get("/login")
    response = client.post("/login", data={"name": "vera", "password": PASSWORDS["vera"]})
    assert response.status_code == 400


def test_login_is_rate_limited_per_name_and_address(app: Flask) -> None:
    client = app.test_client()
    for _ in range(5):
        assert login(client, "vera", "wrong password!").status_code == 401
    assert login(client, "vera").status_code == 429  # even the right password, for now
    assert login(client, "adam").status_code == 302  # another name is not affected
    other = app.test_client()
    page = other.get("/login").get_data(as_text=True)
    response = other.post(
        "/login",
        data={"csrf_token": csrf_of(page), "name": "vera", "password": PASSWORDS["vera"]},
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    assert response.status_code == 302  # another address is not affected


def test_unknown_user_and_wrong_password_look_the_same(app: Flask) -> None:
    a = login(app.test_client(), "nobody", "whatever pw!").get_data(as_text=True)
    b = login(app.test_client(), "vera", "whatever pw!").get_data(as_text=True)
    assert texts.text("nl", "login.failed") in a and texts.text("nl", "login.failed") in b


def test_session_cookie_flags(tmp_path: Path, clock: Clock) -> None:
    for secure in (False, True):
        app = create_collector_app(make_config(tmp_path / str(secure), clock, secure_cookies=secure))
        add_users(app)
        cookie = login(app.test_client(), "vera").headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert ("Secure" in cookie) is secure
        app.extensions[EXTENSION_KEY].close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pages_render_in_both_languages(filled: Flask, lang: str) -> None:
    client = filled.test_client()
    login(client, "vera", lang=lang)
    titles = {
        "/": "trend.title",
        "/networks": "networks.title",
        "/outcomes": "outcomes.title",
        "/feedback": "feedback.title",
        "/experimental": "experimental.title",
        "/privacy": "privacy.title",
    }
    for page, key in titles.items():
        html = client.get(page, headers={"Accept-Language": lang}).get_data(as_text=True)
        assert f'<html lang="{lang}">' in html
        assert str(escape(texts.text(lang, key))) in html, page
        assert "<svg" in html or page in ("/privacy", "/experimental")
        # No untranslated key leaks into a page.
        assert not re.search(r">\s*(nav|trend|outcomes|privacy|col|period)\.[a-z_]+\s*<", html)
    other = "en" if lang == "nl" else "nl"
    token = csrf_of(client.get("/").get_data(as_text=True))
    client.post("/language", data={"csrf_token": token, "language": other, "next": "/networks"})
    assert str(escape(texts.text(other, "networks.title"))) in client.get("/networks").get_data(as_text=True)


def test_privacy_page_states_k_epsilon_and_retention(tmp_path: Path, clock: Clock) -> None:
    from companion_ui.stats.anonymity import Policy

    app = create_collector_app(
        make_config(tmp_path, clock, policy=Policy(k=7, epsilon=0.5, retention_weeks=52))
    )
    add_users(app)
    fill(app, clock)
    client = app.test_client()
    login(client, "vera", lang="en")
    html = client.get("/privacy?lang=en").get_data(as_text=True)
    assert "k = 7" in html and "ε = 0.5" in html and "52 weeks" in html
    exported = client.get("/export.json").get_json()
    assert exported["epsilon_per_week"] == 0.5 and exported["k"] == 7
    app.extensions[EXTENSION_KEY].close()


def test_exports(filled: Flask) -> None:
    client = filled.test_client()
    login(client, "vera")
    response = client.get("/export.csv")
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "week,table,facet,value,parent,count" and len(lines) > 10
    data = client.get("/export.json").get_json()
    assert len(data["cells"]) == len(lines) - 1
    assert client.get("/export.json?from=2025-W99&to=x").status_code == 400


def test_no_client_address_in_any_log_line(filled: Flask, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = filled.test_client()
    login(client, "vera", "wrong password!")
    login(client, "vera")
    for page in PAGES:
        client.get(page, environ_base={"REMOTE_ADDR": "192.0.2.44"})
    client.post("/api/v1/reports", data=b"{}", environ_base={"REMOTE_ADDR": "192.0.2.44"})
    assert "192.0.2.44" not in caplog.text and "127.0.0.1" not in caplog.text


def test_security_headers(app: Flask) -> None:
    response = app.test_client().get("/login")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
