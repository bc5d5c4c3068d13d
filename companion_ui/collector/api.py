"""`POST /api/v1/reports`: laptops upload weekly reports with the organisation's enrolment token.

The endpoint is a small WSGI layer in front of Flask: at 100,000 laptops uploading in the same hours,
Flask's per-request machinery costs more than validating and merging a report, and this path needs
none of it (no session, no templates, no cookies). Everything else goes on to the Flask app.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from flask import Blueprint, Response, jsonify

from companion_ui.collector.state import CollectorState
from companion_ui.stats import cube
from companion_ui.stats.weeks import is_complete
from companion_ui.stats.wire import ReportError, decode

api = Blueprint("collector_api", __name__, url_prefix="/api/v1")
REPORTS_PATH = "/api/v1/reports"
Answer = tuple[int, dict[str, Any]]


def error(status: int, code: str, message: str) -> Response:
    """The JSON error shape shared with the companion API (for Flask routes)."""
    response = jsonify(_error(code, message))
    response.status_code = status
    return response


def _error(code: str, message: str) -> dict[str, Any]:
    return {"ok": False, "error": {"code": code, "message": message}}


@api.get("/health")
def health() -> Response:
    """Liveness for monitoring; tells nothing about the data."""
    return jsonify({"ok": True})


def authorised(header: str, tokens: Iterable[str]) -> bool:
    """True when `header` is "Bearer <one of the enrolment tokens>" (compared in constant time)."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return False
    # Every token is compared, so the time does not tell which one (tokens can be rotated with overlap).
    matches = [hmac.compare_digest(token.encode(), t.encode()) for t in tokens]
    return any(matches)


def accept_report(st: CollectorState, body: bytes) -> Answer:
    """Validate and merge one report; idempotent on its report id. Nothing is stored on any error."""
    try:
        report = decode(body)
    except ReportError as problem:
        return 400, _error("invalid_report", f"The report is not valid: {problem}.")
    now = st.config.clock()
    if not is_complete(report.week, now):
        return 422, _error("week_not_complete", f"Week {report.week} has not ended yet; send it afterwards.")
    db = st.db
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        seen = db.conn.execute(
            "select 1 from seen_reports where report_id = ?", [report.report_id]
        ).fetchone()
        if not seen and cube.week_closed(report.week, now, st.config.policy.publish_after_days):
            db.conn.execute("ROLLBACK")
            return 422, _error(
                "week_closed", f"Week {report.week} is already published; late reports are not counted."
            )
        stored = False if seen else cube.merge(db, report, now)
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    answer = {"ok": True, "status": "stored" if stored else "duplicate", "report_id": report.report_id}
    return (201 if stored else 200), answer


class UploadEndpoint:
    """WSGI middleware that answers `POST /api/v1/reports` and hands every other request to `inner`."""

    def __init__(self, inner: Callable[..., Any], st: CollectorState) -> None:
        self.inner = inner
        self.st = st

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != REPORTS_PATH:
            return self.inner(environ, start_response)  # type: ignore[no-any-return]
        status, answer = self._answer(environ)
        body = json.dumps(answer).encode()
        headers = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
        ]
        if status == 405:
            headers.append(("Allow", "POST"))
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [body]

    def _answer(self, environ: dict[str, Any]) -> Answer:
        if environ.get("REQUEST_METHOD") != "POST":
            return 405, _error("method_not_allowed", "Send reports with POST.")
        if not authorised(environ.get("HTTP_AUTHORIZATION", ""), self.st.config.enrolment_tokens):
            return 401, _error("unauthorized", "Send the enrolment token as 'Authorization: Bearer <token>'.")
        limit = self.st.config.max_body_bytes
        try:
            length = int(environ.get("CONTENT_LENGTH") or -1)
        except ValueError:
            return 400, _error("invalid_report", "The Content-Length header is not a number.")
        if length > limit:
            return 413, _error("body_too_large", f"The request body is larger than {limit} bytes.")
        stream = environ["wsgi.input"]
        body = stream.read(length) if length >= 0 else stream.read(limit + 1)
        if len(body) > limit:
            return 413, _error("body_too_large", f"The request body is larger than {limit} bytes.")
        try:
            return accept_report(self.st, body)
        except Exception as problem:
            # The type only: a message could quote the body.
            self.st.log.error("unexpected %s while storing a report", type(problem).__name__)
            return 500, _error("internal_error", "The collector hit an unexpected error.")
