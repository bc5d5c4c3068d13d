"""Malformed, disguised, compressed and oversized bodies: never an exception, never a made-up post."""

from __future__ import annotations

import json
import random
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from proxy_addon.adapters import RecognitionFailure
from proxy_addon.bodies import parse_body
from tests.proxy.cases import CASES, JSON, JSON_POSTS, POSTS, Case, compress, ids, run


@pytest.mark.parametrize("case", JSON_POSTS, ids=ids(JSON_POSTS))
def test_truncated_json_is_ignored(case: Case) -> None:
    body = case.body()
    for cut in (len(body) // 2, len(body) - 3, 1):
        assert run(case, case.request(body[:cut])) is None


@pytest.mark.parametrize("case", POSTS, ids=ids(POSTS))
def test_bodies_cut_anywhere_never_fail(case: Case) -> None:
    body = case.body()
    for cut in range(0, len(body), max(1, len(body) // 40)):
        result = run(case, case.request(body[:cut]))
        assert not isinstance(result, RecognitionFailure), result.describe()


@pytest.mark.parametrize("case", POSTS, ids=ids(POSTS))
def test_binary_garbage_is_ignored(case: Case) -> None:
    rng = random.Random(case.id)
    for size in (1, 64, 4096):
        garbage = bytes([0xFF, 0xFE]) + rng.randbytes(size)
        assert run(case, case.request(garbage)) is None
        headers = {"content-type": case.content_type, "content-encoding": "gzip"}
        assert run(case, case.request(garbage, headers)) is None  # "gzip" that is not gzip


@pytest.mark.parametrize("case", POSTS, ids=ids(POSTS))
def test_five_megabyte_body_is_skipped_quickly(case: Case) -> None:
    body = case.body()
    padded = (
        body + b" " * (5 * 1024 * 1024)
        if body.lstrip()[:1] == b"{"
        else body + b"&pad=" + b"a" * (5 * 1024 * 1024)
    )
    started = time.perf_counter()
    assert run(case, case.request(padded)) is None
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("coding", ["gzip", "br", "zstd"])
def test_decompression_bomb_is_skipped(coding: str) -> None:
    case = CASES[0]
    bomb_body = case.body()[:-2] + b" " * (32 * 1024 * 1024) + b"}\n"  # valid JSON, 32 MiB decoded
    request = case.request(compress(coding, bomb_body), {"content-type": JSON, "content-encoding": coding})
    assert len(request.body) < 1024 * 1024
    started = time.perf_counter()
    assert run(case, request) is None
    assert time.perf_counter() - started < 0.5


JUNK_VALUES: list[Any] = [None, 0, 1.5, True, "", "x", [], [1, "a"], {}, {"a": {"b": []}}]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data[:3]):
            found += _paths(value, (*prefix, index))
    return found


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(data))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


def _encode(case: Case, data: Any) -> bytes:
    if case.fixture.endswith(".json"):
        return json.dumps(data).encode()
    pairs = []  # re-encode as a form; JSON-in-a-field goes back to a JSON string
    for key, value in data.items():
        values = value if isinstance(value, list) and key.endswith("[]") else [value]
        pairs += [(key, v if isinstance(v, str) else json.dumps(v)) for v in values]
    return urlencode(pairs).encode()


FORMLIKE_POSTS = [c for c in POSTS if not c.fixture.endswith(".multipart")]


@pytest.mark.parametrize("case", FORMLIKE_POSTS, ids=ids(FORMLIKE_POSTS))
def test_wrong_types_anywhere_in_a_body_never_fail(case: Case) -> None:
    original = parse_body(case.body()).data
    assert _encode(case, original) and run(case, case.request(_encode(case, original))) == run(case)
    for path in _paths(original):
        for junk in JUNK_VALUES:
            body = _encode(case, _replace(original, path, junk))
            result = run(case, case.request(body))
            assert not isinstance(result, RecognitionFailure), (path, junk, result.describe())
            if result is not None and result.post is not None:
                assert isinstance(result.post.text, str)
