"""The upload queue: one row per reported week in the store's SQLite file (table `report_outbox`).

The table is created by the store's migrations (version 2). A report is built once per completed
week, with its random id, and kept until the collector confirms it; retries reuse the same bytes and
id, so the collector counts it exactly once.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from companion_ui.stats.report import DEFAULT_LOOKBACK_WEEKS, build_report, completed_weeks
from companion_ui.stats.wire import encode
from companion_ui.store.database import retry_locked

TABLE = "report_outbox"
PENDING, SENT, REJECTED = "pending", "sent", "rejected"
BASE_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=6)


@dataclass(frozen=True)
class OutboxItem:
    """A queued report: its week, id, exact payload bytes, and delivery state."""

    week: str
    report_id: str
    payload: bytes
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _item(row: dict[str, Any]) -> OutboxItem:
    return OutboxItem(
        week=row["week"],
        report_id=row["report_id"],
        payload=row["payload"].encode("utf-8"),
        status=row["status"],
        attempts=int(row["attempts"]),
        next_attempt_at=datetime.fromisoformat(row["next_attempt_at"]),
        last_error=row["last_error"] or "",
    )


def enqueue_completed_weeks(
    db: sqlite_utils.Database, now: datetime, lookback_weeks: int = DEFAULT_LOOKBACK_WEEKS
) -> list[str]:
    """Build and queue a report for every completed week not queued yet; returns the weeks added."""
    known = {row["week"] for row in db.query(f"select week from {TABLE}")}
    added: list[str] = []
    for week in completed_weeks(db, now, lookback_weeks):
        if week in known:
            continue
        report = build_report(db, week)
        if report is None:
            continue
        row = [week, report.report_id, encode(report).decode("utf-8"), _time(now), _time(now)]
        # "or ignore": when another process queued the same week first, its report (and id) wins.
        cursor = retry_locked(
            lambda row=row: db.execute(  # type: ignore[misc]
                f"insert or ignore into {TABLE} (week, report_id, payload, created_at, next_attempt_at)"
                " values (?, ?, ?, ?, ?)",
                row,
            )
        )
        if cursor.rowcount:
            added.append(week)
    return added


def items(db: sqlite_utils.Database, status: str | None = None) -> list[OutboxItem]:
    """Queued reports, oldest week first; only those with `status` when given."""
    where, params = ("where status = ?", [status]) if status else ("", [])
    return [_item(row) for row in db.query(f"select * from {TABLE} {where} order by week", params)]


def due(db: sqlite_utils.Database, now: datetime) -> list[OutboxItem]:
    """Pending reports whose next attempt is due."""
    return [item for item in items(db, PENDING) if item.next_attempt_at <= now]


def payload_json(item: OutboxItem) -> dict[str, Any]:
    """The decoded payload of a queued report (what the preview page shows)."""
    value: dict[str, Any] = json.loads(item.payload)
    return value


def mark_sent(db: sqlite_utils.Database, week: str, now: datetime) -> None:
    """The collector confirmed the report (stored now or earlier)."""
    retry_locked(
        lambda: db.execute(
            f"update {TABLE} set status = ?, sent_at = ?, last_error = '' where week = ?",
            [SENT, _time(now), week],
        )
    )


def mark_rejected(db: sqlite_utils.Database, week: str, error: str, now: datetime) -> None:
    """The collector refused the report for good (malformed, too late); it is not retried."""
    retry_locked(
        lambda: db.execute(
            f"update {TABLE} set status = ?, last_error = ?, sent_at = ? where week = ?",
            [REJECTED, error[:500], _time(now), week],
        )
    )


def backoff(attempts: int, uniform: Callable[[float, float], float] = random.uniform) -> timedelta:
    """Exponential back-off with jitter: half the doubled delay fixed, the other half random."""
    ceiling = min(MAX_DELAY.total_seconds(), BASE_DELAY.total_seconds() * 2 ** max(0, attempts - 1))
    # The random half spreads thousands of laptops that lost the collector at the same moment.
    return timedelta(seconds=uniform(ceiling / 2, ceiling))


def mark_failed(db: sqlite_utils.Database, week: str, error: str, now: datetime) -> datetime:
    """Count a failed attempt and schedule the next one; returns when it is due."""
    rows = list(db.query(f"select attempts from {TABLE} where week = ?", [week]))
    attempts = int(rows[0]["attempts"]) + 1 if rows else 1
    next_at = now + backoff(attempts)
    retry_locked(
        lambda: db.execute(
            f"update {TABLE} set attempts = ?, next_attempt_at = ?, last_error = ? where week = ?",
            [attempts, _time(next_at), error[:500], week],
        )
    )
    return next_at
