"""Dashboard users: name, role and a salted password hash (werkzeug's scrypt), in the collector's SQLite."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlite_utils
from werkzeug.security import check_password_hash, generate_password_hash

ROLES: tuple[str, ...] = ("viewer", "admin")
NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
MIN_PASSWORD = 10
# Compared against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


def create_schema(db: sqlite_utils.Database) -> None:
    """The users table (idempotent)."""
    db.execute(
        "create table if not exists users (name text primary key, password_hash text not null,"
        " role text not null, created_at text not null)"
    )


def add_user(db: sqlite_utils.Database, name: str, password: str, role: str) -> None:
    """Create or replace a user; raises ValueError naming what is wrong."""
    if not NAME.match(name):
        raise ValueError(f"user name {name!r} may only hold letters, digits and . _ @ - (1-64 characters)")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}; got {role!r}")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"the password must be at least {MIN_PASSWORD} characters")
    create_schema(db)
    db.execute(
        "insert or replace into users (name, password_hash, role, created_at) values (?, ?, ?, ?)",
        [name, generate_password_hash(password), role, datetime.now(UTC).isoformat(timespec="seconds")],
    )


def authenticate(db: sqlite_utils.Database, name: str, password: str) -> str | None:
    """The user's role when name and password match, else None."""
    rows = list(db.query("select password_hash, role from users where name = ?", [name]))
    if not rows:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return str(rows[0]["role"]) if check_password_hash(rows[0]["password_hash"], password) else None


def role_of(db: sqlite_utils.Database, name: str) -> str | None:
    """The current role of a user (None once deleted), so a changed role takes effect at once."""
    rows = list(db.query("select role from users where name = ?", [name]))
    return str(rows[0]["role"]) if rows else None


def list_users(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(name, role) of every user."""
    return [(r["name"], r["role"]) for r in db.query("select name, role from users order by name")]
