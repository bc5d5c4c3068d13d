"""Threads: the web composer's Instagram-style configure endpoints (text posts, replies, media posts)."""

from __future__ import annotations

import re

from proxy_addon.adapters.base import Recognised, RoutedAdapter, dig, present, publish, route, text_at
from proxy_addon.bodies import read_body
from proxy_addon.request import OutgoingRequest

PLATFORM = "threads"
# Endpoint -> whether the post carries media (text-only posts and replies share one endpoint).
ENDPOINTS = {
    "configure_text_only_post": False,
    "configure_text_post_app_feed": True,
    "configure_text_post_app_sidecar": True,
}


def _configure(req: OutgoingRequest, match: re.Match[str]) -> Recognised | None:
    endpoint = match.group("endpoint")
    fields = read_body(req).fields
    info = fields.get("text_post_app_info")
    text = text_at(fields, "caption")
    if text is None:  # newer captures duplicate the caption here
        text = text_at(info, "text_with_entities", "text")
    if text is None:  # not the shape we know (or not a readable body): do not guess
        return None
    replying = present(dig(info, "reply_id")) or present(fields.get("barcelona_source_reply_id"))
    kind = "reply" if replying else "post"  # a quote (quoted_post_id) counts as a post
    # Visibility is an account setting (public or private profile), not part of the request.
    return publish(PLATFORM, endpoint, [text], kind, ENDPOINTS[endpoint], "unknown")


ADAPTER = RoutedAdapter(
    name=PLATFORM,
    hosts=("www.threads.com", "threads.com", "www.threads.net", "threads.net"),
    routes=(route("POST", r"/api/v1/media/(?P<endpoint>" + "|".join(ENDPOINTS) + r")/?", _configure),),
)
