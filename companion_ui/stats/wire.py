"""The weekly report on the wire: frozen dataclasses, the JSON Schema, and (de)serialisation.

A report holds counts only: no text, no previews, no user or device identity, no time finer than the
ISO week. Its random `report_id` (uuid4) makes an upload idempotent; it is not derived from anything
on the laptop, so two reports of the same laptop cannot be linked by it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jsonschema

from companion_ui.stats.weeks import parse_week
from companion_ui.store.events import OUTCOMES, SOURCES
from rules.model import CATEGORIES, PLATFORMS, SEVERITIES

FORMAT = "bedenktijd.weekly-report"
FORMAT_VERSION = 1
# Platforms outside the known list are reported as "other", so a report never carries a free string.
REPORT_PLATFORMS: tuple[str, ...] = (*PLATFORMS, "other")
RULE_ID_PATTERN = "^[a-z0-9][a-z0-9-]{0,79}$"
MAX_CELLS = 2000
MAX_COUNT = 100_000
MAX_REPORT_BYTES = 256 * 1024


@dataclass(frozen=True)
class FindingCount:
    """How many times `rule` fired on posts with these attributes in the week."""

    category: str
    rule: str
    platform: str
    severity: str
    outcome: str
    source: str
    count: int


@dataclass(frozen=True)
class CheckCount:
    """How many posts were checked with this platform, outcome and source (the denominator)."""

    platform: str
    outcome: str
    source: str
    count: int


@dataclass(frozen=True)
class FeedbackCount:
    """How many times the employee reported `rule` as wrong in the week."""

    rule: str
    count: int


@dataclass(frozen=True)
class Report:
    """One laptop's counts for one completed ISO week."""

    report_id: str
    week: str
    findings: tuple[FindingCount, ...] = ()
    checks: tuple[CheckCount, ...] = ()
    false_positives: tuple[FeedbackCount, ...] = ()


def _count() -> dict[str, Any]:
    return {"type": "integer", "minimum": 1, "maximum": MAX_COUNT}


def _cells(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "array",
        "maxItems": MAX_CELLS,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": list(properties),
            "properties": properties,
        },
    }


RULE = {"type": "string", "pattern": RULE_ID_PATTERN}
SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Bedenktijd weekly report",
    "type": "object",
    "additionalProperties": False,
    "required": ["format", "format_version", "report_id", "week", "findings", "checks", "false_positives"],
    "properties": {
        "format": {"const": FORMAT},
        "format_version": {"const": FORMAT_VERSION},
        "report_id": {
            "type": "string",
            "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        },
        "week": {"type": "string", "pattern": r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$"},
        "findings": _cells(
            {
                "category": {"enum": list(CATEGORIES)},
                "rule": RULE,
                "platform": {"enum": list(REPORT_PLATFORMS)},
                "severity": {"enum": list(SEVERITIES)},
                "outcome": {"enum": list(OUTCOMES)},
                "source": {"enum": list(SOURCES)},
                "count": _count(),
            }
        ),
        "checks": _cells(
            {
                "platform": {"enum": list(REPORT_PLATFORMS)},
                "outcome": {"enum": list(OUTCOMES)},
                "source": {"enum": list(SOURCES)},
                "count": _count(),
            }
        ),
        "false_positives": _cells({"rule": RULE, "count": _count()}),
    },
}
_VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
try:
    # The same schema compiled to Python code: about 20 times faster for the common, valid case.
    # jsonschema stays the authority and writes the error message whenever this one objects.
    import fastjsonschema

    _FAST: Callable[[Any], Any] | None = fastjsonschema.compile(SCHEMA)
    _FAST_ERROR: type[Exception] = fastjsonschema.JsonSchemaException
except ImportError:  # pragma: no cover - optional speed-up
    _FAST, _FAST_ERROR = None, ValueError


class ReportError(ValueError):
    """A report that does not follow the wire format; the message names the field."""


def to_wire(report: Report) -> dict[str, Any]:
    """The JSON object sent to the collector, cells in a stable order."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "report_id": report.report_id,
        "week": report.week,
        "findings": [
            {
                "category": f.category,
                "rule": f.rule,
                "platform": f.platform,
                "severity": f.severity,
                "outcome": f.outcome,
                "source": f.source,
                "count": f.count,
            }
            for f in report.findings
        ],
        "checks": [
            {"platform": c.platform, "outcome": c.outcome, "source": c.source, "count": c.count}
            for c in report.checks
        ],
        "false_positives": [{"rule": f.rule, "count": f.count} for f in report.false_positives],
    }


def encode(report: Report) -> bytes:
    """The exact bytes uploaded (compact UTF-8 JSON)."""
    return json.dumps(to_wire(report), separators=(",", ":"), sort_keys=False).encode("utf-8")


def _where(error: jsonschema.ValidationError) -> str:
    path = "/".join(str(part) for part in error.absolute_path)
    return f"/{path}" if path else "the report"


def _schema_error(data: Any) -> jsonschema.ValidationError | None:
    if _FAST is not None:
        try:
            _FAST(data)
            return None
        except _FAST_ERROR:
            pass
    return next(iter(sorted(_VALIDATOR.iter_errors(data), key=lambda e: list(e.absolute_path))), None)


def validate(data: Any) -> None:
    """Raise ReportError naming the first bad field when `data` is not a valid report."""
    error = _schema_error(data)
    if error is not None:
        # The schema's message quotes the bad value; values are enums/ints/ids here, never post text.
        raise ReportError(f"{_where(error)}: {error.message[:200]}")
    try:
        parse_week(data["week"])
    except ValueError as problem:
        raise ReportError(f"/week: {problem}") from None
    for section, keys in (
        ("findings", ("category", "rule", "platform", "severity", "outcome", "source")),
        ("checks", ("platform", "outcome", "source")),
        ("false_positives", ("rule",)),
    ):
        seen: set[tuple[str, ...]] = set()
        for index, cell in enumerate(data[section]):
            key = tuple(cell[name] for name in keys)
            if key in seen:
                raise ReportError(f"/{section}/{index}: the same cell appears twice")
            seen.add(key)


def from_wire(data: Any) -> Report:
    """Validate and turn a decoded JSON object into a Report."""
    validate(data)
    return Report(
        report_id=data["report_id"],
        week=data["week"],
        findings=tuple(FindingCount(**cell) for cell in data["findings"]),
        checks=tuple(CheckCount(**cell) for cell in data["checks"]),
        false_positives=tuple(FeedbackCount(**cell) for cell in data["false_positives"]),
    )


def decode(body: bytes) -> Report:
    """Parse uploaded bytes into a Report, raising ReportError with a clear message."""
    if len(body) > MAX_REPORT_BYTES:
        raise ReportError(f"the report is larger than {MAX_REPORT_BYTES} bytes")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise ReportError(
            f"the body is not UTF-8 JSON ({type(problem).__name__} at {_position(problem)})"
        ) from None
    return from_wire(data)


def _position(problem: Exception) -> str:
    if isinstance(problem, json.JSONDecodeError):
        return f"line {problem.lineno} column {problem.colno}"
    if isinstance(problem, UnicodeDecodeError):
        return f"byte {problem.start}"
    return "unknown position"
