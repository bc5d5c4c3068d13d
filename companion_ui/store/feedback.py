"""Feedback: "this warning is wrong" for a rule, optionally tied to an event."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlite_utils

from companion_ui.store.database import retry_locked
from companion_ui.store.events import to_stored_time

FEEDBACK_SOURCES: tuple[str, ...] = ("extension", "companion")


def record_feedback(
    db: sqlite_utils.Database,
    rule_id: str,
    event_id: int | None = None,
    source: str = "companion",
    ruleset_version: str = "",
    at: datetime | None = None,
) -> int:
    """Store that the employee reported rule `rule_id` as wrong; returns the feedback id."""
    if not rule_id:
        raise ValueError("feedback needs a rule_id")
    if source not in FEEDBACK_SOURCES:
        raise ValueError(f"feedback source must be one of {', '.join(FEEDBACK_SOURCES)}; got {source!r}")
    row = [to_stored_time(at or datetime.now(UTC)), rule_id, event_id, source, ruleset_version]
    cursor = retry_locked(
        lambda: db.execute(
            "insert into feedback (at, rule_id, event_id, source, ruleset_version) values (?, ?, ?, ?, ?)",
            row,
        )
    )
    return int(cursor.lastrowid or 0)


def reported_rules(db: sqlite_utils.Database, event_id: int) -> set[str]:
    """The rule ids already reported as wrong for this event."""
    return {row["rule_id"] for row in db.query("select rule_id from feedback where event_id = ?", [event_id])}


def feedback_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """How often each rule was reported as wrong (for the statistics)."""
    rows = db.query("select rule_id, count(*) as n from feedback group by rule_id order by rule_id")
    return {row["rule_id"]: int(row["n"]) for row in rows}
