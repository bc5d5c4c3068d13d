"""The upload queue: one report (and one id) per completed week, back-off with jitter, in the store's file."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from companion_ui.stats import outbox
from companion_ui.stats.preview import pending_reports, render_json
from companion_ui.stats.wire import decode
from companion_ui.store import Event, Store

WEEK10 = datetime(2025, 3, 4, 12, tzinfo=UTC)
AFTER = datetime(2025, 3, 18, tzinfo=UTC)  # W10 and W11 complete


def record(store: Store, at: datetime) -> None:
    store.record_event(
        Event(at, "linkedin", "post", "extension", "edited", ("client-name",), ("client",), ("warning",))
    )


def test_enqueue_is_idempotent_and_keeps_the_id(store: Store) -> None:
    record(store, WEEK10)
    record(store, WEEK10 + timedelta(days=7))
    assert outbox.enqueue_completed_weeks(store.db, AFTER) == ["2025-W10", "2025-W11"]
    first = {i.week: i.report_id for i in outbox.items(store.db)}
    assert outbox.enqueue_completed_weeks(store.db, AFTER) == []
    assert {i.week: i.report_id for i in outbox.items(store.db)} == first
    # The queued bytes are a valid report with the stored id.
    for item in outbox.items(store.db):
        assert decode(item.payload).report_id == item.report_id


def test_two_processes_queue_one_report_per_week(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    a, b = Store(path), Store(path)
    try:
        record(a, WEEK10)
        outbox.enqueue_completed_weeks(a.db, AFTER)
        outbox.enqueue_completed_weeks(b.db, AFTER)
        assert [i.week for i in outbox.items(b.db)] == ["2025-W10"]
    finally:
        a.close()
        b.close()


def test_preview_is_the_exact_payload(store: Store) -> None:
    record(store, WEEK10)
    pending = pending_reports(store, AFTER)
    assert len(pending) == 1
    item = outbox.items(store.db)[0]
    assert pending[0] == json.loads(item.payload)
    assert json.loads(render_json(pending[0])) == pending[0]


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    low = [outbox.backoff(n, lambda a, b: a).total_seconds() for n in range(1, 12)]
    high = [outbox.backoff(n, lambda a, b: b).total_seconds() for n in range(1, 12)]
    assert high[:4] == [60, 120, 240, 480]
    assert low[:2] == [30, 60]
    assert max(high) == outbox.MAX_DELAY.total_seconds()
    assert all(120 <= outbox.backoff(3).total_seconds() <= 240 for _ in range(50))


def test_failures_schedule_later_attempts(store: Store) -> None:
    record(store, WEEK10)
    outbox.enqueue_completed_weeks(store.db, AFTER)
    next_at = outbox.mark_failed(store.db, "2025-W10", "ConnectionRefusedError", AFTER)
    assert AFTER + timedelta(seconds=30) <= next_at <= AFTER + timedelta(seconds=60)
    assert outbox.due(store.db, AFTER) == []
    assert [i.week for i in outbox.due(store.db, next_at)] == ["2025-W10"]
    second = outbox.mark_failed(store.db, "2025-W10", "again", next_at)
    assert second - next_at >= timedelta(seconds=60)
    outbox.mark_sent(store.db, "2025-W10", second)
    assert outbox.due(store.db, second + timedelta(days=1)) == []
    assert outbox.items(store.db, outbox.SENT)[0].attempts == 2


def test_erasing_the_history_drops_queued_reports_and_no_past_week_comes_back(store: Store) -> None:
    record(store, WEEK10)
    assert outbox.enqueue_completed_weeks(store.db, AFTER) == ["2025-W10"]
    store.delete_all_events()
    assert outbox.items(store.db) == []
    assert outbox.enqueue_completed_weeks(store.db, AFTER) == []
