"""`POST /api/v1/reports`: token, schema, size limit, complete weeks only, idempotent; nothing stored on error."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from flask import Flask

from companion_ui.collector.state import EXTENSION_KEY
from companion_ui.stats.weeks import week_end
from companion_ui.stats.wire import CheckCount, FindingCount, Report, encode

from .conftest import TOKEN, Clock

WEEK = "2025-W10"


def report(**changes: object) -> Report:
    values: dict[str, object] = {
        "report_id": str(uuid.uuid4()),
        "week": WEEK,
        "findings": (FindingCount("client", "client-name", "linkedin", "warning", "edited", "extension", 2),),
        "checks": (CheckCount("linkedin", "edited", "extension", 2),),
    }
    values.update(changes)
    return Report(**values)  # type: ignore[arg-type]


def post(client, body: bytes, token: str | None = TOKEN):
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.post("/api/v1/reports", data=body, headers=headers)


def stored_rows(app: Flask) -> int:
    db = app.extensions[EXTENSION_KEY].db
    return sum(
        next(iter(db.query(f"select count(*) as n from {t}")))["n"] for t in ("margins", "seen_reports")
    )


def test_token_is_required(app: Flask, clock: Clock) -> None:
    clock.now = week_end(WEEK) + timedelta(hours=1)
    client = app.test_client()
    for token in (None, "wrong-token-wrong-token", ""):
        response = post(client, encode(report()), token)
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthorized"
    assert stored_rows(app) == 0


def test_malformed_reports_get_a_clear_400_and_nothing_is_stored(app: Flask, clock: Clock) -> None:
    clock.now = week_end(WEEK) + timedelta(hours=1)
    client = app.test_client()
    good = json.loads(encode(report()))
    cases = {
        b"not json": "not UTF-8 JSON",
        json.dumps({**good, "user": "jan"}).encode(): "Additional properties",
        json.dumps(
            {**good, "findings": [{**good["findings"][0], "count": -1}]}
        ).encode(): "/findings/0/count",
        json.dumps({**good, "format_version": 99}).encode(): "/format_version",
    }
    for body, message in cases.items():
        response = post(client, body)
        assert response.status_code == 400
        error = response.get_json()["error"]
        assert error["code"] == "invalid_report"
        assert message in error["message"]
    assert stored_rows(app) == 0


def test_oversize_body_is_413(app: Flask, clock: Clock) -> None:
    clock.now = week_end(WEEK) + timedelta(hours=1)
    response = post(app.test_client(), b" " * (256 * 1024 + 1))
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "body_too_large"
    assert stored_rows(app) == 0


def test_only_completed_weeks_and_not_after_publication(app: Flask, clock: Clock) -> None:
    client = app.test_client()
    clock.now = week_end(WEEK) - timedelta(minutes=1)
    response = post(client, encode(report()))
    assert (response.status_code, response.get_json()["error"]["code"]) == (422, "week_not_complete")
    clock.now = week_end(WEEK) + timedelta(days=15)
    response = post(client, encode(report()))
    assert (response.status_code, response.get_json()["error"]["code"]) == (422, "week_closed")
    assert stored_rows(app) == 0


def test_resending_changes_nothing(app: Flask, clock: Clock) -> None:
    clock.now = week_end(WEEK) + timedelta(hours=1)
    client = app.test_client()
    body = encode(report())
    first = post(client, body)
    assert (first.status_code, first.get_json()["status"]) == (201, "stored")
    db = app.extensions[EXTENSION_KEY].db
    snapshot = list(db.query("select * from margins order by tbl, facet, value"))
    for _ in range(3):
        again = post(client, body)
        assert (again.status_code, again.get_json()["status"]) == (200, "duplicate")
    assert list(db.query("select * from margins order by tbl, facet, value")) == snapshot
    total = next(
        iter(db.query("select count, reports from margins where tbl = 'findings' and facet = 'total'"))
    )
    assert (total["count"], total["reports"]) == (2, 1)
    # Even after the week is published a re-send is answered as a duplicate, so the laptop stops.
    clock.now = week_end(WEEK) + timedelta(days=30)
    assert post(client, body).get_json()["status"] == "duplicate"


def test_health_says_nothing_about_data(app: Flask) -> None:
    assert app.test_client().get("/api/v1/health").get_json() == {"ok": True}


def test_only_post_is_allowed(app: Flask) -> None:
    response = app.test_client().get("/api/v1/reports")
    assert response.status_code == 405 and response.headers["Allow"] == "POST"
    assert response.get_json()["error"]["code"] == "method_not_allowed"
