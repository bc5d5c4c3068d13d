"""Retention: local history older than N days (default 30) is deleted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlite_utils

from companion_ui.store.database import write_transaction
from companion_ui.store.events import to_stored_time

DEFAULT_RETENTION_DAYS = 30


def purge_older_than(
    db: sqlite_utils.Database, days: int = DEFAULT_RETENTION_DAYS, now: datetime | None = None
) -> int:
    """Delete events and feedback older than `days` days; returns the number of events deleted."""
    if days < 1:
        raise ValueError(f"retention must be at least 1 day; got {days}")
    cutoff = to_stored_time((now or datetime.now(UTC)) - timedelta(days=days))
    with write_transaction(db):
        db.execute("delete from feedback where at < ?", [cutoff])
        # Newer feedback about an old event keeps the rule id but lets go of the event.
        db.execute(
            "update feedback set event_id = null where event_id in (select id from events where at < ?)",
            [cutoff],
        )
        return db.execute("delete from events where at < ?", [cutoff]).rowcount
