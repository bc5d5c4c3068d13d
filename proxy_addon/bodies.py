"""Request bodies: undo Content-Encoding within a size limit, then parse without trusting Content-Type.

Social networks send JSON as text/plain, forms whose fields hold JSON strings, and (some clients)
multipart forms, so the format is sniffed from the bytes: JSON, then urlencoded form, then multipart.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import brotli
import zstandard

from proxy_addon.request import OutgoingRequest

MAX_BODY_BYTES = 1 << 20  # decoded; post bodies are a few KiB, so anything bigger is not a post

# Form (or JSON) fields whose value is itself a JSON document sent as a string.
JSON_STRING_FIELDS: tuple[str, ...] = (
    "variables",
    "text_post_app_info",
    "richtext_json",
    "content",
    "card_data",
)

_FIELD_NAME = re.compile(r"^[A-Za-z0-9_.\-\[\]:$@]{1,200}$")
_BOUNDARY = re.compile(r"""boundary=(?:"([^"]+)"|([^;\s]+))""", re.IGNORECASE)
_NAME = re.compile(rb"""[\s;]name="([^"]*)"|[\s;]name=([^;\s]+)""", re.IGNORECASE)
_STEP = 32  # compressed bytes per step: one step of a bomb expands to at most a few tens of MiB


class BodyTooLarge(ValueError):
    """The body, raw or decoded, is bigger than the limit."""


class BodyUndecodable(ValueError):
    """The Content-Encoding is unknown or the compressed data is corrupt."""


@dataclass(frozen=True)
class ParsedBody:
    """A parsed request body.

    `format` is "json", "form", "multipart", "empty", "unreadable" or "too_large". `data` is the JSON
    value, or for forms a dict of field -> str (field -> list[str] when repeated or named `x[]`).
    """

    format: str
    data: Any = None

    @property
    def fields(self) -> Mapping[str, Any]:
        """The top-level object, or an empty mapping when the body is not an object."""
        return self.data if isinstance(self.data, dict) else {}


def decode_content(body: bytes, content_encoding: str, limit: int = MAX_BODY_BYTES) -> bytes:
    """Undo a Content-Encoding (gzip, deflate, br, zstd, or a list of them) without exceeding `limit`."""
    if len(body) > limit:
        raise BodyTooLarge(f"body is {len(body)} bytes, the limit is {limit}")
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    for coding in reversed(codings):  # the last coding listed was applied last
        body = _undo(coding, body, limit)
    return body


def _undo(coding: str, data: bytes, limit: int) -> bytes:
    if coding in ("identity", ""):
        return data
    try:
        if coding in ("gzip", "x-gzip"):
            return _inflate(data, 16 + zlib.MAX_WBITS, limit)
        if coding == "deflate":
            try:
                return _inflate(data, zlib.MAX_WBITS, limit)
            except zlib.error:  # some servers and clients send raw deflate without the zlib header
                return _inflate(data, -zlib.MAX_WBITS, limit)
        if coding == "br":
            return _unbrotli(data, limit)
        if coding == "zstd":
            return _unzstd(data, limit)
    except (zlib.error, brotli.error, zstandard.ZstdError) as exc:
        raise BodyUndecodable(f"corrupt {coding} data ({type(exc).__name__})") from None
    raise BodyUndecodable(f"unknown Content-Encoding {coding!r}")


def _inflate(data: bytes, wbits: int, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits)
    out = inflater.decompress(data, limit + 1)
    if len(out) > limit:
        raise BodyTooLarge(f"decoded body exceeds {limit} bytes")
    if not inflater.eof:
        raise BodyUndecodable("truncated compressed data")
    return out


def _unbrotli(data: bytes, limit: int) -> bytes:
    decompressor = brotli.Decompressor()
    out = _in_steps(decompressor.process, data, limit)
    if not decompressor.is_finished():
        raise BodyUndecodable("truncated compressed data")
    return out


def _unzstd(data: bytes, limit: int) -> bytes:
    decompressor = zstandard.ZstdDecompressor().decompressobj()
    out = _in_steps(decompressor.decompress, data, limit)
    if not decompressor.eof:
        raise BodyUndecodable("truncated compressed data")
    return out


def _in_steps(step: Callable[[bytes], bytes], data: bytes, limit: int) -> bytes:
    """Feed a decompressor a few bytes at a time so one step of a bomb cannot expand far past `limit`.

    (brotli 1.1 and zstandard's decompressobj take no output limit; zlib's does, so it is not needed there.)
    """
    out = bytearray()
    for start in range(0, len(data), _STEP):
        out += step(data[start : start + _STEP])
        if len(out) > limit:
            raise BodyTooLarge(f"decoded body exceeds {limit} bytes")
    return bytes(out)


def read_body(req: OutgoingRequest, limit: int = MAX_BODY_BYTES) -> ParsedBody:
    """Decode and parse a request's body; never raises (too large or corrupt bodies say so in `format`)."""
    try:
        raw = decode_content(req.body, req.headers.get("content-encoding", ""), limit)
    except BodyTooLarge:
        return ParsedBody("too_large")
    except BodyUndecodable:
        return ParsedBody("unreadable")
    return parse_body(raw, req.headers.get("content-type", ""))


def parse_body(body: bytes, content_type: str = "") -> ParsedBody:
    """Parse a body as JSON, urlencoded form or multipart form, sniffing the format from the bytes."""
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        return ParsedBody("empty")
    if stripped[:1] in (b"{", b"["):
        data = _json(stripped)
        return ParsedBody("json", _expand(data)) if data is not None else ParsedBody("unreadable")
    if stripped.startswith(b"--"):
        fields = _multipart(body, content_type)
        if fields is not None:
            return ParsedBody("multipart", _expand(fields))
    form = _form(stripped)
    if form is not None:
        return ParsedBody("form", _expand(form))
    return ParsedBody("unreadable")


def _json(data: bytes | str) -> Any:
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict | list) else None


def _form(body: bytes) -> dict[str, Any] | None:
    try:
        text = "&".join(piece for piece in body.decode("utf-8").split("&") if piece)
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None
    if not pairs or not all(_FIELD_NAME.match(key) for key, _ in pairs):
        return None
    return _collect(pairs)


def _collect(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Single fields map to their value; repeated fields and `name[]` fields map to a list."""
    fields: dict[str, Any] = {}
    for key, value in pairs:
        if key in fields:
            previous = fields[key]
            fields[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            fields[key] = [value] if key.endswith("[]") else value
    return fields


def _multipart(body: bytes, content_type: str) -> dict[str, Any] | None:
    found = _BOUNDARY.search(content_type)
    if found:
        boundary = (found.group(1) or found.group(2)).encode("latin-1", "replace")
    else:  # no boundary in the header: the first line of a multipart body is "--<boundary>"
        boundary = body.lstrip().split(b"\n", 1)[0].rstrip(b"\r")[2:]
    if not boundary:
        return None
    pairs: list[tuple[str, str]] = []
    for chunk in body.split(b"--" + boundary)[1:]:
        if chunk.startswith(b"--"):
            break  # closing delimiter
        head, sep, value = chunk.lstrip(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            head, sep, value = chunk.lstrip(b"\n").partition(b"\n\n")
        name = _NAME.search(b" " + head)
        if not sep or name is None or b"filename=" in head.lower():
            continue  # file parts are uploads, not text the user typed
        try:
            key = (name.group(1) or name.group(2) or b"").decode("utf-8")
            pairs.append((key, value.removesuffix(b"\n").removesuffix(b"\r").decode("utf-8")))
        except UnicodeDecodeError:
            continue
    return _collect(pairs) if pairs else None


def _expand(data: Any) -> Any:
    """JSON-decode the known fields that carry JSON as a string, and unwrap mobile `signed_body`."""
    if not isinstance(data, dict):
        return data
    signed = data.get("signed_body")
    if isinstance(signed, str) and "." in signed:
        inner = _json(signed.split(".", 1)[1])
        if isinstance(inner, dict):
            data = {**inner, **{k: v for k, v in data.items() if k != "signed_body"}}
    for key in JSON_STRING_FIELDS:
        value = data.get(key)
        if isinstance(value, str) and value.lstrip()[:1] in ("{", "["):
            decoded = _json(value)
            if decoded is not None:
                data[key] = decoded
    return data
