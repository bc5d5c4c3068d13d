"""One JSON error envelope for the API: {"ok": false, "error": {"code", "message"}}."""

from __future__ import annotations

from flask import Response, jsonify


class ApiError(Exception):
    """An API failure with an HTTP status, a snake_case code and a clear sentence (never post text)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_response(status: int, code: str, message: str) -> Response:
    """The JSON error envelope with `status`."""
    response = jsonify({"ok": False, "error": {"code": code, "message": message}})
    response.status_code = status
    return response
