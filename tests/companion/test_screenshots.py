"""Headless Chromium renders every page in both languages; PNGs go to test-artifacts/companion/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion_ui.rulesets import LoadedRuleset
from companion_ui.store import Event

from .conftest import Companion, serve

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "companion"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian package chromium)"),
]


@pytest.fixture(scope="module")
def seeded(
    tmp_path_factory: pytest.TempPathFactory, ruleset_provider: LoadedRuleset
) -> Iterator[tuple[Companion, int]]:
    running = serve(
        tmp_path_factory.mktemp("screens"),
        ruleset_provider,
        inspected_hosts=("www.linkedin.com", "x.com", "twitter.com", "www.facebook.com"),
    )
    companion = Companion(running)
    ruleset = ruleset_provider()
    rules = {rule.category: rule for rule in ruleset.rules}
    now = datetime.now(UTC)
    pd = rules.get("personal_data") or ruleset.rules[0]
    em = rules.get("emotional") or ruleset.rules[-1]
    companion.store.record_event(
        Event(
            at=now - timedelta(days=2),
            platform="x",
            kind="reply",
            source="extension",
            outcome="edited",
            rule_ids=(em.id,),
            categories=(em.category,),
            severities=(em.severity,),
            previews=("WOEDEND!!!",),
        )
    )
    companion.store.record_event(
        Event(
            at=now - timedelta(hours=5),
            platform="facebook",
            kind="comment",
            source="extension",
            outcome="posted_after_warning",
            rule_ids=("rule-removed-last-year",),
            categories=("client",),
            severities=("warning",),
        )
    )
    featured = companion.store.record_event(
        Event(
            at=now - timedelta(minutes=4),
            platform="linkedin",
            kind="post",
            source="proxy",
            outcome="posted_without_warning",
            rule_ids=(pd.id, em.id),
            categories=(pd.category, em.category),
            severities=(pd.severity, em.severity),
            previews=("11*******", "!!!"),
        )
    )
    companion.store.record_proxy_seen()
    companion.store.record_extension_seen()
    yield companion, featured
    running.stop()


def test_screenshots_of_every_page(seeded: tuple[Companion, int]) -> None:
    from playwright.sync_api import sync_playwright

    companion, featured = seeded
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "status": "/",
        "warnings": "/warnings",
        "warning": f"/warnings/{featured}",
        "transparency": "/transparency",
        "settings": "/settings",
    }
    external: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for lang, accept in (("nl", "nl-NL"), ("en", "en-GB")):
                context = browser.new_context(locale=accept, viewport={"width": 1100, "height": 800})
                page = context.new_page()
                page.on("request", lambda r: external.append(r.url) if "127.0.0.1" not in r.url else None)
                for name, path in pages.items():
                    response = page.goto(f"http://127.0.0.1:{companion.port}{path}")
                    assert response is not None and response.status == 200, (name, lang)
                    assert page.locator("html").get_attribute("lang") == lang
                    # The stylesheet really applied (served locally, allowed by the CSP).
                    assert (
                        page.evaluate("getComputedStyle(document.body).backgroundColor")
                        == "rgb(251, 250, 247)"
                    )
                    target = ARTIFACTS / f"{name}-{lang}.png"
                    page.screenshot(path=str(target), full_page=True)
                    assert target.stat().st_size > 5_000
                context.close()
            # The language control works in a real browser and the CSRF token travels with the form.
            context = browser.new_context(locale="nl-NL")
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{companion.port}/warnings/{featured}")
            page.get_by_role("button", name="English").click()
            page.wait_for_load_state()
            assert page.locator("html").get_attribute("lang") == "en"
            page.get_by_role("button", name="I edited it").click()
            page.wait_for_load_state()
            assert "Saved. Thank you." in page.content()
            page.screenshot(path=str(ARTIFACTS / "warning-answered-en.png"), full_page=True)
            context.close()
        finally:
            browser.close()
    assert external == [], "pages load nothing from outside the laptop"
    assert companion.store.get_event(featured).response == "edited"
    os.environ.get("CI")  # nothing else to clean up: the PNGs are the artefact
