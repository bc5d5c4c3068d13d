"""The browser extension end to end: real Chromium, real companion, real mitmdump, the networks' pages.

Each network's fixture page is served under the network's own name (https://x.com/, ...) through the
proxy, by a local stand-in that records every POST. The extension must warn within its debounce plus
300 ms, ask before posting, let "Post anyway" through byte for byte, leave exactly one acknowledgement
for the proxy to find (so there is no second notification), stay out of the way for harmless text, and
let posts through with a "not checked" label when the companion is down.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from companion_ui.store import Event, fingerprint
from tests.e2e.browser import CHROMIUM
from tests.e2e.conftest import World
from tests.e2e.pages import (
    NETWORKS,
    WAIT_MS,
    Network,
    click_post,
    open_page,
    overlay_latency,
    probe,
    type_text,
    wait_for,
    wait_posted,
)
from tests.e2e.standin import Posted

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.timeout(600),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs {CHROMIUM} (Debian package chromium)"),
]

BUDGET_MS = 300  # the promise: warnings show within 300 ms of the end of the debounce
MEASUREMENTS = 3  # under load, the best of up to three fresh measurements counts (see the first test)


# Risky texts: a valid BSN next to the word BSN, and a password. Each test adds its own tag so that
# fingerprints (and so events) never mix between tests or runs.
RISKY = {
    "x": ("Het BSN van de klant is 111222333, bel hem even terug", "personal_data"),
    "linkedin": ("Voor de nieuwe collega: wachtwoord: Zomer2026! voor de gedeelde map", "secret"),
    "facebook": ("Mijn BSN is 111222333, stuur het formulier maar terug", "personal_data"),
}
BENIGN = "Prachtige dag vandaag bij de fietstocht langs de Vecht"


def tagged(text: str, tag: str) -> str:
    """`text` made unique for this test: a suffix of plain letters (digits could look like a code)."""
    number, letters = time.time_ns() // 1000, ""
    while number:
        number, digit = divmod(number, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
    return f"{text} ({tag} {letters[:7]})"


def posted_upstream(world: World, network: Network, before: int) -> Posted:
    """The one POST the stand-in received for this network since `before` posts."""
    posts = wait_for(lambda: world.standin.posts_to(network.host)[before:], what="the post upstream")
    time.sleep(0.3)  # a duplicate (a replayed click sent twice) would arrive right behind it
    posts = world.standin.posts_to(network.host)[before:]
    assert len(posts) == 1, f"expected one POST upstream, got {len(posts)}"
    return posts[0]


def assert_unchanged(page: Any, upstream: Posted) -> None:
    """The body the page handed to fetch() is the body the network received, byte for byte."""
    sent = [s for s in probe(page)["sent"] if s["body"] is not None]
    assert len(sent) == 1, f"the page sent {len(sent)} posts"
    assert sent[0]["body"].encode("utf-8") == upstream.body
    assert upstream.path == sent[0]["url"]


def events_for(world: World, digest: str, source: str) -> list[Event]:
    return [e for e in world.companion.events(digest) if e.source == source]


def debounce_ms(world: World) -> int:
    """The debounce the extension uses: the companion's setting, bounded as the extension bounds it."""
    status, answer = world.companion.call("GET", "/api/v1/config")
    assert status == 200, answer
    return int(min(max(answer["debounce_ms"], 100), 2000))


def record_latency(world: World, network: str, values: list[float], debounce: int) -> None:
    path = world.artifacts / "overlay-latency.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[network] = {"debounce_ms": debounce, "budget_ms": BUDGET_MS, "measured_ms": values}
    path.write_text(json.dumps(data, indent=2) + "\n")


# Tests -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("network_id", list(NETWORKS))
def test_risky_text_warns_in_time_and_post_anyway_goes_through_unchanged(
    world: World, network_id: str
) -> None:
    """Overlay within debounce + 300 ms; confirmation; Post anyway: unchanged body, one ack, no warning."""
    world.companion.ensure_running()
    network = NETWORKS[network_id]
    base_text, category = RISKY[network_id]
    debounce = debounce_ms(world)

    # The overlay, timed. A loaded machine can stall one run; the best of up to three fresh pages counts,
    # and every measurement is kept in test-artifacts/extension/overlay-latency.json.
    latencies: list[float] = []
    for attempt in range(MEASUREMENTS):
        page = open_page(world, network)
        text = tagged(base_text, f"{network_id} {'abc'[attempt]}")
        type_text(page, network, text)
        page.wait_for_selector(
            f'#bedenktijd-overlay-host .finding[data-category="{category}"]', timeout=WAIT_MS
        )
        latencies.append(round(overlay_latency(page, category), 1))
        if latencies[-1] <= debounce + BUDGET_MS or attempt == MEASUREMENTS - 1:
            break
        page.close()
    record_latency(world, network_id, latencies, debounce)
    best = min(latencies)
    # Timers never fire early: an overlay before the debounce ended would mean a stale or wrong measure.
    assert best >= debounce - 5, f"overlay after {best} ms, before the {debounce} ms debounce ended"
    assert best <= debounce + BUDGET_MS, f"overlay after {latencies} ms; budget {debounce} + {BUDGET_MS} ms"
    finding = page.locator(f'#bedenktijd-overlay-host .finding[data-category="{category}"]').first
    assert finding.get_attribute("data-severity") in ("warning", "high")
    assert finding.is_visible()
    page.screenshot(path=str(world.artifacts / f"overlay-{network_id}.png"))

    # Posting asks first and sends nothing until the employee answers.
    before = len(world.standin.posts_to(network.host))
    click_post(page, network)
    dialog = page.wait_for_selector('[data-testid="bedenktijd-confirm"]', timeout=WAIT_MS)
    assert dialog is not None and dialog.is_visible()
    assert dialog.query_selector(f'[data-category="{category}"]') is not None
    page.screenshot(path=str(world.artifacts / f"confirm-{network_id}.png"))
    time.sleep(0.3)
    assert len(world.standin.posts_to(network.host)) == before, "the post left before the answer"
    assert not [s for s in probe(page)["sent"] if s["body"] is not None]

    # Post anyway: the site's own code posts, once, and the network gets exactly what the page sent.
    page.click('[data-testid="bedenktijd-confirm"] [data-action="post-anyway"]')
    wait_posted(page)
    upstream = posted_upstream(world, network, before)
    assert_unchanged(page, upstream)
    assert page.query_selector('[data-testid="bedenktijd-confirm"]') is None

    # One acknowledgement from the extension, and the proxy found it: posted after a warning, no warning.
    digest = fingerprint(world.companion.fingerprint_secret(), text)
    proxy_events = wait_for(lambda: events_for(world, digest, "proxy"), what="the proxy's event")
    acks = events_for(world, digest, "extension")
    assert [(e.outcome, e.platform) for e in acks] == [("posted_after_warning", network_id)]
    assert category in acks[0].categories
    assert [(e.outcome, e.platform) for e in proxy_events] == [("posted_after_warning", network_id)]
    assert category in proxy_events[0].categories
    time.sleep(1.0)  # several polls of the companion's event stream (0.2 s)
    everything = world.companion.events(digest)
    assert not [e for e in everything if e.outcome == "posted_without_warning"]
    assert len(everything) == 2
    notifications = world.worker.evaluate("chrome.notifications.getAll()")
    assert not {f"bedenktijd-{e.id}" for e in everything} & set(notifications)
    page.close()


@pytest.mark.parametrize("network_id", list(NETWORKS))
def test_harmless_text_shows_nothing_and_posts_without_asking(world: World, network_id: str) -> None:
    """No warning for a harmless post, no confirmation, and the body arrives unchanged."""
    world.companion.ensure_running()
    network = NETWORKS[network_id]
    page = open_page(world, network)
    text = tagged(BENIGN, network_id)
    type_text(page, network, text)
    # "clean" is drawn once the companion answered for this text without findings.
    page.wait_for_selector(
        '#bedenktijd-overlay-host [data-status="clean"]', state="attached", timeout=WAIT_MS
    )
    assert page.query_selector('#bedenktijd-overlay-host .finding[data-severity="warning"]') is None
    assert page.query_selector('#bedenktijd-overlay-host .finding[data-severity="high"]') is None

    before = len(world.standin.posts_to(network.host))
    click_post(page, network)
    wait_posted(page)
    upstream = posted_upstream(world, network, before)
    assert_unchanged(page, upstream)
    assert not any(state["dialog"] for state in probe(page)["overlay"]), "a confirmation was shown"

    digest = fingerprint(world.companion.fingerprint_secret(), text)
    proxy_events = wait_for(lambda: events_for(world, digest, "proxy"), what="the proxy's event")
    assert [(e.outcome, e.platform) for e in proxy_events] == [("no_findings", network_id)]
    assert not events_for(world, digest, "extension")
    page.close()


def test_post_the_extension_did_not_see_is_notified(world: World) -> None:
    """The counterpart of "no second notification": a risky post that bypassed the composer is notified.

    The page sends the post itself (as a script or another tool could), so there is no acknowledgement;
    the proxy records it as posted without a warning and the extension shows a notification for it.
    """
    world.companion.ensure_running()
    network = NETWORKS["x"]
    page = open_page(world, network)
    text = tagged(RISKY["x"][0], "direct")
    body = {"variables": {"tweet_text": text, "media": {"media_entities": []}}, "queryId": "abc123"}
    status = page.evaluate(
        """async (body) => (await fetch('/i/api/graphql/abc123/CreateTweet', {method: 'POST',
            headers: {'content-type': 'application/json'}, body: JSON.stringify(body)})).status""",
        body,
    )
    assert status == 200
    digest = fingerprint(world.companion.fingerprint_secret(), text)
    proxy_events = wait_for(lambda: events_for(world, digest, "proxy"), what="the proxy's event")
    assert [e.outcome for e in proxy_events] == ["posted_without_warning"]
    wanted = f"bedenktijd-{proxy_events[0].id}"
    # The worker's event stream may be backing off after the companion restarted: allow it a minute.
    wait_for(
        lambda: wanted in world.worker.evaluate("chrome.notifications.getAll()"),
        timeout=90,
        what=f"notification {wanted}",
    )
    page.close()


@pytest.mark.parametrize("network_id", list(NETWORKS))
def test_companion_down_post_goes_through_marked_not_checked(world: World, network_id: str) -> None:
    """Fail open: without the companion the draft is marked "not checked" and the post is not held."""
    world.companion.stop()
    network = NETWORKS[network_id]
    base_text, _category = RISKY[network_id]
    page = open_page(world, network)
    text = tagged(base_text, f"down-{network_id}")
    type_text(page, network, text)
    label = page.wait_for_selector("#bedenktijd-overlay-host .unchecked", timeout=WAIT_MS)
    assert label is not None and label.is_visible()
    assert page.query_selector('#bedenktijd-overlay-host [data-status="unchecked"]') is not None
    page.screenshot(path=str(world.artifacts / f"not-checked-{network_id}.png"))

    before = len(world.standin.posts_to(network.host))
    click_post(page, network)
    wait_posted(page)
    upstream = posted_upstream(world, network, before)
    assert_unchanged(page, upstream)
    assert not any(state["dialog"] for state in probe(page)["overlay"]), "a confirmation was shown"
    # The proxy is still the record: it saw the risky post go out without a warning.
    digest = fingerprint(world.companion.fingerprint_secret(), text)
    proxy_events = wait_for(lambda: events_for(world, digest, "proxy"), what="the proxy's event")
    assert [(e.outcome, e.platform) for e in proxy_events] == [("posted_without_warning", network_id)]
    page.close()
