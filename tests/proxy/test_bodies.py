"""Bodies are decoded within a size limit and parsed by what they are, not by what Content-Type says."""

from __future__ import annotations

import gzip
import json
import zlib
from urllib.parse import quote

import brotli
import pytest
import zstandard

from proxy_addon.bodies import (
    BodyTooLarge,
    BodyUndecodable,
    decode_content,
    parse_body,
    read_body,
)
from proxy_addon.request import OutgoingRequest
from tests.proxy.cases import compress

TEXT = "Vergadering om 15:00 — café “De Zon” 🎉"


def test_json_is_parsed_whatever_the_content_type_says() -> None:
    body = json.dumps({"message": {"body": {"text": TEXT}}}).encode()
    for content_type in (
        "application/json",
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "",
    ):
        parsed = parse_body(body, content_type)
        assert parsed.format == "json"
        assert parsed.fields["message"]["body"]["text"] == TEXT


def test_json_with_bom_and_leading_whitespace() -> None:
    parsed = parse_body(b"\xef\xbb\xbf \n" + json.dumps({"a": TEXT}).encode())
    assert (parsed.format, parsed.fields) == ("json", {"a": TEXT})


def test_form_fields_repeated_and_bracketed_keys_become_lists() -> None:
    parsed = parse_body(b"status=hi+there&media_ids[]=1&media_ids[]=2&single[]=7&a=1&a=2&&empty=", "")
    assert parsed.format == "form"
    assert parsed.fields == {
        "status": "hi there",
        "media_ids[]": ["1", "2"],
        "single[]": ["7"],
        "a": ["1", "2"],
        "empty": "",
    }


def test_known_json_string_fields_are_decoded_and_others_left_alone() -> None:
    variables = {"input": {"message": {"text": TEXT}}}
    body = (
        "fb_api_req_friendly_name=X&variables="
        + _quote(json.dumps(variables))
        + "&content="
        + _quote("[not json")
        + "&other="
        + _quote('{"a":1}')
    ).encode()
    fields = parse_body(body).fields
    assert fields["variables"] == variables
    assert fields["content"] == "[not json"  # markdown that merely starts with "[" stays text
    assert fields["other"] == '{"a":1}'  # only the known fields are decoded


def test_double_encoded_variables_in_a_json_body() -> None:
    body = json.dumps({"variables": json.dumps({"tweet_text": TEXT}), "queryId": "q"}).encode()
    assert parse_body(body).fields["variables"] == {"tweet_text": TEXT}


def test_signed_body_of_the_mobile_api_is_unwrapped() -> None:
    inner = json.dumps({"caption": TEXT, "text_post_app_info": json.dumps({"reply_id": "1"})})
    parsed = parse_body(("signed_body=SIGNATURE." + _quote(inner) + "&other=1").encode())
    assert parsed.fields["caption"] == TEXT
    assert parsed.fields["text_post_app_info"] == {"reply_id": "1"}
    assert parsed.fields["other"] == "1" and "signed_body" not in parsed.fields


def _multipart(boundary: str, newline: str = "\r\n") -> bytes:
    parts = [
        f'--{boundary}{newline}Content-Disposition: form-data; name="status"{newline}{newline}{TEXT}{newline}',
        f'--{boundary}{newline}Content-Disposition: form-data; name="media_ids[]"{newline}{newline}42{newline}',
        f'--{boundary}{newline}Content-Disposition: form-data; name="file"; filename="a.png"{newline}'
        f"Content-Type: image/png{newline}{newline}",
    ]
    return "".join(parts).encode() + b"\x89PNG\x00\xff" + f"{newline}--{boundary}--{newline}".encode()


@pytest.mark.parametrize(
    ("content_type", "newline"),
    [
        ("multipart/form-data; boundary=XyZ123", "\r\n"),
        ('multipart/form-data; boundary="XyZ123"', "\r\n"),
        ("text/plain", "\r\n"),  # boundary sniffed from the first line
        ("", "\n"),  # bare newlines from a sloppy client
    ],
)
def test_multipart_fields_are_read_and_file_parts_skipped(content_type: str, newline: str) -> None:
    parsed = parse_body(_multipart("XyZ123", newline), content_type)
    assert parsed.format == "multipart"
    assert parsed.fields == {"status": TEXT, "media_ids[]": ["42"]}


@pytest.mark.parametrize(
    "body",
    [
        b'{"variables":{"tweet_text":"half a',
        b"\x00\x01\x02\xff\xfe garbage",
        b"just some words without structure",
        b"{not=json&really}",
        b"--\r\n\r\n",
        b"[" * 100_000,
    ],
)
def test_unreadable_bodies_say_so(body: bytes) -> None:
    parsed = parse_body(body, "application/json")
    assert parsed.format == "unreadable" and parsed.fields == {}


def test_empty_body() -> None:
    assert parse_body(b"  \r\n").format == "empty"


@pytest.mark.parametrize(
    ("coding", "compress"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b, wbits=-15)),  # raw deflate, no zlib header
        ("br", brotli.compress),
        ("zstd", lambda b: zstandard.ZstdCompressor().compress(b)),
        ("identity", lambda b: b),
        ("gzip, br", lambda b: brotli.compress(gzip.compress(b))),
    ],
)
def test_content_encodings_are_undone(coding: str, compress: object) -> None:
    body = TEXT.encode() * 20
    assert decode_content(compress(body), coding) == body  # type: ignore[operator]


@pytest.mark.parametrize(
    ("coding", "compress"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("br", lambda b: brotli.compress(b, quality=5)),
        ("zstd", lambda b: zstandard.ZstdCompressor().compress(b)),
        ("zstd", lambda b: zstandard.ZstdCompressor(write_content_size=False).compress(b)),
    ],
)
def test_decoding_stops_at_the_limit(coding: str, compress: object) -> None:
    bomb = compress(b"\0" * (8 * 1024 * 1024))  # type: ignore[operator]
    with pytest.raises(BodyTooLarge):
        decode_content(bomb, coding, limit=1024 * 1024)
    assert len(decode_content(compress(b"a" * 1000), coding, limit=1000)) == 1000  # type: ignore[operator]


def test_raw_body_over_the_limit_is_refused_before_decoding() -> None:
    with pytest.raises(BodyTooLarge):
        decode_content(b"x" * 2000, "", limit=1000)


@pytest.mark.parametrize(
    ("coding", "data"), [("gzip", b"not gzip"), ("br", b"\xff" * 20), ("zstd", b"nope"), ("lzma", b"x")]
)
def test_corrupt_or_unknown_encoding_is_undecodable(coding: str, data: bytes) -> None:
    with pytest.raises(BodyUndecodable) as caught:
        decode_content(data, coding)
    assert coding in str(caught.value)


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "zstd"])
def test_truncated_compressed_data_is_undecodable(coding: str) -> None:
    whole = compress(coding, TEXT.encode() * 50)
    with pytest.raises(BodyUndecodable, match="truncated"):
        decode_content(whole[: len(whole) // 2], coding)


def test_read_body_never_raises() -> None:
    def request(body: bytes, encoding: str) -> OutgoingRequest:
        return OutgoingRequest.build("POST", "x.com", "/", {"Content-Encoding": encoding}, body)

    assert read_body(request(gzip.compress(b'{"a":1}'), "gzip")).fields == {"a": 1}
    assert read_body(request(b"junk", "gzip")).format == "unreadable"
    assert read_body(request(gzip.compress(b"\0" * (2 << 20)), "gzip")).format == "too_large"


def test_request_build_splits_query_lowercases_headers_and_drops_the_port() -> None:
    req = OutgoingRequest.build(
        "post",
        "WWW.LinkedIn.com:443",
        "/voyager/api/graphql?queryId=a.b&queryId=c&x=",
        [("Content-Type", "A"), ("content-type", "B")],
    )
    assert (req.method, req.host, req.path) == ("POST", "www.linkedin.com", "/voyager/api/graphql")
    assert dict(req.query) == {"queryId": "a.b", "x": ""}
    assert dict(req.headers) == {"content-type": "A"}
    assert req.where() == "POST www.linkedin.com/voyager/api/graphql"
    assert OutgoingRequest.build("GET", "[::1]:8080", "").host == "[::1]"


def _quote(text: str) -> str:
    return quote(text, safe="")
