"""Instagram web: comments and replies, captions on configure endpoints, caption edits, DMs (private)."""

from __future__ import annotations

import re

from proxy_addon.adapters.base import Recognised, RoutedAdapter, present, private, publish, route, text_at
from proxy_addon.bodies import read_body
from proxy_addon.request import OutgoingRequest

PLATFORM = "instagram"
# Direct-message mutations sent through /api/graphql (IGDirectTextSendMutation and its siblings).
DM_MUTATION = re.compile(r"IGDirect\w*Send\w*Mutation")

# Instagram posts are always media; visibility is an account setting, so it stays "unknown".


def _comment(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    fields = read_body(req).fields
    kind = "reply" if present(fields.get("replied_to_comment_id")) else "comment"
    return publish(PLATFORM, "comments.add", [text_at(fields, "comment_text")], kind)


def _configure(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    text = text_at(read_body(req).fields, "caption")
    if text is None:  # the web composer always sends caption, if empty; anything else is not a post we know
        return None
    return publish(PLATFORM, "media." + match.group("endpoint"), [text], "post", media=True)


def _edit(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    fields = read_body(req).fields
    text = text_at(fields, "caption_text")
    if text is None:
        return None
    return publish(PLATFORM, "media.edit_media", [text], "edit", media=True)


def _graphql(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    name = req.headers.get("x-fb-friendly-name") or read_body(req).fields.get("fb_api_req_friendly_name")
    if isinstance(name, str) and DM_MUTATION.fullmatch(name):
        return private(PLATFORM, name)
    return None  # likes, follows, saves, feed queries


def _direct(req: OutgoingRequest, match: re.Match[str]) -> Recognised:
    return private(PLATFORM, "direct_v2.broadcast")


ADAPTER = RoutedAdapter(
    name=PLATFORM,
    hosts=("www.instagram.com", "instagram.com", "i.instagram.com"),
    routes=(
        route("POST", r"/api/v1/web/comments/\d+/add/?", _comment),
        route(
            "POST",
            r"/api/v1/media/(?P<endpoint>configure|configure_sidecar|configure_to_clips)/?",
            _configure,
        ),
        route("POST", r"/api/v1/media/\d+(?:_\d+)?/edit_media/?", _edit),
        route("POST", r"/(?:api/graphql|graphql/query)/?", _graphql),
        route("POST", r"/api/v1/direct_v2/threads/broadcast/[a-z_]+/?", _direct),
    ),
)
