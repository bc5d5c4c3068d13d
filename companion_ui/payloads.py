"""Reading API request bodies: JSON objects whose fields are checked one by one (400 / 422)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from companion_ui.errors import ApiError


def parse_object(body: bytes) -> dict[str, Any]:
    """The body as a JSON object; 400 when it is not valid UTF-8 JSON or not an object."""
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        # The position helps a developer; the body itself is never echoed back or logged.
        where = (
            f" (line {error.lineno}, column {error.colno})" if isinstance(error, json.JSONDecodeError) else ""
        )
        raise ApiError(400, "malformed_json", f"The request body is not valid JSON{where}.") from None
    if not isinstance(value, dict):
        raise ApiError(400, "malformed_json", "The request body must be a JSON object.")
    return value


def _missing(name: str) -> ApiError:
    return ApiError(422, "missing_field", f"Field '{name}' is required.")


def _wrong(name: str, expected: str, value: Any) -> ApiError:
    return ApiError(422, "invalid_field", f"Field '{name}' must be {expected}, not {type(value).__name__}.")


def text_field(body: dict[str, Any], name: str, required: bool = True, default: str = "") -> str:
    """A string field."""
    if name not in body or body[name] is None:
        if required:
            raise _missing(name)
        return default
    value = body[name]
    if not isinstance(value, str):
        raise _wrong(name, "a string", value)
    return value


def choice_field(
    body: dict[str, Any], name: str, choices: Sequence[str], required: bool = True, default: str = ""
) -> str:
    """A string field that must be one of `choices`."""
    value = text_field(body, name, required, default)
    if value not in choices:
        raise ApiError(422, "invalid_field", f"Field '{name}' must be one of: {', '.join(choices)}.")
    return value


def bool_field(body: dict[str, Any], name: str, required: bool = True, default: bool = False) -> bool:
    """A boolean field."""
    if name not in body or body[name] is None:
        if required:
            raise _missing(name)
        return default
    value = body[name]
    if not isinstance(value, bool):
        raise _wrong(name, "true or false", value)
    return value


def int_field(body: dict[str, Any], name: str, required: bool = True) -> int | None:
    """A whole-number field (booleans are not numbers here)."""
    if name not in body or body[name] is None:
        if required:
            raise _missing(name)
        return None
    value = body[name]
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong(name, "a whole number", value)
    return value


def string_list_field(body: dict[str, Any], name: str, max_items: int = 100) -> tuple[str, ...]:
    """A required list of strings."""
    if name not in body or body[name] is None:
        raise _missing(name)
    value = body[name]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _wrong(name, "a list of strings", value)
    if len(value) > max_items:
        raise ApiError(422, "invalid_field", f"Field '{name}' may hold at most {max_items} items.")
    return tuple(value)


def time_field(body: dict[str, Any], name: str) -> datetime | None:
    """An optional ISO 8601 time with a UTC offset."""
    raw = text_field(body, name, required=False)
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(422, "invalid_field", f"Field '{name}' must be an ISO 8601 time.") from None
    if moment.tzinfo is None:
        raise ApiError(422, "invalid_field", f"Field '{name}' must include a UTC offset.")
    return moment
