"""ISO weeks in UTC: the only time unit a report or a collector cell ever carries."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")


def week_of(moment: datetime) -> str:
    """The ISO week label ("2025-W07") of an aware datetime, in UTC."""
    if moment.tzinfo is None:
        raise ValueError(f"time must be timezone-aware, got naive {moment.isoformat()}")
    year, week, _ = moment.astimezone(UTC).isocalendar()
    return f"{year:04d}-W{week:02d}"


def parse_week(label: str) -> tuple[int, int]:
    """(year, week) of a label, raising ValueError naming the label when it is not a real ISO week."""
    match = WEEK_PATTERN.match(label)
    if match is None:
        raise ValueError(f"week {label!r} is not of the form YYYY-Www")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"week {label!r} does not exist in the ISO calendar") from None
    return year, week


def week_start(label: str) -> datetime:
    """Monday 00:00 UTC of the week."""
    year, week = parse_week(label)
    return datetime.combine(date.fromisocalendar(year, week, 1), datetime.min.time(), tzinfo=UTC)


def week_end(label: str) -> datetime:
    """Monday 00:00 UTC of the next week (exclusive end)."""
    return week_start(label) + timedelta(days=7)


def add_weeks(label: str, count: int) -> str:
    """The week `count` weeks after (or before, when negative) `label`."""
    return week_of(week_start(label) + timedelta(weeks=count))


def is_complete(label: str, now: datetime) -> bool:
    """True once the whole week lies in the past."""
    return now >= week_end(label)


def weeks_between(first: str, last: str) -> list[str]:
    """Every week from `first` to `last`, both included (empty when first is after last)."""
    out: list[str] = []
    current = first
    while week_start(current) <= week_start(last):
        out.append(current)
        current = add_weeks(current, 1)
    return out
