"""The store on a real SQLite file: migrations, events, acknowledgements, settings, feedback."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion_ui.store import Event, Store, default_database_path, pairing_code
from companion_ui.store.database import open_database
from companion_ui.store.migrations import MIGRATIONS, applied_versions, migrate

NOW = datetime(2026, 3, 10, 9, 15, tzinfo=UTC)


def event(**changes) -> Event:
    values = dict(
        at=NOW,
        platform="linkedin",
        kind="post",
        source="extension",
        outcome="posted_after_warning",
        rule_ids=("secret-password",),
        categories=("secret",),
        severities=("high",),
        previews=("Zo**********",),
        fingerprint="f" * 64,
        ruleset_version="abc123",
    )
    values.update(changes)
    return Event(**values)


def test_new_file_is_migrated_in_wal_mode(tmp_path: Path) -> None:
    store = Store(tmp_path / "sub" / "b.sqlite3")
    conn = sqlite3.connect(store.path)
    tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    assert {"events", "feedback", "settings", "migrations", "report_outbox"} <= tables
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert [row[0] for row in conn.execute("select version from migrations")] == [
        m.version for m in MIGRATIONS
    ]
    conn.close()
    assert applied_versions(store.db) == {1, 2}
    assert store.db.conn.execute("pragma foreign_keys").fetchone()[0] == 1
    assert store.db.conn.execute("pragma busy_timeout").fetchone()[0] >= 1000
    store.close()


def test_migrating_twice_applies_nothing_the_second_time(tmp_path: Path) -> None:
    db = open_database(tmp_path / "m.sqlite3")
    assert migrate(db) == [1, 2]
    assert migrate(db) == []
    assert db.execute("select count(*) from migrations").fetchone()[0] == 2
    db.close()


def test_a_file_whose_outbox_predates_the_migration_keeps_its_reports(tmp_path: Path) -> None:
    # 0.1.0 created report_outbox outside the migrations; migration 2 must adopt it, not fail.
    db = open_database(tmp_path / "old.sqlite3")
    migrate(db, MIGRATIONS[:1])
    db.execute(
        "create table report_outbox (week text primary key, report_id text not null unique,"
        " payload text not null, created_at text not null, status text not null default 'pending',"
        " attempts integer not null default 0, next_attempt_at text not null,"
        " last_error text not null default '', sent_at text)"
    )
    db.execute(
        "insert into report_outbox (week, report_id, payload, created_at, next_attempt_at)"
        " values ('2025-W10', 'r1', '{}', 'now', 'now')"
    )
    assert migrate(db) == [2]
    assert db.execute("select report_id from report_outbox").fetchall() == [("r1",)]
    db.close()


def test_event_round_trip(store: Store) -> None:
    event_id = store.record_event(event())
    loaded = store.get_event(event_id)
    assert loaded == event(id=event_id)
    assert store.get_event(event_id + 1) is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"at": datetime(2026, 3, 10, 9, 15)}, "timezone-aware"),
        ({"source": "browser"}, "Event.source"),
        ({"outcome": "deleted"}, "Event.outcome"),
        ({"response": "maybe"}, "Event.response"),
    ],
)
def test_invalid_events_are_refused_naming_the_field(changes, message) -> None:
    with pytest.raises(ValueError, match=message):
        event(**changes)


def test_find_acknowledgement_within_the_window_only(store: Store) -> None:
    fp = "a" * 64
    store.record_event(event(fingerprint=fp, at=NOW - timedelta(minutes=10), outcome="cancelled"))
    assert store.find_acknowledgement(fp, timedelta(minutes=5), NOW) is None
    recent = store.record_event(event(fingerprint=fp, at=NOW - timedelta(minutes=2)))
    store.record_event(event(fingerprint=fp, at=NOW - timedelta(minutes=1), source="proxy"))
    store.record_event(event(fingerprint="b" * 64, at=NOW))
    found = store.find_acknowledgement(fp, timedelta(minutes=5), NOW)
    assert found is not None and found.id == recent and found.source == "extension"
    assert store.find_acknowledgement("", timedelta(minutes=5), NOW) is None


def test_warnings_after_lists_only_unwarned_proxy_posts(store: Store) -> None:
    store.record_event(event(source="proxy", outcome="posted_after_warning"))
    first = store.record_event(event(source="proxy", outcome="posted_without_warning"))
    store.record_event(event(source="extension", outcome="cancelled"))
    second = store.record_event(event(source="proxy", outcome="posted_without_warning", platform="x"))
    assert [e.id for e in store.warnings_after(0)] == [first, second]
    assert [e.id for e in store.warnings_after(first)] == [second]
    assert store.last_event_id() == second


def test_recent_events_newest_first_and_only_with_findings(store: Store) -> None:
    old = store.record_event(event(at=NOW - timedelta(hours=1)))
    store.record_event(event(outcome="no_findings", rule_ids=(), categories=(), severities=(), previews=()))
    new = store.record_event(event())
    assert [e.id for e in store.recent_events()] == [new, old]
    assert len(store.recent_events(with_findings=False)) == 3


def test_secret_and_token_are_created_once_and_shared_between_stores(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    first, second = Store(path), Store(path)
    secret = first.secret()
    assert len(secret) == 32
    assert second.secret() == secret
    assert first.api_token() == second.api_token()
    assert len(first.api_token()) >= 40
    assert Store(tmp_path / "other.sqlite3").secret() != secret


def test_pairing_code_is_short_and_follows_the_token() -> None:
    code = pairing_code("token-1")
    assert len(code) == 9 and code[4] == "-"
    assert code == pairing_code("token-1") != pairing_code("token-2")


def test_seen_times(store: Store) -> None:
    assert store.proxy_seen_at() is None
    store.record_proxy_seen(NOW)
    store.record_extension_seen(NOW + timedelta(seconds=3))
    assert store.proxy_seen_at() == NOW
    assert store.extension_seen_at() == NOW + timedelta(seconds=3)


def test_response_and_feedback(store: Store) -> None:
    event_id = store.record_event(event(source="proxy", outcome="posted_without_warning"))
    assert store.set_response(event_id, "edited")
    assert store.get_event(event_id).response == "edited"
    assert not store.set_response(event_id + 100, "kept")
    store.record_feedback("secret-password", event_id, source="extension")
    assert store.reported_rules(event_id) == {"secret-password"}
    with pytest.raises(ValueError, match="source"):
        store.record_feedback("secret-password", event_id, source="someone")


def test_delete_all_events_erases_history(store: Store) -> None:
    event_id = store.record_event(event())
    store.record_feedback("secret-password", event_id)
    store.db.execute(
        "insert into report_outbox (week, report_id, payload, created_at, next_attempt_at)"
        " values ('2025-W10', 'r1', '{}', 'now', 'now')"
    )
    assert store.delete_all_events() == 1
    assert store.recent_events(with_findings=False) == []
    assert store.reported_rules(event_id) == set()
    # Unsent weekly reports are derived from the history and go with it.
    assert store.db.execute("select count(*) from report_outbox").fetchone()[0] == 0


def test_default_database_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_database_path(tmp_path) == tmp_path / "bedenktijd.sqlite3"
    monkeypatch.setenv("BEDENKTIJD_DATA_DIR", str(tmp_path / "env"))
    assert default_database_path() == tmp_path / "env" / "bedenktijd.sqlite3"
    monkeypatch.delenv("BEDENKTIJD_DATA_DIR")
    assert "bedenktijd" in str(default_database_path())
