"""The proxy and the companion write to one SQLite file at once: nothing is lost, nothing is locked out."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from companion_ui.store import Event, Store
from companion_ui.store.migrations import MIGRATIONS

WRITERS = 4
EVENTS_EACH = 1000


def write_events(path: str, writer: int, start, results) -> None:
    """One writer process: open the (maybe brand-new) store and record its events one at a time."""
    errors: list[str] = []
    written = 0
    try:
        start.wait(30)
        store = Store(path)  # several processes migrate a new file at the same moment
        for n in range(EVENTS_EACH):
            try:
                store.record_event(
                    Event(
                        at=datetime.now(UTC),
                        platform="linkedin",
                        kind="post",
                        source="proxy" if writer % 2 else "extension",
                        outcome="posted_without_warning",
                        rule_ids=(f"rule-{writer}",),
                        categories=("secret",),
                        fingerprint=f"{writer:032x}{n:032x}",
                    )
                )
                written += 1
                if n % 100 == 0:
                    store.recent_events(limit=5)  # readers interleave with the writers
            except sqlite3.OperationalError as error:
                errors.append(str(error))
        store.close()
    except Exception as error:  # reported to the parent, which fails the test with it
        errors.append(f"{type(error).__name__}: {error}")
    results.put((writer, written, errors))


def test_four_processes_write_a_thousand_events_each(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite3")
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    results = ctx.Queue()
    workers = [ctx.Process(target=write_events, args=(path, w, start, results)) for w in range(WRITERS)]
    for worker in workers:
        worker.start()
    start.set()
    outcomes = [results.get(timeout=240) for _ in workers]
    for worker in workers:
        worker.join(30)
    errors = [e for _, _, errs in outcomes for e in errs]
    assert errors == [], errors[:5]
    assert sorted(written for _, written, _ in outcomes) == [EVENTS_EACH] * WRITERS
    conn = sqlite3.connect(path)
    assert conn.execute("select count(*) from events").fetchone()[0] == WRITERS * EVENTS_EACH
    assert (
        conn.execute("select count(distinct fingerprint) from events").fetchone()[0] == WRITERS * EVENTS_EACH
    )
    per_writer = dict(conn.execute("select rule_ids, count(*) from events group by rule_ids").fetchall())
    assert per_writer == {f'["rule-{w}"]': EVENTS_EACH for w in range(WRITERS)}
    assert conn.execute("select count(*) from migrations").fetchone()[0] == len(MIGRATIONS)
    conn.close()
