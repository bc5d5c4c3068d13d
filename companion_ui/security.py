"""Checks every request passes first: Host (DNS rebinding), Origin, body size, API token, CSRF."""

from __future__ import annotations

import hmac
import re
import secrets

from flask import Blueprint, Response, current_app, request, session

from companion_ui.errors import error_response
from companion_ui.runtime import Runtime

TOKEN_HEADER = "X-Bedenktijd-Token"
CSRF_FIELD = "csrf_token"
EXTENSION_ORIGIN = re.compile(r"^(chrome-extension|moz-extension)://([A-Za-z0-9-]{1,64})$")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

security = Blueprint("security", __name__)


def runtime() -> Runtime:
    """The Runtime of the current app."""
    value: Runtime = current_app.extensions["bedenktijd"]
    return value


def is_api_request() -> bool:
    """True for /api/ paths, which answer in JSON."""
    return request.path.startswith("/api/")


def _refuse(status: int, code: str, message: str) -> Response:
    if is_api_request():
        return error_response(status, code, message)
    # Pages: a short plain answer; whoever sent a bad Host or Origin is not the employee's own browser tab.
    return Response(f"{status} {message}\n", status=status, mimetype="text/plain")


def host_allowed(host: str, allowed: frozenset[str]) -> bool:
    """True when the Host header names this server exactly (127.0.0.1, localhost or [::1] with our port)."""
    return host.strip().lower() in allowed


def origin_allowed(
    origin: str | None, own: frozenset[str], extension_ids: tuple[str, ...], api: bool
) -> bool:
    """No Origin, the companion's own origin, or (for the API) an allowed browser extension."""
    if origin is None:
        return True
    if origin in own:
        return True
    match = EXTENSION_ORIGIN.match(origin)
    if not api or match is None:
        return False
    return not extension_ids or match.group(2) in extension_ids


@security.before_app_request
def check_request() -> Response | None:
    """Refuse what does not come from this laptop's own browser tab or the paired extension."""
    rt = runtime()
    if not host_allowed(request.headers.get("Host", ""), rt.allowed_hosts()):
        return _refuse(421, "wrong_host", "The Host header does not name this companion (127.0.0.1:<port>).")
    api = is_api_request()
    if not origin_allowed(request.headers.get("Origin"), rt.own_origins(), rt.config.extension_ids, api):
        return _refuse(403, "origin_not_allowed", "Requests from this origin are not accepted.")
    length = request.content_length
    if length is not None and length > rt.config.max_body_bytes:
        return _refuse(
            413, "body_too_large", f"The request body is larger than {rt.config.max_body_bytes} bytes."
        )
    if api:
        return _check_token(rt)
    if request.method not in SAFE_METHODS:
        return _check_csrf()
    return None


def _check_token(rt: Runtime) -> Response | None:
    given = request.headers.get(TOKEN_HEADER)
    if not given:
        return error_response(
            401, "missing_token", f"The {TOKEN_HEADER} header is missing; pair the extension."
        )
    if not hmac.compare_digest(given.encode("utf-8"), rt.token.encode("utf-8")):
        return error_response(401, "wrong_token", f"The {TOKEN_HEADER} header does not match; pair again.")
    # Only the extension's own calls (its POSTs carry its origin) count as "extension connected";
    # `bedenktijd doctor` and scripts use the token too.
    if request.headers.get("Origin", "").startswith(("chrome-extension://", "moz-extension://")):
        rt.extension_seen()
    return None


def csrf_token() -> str:
    """This browser session's CSRF token (created on first use), for hidden form fields."""
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return token


def _check_csrf() -> Response | None:
    expected = session.get(CSRF_FIELD)
    given = request.form.get(CSRF_FIELD, "")
    if isinstance(expected, str) and given and hmac.compare_digest(expected, given):
        return None
    from companion_ui.pages import render_error  # pages imports security; import here to avoid a cycle

    return render_error(400, "error.csrf")


@security.after_app_request
def add_headers(response: Response) -> Response:
    """Headers that keep the pages out of frames, caches and other sites' reach; no CORS headers at all."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on our own form posts.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )
    return response
