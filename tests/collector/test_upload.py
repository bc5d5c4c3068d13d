"""Laptops upload to a collector that is down, then up: every report arrives exactly once."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion_ui.collector import create_collector_app
from companion_ui.collector.server import start_in_thread
from companion_ui.collector.state import EXTENSION_KEY
from companion_ui.stats import outbox
from companion_ui.stats.anonymity import Policy
from companion_ui.stats.upload import UploadConfig, send_report, upload_due
from companion_ui.store import Event, Store

from .conftest import TOKEN, Clock, make_config
from .tls import Recorder, https_server, make_ca_and_server_cert

START = datetime(2025, 3, 3, 10, tzinfo=UTC)  # Monday of 2025-W10


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[list[Store]]:
    stores = [Store(tmp_path / f"laptop{n}.sqlite3") for n in range(6)]
    for n, store in enumerate(stores):
        for day in range(0, 21, 2):  # three weeks of activity
            store.record_event(
                Event(
                    START + timedelta(days=day, hours=n),
                    "linkedin" if day % 4 else "x",
                    "post",
                    "extension",
                    "edited" if (day + n) % 3 else "posted_after_warning",
                    ("client-name",),
                    ("client",),
                    ("warning",),
                )
            )
        store.record_feedback("client-name")
    yield stores
    for store in stores:
        store.close()


def test_collector_down_then_up(tmp_path: Path, clock: Clock, laptops: list[Store]) -> None:
    port = free_port()
    config = UploadConfig(f"http://127.0.0.1:{port}", TOKEN, allow_insecure_loopback=True, timeout=3)
    now = START + timedelta(days=22)  # weeks 10, 11 and 12 are complete
    clock.now = now

    # Nothing listens: every report stays queued with a retry time.
    for store in laptops:
        summary = upload_due(store.db, config, now)
        assert (summary.sent, summary.retrying) == (0, 3)
        assert all(i.attempts == 1 and "Connection" in i.last_error for i in outbox.items(store.db))
    expected = {i.report_id for s in laptops for i in outbox.items(s.db)}
    assert len(expected) == 18

    # Three weeks queued at once: the collector keeps accepting them for 21 days after each week.
    app = create_collector_app(make_config(tmp_path, clock, port=port, policy=Policy(publish_after_days=21)))
    server = start_in_thread(app)
    try:
        # Before the back-off ends nothing is sent; afterwards everything is.
        assert all(upload_due(s.db, config, now + timedelta(seconds=1)).sent == 0 for s in laptops)
        later = now + timedelta(minutes=2)
        clock.now = later
        assert sum(upload_due(s.db, config, later).sent for s in laptops) == 18
        # A response lost on the way: the laptop thinks it failed and sends the same bytes again.
        victim = outbox.items(laptops[0].db)[0]
        laptops[0].db.execute("update report_outbox set status = 'pending' where week = ?", [victim.week])
        assert upload_due(laptops[0].db, config, later + timedelta(hours=7)).sent == 1
        assert send_report(victim.payload, config).outcome == "sent"

        db = app.extensions[EXTENSION_KEY].db
        seen = {r["report_id"] for r in db.query("select report_id from seen_reports")}
        assert seen == expected
        total = {
            r["week"]: (r["count"], r["reports"])
            for r in db.query(
                "select week, count, reports from margins where tbl = 'checks' and facet = 'total'"
            )
        }
        # 6 laptops x 11 events over the three weeks, each counted once.
        assert sum(c for c, _ in total.values()) == 66
        assert {r for _, r in total.values()} == {6}
        assert all(i.status == outbox.SENT for s in laptops for i in outbox.items(s.db))
    finally:
        server.stop()
        app.extensions[EXTENSION_KEY].close()


def test_a_refused_report_is_not_retried(tmp_path: Path, clock: Clock, laptops: list[Store]) -> None:
    app = create_collector_app(make_config(tmp_path, clock, policy=Policy(publish_after_days=21)))
    server = start_in_thread(app)
    try:
        store = laptops[0]
        now = START + timedelta(days=22)
        clock.now = now
        outbox.enqueue_completed_weeks(store.db, now)
        store.db.execute("update report_outbox set payload = '{\"format\": 1}' where week = '2025-W10'")
        bad_token = UploadConfig(server.url, "x" * 20, allow_insecure_loopback=True)
        assert upload_due(store.db, bad_token, now).retrying == 3  # 401: fix the token, keep the reports
        config = UploadConfig(server.url, TOKEN, allow_insecure_loopback=True)
        summary = upload_due(store.db, config, now + timedelta(hours=1))
        assert (summary.sent, summary.rejected) == (2, 1)
        refused = outbox.items(store.db, outbox.REJECTED)[0]
        assert refused.week == "2025-W10" and "invalid_report" in refused.last_error
        assert upload_due(store.db, config, now + timedelta(days=1)) == type(summary)()
    finally:
        server.stop()
        app.extensions[EXTENSION_KEY].close()


@pytest.mark.parametrize(
    "url", ["http://collector.example.org", "http://10.0.0.5:8770", "ftp://127.0.0.1", "http://127.0.0.1:1"]
)
def test_plain_http_only_to_loopback_and_only_when_asked(url: str) -> None:
    with pytest.raises(ValueError, match="https://"):
        UploadConfig(url, TOKEN, allow_insecure_loopback=url.startswith("http://10") or url.startswith("ftp"))
    UploadConfig("https://collector.example.org", TOKEN)


def test_tls_is_verified(tmp_path: Path) -> None:
    ca, cert, key = make_ca_and_server_cert(tmp_path)
    server, port = https_server(cert, key)
    try:
        Recorder.bodies.clear()
        untrusted = UploadConfig(f"https://127.0.0.1:{port}", TOKEN, timeout=5)
        result = send_report(b"{}", untrusted)
        assert result.outcome == "retry" and "CERTIFICATE_VERIFY_FAILED" in result.detail
        assert Recorder.bodies == []
        trusted = UploadConfig(f"https://127.0.0.1:{port}", TOKEN, cafile=str(ca), timeout=5)
        assert send_report(b"{}", trusted).outcome == "sent"
        assert Recorder.bodies == [b"{}"]
    finally:
        server.shutdown()


def test_background_uploader_sends_last_week(tmp_path: Path, clock: Clock) -> None:
    import time

    from companion_ui.stats.upload import Uploader

    clock.now = datetime.now(UTC)
    store = Store(tmp_path / "laptop.sqlite3")
    store.record_event(Event(clock.now - timedelta(days=7), "x", "post", "proxy", "no_findings"))
    app = create_collector_app(make_config(tmp_path, clock))
    server = start_in_thread(app)
    uploader = Uploader(lambda: store.db, UploadConfig(server.url, TOKEN, allow_insecure_loopback=True), 0.05)
    try:
        uploader.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not outbox.items(store.db, outbox.SENT):
            time.sleep(0.05)
        assert len(outbox.items(store.db, outbox.SENT)) == 1
    finally:
        uploader.stop()
        server.stop()
        app.extensions[EXTENSION_KEY].close()
        store.close()
