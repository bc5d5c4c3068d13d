"""The fixture table: each fixture body with the request it rides on and what must be recognised."""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from pathlib import Path

import brotli
import zstandard

from proxy_addon.adapters import ADAPTER_NAMES, Recognised, RecognitionFailure, recognise
from proxy_addon.request import OutgoingRequest
from rules.model import KINDS, PLATFORMS, VISIBILITIES

FIXTURES = Path(__file__).parent / "fixtures"
ALL = set(ADAPTER_NAMES)
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
PRIVATE = "private"


@dataclass(frozen=True)
class Post:
    """What a recognised post must look like."""

    kind: str
    text: str
    media: bool = False
    visibility: str = "unknown"


@dataclass(frozen=True)
class Case:
    """A fixture body, the request it is sent with, and the expected result."""

    fixture: str
    method: str
    host: str
    target: str
    content_type: str
    expect: Post | str | None  # a Post, PRIVATE, or None (ignored)
    extra_hosts: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.fixture.replace("/", ":").rsplit(".", 1)[0]

    @property
    def network(self) -> str:
        return self.fixture.split("/")[0]

    def body(self) -> bytes:
        return (FIXTURES / self.fixture).read_bytes()

    def request(self, body: bytes | None = None, headers: dict[str, str] | None = None) -> OutgoingRequest:
        sent = {"content-type": self.content_type} if headers is None else headers
        return OutgoingRequest.build(
            self.method, self.host, self.target, sent, self.body() if body is None else body
        )


X_GQL = "/i/api/graphql/Zq8pW2xYtT0aaaaaaaaaaa/"
LI_SHARES = "/voyager/api/graphql?action=execute&queryId=voyagerContentcreationDashShares.0123456789abcdef0123456789abcdef"
LI_COMMENTS = "/voyager/api/voyagerSocialDashNormComments?decorationId=com.linkedin.voyager.dash.deco.social.NormComment-43"
MP_FB = "multipart/form-data; boundary=----WebKitFormBoundaryFbTest123"
MP_MASTO = "multipart/form-data; boundary=------------------------a1b2c3d4e5f6"
MASTO = ("social.example.org",)
BSKY_PDS = "morel.us-east.host.bsky.network"
RICH = "Migration notes\n\nWe migrated to the new API last week, thanks /u/helper!\nfaster builds\nfewer timeouts\ndashboard screenshot"

# fmt: off
CASES = [
    # X
    Case("x/create_tweet_image.json", "POST", "x.com", X_GQL + "CreateTweet", JSON, Post("post", "Open day at our Utrecht office this Saturday 🎉 details on example.org", True, "public")),
    Case("x/create_tweet_reply.json", "POST", "x.com", X_GQL + "CreateTweet", JSON, Post("reply", "Thanks, fixed now.", False, "public")),
    Case("x/create_tweet_quote.json", "POST", "api.x.com", "/graphql/Zq8pW2xYtT0aaaaaaaaaaa/CreateTweet", JSON, Post("post", "Worth a read for anyone in logistics", False, "public")),
    Case("x/create_tweet_edit.json", "POST", "x.com", X_GQL + "CreateTweet", JSON, Post("edit", "Thanks, fixed now (typo).", False, "public")),
    Case("x/create_note_tweet.json", "POST", "twitter.com", X_GQL + "CreateNoteTweet", JSON, Post("post", "Long read: what we learned from migrating our billing system.\n\nFirst, measure before you move anything.", False, "public")),
    Case("x/create_tweet_variables_string.json", "POST", "x.com", X_GQL + "CreateTweet", JSON, Post("post", "Posted from a client that double-encodes its variables", False, "public")),
    Case("x/create_scheduled_tweet.json", "POST", "x.com", "/i/api/graphql/LCVzRQGxOaGnOnYH01NQXg/CreateScheduledTweet", JSON, Post("post", "Reminder: webinar tomorrow at 10:00", False, "public")),
    Case("x/statuses_update_reply.form", "POST", "api.twitter.com", "/1.1/statuses/update.json", FORM, Post("reply", "@someone agreed, see the thread", False, "public")),
    Case("x/dm_new2.json", "POST", "x.com", "/i/api/1.1/dm/new2.json?ext=mediaColor&include_cards=1", JSON, PRIVATE),
    Case("x/dm_graphql.json", "POST", "x.com", "/i/api/graphql/MaxK2PKX1F9Z-9SwqwavTw/useSendMessageMutation", JSON, PRIVATE),
    Case("x/create_retweet.json", "POST", "x.com", "/i/api/graphql/ojPdsZsimiJrUGLR1sjUtA/CreateRetweet", JSON, None),
    Case("x/favorite_tweet.json", "POST", "x.com", "/i/api/graphql/lI07N6Otwv1PhnEgXILM7A/FavoriteTweet", JSON, None),
    Case("x/cards_create_poll.form", "POST", "caps.x.com", "/v2/cards/create.json", FORM, None),
    # LinkedIn
    Case("linkedin/share_public_image.json", "POST", "www.linkedin.com", LI_SHARES, JSON, Post("post", "We are hiring two backend engineers in Eindhoven. Tag someone!", True, "public")),
    Case("linkedin/share_connections.json", "POST", "www.linkedin.com", LI_SHARES, JSON, Post("post", "Proud of what @Sanne de Vries and the team shipped this week", False, "connections")),
    Case("linkedin/share_edit.json", "POST", "www.linkedin.com", "/voyager/api/graphql?action=execute&queryId=voyagerContentcreationDashShares.fedcba98", JSON, Post("edit", "Corrected date: 12 May")),
    Case("linkedin/norm_share.json", "POST", "www.linkedin.com", "/voyager/api/contentcreation/normShares", JSON, Post("post", "New blog post on our hiring process", False, "public")),
    Case("linkedin/comment.json", "POST", "www.linkedin.com", LI_COMMENTS, JSON, Post("comment", "Congrats to the team!")),
    Case("linkedin/comment_reply.json", "POST", "www.linkedin.com", LI_COMMENTS, JSON, Post("reply", "Happy to help, send me a message")),
    Case("linkedin/sdui_comment.json", "POST", "www.linkedin.com", "/flagship-web/rsc-action/actions/server-request?sduiid=com.linkedin.sdui.comments.createComment", JSON, Post("comment", "Great point about onboarding")),
    Case("linkedin/legacy_comment.json", "POST", "www.linkedin.com", "/voyager/api/socialActions/urn%3Ali%3Aactivity%3A7400000000000000002/comments", JSON, Post("comment", "Interesting numbers, thanks for sharing")),
    Case("linkedin/dm_create_message.json", "POST", "www.linkedin.com", "/voyager/api/voyagerMessagingDashMessengerMessages?action=createMessage", "text/plain;charset=UTF-8", PRIVATE),
    Case("linkedin/share_delete.json", "POST", "www.linkedin.com", LI_SHARES, JSON, None),
    Case("linkedin/reshare_without_text.json", "POST", "www.linkedin.com", LI_SHARES, JSON, None),
    Case("linkedin/reaction.json", "POST", "www.linkedin.com", "/voyager/api/voyagerSocialDashReactions?threadUrn=urn%3Ali%3Aactivity%3A1", JSON, None),
    # Facebook
    Case("facebook/post_public_photo.form", "POST", "www.facebook.com", "/api/graphql/", FORM, Post("post", "Open day this Saturday, everyone welcome", True, "public")),
    Case("facebook/post_friends.form", "POST", "web.facebook.com", "/api/graphql/", FORM, Post("post", "Marit and I finally finished the kitchen", False, "connections")),
    Case("facebook/post_group.form", "POST", "www.facebook.com", "/api/graphql/", FORM, Post("post", "Does anyone have a spare ticket for Friday?", False, "group")),
    Case("facebook/post_edit.form", "POST", "www.facebook.com", "/api/graphql/", FORM, Post("edit", "Open day this Saturday (10:00-16:00), everyone welcome")),
    Case("facebook/comment.form", "POST", "www.facebook.com", "/api/graphql/", FORM, Post("comment", "Looks great, congratulations!")),
    Case("facebook/comment_reply.form", "POST", "m.facebook.com", "/api/graphql/", FORM, Post("reply", "Agreed, thanks for sharing", True)),
    Case("facebook/post_multipart.multipart", "POST", "www.facebook.com", "/api/graphql/", MP_FB, Post("post", "Marit and I finally finished the kitchen", False, "connections")),
    Case("facebook/reaction.form", "POST", "www.facebook.com", "/api/graphql/", FORM, None),
    # Bluesky
    Case("bluesky/apply_writes_reply_image.json", "POST", BSKY_PDS, "/xrpc/com.atproto.repo.applyWrites", JSON, Post("reply", "Photo from today's meetup", True, "public")),
    Case("bluesky/apply_writes_thread.json", "POST", "bsky.social", "/xrpc/com.atproto.repo.applyWrites", JSON, Post("post", "A short thread on our move to Arnhem 🧵\n\nFirst: the new office has room for 40 desks.", False, "public")),
    Case("bluesky/create_record_quote.json", "POST", "bsky.social", "/xrpc/com.atproto.repo.createRecord", JSON, Post("post", "Worth reading", False, "public")),
    Case("bluesky/create_record_quote_with_media.json", "POST", "pds.example.org", "/xrpc/com.atproto.repo.createRecord", JSON, Post("post", "Same view from our side", True, "public"), ("pds.example.org",)),
    Case("bluesky/put_record.json", "POST", "bsky.social", "/xrpc/com.atproto.repo.putRecord", JSON, Post("edit", "Photo from yesterday's meetup", False, "public")),
    Case("bluesky/dm_send_message.json", "POST", "bsky.social", "/xrpc/chat.bsky.convo.sendMessage", JSON, PRIVATE),
    Case("bluesky/repost.json", "POST", "bsky.social", "/xrpc/com.atproto.repo.createRecord", JSON, None),
    Case("bluesky/like.json", "POST", BSKY_PDS, "/xrpc/com.atproto.repo.createRecord", JSON, None),
    # Mastodon (any server, once configured as an extra host)
    Case("mastodon/status_reply.json", "POST", "social.example.org", "/api/v1/statuses", JSON, Post("reply", "@ana thanks, the slides are attached", True, "public"), MASTO),
    Case("mastodon/status_content_warning.json", "POST", "social.example.org", "/api/v1/statuses", JSON, Post("post", "work rant\n\nLong story about last week's outage.", False, "connections"), MASTO),
    Case("mastodon/status_edit.json", "PUT", "social.example.org", "/api/v1/statuses/113000000000000042", JSON, Post("edit", "Fixed the link: example.org/agenda"), MASTO),
    Case("mastodon/status_form.form", "POST", "social.example.org", "/api/v1/statuses", FORM, Post("post", "Posting from a command-line client", True, "public"), MASTO),
    Case("mastodon/status_multipart.multipart", "POST", "social.example.org", "/api/v1/statuses", MP_MASTO, Post("post", "Hello from a multipart client", False, "public"), MASTO),
    Case("mastodon/status_direct.json", "POST", "social.example.org", "/api/v1/statuses", JSON, PRIVATE, MASTO),
    Case("mastodon/status_reply.json", "POST", "social.example.org", "/api/v1/statuses/113000000000000042/favourite", JSON, None, MASTO),
    # Threads
    Case("threads/text_post.form", "POST", "www.threads.com", "/api/v1/media/configure_text_only_post/", FORM, Post("post", "Trying out Threads for our team updates")),
    Case("threads/reply.form", "POST", "www.threads.net", "/api/v1/media/configure_text_only_post/", FORM, Post("reply", "Great thread, bookmarking")),
    Case("threads/image_post.form", "POST", "www.threads.com", "/api/v1/media/configure_text_post_app_feed/", FORM, Post("post", "View from the new office", True)),
    Case("threads/like.form", "POST", "www.threads.com", "/api/graphql", FORM, None),
    # Instagram
    Case("instagram/comment.form", "POST", "www.instagram.com", "/api/v1/web/comments/3300000000000000001/add/", FORM, Post("comment", "Love this colour")),
    Case("instagram/comment_reply.form", "POST", "www.instagram.com", "/api/v1/web/comments/3300000000000000001/add/", FORM, Post("reply", "@marieke thank you!")),
    Case("instagram/configure.form", "POST", "www.instagram.com", "/api/v1/media/configure/", FORM, Post("post", "Team day at the beach 🌊", True)),
    Case("instagram/dm.form", "POST", "www.instagram.com", "/api/graphql", FORM, PRIVATE),
    Case("instagram/like.form", "POST", "www.instagram.com", "/api/v1/web/likes/3300000000000000001/like/", FORM, None),
    # Reddit
    Case("reddit/submit_self.form", "POST", "old.reddit.com", "/api/submit", FORM, Post("post", "Best place to buy a second-hand bike in Delft?\n\nMoving there next month.\n\nAny tips welcome.", False, "public")),
    Case("reddit/submit_richtext.form", "POST", "oauth.reddit.com", "/api/submit?resubmit=true&redditWebClient=desktop2x&rtj=only&raw_json=1", FORM, Post("post", RICH, True, "public")),
    Case("reddit/comment_top.form", "POST", "www.reddit.com", "/api/comment", FORM, Post("comment", "Same issue here on v2.3", False, "public")),
    Case("reddit/comment_reply.form", "POST", "oauth.reddit.com", "/api/comment.json?rtj=only&raw_json=1", FORM, Post("reply", "Did you try clearing the cache?", False, "public")),
    Case("reddit/shreddit_comment.form", "POST", "www.reddit.com", "/svc/shreddit/t3_1abcde/create-comment", FORM, Post("comment", "Same issue here on v2.3\nit was DNS", False, "public")),
    Case("reddit/compose.form", "POST", "old.reddit.com", "/api/compose", FORM, PRIVATE),
    Case("reddit/vote.form", "POST", "www.reddit.com", "/api/vote", FORM, None),
]
# fmt: on
POSTS = [c for c in CASES if isinstance(c.expect, Post)]
JSON_POSTS = [c for c in POSTS if c.fixture.endswith(".json")]
FORM_POSTS = [c for c in POSTS if c.fixture.endswith(".form")]


def ids(cases: list[Case]) -> list[str]:
    """Readable test ids: network:fixture."""
    return [c.id for c in cases]


def run(case: Case, request: OutgoingRequest | None = None) -> Recognised | RecognitionFailure | None:
    """Recognise a case's request (or a variant of it) with every network enabled."""
    return recognise(request or case.request(), ALL, case.extra_hosts)


def check(case: Case, result: Recognised | RecognitionFailure | None) -> None:
    """Assert that `result` is exactly what the case expects."""
    assert not isinstance(result, RecognitionFailure), result.describe()
    if case.expect is None:
        assert result is None
    elif case.expect == PRIVATE:
        assert result is not None and result.private and result.post is None
        assert result.platform == case.network and result.operation
    else:
        assert isinstance(case.expect, Post)
        assert result is not None and result.post is not None and not result.private
        post = result.post
        assert (post.platform, result.platform) == (case.network, case.network)
        expected = case.expect
        assert (post.kind, post.text, post.media, post.visibility) == (
            expected.kind,
            expected.text,
            expected.media,
            expected.visibility,
        )
        assert post.kind in KINDS and post.visibility in VISIBILITIES and post.platform in PLATFORMS
        assert result.operation and "\n\n".join(result.texts) == post.text


def compress(coding: str, body: bytes) -> bytes:
    """`body` compressed with a Content-Encoding."""
    if coding == "gzip":
        return gzip.compress(body)
    if coding == "deflate":
        return zlib.compress(body)
    if coding == "br":
        return brotli.compress(body, quality=5)  # fast enough for 32 MiB test bombs
    return zstandard.ZstdCompressor().compress(body)
