"""Which rules are experimental: the collector cannot tell from counts, so it reads a rule catalogue.

Either a JSON file `{"rules": [{"id", "category", "status"}]}` (uploaded by an admin or given with
`--ruleset`), or an organisation profile / "default", loaded through the rule engine's own loader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import sqlite_utils

from companion_ui.stats.wire import RULE_ID_PATTERN
from rules.model import CATEGORIES

STATUSES: tuple[str, ...] = ("stable", "experimental")
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["rules"],
    "properties": {
        "rules": {
            "type": "array",
            "maxItems": 5000,
            "items": {
                "type": "object",
                "required": ["id", "category", "status"],
                "properties": {
                    "id": {"type": "string", "pattern": RULE_ID_PATTERN},
                    "category": {"enum": list(CATEGORIES)},
                    "status": {"enum": list(STATUSES)},
                },
            },
        }
    },
}


def create_schema(db: sqlite_utils.Database) -> None:
    """The catalogue table (idempotent)."""
    db.execute(
        "create table if not exists catalogue (rule text primary key, category text not null,"
        " status text not null)"
    )


def parse(data: Any) -> list[tuple[str, str, str]]:
    """(id, category, status) of every rule in a catalogue object; ValueError names the bad field."""
    try:
        jsonschema.validate(data, SCHEMA)
    except jsonschema.ValidationError as error:
        where = "/".join(str(p) for p in error.absolute_path) or "catalogue"
        raise ValueError(f"{where}: {error.message[:200]}") from None
    return [(r["id"], r["category"], r["status"]) for r in data["rules"]]


def from_ruleset(source: str) -> list[tuple[str, str, str]]:
    """The catalogue of a JSON file, of an organisation profile (YAML) or of the default pack."""
    if source.endswith(".json"):
        return parse(json.loads(Path(source).read_text(encoding="utf-8")))
    from rules.loader import load_ruleset

    ruleset = load_ruleset(None if source == "default" else Path(source))
    return [(rule.id, rule.category, rule.status) for rule in ruleset.rules]


def replace(db: sqlite_utils.Database, rows: list[tuple[str, str, str]]) -> int:
    """Replace the stored catalogue; returns the number of rules."""
    create_schema(db)
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        db.conn.execute("delete from catalogue")
        db.conn.executemany(
            "insert or replace into catalogue (rule, category, status) values (?, ?, ?)", rows
        )
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    return len(rows)


def experimental(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(category, rule) of every experimental rule in the catalogue."""
    create_schema(db)
    rows = db.query(
        "select category, rule from catalogue where status = 'experimental' order by category, rule"
    )
    return [(r["category"], r["rule"]) for r in rows]
