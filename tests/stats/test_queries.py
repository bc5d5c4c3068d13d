"""Publication: frozen weekly snapshots, retention, noise on shown cells only; queries read snapshots."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlite_utils

from companion_ui.stats import cube, queries
from companion_ui.stats.anonymity import Policy
from companion_ui.stats.weeks import add_weeks, week_end
from companion_ui.stats.wire import CheckCount, FindingCount, Report
from companion_ui.store.database import open_database

FIRST = "2025-W02"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "collector.sqlite3")
    queries.prepare(database)
    yield database
    database.close()


def report(week: str, platform: str = "linkedin", outcome: str = "edited") -> Report:
    return Report(
        str(uuid.uuid4()),
        week,
        findings=(FindingCount("client", "client-name", platform, "warning", outcome, "extension", 3),),
        checks=(CheckCount(platform, outcome, "extension", 4),),
    )


def fill(db: sqlite_utils.Database, weeks: int = 6, laptops: int = 8) -> list[str]:
    labels = [add_weeks(FIRST, n) for n in range(weeks)]
    with db.conn:
        for week in labels:
            for n in range(laptops):
                cube.merge(db, report(week, "x" if n == 0 else "linkedin"))
    return labels


def test_weeks_are_published_once_after_the_delay(db: sqlite_utils.Database) -> None:
    weeks = fill(db)
    policy = Policy(publish_after_days=14)
    now = week_end(weeks[2]) + timedelta(days=14)
    assert queries.publish_closed_weeks(db, policy, now) == weeks[:3]
    assert queries.publish_closed_weeks(db, policy, now) == []
    before = queries.export_rows(db, queries.Period(weeks[0], weeks[-1]))
    # A report merged afterwards (the API refuses it; here it is forced) does not change the snapshot.
    with db.conn:
        cube.merge(db, report(weeks[0]))
    assert queries.export_rows(db, queries.Period(weeks[0], weeks[2])) == before


def test_small_cells_and_their_complements_are_not_published(db: sqlite_utils.Database) -> None:
    weeks = fill(db)
    queries.publish_closed_weeks(db, Policy(), week_end(weeks[-1]) + timedelta(days=30))
    period = queries.Period(weeks[0], weeks[-1])
    platforms = queries.totals(db, "findings", "platform", period)
    # x has one laptop; linkedin would then equal the total, so it is hidden as well.
    assert platforms == {}
    assert queries.totals(db, "findings", "total", period) == {"*": (8 * 3 * 6, 6)}
    share = queries.change_share(db, period)
    assert share.weeks_left_out == 6 and share.ratio is None


def test_retention_drops_old_weeks_everywhere(db: sqlite_utils.Database) -> None:
    weeks = fill(db)
    policy = Policy(retention_weeks=4)
    queries.publish_closed_weeks(db, policy, week_end(weeks[-1]) + timedelta(days=15))
    queries.publish_closed_weeks(db, policy, week_end(weeks[-1]) + timedelta(weeks=10))
    for table in ("margins", "finding_cells", "check_cells", "seen_reports", "published", "published_weeks"):
        assert not list(db.query(f"select 1 from {table} where week < ?", [add_weeks(weeks[-1], 6)])), table


def test_noise_changes_counts_not_which_cells_are_shown(db: sqlite_utils.Database, tmp_path: Path) -> None:
    weeks = fill(db, weeks=3, laptops=40)
    plain = open_database(tmp_path / "plain.sqlite3")
    queries.prepare(plain)
    with db.conn:
        rows = list(db.query("select * from margins"))
    with plain.conn:
        plain["margins"].insert_all(rows)
    now = week_end(weeks[-1]) + timedelta(days=15)
    queries.publish_closed_weeks(db, Policy(epsilon=0.5), now)
    queries.publish_closed_weeks(plain, Policy(), now)
    period = queries.Period(weeks[0], weeks[-1])
    noisy, exact = queries.export_rows(db, period), queries.export_rows(plain, period)
    assert [r["value"] for r in noisy] == [r["value"] for r in exact]
    assert [r["count"] for r in noisy] != [r["count"] for r in exact]
    summary = queries.week_summaries(db)[0]
    assert summary["epsilon"] == 0.5
    plain.close()
