"""Security against the real server: Host (DNS rebinding), Origin, token, body size, JSON, logs, headers."""

from __future__ import annotations

import http.client
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion_ui.rulesets import LoadedRuleset

from .conftest import Companion, serve

CHECK = {"text": "Hallo allemaal", "platform": "x", "kind": "post", "media": False}
CHROME = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
FIREFOX = "moz-extension://8d5d7a77-1b2c-4c57-9d58-5a5b1e3f0a11"


def assert_envelope(reply, status: int, code: str) -> None:
    assert reply.status == status, reply.body
    assert reply.headers["content-type"].startswith("application/json")
    body = reply.json
    assert body["ok"] is False
    assert body["error"]["code"] == code
    assert body["error"]["message"].endswith(".") and len(body["error"]["message"]) > 15


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1:1",
        "127.0.0.1",
        "localhost",
        "127.0.0.1.nip.io:{port}",
        "",
    ],
)
def test_a_foreign_host_is_refused(companion: Companion, host: str) -> None:
    reply = companion.request(
        "POST", "/api/v1/check", CHECK, host=host.format(port=companion.port), origin=CHROME
    )
    assert_envelope(reply, 421, "wrong_host")


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "LOCALHOST:{port}"])
def test_loopback_hosts_with_our_port_are_accepted(companion: Companion, host: str) -> None:
    reply = companion.request("GET", "/api/v1/health", host=host.format(port=companion.port))
    assert reply.status == 200


def test_pages_are_protected_from_dns_rebinding_too(companion: Companion) -> None:
    reply = companion.request("GET", "/settings", host=f"attacker.example:{companion.port}", token=None)
    assert reply.status == 421
    assert companion.token.encode() not in reply.body


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "null", "http://127.0.0.1:1", "chrome-extension://", "file://"]
)
def test_a_wrong_origin_is_refused(companion: Companion, origin: str) -> None:
    assert_envelope(
        companion.request("POST", "/api/v1/check", CHECK, origin=origin), 403, "origin_not_allowed"
    )


@pytest.mark.parametrize(
    "origin", [None, CHROME, FIREFOX, "http://127.0.0.1:{port}", "http://localhost:{port}"]
)
def test_extension_own_and_missing_origins_are_accepted(companion: Companion, origin: str | None) -> None:
    given = origin.format(port=companion.port) if origin else None
    assert companion.request("POST", "/api/v1/check", CHECK, origin=given).status == 200


def test_a_missing_token_is_refused(companion: Companion) -> None:
    assert_envelope(
        companion.request("POST", "/api/v1/check", CHECK, token=None, origin=CHROME), 401, "missing_token"
    )


def test_a_wrong_token_is_refused(companion: Companion) -> None:
    reply = companion.request("POST", "/api/v1/check", CHECK, token="guess", origin=CHROME)
    assert_envelope(reply, 401, "wrong_token")


def test_the_event_stream_needs_the_token_too(companion: Companion) -> None:
    assert_envelope(companion.request("GET", "/api/v1/events", token=None), 401, "missing_token")


def test_an_oversized_body_is_refused(companion: Companion) -> None:
    big = {**CHECK, "text": "a" * 70_000}
    assert_envelope(companion.request("POST", "/api/v1/check", big, origin=CHROME), 413, "body_too_large")


def test_an_oversized_chunked_body_is_refused(companion: Companion) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", companion.port, timeout=10)
    body = b'{"text": "' + b"a" * 80_000 + b'", "platform": "x", "kind": "post", "media": false}'
    conn.request(
        "POST",
        "/api/v1/check",
        body=iter([body[:40_000], body[40_000:]]),
        headers={"Host": f"127.0.0.1:{companion.port}", "X-Bedenktijd-Token": companion.token},
        encode_chunked=True,
    )
    response = conn.getresponse()
    assert response.status == 413
    conn.close()


@pytest.mark.parametrize(
    "raw", [b"{not json", b'{"text": "abc"', b"\xff\xfe\x00", b"", b"[1, 2]", b'"text"', b"null"]
)
def test_malformed_json_is_refused(companion: Companion, raw: bytes) -> None:
    assert_envelope(companion.request("POST", "/api/v1/check", raw=raw, origin=CHROME), 400, "malformed_json")


def test_no_cors_headers_are_ever_sent(companion: Companion) -> None:
    for origin in (CHROME, "https://evil.example"):
        reply = companion.request("POST", "/api/v1/check", CHECK, origin=origin)
        assert not any(name.startswith("access-control-") for name in reply.headers)
    preflight = companion.request("OPTIONS", "/api/v1/check", origin="https://evil.example", token=None)
    assert preflight.status == 403
    assert not any(name.startswith("access-control-") for name in preflight.headers)


def test_protective_headers_on_pages_and_api(companion: Companion) -> None:
    for path in ("/", "/api/v1/health"):
        reply = companion.request("GET", path)
        assert reply.headers["x-frame-options"] == "DENY"
        assert reply.headers["x-content-type-options"] == "nosniff"
        assert reply.headers["cache-control"] == "no-store"
        assert "frame-ancestors 'none'" in reply.headers["content-security-policy"]


def test_a_form_post_from_another_site_is_refused(companion: Companion) -> None:
    reply = companion.request(
        "POST",
        "/language",
        raw=b"language=en",
        origin="https://evil.example",
        token=None,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert reply.status == 403


def test_a_form_post_without_csrf_token_is_refused(companion: Companion) -> None:
    reply = companion.request(
        "POST",
        "/settings/erase",
        raw=b"confirm=yes",
        token=None,
        origin=f"http://127.0.0.1:{companion.port}",
    )
    assert reply.status == 400


def test_post_text_never_reaches_the_logs(companion: Companion, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    text = "Mijn wachtwoord: Tulpenbol77! en BSN 111222333 Knalrood"
    companion.request("POST", "/api/v1/check", {**CHECK, "text": text}, origin=CHROME)
    companion.request("POST", "/api/v1/check?text=Knalrood", {**CHECK, "text": text}, origin=CHROME)
    companion.request("POST", "/api/v1/check", raw=b'{"text": "Knalrood', origin=CHROME)
    companion.request("POST", "/api/v1/check", {**CHECK, "text": "a" * 70_000 + "Knalrood"}, origin=CHROME)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/api/v1/check" in logged  # the access log works ...
    for word in ("Knalrood", "Tulpenbol77", "111222333", companion.token):
        assert word not in logged  # ... and never carries text, query strings or the token


@pytest.fixture(scope="module")
def pinned(tmp_path_factory: pytest.TempPathFactory, ruleset_provider: LoadedRuleset) -> Iterator[Companion]:
    running = serve(
        tmp_path_factory.mktemp("pinned"),
        ruleset_provider,
        extension_ids=("abcdefghijklmnopabcdefghijklmnop",),
    )
    yield Companion(running)
    running.stop()


def test_an_extension_id_allow_list_is_enforced(pinned: Companion) -> None:
    assert pinned.request("POST", "/api/v1/check", CHECK, origin=CHROME).status == 200
    other = "chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba"
    assert_envelope(pinned.request("POST", "/api/v1/check", CHECK, origin=other), 403, "origin_not_allowed")
    assert pinned.request("POST", "/api/v1/check", CHECK, origin=FIREFOX).status == 403


def test_the_server_listens_on_loopback_only(companion: Companion) -> None:
    host, _ = companion.running.server.socket.getsockname()
    assert host == "127.0.0.1"


def test_a_managed_token_replaces_the_generated_one(tmp_path: Path, ruleset_provider: LoadedRuleset) -> None:
    running = serve(tmp_path, ruleset_provider, api_token="from-managed-storage-0123456789")
    try:
        managed = Companion(running)
        assert managed.token == "from-managed-storage-0123456789"
        assert managed.request("GET", "/api/v1/health").status == 200
        stored = managed.store.api_token()
        assert managed.request("GET", "/api/v1/health", token=stored).status == 401
    finally:
        running.stop()
