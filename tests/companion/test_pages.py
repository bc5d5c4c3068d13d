"""The employee's pages in Dutch and English (Flask test client), and their forms."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from markupsafe import escape

from companion_ui.rulesets import rule_texts
from companion_ui.store import Event, pairing_code

from .conftest import TEST_PORT

BASE = f"http://127.0.0.1:{TEST_PORT}"
PAGES = ["/", "/warnings", "/transparency", "/settings"]
# A sentence per page and language that only the right translation contains.
EXPECTED = {
    ("/", "nl"): "Hier zie je of Bedenktijd werkt",
    ("/", "en"): "This page shows whether Bedenktijd is working",
    ("/warnings", "nl"): "Mijn recente waarschuwingen",
    ("/warnings", "en"): "My recent warnings",
    ("/transparency", "nl"): "Respectvolle kritiek als privépersoon mag",
    ("/transparency", "en"): "Respectful criticism as a private person is allowed",
    ("/settings", "nl"): "De browserextensie koppelen",
    ("/settings", "en"): "Pair the browser extension",
}


def get(client, path: str, language: str = "nl-NL,nl;q=0.9,en;q=0.5"):
    return client.get(path, base_url=BASE, headers={"Accept-Language": language})


def csrf(client, path: str = "/settings") -> str:
    page = get(client, path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "every page with a form carries a CSRF token"
    return match.group(1)


def post(client, path: str, data: dict, token: str | None = None):
    form = {"csrf_token": token if token is not None else csrf(client), **data}
    return client.post(path, base_url=BASE, data=form, headers={"Origin": BASE})


def seed(app, **changes) -> int:
    values = dict(
        at=datetime.now(UTC) - timedelta(minutes=3),
        platform="linkedin",
        kind="post",
        source="proxy",
        outcome="posted_without_warning",
        rule_ids=("personal-data-bsn",),
        categories=("personal_data",),
        severities=("high",),
        previews=("11*******",),
        fingerprint="c" * 64,
    )
    values.update(changes)
    return app.extensions["bedenktijd"].store.record_event(Event(**values))


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(
    ("language", "header"), [("nl", "nl-BE,nl;q=0.9"), ("en", "en-GB,en;q=0.8,nl;q=0.2")]
)
def test_every_page_renders_in_both_languages(client, app, path: str, language: str, header: str) -> None:
    seed(app)
    response = get(client, path, header)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    assert EXPECTED[(path, language)] in html
    other = "en" if language == "nl" else "nl"
    assert EXPECTED[(path, other)] not in html
    assert "http://" not in html.replace(BASE, "").replace("http://127.0.0.1", "")  # nothing external
    assert "{" not in re.sub(r"<style.*?</style>", "", html)  # no unfilled placeholders


def test_the_language_control_stores_the_choice(client) -> None:
    assert '<html lang="nl">' in get(client, "/").get_data(as_text=True)
    response = post(client, "/language", {"language": "en", "next": "/transparency"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/transparency")
    # Stored: the browser still prefers Dutch, the page is now English.
    assert '<html lang="en">' in get(client, "/", "nl").get_data(as_text=True)


def test_the_language_control_does_not_redirect_elsewhere(client) -> None:
    response = post(client, "/language", {"language": "nl", "next": "//evil.example/"})
    assert response.headers["Location"] in ("/", f"{BASE}/")


def test_status_shows_proxy_extension_and_rule_pack(client, app) -> None:
    store = app.extensions["bedenktijd"].store
    html = get(client, "/", "en").get_data(as_text=True)
    assert "Has not reported yet" in html and "Not connected yet" in html
    assert f"Loaded, version {app.extensions['bedenktijd'].ruleset_provider().version}" in html
    store.record_proxy_seen()
    store.record_extension_seen(datetime.now(UTC) - timedelta(days=2))
    html = get(client, "/", "en").get_data(as_text=True)
    assert "Running, last reported" in html and "Not seen since" in html


def test_recent_warnings_list_the_events_without_text(client, app) -> None:
    event_id = seed(app)
    seed(app, outcome="no_findings", rule_ids=(), categories=(), severities=(), previews=())
    html = get(client, "/warnings", "en").get_data(as_text=True)
    assert "Personal data" in html and "11*******" in html and "LinkedIn" in html
    assert "Posted without a warning beforehand" in html
    assert f'href="/warnings/{event_id}"' in html
    assert html.count("<tr>") == 2  # the header row and the one event with a finding


def test_a_warning_page_explains_the_rule_and_offers_the_three_buttons(client, app) -> None:
    ruleset = app.extensions["bedenktijd"].ruleset_provider()
    rule = ruleset.rules[0]
    event_id = seed(app, rule_ids=(rule.id,), categories=(rule.category,), severities=(rule.severity,))
    html = get(client, f"/warnings/{event_id}", "en").get_data(as_text=True)
    texts = rule_texts(ruleset, rule.id)
    for text in (texts.message.en, texts.explanation.en, texts.suggestion.en):
        assert str(escape(text)) in html
    assert f"clause {rule.clause}" in html
    for button in ("I edited it", "I understand, keep it posted", "This warning is wrong"):
        assert button in html
    assert "went out on LinkedIn before Bedenktijd could warn you" in html
    nl = get(client, f"/warnings/{event_id}", "nl").get_data(as_text=True)
    assert "Ik heb het aangepast" in nl and "Deze waarschuwing klopt niet" in nl


def test_a_rule_that_no_longer_exists_is_explained(client, app) -> None:
    event_id = seed(app, rule_ids=("rule-removed-last-year",), categories=("client",))
    html = get(client, f"/warnings/{event_id}", "en").get_data(as_text=True)
    assert "rule-removed-last-year" in html and "no longer in the current rule pack" in html
    assert "Client information" in html


def test_the_answer_buttons_record_outcome_and_feedback(client, app) -> None:
    store = app.extensions["bedenktijd"].store
    event_id = seed(app)
    response = post(client, f"/warnings/{event_id}/response", {"response": "edited"})
    assert response.status_code == 303
    assert store.get_event(event_id).response == "edited"
    assert "Opgeslagen. Dank je." in get(client, f"/warnings/{event_id}").get_data(as_text=True)
    post(client, f"/warnings/{event_id}/feedback", {"rule_id": "personal-data-bsn"})
    assert store.reported_rules(event_id) == {"personal-data-bsn"}
    html = get(client, f"/warnings/{event_id}", "en").get_data(as_text=True)
    assert "You reported this warning as wrong" in html
    assert post(client, f"/warnings/{event_id}/feedback", {"rule_id": "not-in-this-event"}).status_code == 400
    assert post(client, f"/warnings/{event_id}/response", {"response": "deleted"}).status_code == 400


def test_forms_need_the_csrf_token(client, app) -> None:
    event_id = seed(app)
    assert (
        post(client, f"/warnings/{event_id}/response", {"response": "kept"}, token="forged").status_code
        == 400
    )
    assert app.extensions["bedenktijd"].store.get_event(event_id).response is None


def test_unknown_warning_and_page(client) -> None:
    assert get(client, "/warnings/424242").status_code == 404
    assert "bestaat niet" in get(client, "/nergens").get_data(as_text=True)


def test_transparency_lists_the_inspected_hosts(client) -> None:
    html = get(client, "/transparency", "en").get_data(as_text=True)
    assert "<code>www.linkedin.com</code>" in html and "<code>x.com</code>" in html
    assert "Counts smaller than 5 are left out" in html


def test_settings_show_token_and_pairing_code_and_save_retention(client, app) -> None:
    rt = app.extensions["bedenktijd"]
    html = get(client, "/settings").get_data(as_text=True)
    assert rt.token in html and pairing_code(rt.token) in html
    old = seed(app, at=datetime.now(UTC) - timedelta(days=10))
    fresh = seed(app)
    assert post(client, "/settings", {"language": "en", "retention_days": "7"}).status_code == 303
    assert rt.retention_days() == 7
    assert rt.store.get_event(old) is None and rt.store.get_event(fresh) is not None
    assert '<html lang="en">' in get(client, "/settings", "nl").get_data(as_text=True)
    post(client, "/settings", {"language": "auto", "retention_days": "0"})
    assert rt.retention_days() == 7  # refused, with a message
    assert '<html lang="nl">' in get(client, "/settings", "nl").get_data(as_text=True)


def test_erasing_history_needs_the_confirmation_box(client, app) -> None:
    store = app.extensions["bedenktijd"].store
    event_id = seed(app)
    post(client, "/settings/erase", {})
    assert store.get_event(event_id) is not None
    post(client, "/settings/erase", {"confirm": "yes"})
    assert store.get_event(event_id) is None


def test_the_csrf_error_page_speaks_the_employees_language(client) -> None:
    response = client.post(
        "/settings/erase",
        base_url=BASE,
        data={"confirm": "yes"},
        headers={"Origin": BASE, "Accept-Language": "en-GB"},
    )
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
