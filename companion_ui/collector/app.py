"""The organisation-wide collector: report upload API and the compliance dashboard, one Flask app."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from companion_ui.collector.config import CollectorConfig
from companion_ui.collector.state import EXTENSION_KEY, CollectorState

HERE = Path(__file__).parent


def create_collector_app(config: CollectorConfig) -> Flask:
    """Build the collector app on the SQLite file of `config` (created and prepared when missing)."""
    st = CollectorState(config)
    app = Flask(__name__, template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.extensions[EXTENSION_KEY] = st
    app.config.update(
        SECRET_KEY=st.secret_key(),
        SESSION_COOKIE_NAME="bedenktijd_collector",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=config.session_hours),
        MAX_CONTENT_LENGTH=config.max_body_bytes,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # No access log anywhere: the werkzeug logger would print client addresses if anything enabled it.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    from companion_ui.collector.api import UploadEndpoint, api, error
    from companion_ui.collector.auth import auth
    from companion_ui.collector.dashboard import dashboard

    app.register_blueprint(auth)
    app.register_blueprint(api)
    app.register_blueprint(dashboard)
    app.wsgi_app = UploadEndpoint(app.wsgi_app, st)  # type: ignore[method-assign]

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_: RequestEntityTooLarge) -> Response:
        limit = app.config["MAX_CONTENT_LENGTH"]
        if request.path.startswith("/api/"):
            return error(413, "body_too_large", f"The request body is larger than {limit} bytes.")
        return Response(f"413 body larger than {limit} bytes\n", status=413, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def http_error(problem: HTTPException) -> Response | HTTPException:
        if request.path.startswith("/api/"):
            code = (problem.name or "error").lower().replace(" ", "_")
            return error(problem.code or 500, code, problem.description or problem.name)
        return problem

    @app.errorhandler(Exception)
    def unexpected(problem: Exception) -> Response:
        # The type and the path only: never a traceback with request data, never the client address.
        app.logger.error("unexpected %s on %s %s", type(problem).__name__, request.method, request.path)
        if request.path.startswith("/api/"):
            return error(500, "internal_error", "The collector hit an unexpected error.")
        return Response("500 unexpected error\n", status=500, mimetype="text/plain")

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    return app
