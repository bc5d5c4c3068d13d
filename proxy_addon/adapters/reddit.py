"""Reddit: old/desktop2x API posts and comments, shreddit comments, and private messages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from proxy_addon.adapters.base import Recognised, RoutedAdapter, private, publish, route, text_at
from proxy_addon.adapters.reddit_richtext import PlainText, richtext_to_plain
from proxy_addon.bodies import read_body
from proxy_addon.request import OutgoingRequest

PLATFORM = "reddit"
MEDIA_KINDS = ("image", "video", "videogif", "gallery")  # a tuple: a form value may be a list


def _body_text(fields: Mapping[str, Any], *names: str) -> PlainText:
    """Markdown `text` when sent, else rich text (`richtext_json` / `content`), which may embed media."""
    for name in names:
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            return PlainText(value, False)
        if isinstance(value, dict | list):
            return richtext_to_plain(value)
    return PlainText("", False)


def _api(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    endpoint = match.group("endpoint")
    if endpoint == "compose":
        return private(PLATFORM, "compose")
    fields = read_body(req).fields
    body = _body_text(fields, "text", "richtext_json")
    if endpoint == "submit":
        title = text_at(fields, "title")
        if title is None:
            return None
        media = body.media or fields.get("kind") in MEDIA_KINDS
        return publish(PLATFORM, "submit", [title, body.text], "post", media, "public")
    if endpoint == "comment":
        thing = fields.get("thing_id") or fields.get("parent") or ""
        kind = "reply" if isinstance(thing, str) and thing.startswith("t1_") else "comment"
        return publish(PLATFORM, "comment", [body.text], kind, body.media, "public")
    return publish(PLATFORM, "editusertext", [body.text], "edit", body.media, "public")


def _shreddit_comment(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    body = _body_text(read_body(req).fields, "content", "text")
    kind = "reply" if match.group("thing").startswith("t1_") else "comment"
    return publish(PLATFORM, "shreddit.create-comment", [body.text], kind, body.media, "public")


ADAPTER = RoutedAdapter(
    name=PLATFORM,
    hosts=(
        "www.reddit.com",
        "reddit.com",
        "old.reddit.com",
        "new.reddit.com",
        "oauth.reddit.com",
        "sh.reddit.com",
    ),
    routes=(
        route("POST", r"/api/(?P<endpoint>submit|comment|editusertext|compose)(?:\.json)?/?", _api),
        route("POST", r"/svc/shreddit/(?P<thing>t[13]_[a-z0-9]+)/create-comment/?", _shreddit_comment),
    ),
)
