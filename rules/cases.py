"""Read evaluation cases (JSON Lines, see shared/eval/FORMAT.md) into posts with labels."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rules.errors import RulePackError
from rules.model import CATEGORIES, Post, asks_confirmation


@dataclass(frozen=True)
class Case:
    """One labelled post of an evaluation set."""

    id: str
    post: Post
    labels: frozenset[str]


def _lines(path: Path) -> list[tuple[str, str]]:
    """The non-empty lines of a JSON Lines file, each with "file:line" for error messages."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RulePackError(str(path), f"cannot read: {exc.strerror}") from None
    return [(f"{path}:{number}", line) for number, line in enumerate(lines, 1) if line.strip()]


def read_cases(path: Path) -> list[Case]:
    """Parse a cases file; errors name the file and line."""
    cases = []
    for where, line in _lines(path):
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


def read_predictions(path: Path, cases: Sequence[Case]) -> dict[str, tuple[frozenset[str], bool]]:
    """Read someone else's answers for `cases`: a second annotator's `{"id", "labels"}` lines, or the output of
    `bedenktijd check --cases ... --format jsonl` (`{"id", "findings"}`, any earlier pack or tool). Returns
    case id -> (categories, whether it counts as an alarm on a benign case: any label, or a warning/high
    finding). Every case needs exactly one line; errors name the file, the line and the case id."""
    wanted = {case.id for case in cases}
    found: dict[str, tuple[frozenset[str], bool]] = {}
    for where, line in _lines(path):
        try:
            raw = json.loads(line)
            case_id = str(raw["id"])
            if "labels" in raw:
                labels = frozenset(str(label) for label in raw["labels"])
                alarm = bool(labels)
            else:
                findings = raw["findings"]
                labels = frozenset(str(f["category"]) for f in findings)
                alarm = any(asks_confirmation(f.get("severity")) for f in findings)
        except (ValueError, KeyError, TypeError) as exc:
            raise RulePackError(where, f'not a line with "id" and "labels" or "findings": {exc}') from None
        unknown = labels - set(CATEGORIES)
        if unknown:
            raise RulePackError(
                where,
                f"case {case_id}: unknown categor{'y' if len(unknown) == 1 else 'ies'} {sorted(unknown)}",
            )
        if case_id not in wanted:
            raise RulePackError(where, f"case {case_id}: no case with this id in the cases file")
        if case_id in found:
            raise RulePackError(where, f"case {case_id}: a second line for this case")
        found[case_id] = (labels, alarm)
    missing = [case.id for case in cases if case.id not in found]
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise RulePackError(str(path), f"no answer for case(s) {', '.join(missing[:5])}{more}")
    return found
