"""The PAC file, evaluated by Node with browser-like PAC helpers and by our Python reader, for a table
of URLs: the networks' hosts go to the proxy, everything else (including look-alikes) goes DIRECT."""

from __future__ import annotations

import base64
from pathlib import PureWindowsPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proxy_addon.adapters import all_hosts
from proxy_addon.deploy import pac, pac_eval
from proxy_addon.host_patterns import allow_hosts_patterns, is_allowed

HOSTS = all_hosts(["social.havenstad.nl", ".mastodon.example"])
SCRIPT = pac.pac_script(HOSTS, 8766)
PROXY = "PROXY 127.0.0.1:8766; DIRECT"

TABLE = [
    ("https://x.com/compose/post", PROXY),
    ("https://api.x.com/graphql/CreateTweet", PROXY),
    ("https://X.COM/", PROXY),
    ("https://x.com./", PROXY),
    ("https://twitter.com/", PROXY),
    ("https://mobile.twitter.com/", PROXY),
    ("https://www.linkedin.com/feed/", PROXY),
    ("https://linkedin.com/", PROXY),
    ("https://www.facebook.com/", PROXY),
    ("https://m.facebook.com/", PROXY),
    ("https://bsky.social/xrpc/com.atproto.repo.createRecord", PROXY),
    ("https://morel.us-east.host.bsky.network/xrpc/x", PROXY),
    ("https://www.threads.net/", PROXY),
    ("https://old.reddit.com/", PROXY),
    ("wss://x.com/socket", PROXY),
    ("http://www.linkedin.com/", PROXY),
    ("https://www.linkedin.com:8443/", PROXY),
    ("https://social.havenstad.nl/api/v1/statuses", PROXY),
    ("https://toot.mastodon.example/api/v1/statuses", PROXY),
    # look-alikes and everything else: DIRECT
    ("https://x.com.evil.example/", "DIRECT"),
    ("https://evilx.com/", "DIRECT"),
    ("https://xx.com/", "DIRECT"),
    ("https://notlinkedin.com/", "DIRECT"),
    ("https://www.linkedin.com.attacker.net/", "DIRECT"),
    ("https://linkedin.com.evil.example/", "DIRECT"),
    ("https://wwwlinkedin.com/", "DIRECT"),
    ("https://static.licdn.com/", "DIRECT"),
    ("https://de.linkedin.com/", "DIRECT"),  # not an adapter host: never decrypted, so never proxied
    ("https://fbcdn.net/", "DIRECT"),
    ("https://bsky.network/", "DIRECT"),  # ".bsky.network" means subdomains only
    ("https://mastodon.example/", "DIRECT"),
    ("https://havenstad.nl/", "DIRECT"),
    ("https://other.havenstad.nl/", "DIRECT"),
    ("https://www.example.org/", "DIRECT"),
    ("https://bank.example/", "DIRECT"),
    ("http://127.0.0.1:8765/api/v1/health", "DIRECT"),
    ("http://localhost/", "DIRECT"),
    ("http://intranet/", "DIRECT"),
    ("http://[::1]/", "DIRECT"),
    ("https://x.co/", "DIRECT"),
    ("https://com/", "DIRECT"),
]


@pytest.mark.skipif(pac_eval.node_path() is None, reason="needs node")
def test_node_evaluates_the_table() -> None:
    answers = pac_eval.evaluate_with_node(SCRIPT, [url for url, _ in TABLE])
    wrong = [(url, want, got) for (url, want), got in zip(TABLE, answers, strict=True) if want != got]
    assert not wrong


@pytest.mark.skipif(pac_eval.node_path() is None, reason="needs node")
def test_node_helpers_behave_like_browsers() -> None:
    # The harness itself: dnsDomainIs is a plain suffix test, shExpMatch's * crosses dots.
    probe = """function FindProxyForURL(url, host) {
      return [dnsDomainIs("evilx.com", "x.com"), dnsDomainIs("x.com", ".x.com"), shExpMatch("a.b.x.com", "*.x.com"),
              shExpMatch("notx.com", "*x.com"), isPlainHostName("intranet"), isPlainHostName("x.com")].join(",");
    }"""
    assert pac_eval.evaluate_with_node(probe, ["https://x.com/"]) == ["true,false,true,true,true,false"]


def test_python_reader_agrees_with_the_table() -> None:
    wrong = [(url, want) for url, want in TABLE if pac_eval.evaluate_in_python(SCRIPT, url) != want]
    assert not wrong


def test_pac_and_allow_hosts_agree() -> None:
    # The PAC sends a host to the proxy exactly when mitmproxy would decrypt it (no blind relaying).
    patterns = allow_hosts_patterns(HOSTS)
    for url, want in TABLE:
        host = url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)[0] if "[" not in url else "[::1]"
        if host.endswith("."):
            continue  # "x.com." goes to the proxy, which relays it without decrypting
        assert is_allowed(f"{host.lower()}:443", patterns) == (want == PROXY), url


LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=10).filter(
    lambda s: not s.startswith("-") and not s.endswith("-")
)
SOCIAL = st.sampled_from(
    ["x.com", "twitter.com", "linkedin.com", "facebook.com", "bsky.network", "reddit.com"]
)


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.lists(LABEL, max_size=3), middle=st.one_of(SOCIAL, LABEL), suffix=st.lists(LABEL, max_size=2)
)
def test_pac_decisions_match_allow_hosts_for_generated_names(
    prefix: list[str], middle: str, suffix: list[str]
) -> None:
    host = ".".join([*prefix, middle, *suffix])
    proxied = pac_eval.evaluate_in_python(SCRIPT, f"https://{host}/") == PROXY
    assert proxied == is_allowed(f"{host}:443", allow_hosts_patterns(HOSTS))


def test_fail_closed_has_no_direct_fallback() -> None:
    script = pac.pac_script(HOSTS, 9000, fail_open=False)
    assert pac_eval.evaluate_in_python(script, "https://x.com/") == "PROXY 127.0.0.1:9000"


def test_split_hosts_keeps_exact_names_and_suffixes_apart() -> None:
    assert pac.split_hosts(["X.com", ".x.com", "x.com.", "", "."]) == (("x.com",), (".x.com",))


def test_data_and_file_urls() -> None:
    url = pac.pac_data_url(SCRIPT)
    assert base64.b64decode(url.split(",", 1)[1]).decode() == SCRIPT
    assert pac.pac_file_url(PureWindowsPath(r"C:\ProgramData\Bedenk tijd\proxy.pac")) == (
        "file:///C:/ProgramData/Bedenk%20tijd/proxy.pac"
    )
    with pytest.raises(ValueError):
        pac.pac_script([], 8766)
    with pytest.raises(ValueError):
        pac.proxy_directive(0)


def test_python_reader_refuses_a_foreign_pac() -> None:
    with pytest.raises(pac_eval.PacError, match="bedenktijd deploy"):
        pac_eval.evaluate_in_python('function FindProxyForURL(u, h) { return "DIRECT"; }', "https://x.com/")
