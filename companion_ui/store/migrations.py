"""Versioned schema migrations, applied once each and remembered in the `migrations` table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from companion_ui.store.database import write_transaction


@dataclass(frozen=True)
class Migration:
    """One schema step: a version number, a name, and the function that applies it."""

    version: int
    name: str
    apply: Callable[[sqlite_utils.Database], None]


def _create_events_feedback_settings(db: sqlite_utils.Database) -> None:
    # Lists (rule ids, categories, ...) are JSON arrays; there is deliberately no column for post text.
    db.table("events").create(
        {
            "id": int,
            "at": str,
            "platform": str,
            "kind": str,
            "source": str,
            "outcome": str,
            "rule_ids": str,
            "categories": str,
            "severities": str,
            "previews": str,
            "fingerprint": str,
            "ruleset_version": str,
            "response": str,
            "response_at": str,
        },
        pk="id",
        not_null={"at", "platform", "kind", "source", "outcome"},
        defaults={"rule_ids": "[]", "categories": "[]", "severities": "[]", "previews": "[]"},
    )
    db.table("events").create_index(["at"])
    db.table("events").create_index(["fingerprint", "at"])
    db.table("events").create_index(["source", "outcome", "id"])
    db.table("feedback").create(
        {"id": int, "at": str, "rule_id": str, "event_id": int, "source": str, "ruleset_version": str},
        pk="id",
        not_null={"at", "rule_id", "source"},
        foreign_keys=[("event_id", "events", "id")],
    )
    db.table("feedback").create_index(["event_id"])
    db.table("settings").create({"name": str, "value": str}, pk="name", not_null={"value"})


def _create_report_outbox(db: sqlite_utils.Database) -> None:
    # The weekly statistics queue (companion_ui/stats/outbox.py): counts only, never text. "if not
    # exists": files from 0.1.0 already have the table, created by the outbox itself back then.
    db.execute(
        "create table if not exists report_outbox ("
        " week text primary key, report_id text not null unique, payload text not null,"
        " created_at text not null, status text not null default 'pending',"
        " attempts integer not null default 0, next_attempt_at text not null,"
        " last_error text not null default '', sent_at text)"
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "events, feedback and settings tables", _create_events_feedback_settings),
    Migration(2, "weekly report outbox", _create_report_outbox),
)


def applied_versions(db: sqlite_utils.Database) -> set[int]:
    """The migration versions already applied to `db` (empty for a new file)."""
    if not db["migrations"].exists():
        return set()
    return {int(row["version"]) for row in db.query("select version from migrations")}


def migrate(db: sqlite_utils.Database, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the missing migrations in order, in one write transaction; returns the versions applied."""
    wanted = {m.version for m in migrations}
    if wanted <= applied_versions(db):
        return []
    # The write lock is taken up front, so two processes opening a new file migrate one after the
    # other instead of both creating the same tables.
    applied: list[int] = []
    with write_transaction(db):
        if not db["migrations"].exists():
            db.table("migrations").create({"version": int, "name": str, "applied_at": str}, pk="version")
        done = applied_versions(db)
        for migration in sorted(migrations, key=lambda m: m.version):
            if migration.version in done:
                continue
            migration.apply(db)
            db.table("migrations").insert(
                {
                    "version": migration.version,
                    "name": migration.name,
                    "applied_at": datetime.now(UTC).isoformat(timespec="seconds"),
                }
            )
            applied.append(migration.version)
    return applied
