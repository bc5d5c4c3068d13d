"""X / Twitter: GraphQL CreateTweet-family mutations, the legacy REST post, and DMs (private)."""

from __future__ import annotations

import re

from proxy_addon.adapters.base import (
    Recognised,
    RoutedAdapter,
    dig,
    has_items,
    present,
    private,
    publish,
    route,
    text_at,
)
from proxy_addon.bodies import read_body
from proxy_addon.request import OutgoingRequest

PLATFORM = "x"

# Operation name (the last path segment; the query id before it rotates) -> how to read it.
TWEET_OPERATIONS = {"CreateTweet", "CreateNoteTweet"}
SCHEDULED_OPERATIONS = {"CreateScheduledTweet": "post", "EditScheduledTweet": "edit"}
DM_OPERATIONS = {"useSendMessageMutation", "SendMessageCreateMutation"}
# Drafts are not published; CreateRetweet carries no text; likes, follows, bookmarks: nothing to check.


def _graphql(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    operation = match.group("op")
    if operation in DM_OPERATIONS:
        return private(PLATFORM, operation)
    if operation not in TWEET_OPERATIONS and operation not in SCHEDULED_OPERATIONS:
        return None
    variables = read_body(req).fields.get("variables")
    if not isinstance(variables, dict):
        return None
    if operation in SCHEDULED_OPERATIONS:
        return _scheduled(operation, variables)
    text = text_at(variables, "tweet_text")
    if text is None:
        return None
    if present(dig(variables, "edit_options", "previous_tweet_id")):
        kind = "edit"
    elif present(dig(variables, "reply", "in_reply_to_tweet_id")):
        kind = "reply"
    else:
        kind = "post"  # a quote (variables.attachment_url) counts as a post
    media = has_items(dig(variables, "media", "media_entities"))
    return publish(PLATFORM, operation, [text], kind, media, "public")


def _scheduled(operation: str, variables: dict[str, object]) -> Recognised | None:
    request = variables.get("post_tweet_request")
    text = text_at(request, "status")
    if text is None:
        return None
    kind = SCHEDULED_OPERATIONS[operation]
    if kind == "post" and present(dig(request, "in_reply_to_status_id")):
        kind = "reply"
    return publish(PLATFORM, operation, [text], kind, has_items(dig(request, "media_ids")), "public")


def _statuses_update(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    fields = read_body(req).fields
    text = text_at(fields, "status")
    if text is None:
        return None
    kind = "reply" if present(fields.get("in_reply_to_status_id")) else "post"
    return publish(PLATFORM, "statuses/update", [text], kind, has_items(fields.get("media_ids")), "public")


def _direct_message(req: OutgoingRequest, match: re.Match[str]) -> Recognised:
    return private(PLATFORM, "dm/" + match.group("endpoint"))


ADAPTER = RoutedAdapter(
    name=PLATFORM,
    hosts=("x.com", ".x.com", "twitter.com", ".twitter.com"),
    routes=(
        route("POST", r"/(?:i/api/)?graphql/[A-Za-z0-9_-]+/(?P<op>[A-Za-z]+)/?", _graphql),
        route("POST", r"/(?:i/api/)?1\.1/statuses/update\.json", _statuses_update),
        route("POST", r"/(?:i/api/)?1\.1/dm/(?P<endpoint>new2?)\.json", _direct_message),
    ),
)
