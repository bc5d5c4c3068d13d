"""Opening the SQLite file: WAL, a busy timeout, foreign keys, and retries when another process writes."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import sqlite_utils
from platformdirs import user_data_dir

DATABASE_NAME = "bedenktijd.sqlite3"
DATA_DIR_ENV = "BEDENKTIJD_DATA_DIR"
BUSY_TIMEOUT_MS = 5000
LOCK_RETRIES = 8

T = TypeVar("T")


def default_database_path(data_dir: Path | str | None = None) -> Path:
    """The store's file: in `data_dir`, else $BEDENKTIJD_DATA_DIR, else the platform's user data folder."""
    if data_dir:
        base = Path(data_dir)
    elif os.environ.get(DATA_DIR_ENV):
        base = Path(os.environ[DATA_DIR_ENV])
    else:
        base = Path(user_data_dir("bedenktijd", appauthor=False))
    return base / DATABASE_NAME


def is_locked_error(error: BaseException) -> bool:
    """True for SQLite's "database is locked" / "database is busy" errors, which a retry can cure."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    text = str(error).lower()
    return "locked" in text or "busy" in text


def retry_locked(action: Callable[[], T], attempts: int = LOCK_RETRIES) -> T:
    """Run `action`, retrying with a short random back-off while another process holds the write lock."""
    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as error:
            if not is_locked_error(error) or attempt == attempts - 1:
                raise
            # The busy timeout already waited; jitter keeps several writers from retrying in step.
            time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _apply_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError(f"could not switch the store to WAL mode (got {mode!r})")
    # NORMAL is durable enough in WAL mode and avoids an fsync on every short write transaction.
    conn.execute("PRAGMA synchronous = NORMAL")


def open_database(path: Path | str) -> sqlite_utils.Database:
    """Open (creating its folder) the SQLite file at `path` with WAL, busy timeout and foreign keys."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # check_same_thread=False only so Store.close() can close every thread's connection at the end;
    # each connection is still used by one thread at a time.
    conn = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        retry_locked(lambda: _apply_pragmas(conn))
    except BaseException:
        conn.close()
        raise
    return sqlite_utils.Database(conn, execute_plugins=False)


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """A short write transaction that takes the write lock up front (BEGIN IMMEDIATE), with retries."""
    # IMMEDIATE avoids the deadlock where two readers both try to upgrade to writers, which the busy
    # timeout cannot resolve.
    retry_locked(lambda: db.conn.execute("BEGIN IMMEDIATE"))
    try:
        yield db
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
