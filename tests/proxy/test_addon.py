"""The addon inside mitmproxy's own test harness: options, allow_hosts, hooks that never touch the flow."""

from __future__ import annotations

import asyncio
import copy
import gzip
import json
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from mitmproxy import exceptions, http
from mitmproxy.test import taddons, tflow, tutils

from companion_ui.store import Event, Store, fingerprint
from proxy_addon import recording
from proxy_addon.adapters import x as x_adapter
from proxy_addon.addon import Bedenktijd
from proxy_addon.host_patterns import is_allowed
from tests.proxy.addon_support import (
    HARMLESS_TEXT,
    LI_SHARES,
    MARKER,
    RISKY_TEXT,
    post_flow,
    share_body,
    tweet_body,
    write_pack,
)

Check = Callable[[Bedenktijd, taddons.context], Awaitable[None]]


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # taddons configures the addon with default options first; keep its default store in tmp_path.
    monkeypatch.setenv("BEDENKTIJD_DATA_DIR", str(tmp_path))


def run_with_addon(tmp_path: Path, check: Check, **options: Any) -> Bedenktijd:
    """Run `check` against a configured addon inside mitmproxy's test context (needs a running loop)."""
    addon = Bedenktijd()

    async def main() -> None:
        with taddons.context(addon) as tctx:
            tctx.configure(
                addon,
                bedenktijd_store=str(tmp_path / "bedenktijd.sqlite3"),
                bedenktijd_ack_wait_ms=options.pop("bedenktijd_ack_wait_ms", 0),
                **options,
            )
            try:
                await check(addon, tctx)
            finally:
                await addon.settle(10)
                if addon.store is not None:
                    addon.store.close()

    asyncio.run(main())
    return addon


def events(tmp_path: Path) -> list[Event]:
    store = Store(tmp_path / "bedenktijd.sqlite3")
    try:
        return store.recent_events(with_findings=False)
    finally:
        store.close()


async def send(addon: Bedenktijd, flow: http.HTTPFlow, status: int = 200) -> dict[str, Any]:
    """Run the hooks of one round trip, checking the addon changes nothing; returns the request state."""
    before = copy.deepcopy(flow.get_state())
    await addon.request(flow)
    assert flow.get_state() == before, "the request hook changed the flow"
    flow.response = tutils.tresp(status_code=status)  # what the network answers
    answered = copy.deepcopy(flow.get_state())
    await addon.response(flow)
    await addon.settle(10)
    assert flow.get_state() == answered, "the response hook changed the flow"
    return before


def assert_untouched(flow: http.HTTPFlow, before: dict[str, Any]) -> None:
    assert flow.get_state()["request"] == before["request"]
    assert flow.error is None and not flow.intercepted and flow.live


# Options ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"bedenktijd_networks": ["x", "myspace"]}, "unknown network 'myspace'"),
        ({"bedenktijd_networks": [" , "]}, "name at least one network"),
        ({"bedenktijd_extra_hosts": ["com"]}, "bedenktijd_extra_hosts: host 'com' is too broad"),
        ({"bedenktijd_extra_hosts": ["bad host!"]}, "is not a host name"),
        ({"bedenktijd_max_body_bytes": 0}, "bedenktijd_max_body_bytes: must be at least 1"),
        ({"bedenktijd_ack_wait_ms": -1}, "bedenktijd_ack_wait_ms: must be between 0 and 30000"),
        (
            {"bedenktijd_org": "/nonexistent/org.yaml"},
            "the rule pack could not be loaded: /nonexistent/org.yaml",
        ),
        ({"listen_host": "0.0.0.0"}, "must listen on 127.0.0.1 only, not '0.0.0.0'"),
        ({"mode": ["regular@192.0.2.1:8080"]}, "not '192.0.2.1'"),
    ],
)
def test_bad_options_are_refused_with_a_clear_message(
    tmp_path: Path, options: dict[str, Any], message: str
) -> None:
    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        with pytest.raises(exceptions.OptionsError, match=message.replace("(", r"\(")):
            tctx.configure(addon, **options)

    run_with_addon(tmp_path, check)


def test_a_broken_org_profile_is_refused_and_the_previous_pack_kept(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("name: [broken\n", encoding="utf-8")

    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        assert addon.rules is not None and addon.settings is not None
        rules, settings = addon.rules, addon.settings
        with pytest.raises(exceptions.OptionsError, match=f"{org}: invalid YAML"):
            tctx.configure(addon, bedenktijd_org=str(org))
        assert addon.rules is rules and addon.settings is settings
        assert tctx.options.bedenktijd_org == ""  # mitmproxy rolled the option back

    run_with_addon(tmp_path, check)


def test_keys_the_org_profile_has_but_this_version_ignores_are_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(
        "organisation:\n  names: [Testdorp]\n  region: Zeeland\nheadcount: 1200\n", encoding="utf-8"
    )

    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        with caplog.at_level(logging.INFO):
            tctx.configure(addon, bedenktijd_org=str(org))
        assert addon.rules is not None and addon.rules.current.org.names == ("Testdorp",)
        assert f"{org}: field headcount: unknown key, ignored" in caplog.text
        assert f"{org}: field organisation.region: unknown key, ignored" in caplog.text

    run_with_addon(tmp_path, check)


def test_options_are_read_into_settings(tmp_path: Path) -> None:
    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        tctx.configure(
            addon,
            bedenktijd_networks=["x,linkedin", "mastodon"],
            bedenktijd_extra_hosts=["Social.Example.org."],
            bedenktijd_max_body_bytes=4096,
        )
        settings = addon.settings
        assert settings is not None
        assert settings.networks == ("x", "linkedin", "mastodon")
        assert settings.extra_hosts == ("Social.Example.org.",)
        assert "social.example.org" in settings.hosts and "facebook.com" not in settings.hosts
        assert settings.max_body_bytes == 4096
        assert settings.store == tmp_path / "bedenktijd.sqlite3"

    run_with_addon(tmp_path, check)


def test_an_empty_listen_host_becomes_loopback(tmp_path: Path) -> None:
    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        tctx.configure(addon, listen_host="")
        assert tctx.options.listen_host == "127.0.0.1"
        tctx.configure(addon, listen_host="::1")
        assert tctx.options.listen_host == "::1"

    run_with_addon(tmp_path, check)


# allow_hosts -----------------------------------------------------------------------------------

ALLOWED_BY_DEFAULT = [
    ("x.com:443", True),
    ("api.x.com:443", True),
    ("X.COM:443", True),
    ("www.linkedin.com:443", True),
    ("linkedin.com:443", True),
    ("www.facebook.com:443", True),
    ("bsky.social:443", True),
    ("bank.example:443", False),
    ("x.com.bank.example:443", False),
    ("notx.com:443", False),
    ("xxcom:443", False),
    ("www.linkedin.com.evil.example:443", False),
    ("93.184.216.34:443", False),
    ("social.example.org:443", False),
]


@pytest.fixture(scope="module")
def default_allow_hosts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """allow_hosts as the addon sets it with default options (configured once for the table below)."""
    found: list[str] = []

    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        found.extend(tctx.options.allow_hosts)

    folder = tmp_path_factory.mktemp("allow_hosts")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BEDENKTIJD_DATA_DIR", str(folder))
        run_with_addon(folder, check)
    return found


@pytest.mark.parametrize(("host", "allowed"), ALLOWED_BY_DEFAULT)
def test_allow_hosts_is_derived_from_the_adapters(
    default_allow_hosts: list[str], host: str, allowed: bool
) -> None:
    assert is_allowed(host, default_allow_hosts) is allowed


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("x.com:443", True),
        ("www.linkedin.com:443", False),
        ("social.example.org:8443", True),
        ("example.org:443", False),
    ],
)
def test_allow_hosts_follows_networks_and_extra_hosts(tmp_path: Path, host: str, allowed: bool) -> None:
    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        tctx.configure(
            addon, bedenktijd_networks=["x", "mastodon"], bedenktijd_extra_hosts=["social.example.org"]
        )
        assert is_allowed(host, tctx.options.allow_hosts) is allowed

    run_with_addon(tmp_path, check)


def test_a_hand_set_allow_hosts_is_replaced(tmp_path: Path) -> None:
    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        tctx.configure(addon, allow_hosts=[".*"])
        assert not is_allowed("bank.example:443", tctx.options.allow_hosts)

    run_with_addon(tmp_path, check)


# The request hook ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flow_factory", "counter"),
    [
        (lambda: post_flow(tweet_body(RISKY_TEXT)), "posted_without_warning"),
        (lambda: post_flow(tweet_body(HARMLESS_TEXT)), "no_findings"),
        (
            lambda: post_flow(
                gzip.compress(tweet_body(RISKY_TEXT)),
                headers=((b"content-type", b"text/plain"), (b"content-encoding", b"gzip")),
            ),
            "posted_without_warning",
        ),
        (
            lambda: post_flow(share_body(RISKY_TEXT), host="www.linkedin.com", path=LI_SHARES),
            "posted_without_warning",
        ),
        (lambda: post_flow(tweet_body(RISKY_TEXT), method="GET"), None),
        (lambda: post_flow(tweet_body(RISKY_TEXT), host="bank.example"), None),
        (lambda: post_flow(b'{"variables": {"tweet_text": ', host="x.com"), "not_a_post"),
        (lambda: post_flow(b"\x00\xff" * 50), "not_a_post"),
    ],
)
def test_the_request_hook_leaves_the_flow_byte_identical(
    tmp_path: Path, flow_factory: Callable[[], http.HTTPFlow], counter: str | None
) -> None:
    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        flow = flow_factory()
        body = flow.request.raw_content
        before = await send(addon, flow)
        assert_untouched(flow, before)
        assert flow.request.raw_content == body
        if counter is None:
            assert not addon.counters
        else:
            assert addon.counters[counter] == 1, addon.stats()

    run_with_addon(tmp_path, check)


def test_a_risky_post_is_recorded_without_its_text(tmp_path: Path) -> None:
    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        await send(addon, post_flow(tweet_body(RISKY_TEXT)))

    addon = run_with_addon(tmp_path, check)
    [event] = events(tmp_path)
    assert (event.source, event.platform, event.kind, event.outcome) == (
        "proxy",
        "x",
        "post",
        "posted_without_warning",
    )
    assert set(event.categories) == {"confidential", "personal_data"}
    assert len(event.rule_ids) == len(event.categories) == len(event.severities) == len(event.previews)
    assert event.ruleset_version and addon.rules is not None
    assert event.ruleset_version == addon.rules.current.version
    assert MARKER not in repr(event) and "0612345678" not in repr(event)
    assert event.fingerprint == fingerprint(Store(tmp_path / "bedenktijd.sqlite3").secret(), RISKY_TEXT)


def test_private_messages_are_not_checked(tmp_path: Path) -> None:
    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        flow = post_flow(b'{"conversation_id":"1-2","text":"hallo"}', path="/i/api/1.1/dm/new2.json")
        before = await send(addon, flow)
        assert_untouched(flow, before)
        assert addon.counters == {"skipped_private": 1}

    run_with_addon(tmp_path, check)
    assert events(tmp_path) == []


def test_oversized_bodies_are_skipped_and_counted(tmp_path: Path) -> None:
    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        flow = post_flow(tweet_body(RISKY_TEXT + " x" * 200))
        before = await send(addon, flow)
        assert_untouched(flow, before)
        assert addon.counters == {"skipped_too_large": 1}

    run_with_addon(tmp_path, check, bedenktijd_max_body_bytes=300)
    assert events(tmp_path) == []


@pytest.mark.parametrize("status", [400, 403, 500])
def test_a_post_the_network_refused_is_not_recorded(tmp_path: Path, status: int) -> None:
    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        await send(addon, post_flow(tweet_body(RISKY_TEXT)), status=status)
        assert addon.counters == {"not_published": 1}

    run_with_addon(tmp_path, check)
    assert events(tmp_path) == []


def test_a_post_whose_connection_failed_is_not_recorded(tmp_path: Path) -> None:
    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        flow = post_flow(tweet_body(RISKY_TEXT))
        await addon.request(flow)
        flow.error = tflow.terr()
        await addon.error(flow)
        await addon.settle(10)
        assert addon.counters == {"not_published": 1}

    run_with_addon(tmp_path, check)
    assert events(tmp_path) == []


def test_requests_that_never_end_do_not_pile_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("proxy_addon.addon.MAX_WAITING", 3)

    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        flows = [post_flow(tweet_body(f"{HARMLESS_TEXT} {i}")) for i in range(5)]
        for flow in flows:
            await addon.request(flow)
        assert addon.counters == {"skipped_unfinished": 2}
        for flow in flows:
            flow.response = tutils.tresp()
            await addon.response(flow)
        await addon.settle(10)
        assert addon.counters["no_findings"] == 3

    run_with_addon(tmp_path, check)


# Failures are contained ------------------------------------------------------------------------


def _raise(*args: Any, **kwargs: Any) -> Any:
    raise KeyError(RISKY_TEXT)  # the message quotes post text; it must not reach the log


@pytest.mark.parametrize(
    ("target", "attribute", "counter"),
    [
        (x_adapter, "read_body", "errors_adapter"),
        (recording, "evaluate", "errors_engine"),
        (recording, "fingerprint", "errors_engine"),
        (Store, "record_event", "errors_store"),
        (Store, "find_acknowledgement", "errors_store"),
    ],
)
def test_an_exception_anywhere_is_contained_logged_without_text_and_counted(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    target: Any,
    attribute: str,
    counter: str,
) -> None:
    monkeypatch.setattr(target, attribute, _raise)

    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        flow = post_flow(tweet_body(RISKY_TEXT))
        before = await send(addon, flow)
        assert_untouched(flow, before)
        assert addon.counters[counter] == 1, addon.stats()
        assert json.loads(tctx.command(addon.stats))[counter] == 1

    with caplog.at_level(logging.INFO):
        run_with_addon(tmp_path, check)
    assert "KeyError" in caplog.text and "x.com/i/api/graphql" in caplog.text
    assert MARKER not in caplog.text and "0612345678" not in caplog.text


def test_a_store_that_is_locked_counts_as_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(self: Store, event: Event) -> int:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Store, "record_event", locked)

    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        await send(addon, post_flow(tweet_body(HARMLESS_TEXT)))
        assert addon.counters == {"errors_store": 1}

    run_with_addon(tmp_path, check)


# Acknowledgements ------------------------------------------------------------------------------


def _acknowledge(store: Store, text: str, outcome: str = "posted_after_warning") -> None:
    store.record_event(
        Event(
            at=datetime.now(UTC),
            platform="x",
            kind="post",
            source="extension",
            outcome=outcome,
            rule_ids=("confidential-marking",),
            fingerprint=fingerprint(store.secret(), text),
        )
    )


@pytest.mark.parametrize(
    ("ack_outcome", "expected"),
    [
        ("posted_after_warning", "posted_after_warning"),
        ("cancelled", "posted_after_warning"),  # the employee did see the warning for this text
        ("no_findings", "posted_without_warning"),  # the extension showed nothing
        (None, "posted_without_warning"),
    ],
)
def test_an_acknowledged_post_counts_as_posted_after_warning(
    tmp_path: Path, ack_outcome: str | None, expected: str
) -> None:
    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        assert addon.store is not None
        if ack_outcome is not None:
            _acknowledge(
                addon.store, "  " + RISKY_TEXT.replace(" ", "\n", 1), ack_outcome
            )  # same canonical text
        await send(addon, post_flow(tweet_body(RISKY_TEXT)))

    run_with_addon(tmp_path, check)
    proxy_events = [e for e in events(tmp_path) if e.source == "proxy"]
    assert [e.outcome for e in proxy_events] == [expected]


def test_an_acknowledgement_arriving_just_after_the_post_is_found(tmp_path: Path) -> None:
    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        assert addon.store is not None
        store = addon.store
        flow = post_flow(tweet_body(RISKY_TEXT))
        await addon.request(flow)
        flow.response = tutils.tresp()
        await addon.response(flow)
        await asyncio.sleep(0.5)
        await asyncio.to_thread(_acknowledge, store, RISKY_TEXT)

    run_with_addon(tmp_path, check, bedenktijd_ack_wait_ms=3000)
    assert [e.outcome for e in events(tmp_path) if e.source == "proxy"] == ["posted_after_warning"]


# Reloading the rule pack -----------------------------------------------------------------------


def test_reload_picks_up_changes_and_keeps_the_last_good_ruleset(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pack = write_pack(tmp_path / "pack")
    rule_file = pack / "codename.yml"

    async def check(addon: Bedenktijd, tctx: taddons.context) -> None:
        assert addon.rules is not None
        first = addon.rules.current.version
        addon.reload_rules()
        assert addon.counters == {}  # nothing changed

        rule_file.write_text(rule_file.read_text(encoding="utf-8") + "  - id: [broken\n", encoding="utf-8")
        with caplog.at_level(logging.INFO):
            addon.reload_rules()
        assert addon.counters == {"reload_failures": 1}
        assert addon.rules.current.version == first
        assert f"keeping version {first}" in caplog.text and str(rule_file) in caplog.text
        addon.reload_rules()
        assert addon.counters == {"reload_failures": 1}  # reported once, not on every poll

        await send(addon, post_flow(tweet_body("Over kwartelkoning zeg ik niets")))
        assert addon.counters["posted_without_warning"] == 1  # still checked with the last good pack

        rule_file.write_text(
            rule_file.read_text(encoding="utf-8").replace("  - id: [broken\n", ""), encoding="utf-8"
        )
        rule_file.write_text(
            rule_file.read_text(encoding="utf-8").replace("kwartelkoning]", "kwartelkoning, grutto]"),
            encoding="utf-8",
        )
        addon.reload_rules()
        assert addon.counters["reloads"] == 1
        assert addon.rules.current.version != first

    run_with_addon(tmp_path, check, bedenktijd_packs=[str(pack)])
