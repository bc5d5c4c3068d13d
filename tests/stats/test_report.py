"""Weekly reports built from a real store: the right counts, completed weeks only, nothing identifying."""

from datetime import UTC, datetime, timedelta

from companion_ui.stats.report import build_report, completed_weeks
from companion_ui.stats.wire import CheckCount, FeedbackCount, FindingCount, encode
from companion_ui.store import Event, Store

MONDAY = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # 2025-W10
SECRET_PREVIEW = "Jansen-•••• overname Acme"


def event(at: datetime, outcome: str, rules: tuple[tuple[str, str, str], ...] = (), **kw: object) -> Event:
    return Event(
        at=at,
        platform=str(kw.get("platform", "linkedin")),
        kind="post",
        source=str(kw.get("source", "extension")),
        outcome=outcome,
        rule_ids=tuple(r[0] for r in rules),
        categories=tuple(r[1] for r in rules),
        severities=tuple(r[2] for r in rules),
        previews=tuple(SECRET_PREVIEW for _ in rules),
        fingerprint="ab" * 32,
        ruleset_version="v1",
    )


CLIENT = ("client-name", "client", "warning")
SECRET = ("secret-password", "secret", "high")


def fill(store: Store) -> None:
    store.record_event(event(MONDAY, "edited", (CLIENT, SECRET)))
    store.record_event(event(MONDAY + timedelta(days=1), "edited", (CLIENT,)))
    store.record_event(event(MONDAY + timedelta(days=2), "posted_after_warning", (CLIENT,), platform="x"))
    store.record_event(event(MONDAY + timedelta(days=3), "no_findings", source="proxy", platform="tiktok"))
    # A finding recorded while the pack was unavailable has no category: it cannot be counted.
    store.record_event(event(MONDAY + timedelta(days=4), "cancelled", (("client-name", "", ""),)))
    store.record_event(event(MONDAY + timedelta(days=8), "cancelled", (CLIENT,)))  # next week
    store.db.execute(
        "insert into feedback (at, rule_id, source, ruleset_version) values (?, ?, 'companion', '')",
        [(MONDAY + timedelta(hours=1)).isoformat(), "client-name"],
    )


def test_counts_per_cell(store: Store) -> None:
    fill(store)
    report = build_report(store.db, "2025-W10")
    assert report is not None
    assert report.week == "2025-W10"
    assert set(report.findings) == {
        FindingCount("client", "client-name", "linkedin", "warning", "edited", "extension", 2),
        FindingCount("secret", "secret-password", "linkedin", "high", "edited", "extension", 1),
        FindingCount("client", "client-name", "x", "warning", "posted_after_warning", "extension", 1),
    }
    assert set(report.checks) == {
        CheckCount("linkedin", "edited", "extension", 2),
        CheckCount("x", "posted_after_warning", "extension", 1),
        CheckCount("other", "no_findings", "proxy", 1),
        CheckCount("linkedin", "cancelled", "extension", 1),
    }
    assert report.false_positives == (FeedbackCount("client-name", 1),)


def test_nothing_identifying_in_the_bytes(store: Store) -> None:
    fill(store)
    report = build_report(store.db, "2025-W10")
    assert report is not None
    payload = encode(report).decode()
    for forbidden in ("Jansen", "ab" * 32, "v1", "2025-03-0", "tiktok", "fingerprint", "preview"):
        assert forbidden not in payload
    assert build_report(store.db, "2025-W10").report_id != report.report_id  # type: ignore[union-attr]


def test_empty_week_gives_no_report(store: Store) -> None:
    fill(store)
    assert build_report(store.db, "2025-W12") is None


def test_only_completed_weeks(store: Store) -> None:
    fill(store)
    assert completed_weeks(store.db, MONDAY + timedelta(days=9)) == ["2025-W10"]
    assert completed_weeks(store.db, MONDAY + timedelta(days=14)) == ["2025-W10", "2025-W11"]
    assert completed_weeks(store.db, MONDAY + timedelta(days=6)) == []
    # A laptop that was off for months reports only the last few weeks.
    assert len(completed_weeks(store.db, MONDAY + timedelta(weeks=40), lookback_weeks=8)) == 8


def test_empty_store_has_no_weeks(store: Store) -> None:
    assert completed_weeks(store.db, MONDAY) == []
