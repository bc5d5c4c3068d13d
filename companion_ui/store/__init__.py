"""The local SQLite store (sqlite-utils): events without post text, feedback, settings."""

from companion_ui.store.database import default_database_path
from companion_ui.store.events import OUTCOMES, RESPONSES, SOURCES, Event
from companion_ui.store.fingerprint import canonical_text, fingerprint
from companion_ui.store.settings import pairing_code
from companion_ui.store.store import Store

__all__ = [
    "OUTCOMES",
    "RESPONSES",
    "SOURCES",
    "Event",
    "Store",
    "canonical_text",
    "default_database_path",
    "fingerprint",
    "pairing_code",
]
