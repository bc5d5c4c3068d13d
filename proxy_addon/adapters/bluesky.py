"""Bluesky: app.bsky.feed.post records written to the user's PDS (any host), and chat (private)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from proxy_addon.adapters.base import (
    Recognised,
    RoutedAdapter,
    dig,
    present,
    private,
    publish,
    route,
    text_at,
)
from proxy_addon.bodies import read_body
from proxy_addon.request import OutgoingRequest

PLATFORM = "bluesky"
POST_COLLECTION = "app.bsky.feed.post"  # reposts, likes, follows, threadgates live in other collections
MEDIA_EMBEDS = ("app.bsky.embed.images", "app.bsky.embed.video")
WRITE_KINDS = {"com.atproto.repo.applyWrites#create": "post", "com.atproto.repo.applyWrites#update": "edit"}


def _has_media(record: dict[str, Any]) -> bool:
    embed_type = dig(record, "embed", "$type")
    if embed_type == "app.bsky.embed.recordWithMedia":  # a quote with pictures
        embed_type = dig(record, "embed", "media", "$type")
    return embed_type in MEDIA_EMBEDS


def _records(body: Mapping[str, Any], endpoint: str) -> list[tuple[str, dict[str, Any]]]:
    """The post records this write creates or replaces, each with "post" or "edit"."""
    if endpoint == "applyWrites":
        writes = body.get("writes")
        found = []
        for write in writes if isinstance(writes, list) else ():
            kind = WRITE_KINDS.get(text_at(write, "$type") or "", "")
            value = dig(write, "value")
            if kind and dig(write, "collection") == POST_COLLECTION and isinstance(value, dict):
                found.append((kind, value))
        return found
    record = body.get("record")
    if body.get("collection") != POST_COLLECTION or not isinstance(record, dict):
        return []
    return [("edit" if endpoint == "putRecord" else "post", record)]


def _write(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    endpoint = match.group("endpoint")
    records = _records(read_body(req).fields, endpoint)
    if not records:
        return None
    first_kind, first = records[0]
    if any(kind == "edit" for kind, _ in records):
        kind = "edit"
    else:  # a thread: the first record decides; the later ones reply to it
        kind = "reply" if present(first.get("reply")) else first_kind
    texts = [text_at(record, "text") for _, record in records]
    media = any(_has_media(record) for _, record in records)
    return publish(PLATFORM, "com.atproto.repo." + endpoint, texts, kind, media, "public")


def _chat(req: OutgoingRequest, match: re.Match[str]) -> Recognised:
    return private(PLATFORM, "chat.bsky.convo." + match.group("endpoint"))


ADAPTER = RoutedAdapter(
    name=PLATFORM,
    hosts=("bsky.social", ".bsky.network"),  # Bluesky-hosted PDSes; self-hosted ones come from extra hosts
    accepts_any_host=True,
    routes=(
        route("POST", r"/xrpc/com\.atproto\.repo\.(?P<endpoint>createRecord|applyWrites|putRecord)", _write),
        route("POST", r"/xrpc/chat\.bsky\.convo\.(?P<endpoint>sendMessage|sendMessageBatch)", _chat),
    ),
)
