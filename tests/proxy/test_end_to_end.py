"""A real mitmdump with the addon between a client and a local HTTPS server standing in for the networks.

Checks what the design promises: bodies arrive byte-identical, risky posts are recorded (without text),
acknowledged posts count as posted after a warning, other hosts are not decrypted, and requests the
addon cannot read still go through.
"""

from __future__ import annotations

import gzip
import json
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from companion_ui.store import Event, Store, fingerprint
from tests.proxy.addon_support import (
    HARMLESS_TEXT,
    LI_SHARES,
    MARKER,
    RISKY_TEXT,
    X_CREATE_TWEET,
    share_body,
    tweet_body,
)
from tests.proxy.e2e_support import (
    Mitmdump,
    Received,
    Upstream,
    client_context,
    make_pki,
    post,
    through_proxy,
    wait_for,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


@dataclass
class Setup:
    upstream: Upstream
    proxy: Mitmdump
    store_path: Path
    client: ssl.SSLContext  # trusts the per-run mitmproxy CA

    def store(self) -> Store:
        return Store(self.store_path)

    def arrived(self, marker: bytes) -> list[Received]:
        return [r for r in self.upstream.received if marker in r.body or marker in r.path.encode()]

    def proxy_event(self, digest: str, timeout: float = 30.0) -> Event:
        found: list[Event] = []

        def look() -> bool:
            store = self.store()
            try:
                found[:] = [
                    e
                    for e in store.recent_events(500, with_findings=False)
                    if e.fingerprint == digest and e.source == "proxy"
                ]
            finally:
                store.close()
            return bool(found)

        assert wait_for(look, timeout), f"no proxy event for {digest}\n{self.proxy.output()}"
        assert len(found) == 1
        return found[0]


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    folder = tmp_path_factory.mktemp("e2e")
    pki = make_pki(folder / "pki")
    upstream = Upstream(pki).start()
    store_path = folder / "data" / "bedenktijd.sqlite3"
    proxy = Mitmdump(
        confdir=folder / "mitmproxy",
        upstream_port=upstream.port,
        trusted_ca=pki.ca_pem,
        options=(f"bedenktijd_store={store_path}", "bedenktijd_ack_wait_ms=1000"),
    )
    try:
        proxy.start()
        yield Setup(upstream, proxy, store_path, client_context(proxy.ca_pem))
    finally:
        proxy.stop()
        upstream.stop()


def _secret(setup: Setup) -> bytes:
    store = setup.store()
    try:
        return store.secret()
    finally:
        store.close()


def test_a_risky_post_arrives_byte_identical_and_is_recorded(setup: Setup) -> None:
    text = RISKY_TEXT + " (1)"
    body = tweet_body(text)
    connection = through_proxy(setup.proxy.port, "x.com", setup.client)
    try:
        assert post(connection, X_CREATE_TWEET, body) == 200
        # the client talked to mitmproxy (the post was decrypted), not to the upstream directly
        peer: Any = connection.sock.getpeercert()  # type: ignore[union-attr]
        issuer = dict(item[0] for item in peer["issuer"])
        assert "mitmproxy" in issuer.get("organizationName", "") + issuer.get("commonName", "")
    finally:
        connection.close()
    [received] = setup.arrived(b"(1)")
    assert received.body == body and received.host == "x.com" and received.path == X_CREATE_TWEET

    event = setup.proxy_event(fingerprint(_secret(setup), text))
    assert (event.platform, event.kind, event.outcome) == ("x", "post", "posted_without_warning")
    assert {"confidential", "personal_data"} <= set(event.categories)
    assert event.ruleset_version
    store = setup.store()
    try:
        assert store.proxy_seen_at() is not None  # the companion's health page shows the proxy as running
    finally:
        store.close()


def test_gzip_bodies_and_keep_alive_requests_arrive_unchanged(setup: Setup) -> None:
    bodies = [
        (X_CREATE_TWEET, gzip.compress(tweet_body(RISKY_TEXT + " (2a)")), {"Content-Encoding": "gzip"}),
        (X_CREATE_TWEET, tweet_body(HARMLESS_TEXT + " (2b)"), {}),
    ]
    connection = through_proxy(setup.proxy.port, "x.com", setup.client)
    try:
        for path, body, headers in bodies:
            assert post(connection, path, body, headers) == 200
    finally:
        connection.close()
    gz = [r for r in setup.upstream.received if r.headers.get("content-encoding") == "gzip"]
    assert [r.body for r in gz] == [bodies[0][1]]
    assert [r.body for r in setup.arrived(b"(2b)")] == [bodies[1][1]]
    secret = _secret(setup)
    assert setup.proxy_event(fingerprint(secret, RISKY_TEXT + " (2a)")).outcome == "posted_without_warning"
    assert setup.proxy_event(fingerprint(secret, HARMLESS_TEXT + " (2b)")).outcome == "no_findings"


def test_an_acknowledged_post_is_recorded_as_posted_after_warning(setup: Setup) -> None:
    text = RISKY_TEXT + " (3)"
    store = setup.store()
    try:
        digest = fingerprint(store.secret(), text)
        store.record_event(
            Event(
                at=datetime.now(UTC),
                platform="linkedin",
                kind="post",
                source="extension",
                outcome="posted_after_warning",
                rule_ids=("confidential-marking",),
                fingerprint=digest,
            )
        )
    finally:
        store.close()
    connection = through_proxy(setup.proxy.port, "www.linkedin.com", setup.client)
    try:
        assert post(connection, LI_SHARES, share_body(text)) == 200
    finally:
        connection.close()
    assert [r.body for r in setup.arrived(b"(3)")] == [share_body(text)]
    event = setup.proxy_event(digest)
    assert (event.platform, event.outcome) == ("linkedin", "posted_after_warning")


def test_requests_the_addon_cannot_read_still_arrive_unchanged(setup: Setup) -> None:
    malformed = b'{"variables": {"tweet_text": "(4a) ' + MARKER.encode() + b" \xff\xfe"
    huge = b'{"variables": {"tweet_text": "(4b) ' + MARKER.encode() + b" " + b"a" * (5 * 1024 * 1024) + b'"}}'
    connection = through_proxy(setup.proxy.port, "x.com", setup.client)
    try:
        assert post(connection, X_CREATE_TWEET, malformed) == 200
        assert post(connection, X_CREATE_TWEET, huge) == 200
    finally:
        connection.close()
    assert [r.body for r in setup.arrived(b"(4a)")] == [malformed]
    assert [r.body for r in setup.arrived(b"(4b)")] == [huge]


def test_other_hosts_are_not_decrypted(setup: Setup) -> None:
    # bank.example goes through the same proxy, but the client must see the server's own certificate.
    connection = through_proxy(setup.proxy.port, "bank.example", client_context(setup.upstream.pki.ca_pem))
    try:
        assert post(connection, "/transfer?(5)", tweet_body(RISKY_TEXT)) == 200
        assert connection.sock.getpeercert(binary_form=True) == setup.upstream.pki.cert_der  # type: ignore[union-attr]
    finally:
        connection.close()
    assert [r.host for r in setup.arrived(b"(5)")] == ["bank.example"]
    # ... and a client that trusts only mitmproxy's CA is refused: nobody forged a certificate for it.
    refused = through_proxy(setup.proxy.port, "bank.example", setup.client)
    with pytest.raises(ssl.SSLError):
        post(refused, "/transfer", b"{}")
    refused.close()


def test_no_post_text_in_the_store_files_or_the_output(setup: Setup) -> None:
    # Defined last, so it runs last and stops the proxy: every earlier post carried MARKER.
    def plain(r: Received) -> bytes:
        return gzip.decompress(r.body) if r.headers.get("content-encoding") == "gzip" else r.body

    assert sum(MARKER.encode() in plain(r) for r in setup.upstream.received) >= 7
    marker = MARKER.encode()

    def files() -> dict[str, bytes]:
        found = {}
        for suffix in ("", "-wal", "-shm", "-journal"):
            path = setup.store_path.with_name(setup.store_path.name + suffix)
            if path.exists():
                found[path.name] = path.read_bytes()
        return found

    while_running = files()
    assert setup.store_path.name in while_running
    code = setup.proxy.stop()
    after = files()
    output = setup.proxy.output()
    assert code == 0, output
    for name, data in [*while_running.items(), *after.items()]:
        assert marker not in data, f"{name} holds post text"
        assert b"0612345678" not in data
    assert MARKER not in output and "0612345678" not in output
    counters = re.findall(r"bedenktijd: stopped; counters (\{.*\})\s*$", output, re.MULTILINE)
    assert counters, output
    stats = json.loads(counters[-1])
    assert stats.get("skipped_too_large") == 1 and stats.get("posted_after_warning") == 1, output
