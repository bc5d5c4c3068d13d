"""What the employee can inspect before anything leaves the laptop: the pending reports, byte for byte."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from companion_ui.stats import outbox
from companion_ui.store import Store


def pending_reports(store: Store, now: datetime | None = None) -> list[dict[str, Any]]:
    """Queue the completed weeks and return every report not sent yet, as the JSON object sent."""
    outbox.enqueue_completed_weeks(store.db, now or datetime.now(UTC))
    return [outbox.payload_json(item) for item in outbox.items(store.db, outbox.PENDING)]


def sent_reports(store: Store) -> list[dict[str, Any]]:
    """Reports the collector already confirmed (newest first), as they were sent."""
    return [outbox.payload_json(item) for item in reversed(outbox.items(store.db, outbox.SENT))]


def render_json(report: dict[str, Any]) -> str:
    """A readable rendering of a report; the same keys and values as the uploaded compact bytes."""
    return json.dumps(report, indent=2, ensure_ascii=False)
