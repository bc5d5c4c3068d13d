"""The employee's /report page shows the pending reports exactly as they will be sent, in nl and en."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from markupsafe import escape

from companion_ui.app import create_app
from companion_ui.report_page import TEXTS
from companion_ui.rulesets import LoadedRuleset
from companion_ui.settings import CompanionConfig
from companion_ui.stats import outbox
from companion_ui.store import Event

PORT = 8765


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_page_shows_the_payload(tmp_path: Path, lang: str) -> None:
    app = create_app(CompanionConfig(port=PORT, data_dir=str(tmp_path)), ruleset_provider=LoadedRuleset())
    store = app.extensions["bedenktijd"].store
    try:
        last_week = datetime.now(UTC) - timedelta(days=7)
        store.record_event(
            Event(
                last_week,
                "linkedin",
                "post",
                "extension",
                "edited",
                ("client-name",),
                ("client",),
                ("warning",),
                previews=("Jansen ••••",),
            )
        )
        client = app.test_client()
        html = client.get(
            "/report", base_url=f"http://127.0.0.1:{PORT}", headers={"Accept-Language": lang}
        ).get_data(as_text=True)
        assert str(escape(TEXTS[lang]["title"])) in html
        item = outbox.items(store.db)[0]
        shown = json.loads(
            html.split("<code>")[1].split("</code>")[0].replace("&#34;", '"').replace("&quot;", '"')
        )
        assert shown == json.loads(item.payload)
        assert "Jansen" not in html
    finally:
        store.close()
