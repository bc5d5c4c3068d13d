"""Headless Chromium logs in to a real collector and saves screenshots of the charts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from companion_ui.collector import catalogue as rule_catalogue
from companion_ui.collector import create_collector_app
from companion_ui.collector.server import RunningCollector, start_in_thread
from companion_ui.collector.state import EXTENSION_KEY
from companion_ui.stats import cube
from companion_ui.stats.weeks import week_end

from .conftest import PASSWORDS, Clock, add_users, make_config
from .synthetic import catalogue, organisation

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "collector"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]


@pytest.fixture
def server(tmp_path: Path, clock: Clock) -> Iterator[RunningCollector]:
    app = create_collector_app(make_config(tmp_path, clock))
    add_users(app)
    db = app.extensions[EXTENSION_KEY].db
    reports = organisation(laptops=50, weeks=12, seed=7)
    with db.conn:
        for batch in reports.values():
            for report in batch:
                cube.merge(db, report)
    rule_catalogue.replace(db, rule_catalogue.parse(catalogue()))
    clock.now = week_end(list(reports)[-1]) + timedelta(days=15)
    running = start_in_thread(app)
    yield running
    running.stop()
    app.extensions[EXTENSION_KEY].close()


def test_login_and_chart_screenshots(server: RunningCollector) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900}, locale="nl-NL")
            page.goto(server.url + "/")
            assert page.url.endswith("/login?next=/")  # not logged in: sent to the login form
            page.fill("input[name=name]", "vera")
            page.fill("input[name=password]", "wrong password")
            page.click("button[type=submit]:not([name])")
            assert page.locator(".error").is_visible()
            page.fill("input[name=name]", "vera")
            page.fill("input[name=password]", PASSWORDS["vera"])
            page.click("form.login button[type=submit]")
            page.wait_for_url(server.url + "/")
            assert page.locator("svg.chart polyline").count() >= 3
            page.screenshot(path=str(ARTIFACTS / "trend-nl.png"), full_page=True)
            for path, name in (
                ("/networks", "networks"),
                ("/outcomes", "outcomes"),
                ("/feedback", "feedback"),
                ("/experimental", "experimental"),
                ("/privacy", "privacy"),
            ):
                page.goto(server.url + path)
                if name != "privacy":
                    assert page.locator("svg.chart rect").count() >= 1, name
                page.screenshot(path=str(ARTIFACTS / f"{name}-nl.png"), full_page=True)
            page.goto(server.url + "/")
            page.click("button[name=language][value=en]")
            page.wait_for_load_state()
            assert page.locator("h1").inner_text() == "Warnings per category per week"
            page.screenshot(path=str(ARTIFACTS / "trend-en.png"), full_page=True)
            page.goto(server.url + "/outcomes")
            assert "34%" in page.content()
            page.screenshot(path=str(ARTIFACTS / "outcomes-en.png"), full_page=True)
            # A viewer does not reach the administration.
            response = page.goto(server.url + "/admin")
            assert response is not None and response.status == 403
        finally:
            browser.close()
    assert (ARTIFACTS / "trend-nl.png").stat().st_size > 10_000
