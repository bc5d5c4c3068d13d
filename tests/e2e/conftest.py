"""One shared set of real processes for the browser end-to-end tests.

A companion (`python -m companion_ui`), mitmdump with the addon writing to the companion's SQLite file,
a local HTTPS stand-in for the networks behind it, and headless Chromium with the unpacked extension,
using the proxy and trusting mitmproxy's per-run CA through an NSS DB in a temporary HOME.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import browser
from tests.e2e.companion_process import CompanionProcess
from tests.e2e.standin import SITES, StandIn
from tests.proxy.e2e_support import Mitmdump, make_pki

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "extension"


@dataclass
class World:
    """Everything a test needs, started once per session."""

    companion: CompanionProcess
    proxy: Mitmdump
    standin: StandIn
    context: Any  # Playwright BrowserContext
    worker: Any  # the extension's service worker
    extension_id: str
    artifacts: Path


def _skip_without_chromium() -> None:
    if not Path(browser.CHROMIUM).exists():
        pytest.skip(f"needs {browser.CHROMIUM} (Debian package chromium)")


@pytest.fixture(scope="module")  # Playwright's sync API keeps an event loop running until it stops
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """Start companion, stand-in, mitmdump and Chromium; stop them all whatever happens."""
    _skip_without_chromium()
    from playwright.sync_api import sync_playwright

    base = tmp_path_factory.mktemp("extension-e2e")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    extension_dir = browser.build_extension(base / "dist")
    pki = make_pki(base / "pki", names=tuple(SITES))
    with ExitStack() as stack:
        companion = CompanionProcess(
            data_dir=base / "companion",
            token=secrets.token_urlsafe(24),
            # Warnings reach the event stream quickly, so the notification checks need no long waits.
            settings={"BEDENKTIJD_SSE_POLL_SECONDS": "0.2"},
        )
        stack.callback(companion.stop)
        companion.start()
        standin = StandIn(pki)
        stack.callback(standin.stop)
        standin.start()
        proxy = Mitmdump(
            confdir=base / "mitmproxy",
            upstream_port=standin.port,
            trusted_ca=pki.ca_pem,
            options=(f"bedenktijd_store={companion.store_path}", "loopback_names=www.facebook.com"),
        )
        stack.callback(proxy.stop)
        proxy.start()
        home = base / "home"
        browser.trust_in_nssdb(home, proxy.ca_pem)  # the CA mitmdump made in its confdir at first start
        playwright = sync_playwright().start()
        stack.callback(playwright.stop)
        context = browser.launch(playwright, base / "profile", home, extension_dir, proxy.port)
        stack.callback(context.close)
        worker = browser.service_worker(context)
        browser.warm_up(worker)
        browser.configure_extension(worker, companion.url, companion.token)
        extension_id = worker.url.split("/")[2]
        yield World(companion, proxy, standin, context, worker, extension_id, ARTIFACTS)
