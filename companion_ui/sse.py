"""The event stream: polls the store about once a second and ends after a while so threads come back."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

from companion_ui.runtime import Runtime
from companion_ui.store import Event

KEEPALIVE_SECONDS = 15.0


def format_warning(event: Event, base_url: str) -> str:
    """One `warning` message for a post the proxy saw go out without a warning."""
    payload = {
        "event_id": event.id,
        "platform": event.platform,
        "categories": list(event.categories),
        "url": f"{base_url}/warnings/{event.id}",
    }
    return f"id: {event.id}\nevent: warning\ndata: {json.dumps(payload, separators=(',', ':'))}\n\n"


def warning_stream(rt: Runtime, after_id: int) -> Iterator[str]:
    """Yield SSE text: a retry hint and a "ready" event, then warnings after `after_id`, until time is up."""
    deadline = time.monotonic() + rt.config.sse_max_seconds
    last_sent = time.monotonic()
    # "ready" carries the position the stream starts from, so a client that has not seen a warning yet
    # still resumes from here after a reconnect instead of skipping what was recorded in between.
    yield f"retry: {rt.config.sse_retry_ms}\n: bedenktijd warnings\nevent: ready\nid: {after_id}\ndata: {{}}\n\n"
    while not rt.stopping.is_set() and time.monotonic() < deadline:
        for event in rt.store.warnings_after(after_id):
            after_id = event.id or after_id
            last_sent = time.monotonic()
            yield format_warning(event, rt.base_url)
        if time.monotonic() - last_sent >= KEEPALIVE_SECONDS:
            # A comment line; writing it is also how a closed connection is noticed.
            last_sent = time.monotonic()
            yield ": keep-alive\n\n"
        rt.stopping.wait(min(rt.config.sse_poll_seconds, max(0.0, deadline - time.monotonic())))
