"""What the collector app shares between requests: config, one SQLite connection per thread, limiter."""

from __future__ import annotations

import logging
import secrets
import threading
from pathlib import Path

import sqlite_utils
from flask import current_app

from companion_ui.collector import catalogue, users
from companion_ui.collector.config import CollectorConfig
from companion_ui.collector.limiter import LoginLimiter
from companion_ui.stats import queries
from companion_ui.store.database import open_database

EXTENSION_KEY = "bedenktijd_collector"


class CollectorState:
    """Opens (and prepares) the collector's SQLite file; hands each thread its own connection."""

    def __init__(self, config: CollectorConfig) -> None:
        self.config = config
        self.log = logging.getLogger("companion_ui.collector")
        self.path = Path(config.db_path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite_utils.Database] = []
        self.limiter = LoginLimiter(config.login_attempts, config.login_window_seconds)
        prepare_database(self.db)
        if config.ruleset:
            catalogue.replace(self.db, catalogue.from_ruleset(config.ruleset))

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection, opened on first use."""
        db: sqlite_utils.Database | None = getattr(self._local, "db", None)
        if db is None:
            db = open_database(self.path)
            self._local.db = db
            with self._lock:
                self._connections.append(db)
        return db

    def secret_key(self) -> str:
        """The session signing key, created once and kept in the database so restarts keep sessions."""
        db = self.db
        db.execute(
            "insert or ignore into collector_settings (name, value) values ('secret_key', ?)",
            [secrets.token_hex(32)],
        )
        return str(
            next(iter(db.query("select value from collector_settings where name = 'secret_key'")))["value"]
        )

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            for db in self._connections:
                db.close()
            self._connections.clear()
        self._local = threading.local()


def prepare_database(db: sqlite_utils.Database) -> None:
    """Create every collector table when missing."""
    queries.prepare(db)
    users.create_schema(db)
    catalogue.create_schema(db)
    db.execute("create table if not exists collector_settings (name text primary key, value text not null)")


def state() -> CollectorState:
    """The CollectorState of the current app."""
    value: CollectorState = current_app.extensions[EXTENSION_KEY]
    return value
