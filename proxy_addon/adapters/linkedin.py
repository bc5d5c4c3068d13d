"""LinkedIn: Voyager GraphQL shares, legacy normShares, comments (Voyager, legacy, SDUI), messaging."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from proxy_addon.adapters.base import (
    Recognised,
    RoutedAdapter,
    dig,
    has_items,
    private,
    publish,
    route,
    text_at,
)
from proxy_addon.bodies import read_body
from proxy_addon.request import OutgoingRequest

PLATFORM = "linkedin"

SHARES_QUERY_PREFIX = "voyagerContentcreationDashShares."  # the hex after the dot rotates
SDUI_CREATE_COMMENT = "com.linkedin.sdui.comments.createComment"
VISIBILITY = {"ANYONE": "public", "CONNECTIONS_ONLY": "connections"}
NOT_PUBLISHED = ("DRAFT",)  # tuples, not sets: body values may be unhashable lists


def _graphql(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    announced = req.query.get("queryId")
    if announced and not announced.startswith(SHARES_QUERY_PREFIX):
        return None  # the URL names the operation: skip parsing the body of everything else
    body = read_body(req).fields
    query_id = announced or body.get("queryId") or ""
    if not isinstance(query_id, str) or not query_id.startswith(SHARES_QUERY_PREFIX):
        return None  # reactions, reposts, follows and every other GraphQL call
    variables = body.get("variables")
    operation = SHARES_QUERY_PREFIX.rstrip(".")
    share = dig(variables, "post")
    if isinstance(share, dict):
        return _share(operation, share)
    edited = dig(variables, "entity", "entity")
    if isinstance(edited, dict):
        return publish(PLATFORM, operation, [text_at(edited, "commentary", "text")], "edit")
    return None  # a delete carries only updateUrn


def _share(operation: str, share: dict[str, Any]) -> Recognised | None:
    if share.get("intendedShareLifeCycleState") in NOT_PUBLISHED:
        return None
    visibility_type = dig(share, "visibilityDataUnion", "visibilityType")
    visibility = VISIBILITY.get(visibility_type, "unknown") if isinstance(visibility_type, str) else "unknown"
    media = isinstance(share.get("media"), dict) and share["media"].get("category") != "URN_REFERENCE"
    # A reshare with thoughts counts as a post; one without text is a repost and yields None.
    return publish(PLATFORM, operation, [text_at(share, "commentary", "text")], "post", media, visibility)


def _norm_shares(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    body = read_body(req).fields
    if match.group("urn"):  # POST .../normShares/<urn> with a patch is an edit
        text = text_at(body, "patch", "$set", "commentaryV2", "text")
        return publish(PLATFORM, "normShares", [text], "edit")
    if body.get("postState") in NOT_PUBLISHED:
        return None
    only_connections = body.get("visibleToConnectionsOnly")
    visibility = "unknown"
    if isinstance(only_connections, bool):
        visibility = "connections" if only_connections else "public"
    if has_items(body.get("containerEntity")):
        visibility = "group"
    media = has_items(body.get("media")) or body.get("mediaCategory") not in (None, "NONE")
    text = text_at(body, "commentaryV2", "text") or text_at(body, "commentary", "text")
    return publish(PLATFORM, "normShares", [text], "post", media, visibility)


def _is_reply(thread_urn: Any) -> bool:
    return isinstance(thread_urn, str) and unquote(thread_urn).startswith("urn:li:comment:")


def _norm_comment(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    body = read_body(req).fields
    kind = "reply" if _is_reply(body.get("threadUrn")) else "comment"
    text = text_at(body, "commentary", "text")
    return publish(PLATFORM, "voyagerSocialDashNormComments", [text], kind, has_items(body.get("media")))


def _legacy_comment(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    body = read_body(req).fields
    kind = "reply" if _is_reply(match.group("urn")) else "comment"
    text = text_at(body, "message", "text") or text_at(body, "commentary", "text")
    return publish(PLATFORM, "socialActions/comments", [text], kind)


def _sdui(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    body = read_body(req).fields
    request_id = req.query.get("sduiid") or body.get("requestId")
    if request_id != SDUI_CREATE_COMMENT:
        return None  # SDUI also carries reactions, deletes, instant reposts
    return publish(PLATFORM, "sdui.createComment", [_comment_box_text(body)], "comment")


def _comment_box_text(body: Mapping[str, Any]) -> str | None:
    """The comment text from the client state entries `commentBoxText-*` (or `richCommentBoxText-*`)."""
    states = body.get("states")
    if not isinstance(states, list):
        states = dig(body, "serverRequest", "states")
    rich = None
    for state in states if isinstance(states, list) else ():
        key = dig(state, "key")
        if not isinstance(key, str):
            continue
        if key.startswith("commentBoxText-") and isinstance(state.get("value"), str):
            return str(state["value"])
        if key.startswith("richCommentBoxText-") and rich is None:
            rich = text_at(state, "value", "text")
    return rich


def _message(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    if req.query.get("action") in ("createMessage", "create"):
        return private(PLATFORM, "messaging." + req.query["action"])
    return None  # typing indicators, read receipts


ADAPTER = RoutedAdapter(
    name=PLATFORM,
    hosts=("www.linkedin.com", "linkedin.com"),
    routes=(
        route("POST", r"/voyager/api/graphql/?", _graphql),
        route("POST", r"/voyager/api/contentcreation/normShares(?:/(?P<urn>[^/]+))?/?", _norm_shares),
        route("POST", r"/voyager/api/voyagerSocialDashNormComments/?", _norm_comment),
        route("POST", r"/voyager/api/socialActions/(?P<urn>[^/]+)/comments/?", _legacy_comment),
        route("POST", r"/flagship-web/rsc-action/actions/server-request/?", _sdui),
        route("POST", r"/voyager/api/voyagerMessagingDashMessengerMessages/?", _message),
        route("POST", r"/voyager/api/messaging/conversations(?:/[^/]+/events)?/?", _message),
    ),
)
