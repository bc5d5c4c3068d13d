"""The networks' test pages in the shared browser: open, type, post, and read what the page probe saw."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.e2e.conftest import World

WAIT_MS = 30_000  # generous waits for anything that is not the timing under test


@dataclass(frozen=True)
class Network:
    """A network's test page: its name, where the composer and the post button are."""

    id: str
    host: str
    composer: str
    post_button: str


NETWORKS = {
    "x": Network("x", "x.com", '[data-testid="tweetTextarea_0"]', '[data-testid="tweetButtonInline"]'),
    "linkedin": Network("linkedin", "www.linkedin.com", ".ql-editor", ".share-actions__primary-action"),
    "facebook": Network(
        "facebook",
        "www.facebook.com",
        '[data-lexical-editor="true"]',
        'div[role="button"][aria-label="Post"]',
    ),
}


def open_page(world: World, network: Network) -> Any:
    """The network's page in a new tab, through the proxy, once the extension watches its composer."""
    page = world.context.new_page()
    response = page.goto(f"https://{network.host}/", wait_until="load", timeout=WAIT_MS)
    assert response is not None and response.status == 200
    # Served under the network's name, through mitmdump: its per-run CA signed what Chromium accepted.
    assert page.url == f"https://{network.host}/"
    assert (response.security_details() or {}).get("issuer") == "mitmproxy"
    # The overlay host appears when the content script has found the composer.
    page.wait_for_selector("#bedenktijd-overlay-host", state="attached", timeout=WAIT_MS)
    return page


def type_text(page: Any, network: Network, text: str) -> None:
    """Type `text` key by key into the composer."""
    page.click(network.composer)
    page.keyboard.type(text, delay=10)


def probe(page: Any) -> dict[str, Any]:
    """What the page probe recorded: fetch bodies, the last edit and every overlay change."""
    return dict(page.evaluate("window.__bedenktijdProbe"))


def click_post(page: Any, network: Network) -> None:
    page.click(network.post_button)


def wait_posted(page: Any) -> None:
    page.wait_for_function("document.getElementById('status').textContent === 'posted'", timeout=WAIT_MS)


def wait_for(condition: Callable[[], Any], timeout: float = 30.0, what: str = "condition") -> Any:
    """Poll until `condition()` returns something truthy; fail naming `what` otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            assert value, f"timed out after {timeout:.0f} s waiting for {what}"
            return value
        time.sleep(0.1)


def overlay_latency(page: Any, category: str) -> float:
    """Milliseconds from the last edit to the first overlay that shows `category` for the current text.

    Measured inside the page (performance.now() of the input event and of the overlay's DOM change), so
    the DevTools protocol's own delays do not count. Underlines (`.mark`) are drawn only when the answer
    belongs to the text now in the composer, so an answer for an earlier draft does not count.
    """
    recorded = probe(page)
    last_input = recorded["lastInputAt"]
    assert last_input is not None, "the page saw no typing"
    for state in recorded["overlay"]:
        if (
            state["at"] >= last_input
            and state["marks"]
            and any(f.startswith(f"{category}:") for f in state["findings"])
        ):
            return float(state["at"] - last_input)
    raise AssertionError(f"no overlay for {category} after the last edit: {recorded['overlay'][-3:]}")
