"""The companion's Flask app: create_app() wires config, store, rule pack and the three blueprints."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from pathlib import Path

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from companion_ui.errors import error_response
from companion_ui.rulesets import LoadedRuleset, RulesetProvider
from companion_ui.runtime import Runtime
from companion_ui.settings import CompanionConfig
from companion_ui.store import Store

access_log = logging.getLogger("companion_ui.access")


def create_app(
    config: CompanionConfig | None = None,
    *,
    ruleset_provider: RulesetProvider | None = None,
    store: Store | None = None,
) -> Flask:
    """Build the companion app; `ruleset_provider` lets a caller plug in its own (reloading) rule pack."""
    config = config or CompanionConfig()
    store = store or Store(config.database_path)
    provider = ruleset_provider or LoadedRuleset(
        Path(config.org) if config.org else None, tuple(Path(p) for p in config.packs)
    )
    rt = Runtime(config, store, provider)

    app = Flask(__name__)
    app.extensions["bedenktijd"] = rt
    # The session only carries the CSRF token; its key is derived from the per-install secret.
    app.config.update(
        SECRET_KEY=hmac.new(rt.secret, b"companion session", hashlib.sha256).hexdigest(),
        SESSION_COOKIE_NAME="bedenktijd_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        MAX_CONTENT_LENGTH=config.max_body_bytes,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    from companion_ui.api import api
    from companion_ui.pages import pages
    from companion_ui.report_page import report_page
    from companion_ui.security import security

    _install_access_log(app)
    app.register_blueprint(security)
    app.register_blueprint(api)
    app.register_blueprint(pages)
    app.register_blueprint(report_page)
    _install_error_handlers(app)
    rt.purge_if_due(force=True)
    return app


def _install_error_handlers(app: Flask) -> None:
    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge) -> Response:
        limit = app.config["MAX_CONTENT_LENGTH"]
        return error_response(413, "body_too_large", f"The request body is larger than {limit} bytes.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | HTTPException:
        if not request.path.startswith("/api/"):
            return error
        code = (error.name or "error").lower().replace(" ", "_")
        return error_response(error.code or 500, code, error.description or error.name)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        # Log the type and the path only: a message or a query string could quote post text.
        app.logger.error("unexpected %s on %s %s", type(error).__name__, request.method, request.path)
        if not request.path.startswith("/api/"):
            from companion_ui.pages import render_error

            return render_error(500, "error.unexpected")
        return error_response(500, "internal_error", "The companion hit an unexpected error.")


def _install_access_log(app: Flask) -> None:
    # Our own access log: method, path (never the query string), status and duration. No bodies.
    @app.before_request
    def start_timer() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        started = getattr(g, "started", None)
        took = (time.perf_counter() - started) * 1000 if started else 0.0
        access_log.info("%s %s %s %.1fms", request.method, request.path, response.status_code, took)
        return response
