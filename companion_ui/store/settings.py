"""Stored settings: language, retention, the per-install secret and API token, last-seen times."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

import sqlite_utils

from companion_ui.store.database import retry_locked
from companion_ui.store.events import from_stored_time, to_stored_time

SECRET = "install_secret"
API_TOKEN = "api_token"
LANGUAGE = "language"
RETENTION_DAYS = "retention_days"
PROXY_SEEN_AT = "proxy_seen_at"
EXTENSION_SEEN_AT = "extension_seen_at"


def get_setting(db: sqlite_utils.Database, name: str) -> str | None:
    """The stored value of setting `name`, or None."""
    rows = list(db.query("select value from settings where name = ?", [name]))
    return str(rows[0]["value"]) if rows else None


def set_setting(db: sqlite_utils.Database, name: str, value: str) -> None:
    """Store `value` under `name`, replacing what was there."""
    retry_locked(
        lambda: db.execute(
            "insert into settings (name, value) values (?, ?)"
            " on conflict(name) do update set value = excluded.value",
            [name, value],
        )
    )


def delete_setting(db: sqlite_utils.Database, name: str) -> None:
    """Forget setting `name` (back to its default)."""
    retry_locked(lambda: db.execute("delete from settings where name = ?", [name]))


def _created_once(db: sqlite_utils.Database, name: str, make: str) -> str:
    # INSERT OR IGNORE, then read back: when the proxy and the companion start together, both end up
    # with whichever value was written first.
    retry_locked(
        lambda: db.execute("insert or ignore into settings (name, value) values (?, ?)", [name, make])
    )
    value = get_setting(db, name)
    if value is None:  # pragma: no cover - the row was just written
        raise RuntimeError(f"setting {name} could not be created")
    return value


def install_secret(db: sqlite_utils.Database) -> bytes:
    """The per-install secret (32 random bytes) for fingerprints; created on first use."""
    stored = get_setting(db, SECRET) or _created_once(db, SECRET, secrets.token_hex(32))
    return bytes.fromhex(stored)


def api_token(db: sqlite_utils.Database) -> str:
    """The per-install token the extension sends in X-Bedenktijd-Token; created on first use."""
    return get_setting(db, API_TOKEN) or _created_once(db, API_TOKEN, secrets.token_urlsafe(32))


def pairing_code(token: str) -> str:
    """A short code derived from the token (XXXX-XXXX) so a person can compare two installs at a glance."""
    digest = hashlib.sha256(token.encode("utf-8")).hexdigest()[:8].upper()
    return f"{digest[:4]}-{digest[4:]}"


def record_seen(db: sqlite_utils.Database, name: str, at: datetime | None = None) -> None:
    """Remember that the proxy or the extension was seen at `at` (now by default)."""
    set_setting(db, name, to_stored_time(at or datetime.now(UTC)))


def seen_at(db: sqlite_utils.Database, name: str) -> datetime | None:
    """When the proxy or the extension was last seen, or None."""
    value = get_setting(db, name)
    return from_stored_time(value) if value else None
