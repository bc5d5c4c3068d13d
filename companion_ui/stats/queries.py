"""The dashboard's questions, answered from the published snapshot only (see `anonymity`).

Nothing here reads `margins` or the cell tables: every number comes from `published`, and period
figures are sums of whole published weeks, so no query can reveal more than the weekly snapshots.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from companion_ui.stats import anonymity, cube
from companion_ui.stats.anonymity import Policy
from companion_ui.stats.weeks import add_weeks, week_of

_publish_lock = threading.Lock()
# Outcomes that follow a warning the employee saw; "changed" is the share of the first two.
CHANGED = ("edited", "cancelled")
WARNED = ("edited", "cancelled", "posted_after_warning")


@dataclass(frozen=True)
class Period:
    """Whole ISO weeks from `first` to `last`, both included."""

    first: str
    last: str


@dataclass(frozen=True)
class Series:
    """Per facet value, the published count of each week (weeks where it is hidden are absent)."""

    weeks: tuple[str, ...]
    values: dict[str, dict[str, int]]


@dataclass(frozen=True)
class Share:
    """How many warnings were followed by a change, over weeks where all three outcomes are shown."""

    changed: int
    warned: int
    weeks_used: int
    weeks_left_out: int

    @property
    def ratio(self) -> float | None:
        """changed / warned, or None without data."""
        return self.changed / self.warned if self.warned else None


def prepare(db: sqlite_utils.Database) -> None:
    """Create the collector's tables (cells, margins, published snapshot) when missing."""
    cube.create_schema(db)
    anonymity.create_schema(db)


def publish_closed_weeks(db: sqlite_utils.Database, policy: Policy, now: datetime | None = None) -> list[str]:
    """Publish every closed, unpublished week and drop weeks past retention; returns the weeks published."""
    moment = now or datetime.now(UTC)
    cutoff = add_weeks(week_of(moment), -policy.retention_weeks)
    published: list[str] = []
    with _publish_lock:
        done = {r["week"] for r in db.query("select week from published_weeks")}
        todo = [
            w
            for w in cube.weeks_with_data(db)
            if w not in done and w >= cutoff and cube.week_closed(w, moment, policy.publish_after_days)
        ]
        stale = bool(list(db.query("select 1 from seen_reports where week < ? limit 1", [cutoff])))
        if not todo and not stale:
            return []
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            cube.delete_before(db, cutoff, (*cube.cell_tables(), "published", "published_weeks"))
            for week in todo:
                anonymity.publish_week(db, week, policy, moment)
                published.append(week)
            db.conn.execute("COMMIT")
        except BaseException:
            db.conn.execute("ROLLBACK")
            raise
    return published


def is_published(db: sqlite_utils.Database, week: str) -> bool:
    """True when the week's snapshot is frozen (reports for it are refused)."""
    return bool(list(db.query("select 1 from published_weeks where week = ?", [week])))


def published_weeks(db: sqlite_utils.Database) -> list[str]:
    """Every published week, oldest first."""
    return [r["week"] for r in db.query("select week from published_weeks order by week")]


def default_period(db: sqlite_utils.Database, weeks: int = 12) -> Period | None:
    """The last `weeks` published weeks, or None when nothing is published yet."""
    available = published_weeks(db)
    if not available:
        return None
    return Period(max(available[0], add_weeks(available[-1], -(weeks - 1))), available[-1])


def period_weeks(db: sqlite_utils.Database, period: Period) -> tuple[str, ...]:
    """The published weeks inside the period."""
    rows = db.query(
        "select week from published_weeks where week >= ? and week <= ? order by week",
        [period.first, period.last],
    )
    return tuple(r["week"] for r in rows)


def series(db: sqlite_utils.Database, table: str, facet: str, period: Period) -> Series:
    """Weekly published counts of every value of `facet` in `table`."""
    values: dict[str, dict[str, int]] = defaultdict(dict)
    rows = db.query(
        "select week, value, count from published where tbl = ? and facet = ? and week >= ? and week <= ?",
        [table, facet, period.first, period.last],
    )
    for r in rows:
        values[r["value"]][r["week"]] = int(r["count"])
    return Series(period_weeks(db, period), dict(values))


def totals(db: sqlite_utils.Database, table: str, facet: str, period: Period) -> dict[str, tuple[int, int]]:
    """Per value: (sum over the weeks it is shown, number of weeks shown)."""
    rows = db.query(
        "select value, sum(count) as total, count(*) as weeks from published"
        " where tbl = ? and facet = ? and week >= ? and week <= ? group by value order by total desc, value",
        [table, facet, period.first, period.last],
    )
    return {r["value"]: (int(r["total"]), int(r["weeks"])) for r in rows}


def change_share(db: sqlite_utils.Database, period: Period, table: str = "checks") -> Share:
    """Share of warned posts that were edited or cancelled, over weeks where each outcome is shown."""
    outcome = series(db, table, "outcome", period)
    changed = warned = used = 0
    for week in outcome.weeks:
        counts = [outcome.values.get(o, {}).get(week) for o in WARNED]
        if any(c is None for c in counts):
            # A hidden outcome would bias the share; the week is left out, not guessed.
            continue
        used += 1
        changed += sum(c or 0 for c, o in zip(counts, WARNED, strict=True) if o in CHANGED)
        warned += sum(c or 0 for c in counts)
    return Share(changed, warned, used, len(outcome.weeks) - used)


EXPORT_COLUMNS: tuple[str, ...] = ("week", "table", "facet", "value", "parent", "count")


def export_tuples(db: sqlite_utils.Database, period: Period) -> list[tuple[str, str, str, str, str, int]]:
    """Every published cell of the period as rows in EXPORT_COLUMNS order (CSV and JSON export)."""
    cursor = db.conn.execute(
        "select week, tbl, facet, value, parent, count from published where week >= ? and week <= ?"
        " order by week, tbl, facet, value",
        [period.first, period.last],
    )
    return [tuple(row) for row in cursor.fetchall()]  # type: ignore[misc]


def export_rows(db: sqlite_utils.Database, period: Period) -> list[dict[str, object]]:
    """Every published cell of the period as objects keyed by EXPORT_COLUMNS."""
    return [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in export_tuples(db, period)]


def week_summaries(db: sqlite_utils.Database) -> list[dict[str, object]]:
    """Per published week: when, k and epsilon in force, cells shown and hidden."""
    rows = db.query("select * from published_weeks order by week desc")
    return [dict(r) for r in rows]
