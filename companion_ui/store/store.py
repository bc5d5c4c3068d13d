"""The Store: one SQLite file shared by the companion and the proxy, one connection per thread."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path

import sqlite_utils

from companion_ui.store import events, feedback, purge, settings
from companion_ui.store.database import open_database
from companion_ui.store.events import Event
from companion_ui.store.migrations import migrate


class Store:
    """Opens (creating and migrating) the SQLite file in WAL mode; safe to use from several threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite_utils.Database] = []
        migrate(self.db)

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection, opened on first use."""
        db: sqlite_utils.Database | None = getattr(self._local, "db", None)
        if db is None:
            db = open_database(self.path)
            self._local.db = db
            with self._lock:
                self._connections.append(db)
        return db

    def close(self) -> None:
        """Close every thread's connection (call when no thread uses the store any more)."""
        with self._lock:
            for db in self._connections:
                db.close()
            self._connections.clear()
        self._local = threading.local()

    # Events
    def record_event(self, event: Event) -> int:
        """Store an event (never post text) and return its id."""
        return events.record_event(self.db, event)

    def get_event(self, event_id: int) -> Event | None:
        """The event with this id, or None."""
        return events.get_event(self.db, event_id)

    def recent_events(self, limit: int = 50, with_findings: bool = True) -> list[Event]:
        """The newest events first."""
        return events.recent_events(self.db, limit, with_findings)

    def last_event_id(self) -> int:
        """The highest event id so far."""
        return events.last_event_id(self.db)

    def warnings_after(self, after_id: int, limit: int = 50) -> list[Event]:
        """Posts the proxy saw go out without a warning, newer than `after_id`."""
        return events.warnings_after(self.db, after_id, limit)

    def find_acknowledgement(
        self, fingerprint: str, within: timedelta = timedelta(minutes=5), now: datetime | None = None
    ) -> Event | None:
        """The newest extension event for this fingerprint within `within` (for the proxy)."""
        return events.find_acknowledgement(self.db, fingerprint, within, now)

    def set_response(self, event_id: int, response: str, at: datetime | None = None) -> bool:
        """Remember the employee's later answer (edited / kept) on the warning page."""
        return events.set_response(self.db, event_id, response, at)

    def delete_all_events(self) -> int:
        """Erase the local history."""
        return events.delete_all_events(self.db)

    def purge(self, days: int = purge.DEFAULT_RETENTION_DAYS, now: datetime | None = None) -> int:
        """Delete history older than `days` days."""
        return purge.purge_older_than(self.db, days, now)

    # Feedback
    def record_feedback(
        self, rule_id: str, event_id: int | None = None, source: str = "companion", ruleset_version: str = ""
    ) -> int:
        """Store "this warning is wrong" for a rule."""
        return feedback.record_feedback(self.db, rule_id, event_id, source, ruleset_version)

    def reported_rules(self, event_id: int) -> set[str]:
        """Rule ids already reported as wrong for this event."""
        return feedback.reported_rules(self.db, event_id)

    # Settings
    def get_setting(self, name: str) -> str | None:
        """A stored setting, or None."""
        return settings.get_setting(self.db, name)

    def set_setting(self, name: str, value: str) -> None:
        """Store a setting."""
        settings.set_setting(self.db, name, value)

    def delete_setting(self, name: str) -> None:
        """Forget a setting."""
        settings.delete_setting(self.db, name)

    def secret(self) -> bytes:
        """The per-install secret for fingerprints (created on first use)."""
        return settings.install_secret(self.db)

    def api_token(self) -> str:
        """The per-install API token (created on first use)."""
        return settings.api_token(self.db)

    def record_proxy_seen(self, at: datetime | None = None) -> None:
        """The proxy calls this to say it is running (health)."""
        settings.record_seen(self.db, settings.PROXY_SEEN_AT, at)

    def proxy_seen_at(self) -> datetime | None:
        """When the proxy last said it was running."""
        return settings.seen_at(self.db, settings.PROXY_SEEN_AT)

    def record_extension_seen(self, at: datetime | None = None) -> None:
        """Remember that the extension called the API."""
        settings.record_seen(self.db, settings.EXTENSION_SEEN_AT, at)

    def extension_seen_at(self) -> datetime | None:
        """When the extension last called the API."""
        return settings.seen_at(self.db, settings.EXTENSION_SEEN_AT)
