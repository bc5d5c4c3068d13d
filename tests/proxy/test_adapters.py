"""Each network's publish requests become the right post; DMs are private; likes and reposts are ignored."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from proxy_addon.adapters import ADAPTER_NAMES, Recognised, RecognitionFailure, recognise
from proxy_addon.request import OutgoingRequest
from tests.proxy.cases import (
    ALL,
    CASES,
    FORM,
    FORM_POSTS,
    JSON,
    JSON_POSTS,
    PRIVATE,
    Case,
    Post,
    check,
    compress,
    ids,
    run,
)


def test_every_adapter_has_a_post_a_reply_or_comment_and_an_ignored_request() -> None:
    for name in ADAPTER_NAMES:
        mine = [c for c in CASES if c.fixture.startswith(name + "/")]
        kinds = {c.expect.kind for c in mine if isinstance(c.expect, Post)}
        assert "post" in kinds, name
        assert kinds & {"reply", "comment"}, name
        assert any(not isinstance(c.expect, Post) for c in mine), name


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_fixture_is_recognised_as_expected(case: Case) -> None:
    check(case, run(case))


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_recognised_only_when_the_network_is_enabled(case: Case) -> None:
    network = case.network
    assert run(case, None) == recognise(case.request(), {network}, case.extra_hosts)
    assert recognise(case.request(), ALL - {network}, case.extra_hosts) is None


# --- the same request in other clothes --------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["text/plain;charset=UTF-8", FORM, "", "application/octet-stream"])
@pytest.mark.parametrize("case", JSON_POSTS, ids=ids(JSON_POSTS))
def test_json_sent_with_another_content_type_is_recognised_the_same(case: Case, content_type: str) -> None:
    check(case, run(case, case.request(headers={"content-type": content_type})))


@pytest.mark.parametrize("content_type", [JSON, "text/plain", ""])
@pytest.mark.parametrize("case", FORM_POSTS, ids=ids(FORM_POSTS))
def test_form_sent_with_another_content_type_is_recognised_the_same(case: Case, content_type: str) -> None:
    check(case, run(case, case.request(headers={"content-type": content_type})))


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "zstd"])
@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_compressed_body_is_recognised_the_same(case: Case, coding: str) -> None:
    headers = {"content-type": case.content_type, "content-encoding": coding}
    check(case, run(case, case.request(compress(coding, case.body()), headers)))


@pytest.mark.parametrize(
    ("header", "field", "expected"),
    [
        ("ComposerStoryCreateMutation", "", "post"),  # the header alone names the operation
        (
            "CometNewsFeedPaginationQuery",
            "ComposerStoryCreateMutation",
            None,
        ),  # a read by its header: skipped
        (None, "useCometUFIUpdateCommentMutation", "edit"),  # an unlisted name that edits a comment
        (None, "CometUFIFeedbackReactMutation", None),
        (None, "MWChatSendMessageMutation", PRIVATE),
    ],
)
def test_facebook_operation_from_header_or_form_field(
    header: str | None, field: str, expected: str | None
) -> None:
    variables = {"input": {"message": {"text": "Hallo allemaal"}, "feedback_id": "ZmVlZGJhY2s6MTEx"}}
    body = urlencode({"fb_api_req_friendly_name": field, "variables": json.dumps(variables)}).encode()
    headers = {"content-type": FORM} | ({"x-fb-friendly-name": header} if header else {})
    result = recognise(OutgoingRequest.build("POST", "www.facebook.com", "/api/graphql/", headers, body), ALL)
    assert not isinstance(result, RecognitionFailure)
    if expected is None:
        assert result is None
    elif expected == PRIVATE:
        assert result is not None and result.private
    else:
        assert result is not None and result.post is not None
        assert (result.post.kind, result.post.text) == (expected, "Hallo allemaal")


def test_facebook_group_composer_blocks_are_read_when_message_text_is_missing() -> None:
    variables = {
        "input": {
            "composed_text": {"blocks": [{"text": "Eerste regel"}, {"text": "tweede regel"}, {"depth": 0}]},
            "audience": {"to_id": "800000000000001"},
            "attachments": [{"link": {"share_scrape_data": "{}"}}],  # a link preview is not media
        }
    }
    body = urlencode(
        {"fb_api_req_friendly_name": "ComposerStoryCreateMutation", "variables": json.dumps(variables)}
    )
    request = OutgoingRequest.build(
        "POST", "www.facebook.com", "/api/graphql/", {"content-type": FORM}, body.encode()
    )
    result = recognise(request, ALL)
    assert isinstance(result, Recognised) and result.post is not None
    assert (result.post.text, result.post.kind, result.post.media, result.post.visibility) == (
        "Eerste regel\ntweede regel",
        "post",
        False,
        "group",
    )
