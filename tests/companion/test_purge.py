"""Retention: events and feedback older than N days are deleted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from companion_ui.store import Event, Store

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)


def at(days_ago: float) -> Event:
    return Event(
        at=NOW - timedelta(days=days_ago),
        platform="x",
        kind="post",
        source="proxy",
        outcome="posted_without_warning",
        rule_ids=("emotional-shouting",),
        categories=("emotional",),
    )


def test_purge_deletes_only_what_is_older_than_the_retention(store: Store) -> None:
    old = store.record_event(at(31))
    edge = store.record_event(at(29.9))
    fresh = store.record_event(at(0))
    assert store.purge(30, NOW) == 1
    assert store.get_event(old) is None
    assert store.get_event(edge) is not None and store.get_event(fresh) is not None
    assert store.purge(30, NOW) == 0


def test_purge_with_default_retention_of_30_days(store: Store) -> None:
    store.record_event(at(45))
    store.record_event(at(1))
    assert store.purge(now=NOW) == 1


def test_recent_feedback_about_a_purged_event_is_kept_without_the_link(store: Store) -> None:
    old = store.record_event(at(40))
    store.record_feedback("emotional-shouting", old)  # written now, so newer than the cut-off
    assert store.purge(30, NOW + timedelta(days=1)) == 1
    rows = list(store.db.query("select rule_id, event_id from feedback"))
    assert rows == [{"rule_id": "emotional-shouting", "event_id": None}]


def test_old_feedback_goes_too(store: Store) -> None:
    store.record_feedback("emotional-shouting")
    store.purge(30, datetime.now(UTC) + timedelta(days=31))
    assert list(store.db.query("select * from feedback")) == []


def test_retention_below_one_day_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="at least 1 day"):
        store.purge(0, NOW)
