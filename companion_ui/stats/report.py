"""Building one laptop's weekly report from its local events and feedback (read through sqlite-utils)."""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections import Counter
from datetime import datetime

import sqlite_utils

from companion_ui.stats.weeks import add_weeks, week_end, week_of, week_start, weeks_between
from companion_ui.stats.wire import (
    REPORT_PLATFORMS,
    RULE_ID_PATTERN,
    CheckCount,
    FeedbackCount,
    FindingCount,
    Report,
)
from companion_ui.store.events import OUTCOMES, SOURCES, to_stored_time
from rules.model import CATEGORIES, SEVERITIES

log = logging.getLogger(__name__)
_RULE_ID = re.compile(RULE_ID_PATTERN)
# A laptop that was switched off for long does not flood the collector with old weeks, which the
# collector would refuse anyway once they are published.
DEFAULT_LOOKBACK_WEEKS = 8


def _platform(name: str) -> str:
    return name if name in REPORT_PLATFORMS else "other"


def _list(raw: str | None) -> list[str]:
    return [str(item) for item in json.loads(raw or "[]")]


def build_report(db: sqlite_utils.Database, week: str, report_id: str | None = None) -> Report | None:
    """The report of `week` from the events and feedback in `db`, or None when nothing happened that week."""
    bounds = [to_stored_time(week_start(week)), to_stored_time(week_end(week))]
    findings: Counter[tuple[str, str, str, str, str, str]] = Counter()
    checks: Counter[tuple[str, str, str]] = Counter()
    skipped = 0
    # Only the columns a report needs are read: never previews or fingerprints.
    rows = db.query(
        "select platform, source, outcome, rule_ids, categories, severities from events"
        " where at >= ? and at < ?",
        bounds,
    )
    for row in rows:
        if row["source"] not in SOURCES or row["outcome"] not in OUTCOMES:
            skipped += 1
            continue
        platform = _platform(row["platform"])
        checks[(platform, row["outcome"], row["source"])] += 1
        rules, categories, severities = (_list(row[c]) for c in ("rule_ids", "categories", "severities"))
        for index, rule in enumerate(rules):
            category = categories[index] if index < len(categories) else ""
            severity = severities[index] if index < len(severities) else ""
            if category not in CATEGORIES or severity not in SEVERITIES or not _RULE_ID.match(rule):
                # Written when the rule pack was unavailable; a cell without a category means nothing.
                skipped += 1
                continue
            findings[(category, rule, platform, severity, row["outcome"], row["source"])] += 1
    feedback = Counter(
        row["rule_id"]
        for row in db.query("select rule_id from feedback where at >= ? and at < ?", bounds)
        if _RULE_ID.match(row["rule_id"] or "")
    )
    if skipped:
        log.info("week %s: left out %d findings or events without a known category or outcome", week, skipped)
    if not checks and not findings and not feedback:
        return None
    return Report(
        report_id=report_id or str(uuid.uuid4()),
        week=week,
        findings=tuple(FindingCount(*key, count) for key, count in sorted(findings.items())),
        checks=tuple(CheckCount(*key, count) for key, count in sorted(checks.items())),
        false_positives=tuple(FeedbackCount(rule, count) for rule, count in sorted(feedback.items())),
    )


def first_activity_week(db: sqlite_utils.Database) -> str | None:
    """The week of the oldest stored event or feedback, or None for an empty store."""
    rows = list(
        db.query(
            "select min(at) as first from (select min(at) as at from events union all"
            " select min(at) as at from feedback)"
        )
    )
    first = rows[0]["first"] if rows else None
    return week_of(datetime.fromisoformat(first)) if first else None


def completed_weeks(
    db: sqlite_utils.Database, now: datetime, lookback_weeks: int = DEFAULT_LOOKBACK_WEEKS
) -> list[str]:
    """The completed weeks (oldest first) that may hold activity, at most `lookback_weeks` back."""
    first = first_activity_week(db)
    if first is None:
        return []
    last = add_weeks(week_of(now), -1)
    earliest = add_weeks(last, -(lookback_weeks - 1))
    start = max(first, earliest, key=week_start)
    return weeks_between(start, last)
