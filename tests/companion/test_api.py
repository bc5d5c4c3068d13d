"""The extension's API on a real waitress server: check, acknowledge, feedback, events, health, config."""

from __future__ import annotations

import http.client
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from companion_ui.store import Event, Store

from .conftest import Companion

BSN_TEXT = "🙂🎉 Trots op het team! Mijn BSN is 111222333, bel me even."
SECRET_TEXT = "Voor het overleg: wachtwoord: Zomer2026! Groetjes uit de Flamingokoffiekamer"
CONTRACT_FINDING_KEYS = {
    "rule",
    "category",
    "severity",
    "status",
    "spans",
    "preview",
    "message",
    "explanation",
    "suggestion",
    "clause",
    "policy_url",
}


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check(companion: Companion, text: str, **extra) -> dict:
    body = {"text": text, "platform": "linkedin", "kind": "post", "media": False, **extra}
    reply = companion.request(
        "POST", "/api/v1/check", body, origin="chrome-extension://abcdefghijklmnopabcdefghijklmnop"
    )
    assert reply.status == 200, reply.body
    return reply.json


def test_check_finds_a_bsn_after_emoji_with_utf16_spans(companion: Companion) -> None:
    result = check(companion, BSN_TEXT)
    assert result["ok"] is True
    assert set(result) == {
        "ok",
        "language",
        "ruleset_version",
        "fingerprint",
        "needs_confirmation",
        "findings",
    }
    found = [f for f in result["findings"] if f["category"] == "personal_data"]
    assert found, result["findings"]
    finding = found[0]
    assert set(finding) == CONTRACT_FINDING_KEYS
    assert set(finding["message"]) == {"nl", "en"} and finding["message"]["nl"]
    span = next(s for s in finding["spans"] if "111222333" in BSN_TEXT[s["start"] : s["end"]])
    assert span["start_utf16"] == utf16_length(BSN_TEXT[: span["start"]])
    assert span["end_utf16"] == utf16_length(BSN_TEXT[: span["end"]])
    assert span["start_utf16"] == span["start"] + 2  # two astral emoji before it, two code units each
    assert "111222333" not in finding["preview"]  # the preview is masked
    assert result["needs_confirmation"] is True


def test_check_finds_a_password(companion: Companion) -> None:
    result = check(companion, SECRET_TEXT)
    assert "secret" in {f["category"] for f in result["findings"]}


def test_a_benign_text_has_no_findings(companion: Companion) -> None:
    result = check(companion, "Mooie wandeling gemaakt langs de rivier vanmiddag.")
    assert result["findings"] == [] and result["needs_confirmation"] is False
    assert len(result["fingerprint"]) == 64


def test_acknowledge_stores_an_event_and_no_text_anywhere_in_the_files(companion: Companion) -> None:
    result = check(companion, SECRET_TEXT)
    rule_ids = [f["rule"] for f in result["findings"]]
    assert rule_ids
    reply = companion.request(
        "POST",
        "/api/v1/acknowledge",
        {
            "fingerprint": result["fingerprint"],
            "rule_ids": rule_ids,
            "outcome": "posted_after_warning",
            "platform": "linkedin",
            "kind": "post",
        },
    )
    assert reply.status == 200, reply.body
    event_id = reply.json["event_id"]
    stored = companion.store.get_event(event_id)
    assert stored is not None
    assert stored.source == "extension" and stored.outcome == "posted_after_warning"
    assert stored.rule_ids == tuple(rule_ids) and "secret" in stored.categories
    assert stored.fingerprint == result["fingerprint"]
    assert companion.store.find_acknowledgement(result["fingerprint"]) == stored
    # Read every byte the store has on disk: the database, its write-ahead log and shared memory.
    folder = Path(companion.store.path).parent
    files = [p for p in folder.iterdir() if p.name.startswith("bedenktijd.sqlite3")]
    assert {p.name for p in files} >= {"bedenktijd.sqlite3", "bedenktijd.sqlite3-wal"}
    for word in ("Flamingokoffiekamer", "Zomer2026", "overleg"):
        for path in files:
            data = path.read_bytes()
            assert word.encode() not in data and word.encode("utf-16-le") not in data, (word, path.name)


def test_acknowledge_without_a_recent_check_uses_the_rule_pack(companion: Companion) -> None:
    ruleset = companion.runtime.ruleset_provider()
    rule = ruleset.rules[0]
    reply = companion.request(
        "POST",
        "/api/v1/acknowledge",
        {
            "fingerprint": "0" * 64,
            "rule_ids": [rule.id],
            "outcome": "cancelled",
            "platform": "x",
            "kind": "reply",
        },
    )
    assert reply.status == 200
    stored = companion.store.get_event(reply.json["event_id"])
    assert stored.categories == (rule.category,) and stored.previews == ()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"platform": "x", "kind": "post", "media": False}, "text"),
        ({"text": 5, "platform": "x", "kind": "post", "media": False}, "text"),
        ({"text": "hoi", "platform": "myspace", "kind": "post", "media": False}, "platform"),
        ({"text": "hoi", "platform": "x", "kind": "post", "media": "yes"}, "media"),
        ({"text": "hoi", "platform": "x", "kind": "post"}, "media"),
        ({"text": "hoi", "platform": "x", "kind": "story", "media": False}, "kind"),
        (
            {"text": "hoi", "platform": "x", "kind": "post", "media": False, "posted_at": "gisteren"},
            "posted_at",
        ),
        (
            {"text": "hoi", "platform": "x", "kind": "post", "media": False, "posted_at": "2026-03-10T10:00"},
            "posted_at",
        ),
    ],
)
def test_check_names_the_wrong_or_missing_field(companion: Companion, body: dict, field: str) -> None:
    reply = companion.request("POST", "/api/v1/check", body)
    assert reply.status == 422
    assert reply.json["ok"] is False
    assert f"'{field}'" in reply.json["error"]["message"]
    assert reply.json["error"]["code"] in {"missing_field", "invalid_field"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rule_ids": [], "outcome": "edited", "platform": "x", "kind": "post"}, "fingerprint"),
        (
            {"fingerprint": "zz", "rule_ids": [], "outcome": "edited", "platform": "x", "kind": "post"},
            "fingerprint",
        ),
        (
            {"fingerprint": "a" * 64, "rule_ids": "r", "outcome": "edited", "platform": "x", "kind": "post"},
            "rule_ids",
        ),
        (
            {
                "fingerprint": "a" * 64,
                "rule_ids": [],
                "outcome": "posted_without_warning",
                "platform": "x",
                "kind": "post",
            },
            "outcome",
        ),
    ],
)
def test_acknowledge_names_the_wrong_field(companion: Companion, body: dict, field: str) -> None:
    reply = companion.request("POST", "/api/v1/acknowledge", body)
    assert reply.status == 422 and f"'{field}'" in reply.json["error"]["message"]


def test_feedback(companion: Companion) -> None:
    event_id = companion.store.record_event(
        Event(
            at=datetime.now(UTC),
            platform="x",
            kind="post",
            source="proxy",
            outcome="posted_without_warning",
            rule_ids=("some-rule",),
        )
    )
    assert companion.request(
        "POST", "/api/v1/feedback", {"rule_id": "some-rule", "event_id": event_id}
    ).json == {"ok": True}
    assert companion.store.reported_rules(event_id) == {"some-rule"}
    assert companion.request("POST", "/api/v1/feedback", {"rule_id": "some-rule"}).status == 200
    missing = companion.request("POST", "/api/v1/feedback", {"rule_id": "some-rule", "event_id": 999999})
    assert missing.status == 422 and "'event_id'" in missing.json["error"]["message"]
    wrong = companion.request("POST", "/api/v1/feedback", {"rule_id": "some-rule", "event_id": "1"})
    assert wrong.status == 422


def test_health_and_config(companion: Companion) -> None:
    companion.store.record_proxy_seen(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    health = companion.request("GET", "/api/v1/health").json
    assert health["ok"] is True and health["version"]
    assert health["ruleset_version"] == companion.runtime.ruleset_provider().version
    assert health["proxy_seen_at"].startswith("2026-03-10T09:00:00")
    config = companion.request("GET", "/api/v1/config").json
    assert config == {
        "ok": True,
        "language": "auto",
        "networks": ["linkedin", "x", "facebook"],
        "debounce_ms": 400,
        "timeout_ms": 300,
    }
    assert companion.store.extension_seen_at() is not None


def test_unknown_api_path_and_method_answer_in_the_envelope(companion: Companion) -> None:
    missing = companion.request("GET", "/api/v1/nothing")
    assert missing.status == 404 and missing.json["error"]["code"] == "not_found"
    wrong = companion.request("GET", "/api/v1/check")
    assert wrong.status == 405 and wrong.json["ok"] is False


def read_stream(companion: Companion, seconds: float, last_event_id: str | None = None) -> tuple[str, float]:
    """Read the event stream until the server ends it; returns the text and how long it stayed open."""
    conn = http.client.HTTPConnection("127.0.0.1", companion.port, timeout=15)
    conn.putrequest("GET", "/api/v1/events", skip_host=True)
    conn.putheader("Host", f"127.0.0.1:{companion.port}")
    conn.putheader("X-Bedenktijd-Token", companion.token)
    if last_event_id:
        conn.putheader("Last-Event-ID", last_event_id)
    conn.endheaders()
    started = time.monotonic()
    response = conn.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type", "").startswith("text/event-stream")
    chunks = []
    while True:
        line = response.readline()
        if not line:
            break
        chunks.append(line.decode())
        if "event: warning" in "".join(chunks) and seconds == 0:
            break
    conn.close()
    return "".join(chunks), time.monotonic() - started


def test_event_stream_sends_warnings_the_proxy_recorded(companion: Companion) -> None:
    import threading

    proxy_store = Store(companion.store.path)  # a second connection, as the proxy process would have

    def proxy_records() -> None:
        time.sleep(0.6)
        proxy_store.record_event(
            Event(
                at=datetime.now(UTC),
                platform="facebook",
                kind="comment",
                source="proxy",
                outcome="posted_after_warning",
                rule_ids=("r",),
                categories=("emotional",),
            )
        )
        proxy_store.record_event(
            Event(
                at=datetime.now(UTC),
                platform="x",
                kind="post",
                source="proxy",
                outcome="posted_without_warning",
                rule_ids=("r",),
                categories=("offensive",),
            )
        )

    writer = threading.Thread(target=proxy_records)
    writer.start()
    text, took = read_stream(companion, seconds=3)
    writer.join()
    proxy_store.close()
    assert text.startswith("retry: ")
    assert text.count("event: warning") == 1
    event_id = companion.store.last_event_id()
    assert f"id: {event_id}\n" in text
    assert f'"event_id":{event_id},"platform":"x","categories":["offensive"]' in text
    assert f'"url":"http://127.0.0.1:{companion.port}/warnings/{event_id}"' in text
    assert 2.5 <= took <= 6, "the stream ends after sse_max_seconds"


def record_unwarned_post(companion: Companion) -> int:
    """A post the proxy saw go out without a warning (what the stream announces); returns its id."""
    return companion.store.record_event(
        Event(
            at=datetime.now(UTC), platform="x", kind="post", source="proxy", outcome="posted_without_warning"
        )
    )


def test_event_stream_resumes_after_last_event_id(companion: Companion) -> None:
    first = record_unwarned_post(companion)
    text, _ = read_stream(companion, seconds=0, last_event_id=str(first - 1))
    assert f"id: {first}\n" in text


def test_event_stream_opens_with_the_position_it_starts_from(companion: Companion) -> None:
    # A client that has seen no warning yet learns where the stream began, and resuming from that id
    # delivers a warning recorded while it was disconnected.
    record_unwarned_post(companion)
    start = companion.store.last_event_id()
    text, _ = read_stream(companion, seconds=2)
    assert f"event: ready\nid: {start}\ndata: {{}}\n\n" in text
    assert "event: warning" not in text
    missed = record_unwarned_post(companion)
    text, _ = read_stream(companion, seconds=0, last_event_id=str(start))
    assert f"id: {missed}\n" in text and "event: warning" in text
