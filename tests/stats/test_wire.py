"""The weekly report's wire format: schema, version, round trip, clear errors, no room for text."""

import json
import uuid

import pytest

from companion_ui.stats.wire import (
    FORMAT_VERSION,
    MAX_REPORT_BYTES,
    CheckCount,
    FeedbackCount,
    FindingCount,
    Report,
    ReportError,
    decode,
    encode,
    to_wire,
)


def sample() -> Report:
    return Report(
        report_id=str(uuid.uuid4()),
        week="2025-W10",
        findings=(FindingCount("client", "client-name", "linkedin", "warning", "edited", "extension", 2),),
        checks=(CheckCount("linkedin", "edited", "extension", 3), CheckCount("x", "no_findings", "proxy", 9)),
        false_positives=(FeedbackCount("client-name", 1),),
    )


def test_round_trip() -> None:
    report = sample()
    assert decode(encode(report)) == report
    assert to_wire(report)["format_version"] == FORMAT_VERSION


def wire_with(**changes: object) -> bytes:
    data = to_wire(sample())
    data.update(changes)
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b"{not json", "not UTF-8 JSON"),
        (b"\xff\xfe", "not UTF-8 JSON"),
        (wire_with(format_version=2), "/format_version"),
        (wire_with(report_id="1234"), "/report_id"),
        (wire_with(week="2025-W54"), "/week"),
        (wire_with(week="2021-W53"), "/week"),
        (wire_with(device="laptop-17"), "Additional properties"),
        (
            wire_with(
                findings=[
                    {
                        "category": "client",
                        "rule": "a",
                        "platform": "linkedin",
                        "severity": "warning",
                        "outcome": "edited",
                        "source": "extension",
                        "count": 1,
                        "text": "hello",
                    }
                ]
            ),
            "/findings/0",
        ),
        (
            wire_with(
                findings=[
                    {
                        "category": "gossip",
                        "rule": "a",
                        "platform": "linkedin",
                        "severity": "warning",
                        "outcome": "edited",
                        "source": "extension",
                        "count": 1,
                    }
                ]
            ),
            "/findings/0/category",
        ),
        (
            wire_with(checks=[{"platform": "x", "outcome": "edited", "source": "proxy", "count": 0}]),
            "/checks/0/count",
        ),
        (wire_with(false_positives=[{"rule": "Bad Rule", "count": 1}]), "/false_positives/0/rule"),
        (wire_with(false_positives=[{"rule": "a", "count": 1}, {"rule": "a", "count": 2}]), "appears twice"),
    ],
)
def test_invalid_reports_name_the_problem(body: bytes, where: str) -> None:
    with pytest.raises(ReportError, match=where.replace("/", "/")):
        decode(body)


def test_size_limit() -> None:
    with pytest.raises(ReportError, match="larger than"):
        decode(b" " * (MAX_REPORT_BYTES + 1))


def test_only_counts_and_the_week_leave_the_laptop() -> None:
    data = to_wire(sample())
    assert set(data) == {
        "format",
        "format_version",
        "report_id",
        "week",
        "findings",
        "checks",
        "false_positives",
    }
    assert set(data["findings"][0]) == {
        "category",
        "rule",
        "platform",
        "severity",
        "outcome",
        "source",
        "count",
    }
    assert uuid.UUID(data["report_id"]).version == 4


def test_jsonschema_alone_gives_the_same_answers(monkeypatch) -> None:
    from companion_ui.stats import wire

    monkeypatch.setattr(wire, "_FAST", None)
    report = sample()
    assert decode(encode(report)) == report
    with pytest.raises(ReportError, match="/checks/0/count"):
        decode(wire_with(checks=[{"platform": "x", "outcome": "edited", "source": "proxy", "count": 0}]))
