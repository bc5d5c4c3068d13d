"""Read evaluation cases (JSON Lines, see shared/eval/FORMAT.md) into posts with labels."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rules.errors import RulePackError
from rules.model import CATEGORIES, Post


@dataclass(frozen=True)
class Case:
    """One labelled post of an evaluation set."""

    id: str
    post: Post
    labels: frozenset[str]


def read_cases(path: Path) -> list[Case]:
    """Parse a cases file; errors name the file and line."""
    cases = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RulePackError(str(path), f"cannot read: {exc.strerror}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            raw = json.loads(line)
            posted_at = datetime.fromisoformat(raw["posted_at"]) if raw.get("posted_at") else None
            labels = frozenset(raw.get("labels", []))
            post = Post(
                text=raw["text"],
                platform=raw.get("platform", "unknown"),
                kind=raw.get("kind", "post"),
                media=bool(raw.get("media", False)),
                visibility=raw.get("visibility", "public"),
                posted_at=posted_at,
            )
            case_id = str(raw["id"])
        except (ValueError, KeyError, TypeError) as exc:
            raise RulePackError(where, f"not a valid case: {exc}") from None
        unknown = labels - set(CATEGORIES)
        if unknown:
            raise RulePackError(where, f"unknown label(s) {sorted(unknown)}", case_id, "labels")
        cases.append(Case(case_id, post, labels))
    return cases
