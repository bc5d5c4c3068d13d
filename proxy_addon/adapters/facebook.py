"""Facebook: Comet GraphQL form posts to /api/graphql/, dispatched on `fb_api_req_friendly_name`."""

from __future__ import annotations

import re
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

PLATFORM = "facebook"

# Friendly name -> kind. The doc_id sent alongside rotates; the friendly name does not.
OPERATIONS = {
    "ComposerStoryCreateMutation": "post",
    "ComposerStoryEditMutation": "edit",
    "useCometUFICreateCommentMutation": "comment",
    "CometUFICreateCommentMutation": "comment",
}
# Unlisted names that still create or edit a comment/story/post (e.g. a comment edit, whose name
# is not confirmed); used only when the variables carry input.message.text.
FALLBACK = re.compile(r"(?P<verb>Create|Edit|Update)\w*(?P<noun>Comment|Story|Post)\w*Mutation")
MESSAGE = re.compile(r"(?:Send|Create)\w*Message\w*Mutation")
VISIBILITY = {"EVERYONE": "public", "FRIENDS": "connections", "FRIENDS_OF_FRIENDS": "connections"}
MEDIA_ATTACHMENTS = ("photo", "video", "media")


def _kind_of(name: str, variables: Any) -> str | None:
    if name in OPERATIONS:
        return OPERATIONS[name]
    found = FALLBACK.search(name)
    if found is None or text_at(variables, "input", "message", "text") is None:
        return None
    if found.group("verb") != "Create":
        return "edit"
    return "comment" if found.group("noun") == "Comment" else "post"


def _may_publish(name: str) -> bool:
    return name in OPERATIONS or FALLBACK.search(name) is not None or MESSAGE.search(name) is not None


def _graphql(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    announced = req.headers.get("x-fb-friendly-name")
    if announced and not _may_publish(announced):
        return None  # most of the feed is POSTed here too: skip parsing what the header says is a read
    body = read_body(req).fields
    name = body.get("fb_api_req_friendly_name") or req.headers.get("x-fb-friendly-name", "")
    if not isinstance(name, str) or not name:
        return None
    if MESSAGE.search(name):
        return private(PLATFORM, name)
    variables = body.get("variables")
    kind = _kind_of(name, variables)
    entry = dig(variables, "input")
    if kind is None or not isinstance(entry, dict):
        return None  # reactions, shares without text, searches, feed queries
    if kind == "comment" and present(entry.get("reply_comment_parent_fbid")):
        kind = "reply"
    visibility = _comment_visibility(variables) if kind in ("comment", "reply") else _audience(entry)
    return publish(PLATFORM, name, [_message_text(entry)], kind, _has_media(entry), visibility)


def _message_text(entry: dict[str, Any]) -> str | None:
    text = text_at(entry, "message", "text")
    if text is not None:
        return text
    # Some group composers send only draft-style blocks.
    blocks = dig(entry, "composed_text", "blocks")
    lines = [text_at(block, "text") for block in blocks] if isinstance(blocks, list) else []
    found = [line for line in lines if line is not None]
    return "\n".join(found) if found else None


def _has_media(entry: dict[str, Any]) -> bool:
    attachments = entry.get("attachments")
    if not isinstance(attachments, list):
        return False
    return any(isinstance(a, dict) and any(present(a.get(k)) for k in MEDIA_ATTACHMENTS) for a in attachments)


def _audience(entry: dict[str, Any]) -> str:
    audience = entry.get("audience")
    surfaces = (entry.get("composer_type"), entry.get("composer_source_surface"))
    if present(dig(audience, "to_id")) or "group" in surfaces:
        return "group"
    base_state = dig(audience, "privacy", "base_state")
    return VISIBILITY.get(base_state, "unknown") if isinstance(base_state, str) else "unknown"


def _comment_visibility(variables: Any) -> str:
    return "group" if present(dig(variables, "groupID")) else "unknown"


ADAPTER = RoutedAdapter(
    name=PLATFORM,
    hosts=("www.facebook.com", "web.facebook.com", "m.facebook.com", "facebook.com"),
    routes=(route("POST", r"/api/graphql/?", _graphql),),
)
