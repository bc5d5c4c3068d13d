"""The registry: crashing adapters are contained, hosts are specific, networks can be switched off."""

from __future__ import annotations

from typing import Any

import pytest

from proxy_addon.adapters import ADAPTER_NAMES, ADAPTERS, Recognised, RecognitionFailure, all_hosts, recognise
from proxy_addon.adapters.base import RoutedAdapter, route
from proxy_addon.request import OutgoingRequest
from rules.model import PLATFORMS
from tests.proxy.cases import ALL, CASES, FIXTURES, JSON


def _explode(req: OutgoingRequest, match: Any) -> Recognised | None:
    raise KeyError("secret draft text that must not be logged")


def test_a_crashing_adapter_is_contained_and_named_without_body_text() -> None:
    boom = RoutedAdapter("boom", ("x.com",), (route("POST", r"/.*", _explode),))
    request = OutgoingRequest.build(
        "POST", "x.com:443", "/i/api/graphql/abc/CreateTweet?variables=secret", {}, b'{"t":"secret"}'
    )
    result = recognise(request, {"boom", "x"}, (), adapters=(boom, *ADAPTERS))
    assert isinstance(result, RecognitionFailure)
    assert result.describe() == "adapter boom failed on POST x.com/i/api/graphql/abc/CreateTweet: KeyError"
    assert "secret" not in result.describe() and "secret" not in repr(result)


def test_later_adapters_still_run_when_an_earlier_one_returns_nothing() -> None:
    silent = RoutedAdapter("x", ("x.com",), ())
    case = CASES[0]
    result = recognise(case.request(), ALL, (), adapters=(silent, *ADAPTERS[1:], ADAPTERS[0]))
    assert result is not None and not isinstance(result, RecognitionFailure) and result.post is not None


def test_reads_are_ignored_without_looking_further() -> None:
    case = CASES[0]
    request = OutgoingRequest.build("GET", case.host, case.target, {"content-type": JSON}, case.body())
    assert recognise(request, ALL) is None


@pytest.mark.parametrize(
    ("host", "extra", "expected"),
    [
        ("social.example.org", (), False),  # Mastodon only on configured servers
        ("social.example.org", ("social.example.org",), True),
        ("social.example.org", (".example.org",), True),
        ("social.example.org", ("*", "com"), False),  # invalid extra hosts never match
        ("www.linkedin.com", ("www.linkedin.com",), False),  # extra hosts do not turn LinkedIn into Mastodon
    ],
)
def test_mastodon_runs_only_on_configured_servers(host: str, extra: tuple[str, ...], expected: bool) -> None:
    body = (FIXTURES / "mastodon/status_reply.json").read_bytes()
    request = OutgoingRequest.build("POST", host, "/api/v1/statuses", {"content-type": JSON}, body)
    result = recognise(request, ALL, extra)
    assert (isinstance(result, Recognised) and result.platform == "mastodon") is expected


@pytest.mark.parametrize(
    ("host", "extra", "expected"),
    [
        ("bsky.social", (), True),
        ("amanita.us-east.host.bsky.network", (), True),
        ("pds.example.org", (), False),
        ("pds.example.org", ("pds.example.org",), True),
        ("notbsky.social", (), False),
    ],
)
def test_bluesky_runs_on_known_and_configured_pds_hosts(
    host: str, extra: tuple[str, ...], expected: bool
) -> None:
    body = (FIXTURES / "bluesky/create_record_quote.json").read_bytes()
    request = OutgoingRequest.build("POST", host, "/xrpc/com.atproto.repo.createRecord", {}, body)
    result = recognise(request, ALL, extra)
    assert (isinstance(result, Recognised) and result.platform == "bluesky") is expected


def test_all_hosts_covers_the_networks_and_nothing_generic() -> None:
    hosts = all_hosts()
    for needed in (
        "x.com",
        "twitter.com",
        "www.linkedin.com",
        "www.facebook.com",
        "bsky.social",
        "www.threads.com",
        "www.instagram.com",
        "www.reddit.com",
        "old.reddit.com",
    ):
        assert needed in hosts
    assert ".x.com" in hosts and ".bsky.network" in hosts
    for pattern in hosts:
        labels = pattern.removeprefix(".").split(".")
        assert "*" not in pattern and len(labels) >= 2 and all(labels), pattern
        assert pattern == pattern.lower().strip()
    assert len(hosts) == len(set(hosts))
    for case in CASES:  # every fixture's host is intercepted (Mastodon and self-hosted PDS via extra hosts)
        assert any(
            case.host == p or (p.startswith(".") and case.host.endswith(p))
            for p in all_hosts(case.extra_hosts)
        ), case.host


def test_all_hosts_adds_checked_extra_hosts_and_can_limit_networks() -> None:
    assert all_hosts(["Social.Example.org.", ".Example.net"])[-2:] == ("social.example.org", ".example.net")
    only_x = all_hosts(enabled={"x"})
    assert "x.com" in only_x and "www.linkedin.com" not in only_x
    for bad in (
        "*",
        "com",
        ".com",
        "*.example.org",
        "example.org/path",
        "https://example.org",
        "",
        "exa mple.org",
    ):
        with pytest.raises(ValueError, match="host"):
            all_hosts([bad])


def test_adapter_names_are_the_platform_ids() -> None:
    assert set(ADAPTER_NAMES) <= set(PLATFORMS)
    assert len({a.name for a in ADAPTERS}) == len(ADAPTERS) == 8
