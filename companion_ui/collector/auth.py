"""Login, logout, language, CSRF and roles for the dashboard (the upload API uses its own token)."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from companion_ui.collector import texts, users
from companion_ui.collector.state import state

auth = Blueprint("auth", __name__)
CSRF_FIELD = "csrf_token"
F = TypeVar("F", bound=Callable[..., Any])


def csrf_token() -> str:
    """The session's CSRF token (created on first use)."""
    token = session.get(CSRF_FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return str(token)


def lang() -> str:
    """The page language: the session's choice, else the browser's, else nl."""
    chosen = getattr(g, "lang", None)
    if chosen is None:
        chosen = texts.choose(
            request.headers.get("Accept-Language"), request.args.get("lang") or session.get("lang")
        )
        g.lang = chosen
    return str(chosen)


def t(key: str, **params: object) -> str:
    """Translate `key` into the page language."""
    return texts.text(lang(), key, **params)


@auth.before_app_request
def load_user_and_check_csrf() -> Response | None:
    """Who is logged in (role re-read, so a removed user loses access at once) and CSRF on every form."""
    g.user, g.role = None, None
    if request.path.startswith("/api/"):
        return None  # laptops authenticate with the enrolment token; no session, no cookie
    name = session.get("user")
    if name:
        role = users.role_of(state().db, str(name))
        if role is None:
            session.clear()
        else:
            g.user, g.role = str(name), role
    if request.method == "POST":
        sent = request.form.get(CSRF_FIELD, "")
        expected = session.get(CSRF_FIELD, "")
        if not sent or not expected or not hmac.compare_digest(str(sent), str(expected)):
            return Response(t("error.csrf"), status=400, mimetype="text/plain")
    return None


def require(role: str) -> Callable[[F], F]:
    """Refuse the view unless someone is logged in with `role` (admin includes viewer)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if g.user is None:
                if request.path.endswith((".csv", ".json")):
                    return Response("401 login required\n", status=401, mimetype="text/plain")
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if role == "admin" and g.role != "admin":
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect after login would be a phishing aid.
    if not target or urlsplit(target).netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("dashboard.trend")
    return target


@auth.route("/login", methods=["GET", "POST"])
def login() -> str | BaseResponse | tuple[str, int]:
    """The login form; five failures per name and address in five minutes lock that pair out."""
    error = ""
    status = 200
    if request.method == "POST":
        st = state()
        name = request.form.get("name", "")[:64]
        key = st.limiter.key(name, request.remote_addr or "")
        if st.limiter.blocked(key):
            error, status = t("login.limited"), 429
        else:
            role = users.authenticate(st.db, name, request.form.get("password", ""))
            if role is None:
                st.limiter.fail(key)
                error, status = t("login.failed"), 401
            else:
                st.limiter.reset(key)
                chosen = session.get("lang")
                session.clear()  # a fresh session id and CSRF token after login
                session.permanent = True
                session["user"] = name
                if chosen:
                    session["lang"] = chosen
                return redirect(_safe_next(request.args.get("next")))
    return render_template("collector/login.html", error=error), status


@auth.post("/logout")
def logout() -> BaseResponse:
    """End the session."""
    chosen = session.get("lang")
    session.clear()
    if chosen:
        session["lang"] = chosen
    return redirect(url_for("auth.login"))


@auth.post("/language")
def switch_language() -> BaseResponse:
    """Remember nl or en for this session and return to the same page."""
    choice = request.form.get("language", "")
    if choice in texts.LANGUAGES:
        session["lang"] = choice
    return redirect(_safe_next(request.form.get("next")))
