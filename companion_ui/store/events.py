"""Events: what happened to a checked post (rule ids, categories, outcome, time), never its text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from companion_ui.store.database import retry_locked, write_transaction

SOURCES: tuple[str, ...] = ("extension", "proxy")
OUTCOMES: tuple[str, ...] = (
    "edited",
    "cancelled",
    "posted_after_warning",
    "posted_without_warning",
    "no_findings",
)
# What the employee answered later on the warning page of a post that already went out.
RESPONSES: tuple[str, ...] = ("edited", "kept")


def to_stored_time(moment: datetime) -> str:
    """An aware datetime as fixed-width UTC ISO text, so text order is time order in SQLite."""
    if moment.tzinfo is None:
        raise ValueError(f"time must be timezone-aware, got naive {moment.isoformat()}")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_stored_time(text: str) -> datetime:
    """Parse a time written by `to_stored_time`."""
    return datetime.fromisoformat(text).astimezone(UTC)


@dataclass(frozen=True)
class Event:
    """One checked post: where, what kind, which rules fired, and what happened; never the text."""

    at: datetime
    platform: str
    kind: str
    source: str
    outcome: str
    rule_ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    previews: tuple[str, ...] = ()
    fingerprint: str = ""
    ruleset_version: str = ""
    id: int | None = None
    response: str | None = None

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("Event.at must be timezone-aware (UTC)")
        if self.source not in SOURCES:
            raise ValueError(f"Event.source must be one of {', '.join(SOURCES)}; got {self.source!r}")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"Event.outcome must be one of {', '.join(OUTCOMES)}; got {self.outcome!r}")
        if self.response is not None and self.response not in RESPONSES:
            raise ValueError(f"Event.response must be one of {', '.join(RESPONSES)}; got {self.response!r}")


def _row(event: Event) -> dict[str, Any]:
    return {
        "at": to_stored_time(event.at),
        "platform": event.platform,
        "kind": event.kind,
        "source": event.source,
        "outcome": event.outcome,
        "rule_ids": json.dumps(list(event.rule_ids)),
        "categories": json.dumps(list(event.categories)),
        "severities": json.dumps(list(event.severities)),
        "previews": json.dumps(list(event.previews), ensure_ascii=False),
        "fingerprint": event.fingerprint,
        "ruleset_version": event.ruleset_version,
    }


def _tuple(raw: str | None) -> tuple[str, ...]:
    return tuple(str(item) for item in json.loads(raw or "[]"))


def event_from_row(row: dict[str, Any]) -> Event:
    """Turn a row of the `events` table back into an Event."""
    return Event(
        at=from_stored_time(row["at"]),
        platform=row["platform"],
        kind=row["kind"],
        source=row["source"],
        outcome=row["outcome"],
        rule_ids=_tuple(row["rule_ids"]),
        categories=_tuple(row["categories"]),
        severities=_tuple(row["severities"]),
        previews=_tuple(row["previews"]),
        fingerprint=row["fingerprint"] or "",
        ruleset_version=row["ruleset_version"] or "",
        id=int(row["id"]),
        response=row["response"],
    )


def record_event(db: sqlite_utils.Database, event: Event) -> int:
    """Store `event` in one short transaction and return its id."""
    row = _row(event)
    cursor = retry_locked(
        lambda: db.execute(
            f"insert into events ({', '.join(row)}) values ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
    )
    return int(cursor.lastrowid or 0)


def get_event(db: sqlite_utils.Database, event_id: int) -> Event | None:
    """The event with this id, or None."""
    rows = list(db.query("select * from events where id = ?", [event_id]))
    return event_from_row(rows[0]) if rows else None


def recent_events(db: sqlite_utils.Database, limit: int = 50, with_findings: bool = True) -> list[Event]:
    """The newest events first; by default only those where a rule fired."""
    where = "where rule_ids != '[]'" if with_findings else ""
    rows = db.query(f"select * from events {where} order by at desc, id desc limit ?", [limit])
    return [event_from_row(row) for row in rows]


def last_event_id(db: sqlite_utils.Database) -> int:
    """The highest event id so far (0 for an empty store)."""
    rows = list(db.query("select coalesce(max(id), 0) as last from events"))
    return int(rows[0]["last"])


def warnings_after(db: sqlite_utils.Database, after_id: int, limit: int = 50) -> list[Event]:
    """Posts the proxy saw go out without a warning, with an id above `after_id`, oldest first."""
    rows = db.query(
        "select * from events where id > ? and source = 'proxy' and outcome = 'posted_without_warning'"
        " order by id limit ?",
        [after_id, limit],
    )
    return [event_from_row(row) for row in rows]


def find_acknowledgement(
    db: sqlite_utils.Database,
    fingerprint: str,
    within: timedelta = timedelta(minutes=5),
    now: datetime | None = None,
) -> Event | None:
    """The newest event the extension recorded for this fingerprint within `within` before `now`."""
    if not fingerprint:
        return None
    moment = now or datetime.now(UTC)
    rows = list(
        db.query(
            "select * from events where fingerprint = ? and source = 'extension' and at >= ? and at <= ?"
            " order by at desc, id desc limit 1",
            [fingerprint, to_stored_time(moment - within), to_stored_time(moment + timedelta(seconds=5))],
        )
    )
    return event_from_row(rows[0]) if rows else None


def set_response(db: sqlite_utils.Database, event_id: int, response: str, at: datetime | None = None) -> bool:
    """Remember the employee's later answer (edited / kept) to a warning; False if the event is gone."""
    if response not in RESPONSES:
        raise ValueError(f"response must be one of {', '.join(RESPONSES)}; got {response!r}")
    when = to_stored_time(at or datetime.now(UTC))
    cursor = retry_locked(
        lambda: db.execute(
            "update events set response = ?, response_at = ? where id = ?", [response, when, event_id]
        )
    )
    return cursor.rowcount > 0


def delete_all_events(db: sqlite_utils.Database) -> int:
    """Erase the whole local history (events, feedback, weekly reports); returns the events deleted."""

    with write_transaction(db):
        db.execute("delete from feedback")
        # The weekly reports are derived from the history: unsent ones must not leave after an erase,
        # and with no events left no past week is rebuilt.
        db.execute("delete from report_outbox")
        return db.execute("delete from events").rowcount
