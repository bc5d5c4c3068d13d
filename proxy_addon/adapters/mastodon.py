"""Mastodon (and Pleroma, Akkoma, GoToSocial): POST/PUT /api/v1/statuses on configured servers."""

from __future__ import annotations

import re

from proxy_addon.adapters.base import (
    Recognised,
    RoutedAdapter,
    has_items,
    present,
    private,
    publish,
    route,
    text_at,
)
from proxy_addon.bodies import read_body
from proxy_addon.request import OutgoingRequest

PLATFORM = "mastodon"
VISIBILITY = {"public": "public", "unlisted": "public", "private": "connections"}


def _status(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    fields = read_body(req).fields
    status = text_at(fields, "status")
    spoiler = text_at(fields, "spoiler_text")
    if status is None and spoiler is None:
        return None
    visibility = fields.get("visibility")
    editing = match.groupdict().get("id") is not None
    operation = "statuses.edit" if editing else "statuses.create"
    if visibility == "direct":  # a private mention: Mastodon's direct message
        return private(PLATFORM, operation)
    kind = "edit" if editing else "reply" if present(fields.get("in_reply_to_id")) else "post"
    # JSON sends media_ids, forms send media_ids[]
    media = has_items(fields.get("media_ids")) or has_items(fields.get("media_ids[]"))
    shown = VISIBILITY.get(visibility, "unknown") if isinstance(visibility, str) else "unknown"
    # The content warning is read first, so it comes first.
    return publish(PLATFORM, operation, [spoiler, status], kind, media, shown)


ADAPTER = RoutedAdapter(
    name=PLATFORM,
    hosts=(),  # Mastodon runs on thousands of servers: the organisation lists its own as extra hosts
    accepts_any_host=True,
    routes=(
        route("POST", r"/api/v1/statuses/?", _status),
        route("PUT", r"/api/v1/statuses/(?P<id>[0-9A-Za-z]+)/?", _status),
    ),
)
