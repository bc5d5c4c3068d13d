"""The collector's store: merged counts per cell and per published facet, never a report as such.

Three tables of full-grain cells (what the spec of a report allows, summed over reports) and one
table of *margins*: for each facet the anonymity layer may publish (category, rule within category,
platform, outcome, source, and the week's total) the summed count and the number of distinct reports
that contributed. Distinct-report counts cannot be summed up from finer cells (one report touches
several), so they are counted once, at ingest. Seen report ids make an upload idempotent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from companion_ui.stats.weeks import week_of, week_start
from companion_ui.stats.wire import Report

TOTAL = ("total", "*")
# (table, facet) pairs the anonymity layer publishes; severity is stored but not published (a rule's
# severity is public, so a severity total would be a second grouping of rules and open a derivation).
FACETS: dict[str, tuple[str, ...]] = {
    "findings": ("total", "category", "rule", "platform", "outcome", "source"),
    "checks": ("total", "platform", "outcome", "source"),
    "feedback": ("total", "rule"),
}
CELL_TABLES: dict[str, tuple[str, ...]] = {
    "finding_cells": ("week", "category", "rule", "platform", "severity", "outcome", "source"),
    "check_cells": ("week", "platform", "outcome", "source"),
    "feedback_cells": ("week", "rule"),
}


@dataclass(frozen=True)
class Margin:
    """One facet value of one week: summed count, distinct reports, and its parent in the hierarchy."""

    week: str
    table: str
    facet: str
    value: str
    parent: str
    count: int
    reports: int


def create_schema(db: sqlite_utils.Database) -> None:
    """Create the collector's tables and indexes when missing (idempotent)."""
    for name, keys in CELL_TABLES.items():
        columns = ", ".join(f"{key} text not null" for key in keys)
        db.execute(
            f"create table if not exists {name} ({columns}, count integer not null,"
            f" reports integer not null, primary key ({', '.join(keys)}))"
        )
    db.execute(
        "create table if not exists margins (week text not null, tbl text not null, facet text not null,"
        " value text not null, parent text not null, count integer not null, reports integer not null,"
        " primary key (week, tbl, facet, value))"
    )
    db.execute(
        "create table if not exists seen_reports (report_id text primary key, week text not null,"
        " received_at text not null)"
    )
    db.execute("create index if not exists seen_reports_week on seen_reports (week)")


def margins_of(report: Report) -> list[tuple[str, str, str, str, int]]:
    """(table, facet, value, parent, count) for every facet value the report touches."""
    out: Counter[tuple[str, str, str, str]] = Counter()
    for f in report.findings:
        out[("findings", *TOTAL, "")] += f.count
        out[("findings", "category", f.category, "")] += f.count
        out[("findings", "rule", f"{f.category}/{f.rule}", f.category)] += f.count
        out[("findings", "platform", f.platform, "")] += f.count
        out[("findings", "outcome", f.outcome, "")] += f.count
        out[("findings", "source", f.source, "")] += f.count
    for c in report.checks:
        out[("checks", *TOTAL, "")] += c.count
        out[("checks", "platform", c.platform, "")] += c.count
        out[("checks", "outcome", c.outcome, "")] += c.count
        out[("checks", "source", c.source, "")] += c.count
    for fp in report.false_positives:
        out[("feedback", *TOTAL, "")] += fp.count
        out[("feedback", "rule", fp.rule, "")] += fp.count
    return [(*key, count) for key, count in out.items()]


def _upsert(
    db: sqlite_utils.Database, table: str, columns: Sequence[str], rows: list[list[object]], conflict: int = 0
) -> None:
    """Add rows' counts to `table`, one more report per row; the first `conflict` columns form the key."""
    key = columns[: conflict or len(columns)]
    db.conn.executemany(
        f"insert into {table} ({', '.join(columns)}, count, reports) values"
        f" ({', '.join('?' for _ in columns)}, ?, 1) on conflict ({', '.join(key)}) do update set"
        " count = count + excluded.count, reports = reports + 1",
        rows,
    )


def merge(db: sqlite_utils.Database, report: Report, received_at: datetime | None = None) -> bool:
    """Add a report's counts inside the caller's transaction; False (nothing changed) if already seen."""
    when = (received_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    cursor = db.conn.execute(
        "insert or ignore into seen_reports (report_id, week, received_at) values (?, ?, ?)",
        [report.report_id, report.week, when],
    )
    if cursor.rowcount == 0:
        return False
    w = report.week
    _upsert(
        db,
        "finding_cells",
        CELL_TABLES["finding_cells"],
        [
            [w, f.category, f.rule, f.platform, f.severity, f.outcome, f.source, f.count]
            for f in report.findings
        ],
    )
    _upsert(
        db,
        "check_cells",
        CELL_TABLES["check_cells"],
        [[w, c.platform, c.outcome, c.source, c.count] for c in report.checks],
    )
    _upsert(
        db,
        "feedback_cells",
        CELL_TABLES["feedback_cells"],
        [[w, f.rule, f.count] for f in report.false_positives],
    )
    _upsert(
        db,
        "margins",
        ("week", "tbl", "facet", "value", "parent"),
        [[w, *margin] for margin in margins_of(report)],
        conflict=4,
    )
    return True


def week_margins(db: sqlite_utils.Database, week: str) -> list[Margin]:
    """Every margin of `week` (for the anonymity layer only)."""
    rows = db.query(
        "select week, tbl, facet, value, parent, count, reports from margins where week = ?"
        " order by tbl, facet, value",
        [week],
    )
    return [
        Margin(r["week"], r["tbl"], r["facet"], r["value"], r["parent"], int(r["count"]), int(r["reports"]))
        for r in rows
    ]


def weeks_with_data(db: sqlite_utils.Database) -> list[str]:
    """Weeks for which at least one report was merged, oldest first."""
    return [r["week"] for r in db.query("select distinct week from margins order by week")]


def delete_before(db: sqlite_utils.Database, week: str, tables: Iterable[str]) -> int:
    """Delete every row of a week before `week` from `tables`; returns the rows deleted."""
    deleted = 0
    for table in tables:
        deleted += db.conn.execute(f"delete from {table} where week < ?", [week]).rowcount
    return deleted


def cell_tables() -> tuple[str, ...]:
    """The tables whose rows carry a week (for retention)."""
    return (*CELL_TABLES, "margins", "seen_reports")


def current_week(now: datetime) -> str:
    """The week `now` falls in (reports for it are not complete yet)."""
    return week_of(now)


def week_closed(week: str, now: datetime, publish_after_days: int) -> bool:
    """True when the week ended more than `publish_after_days` days ago: it is (to be) published."""
    return (now - week_start(week)).total_seconds() >= (7 + publish_after_days) * 86400
