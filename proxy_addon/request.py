"""The outgoing HTTP request as the adapters see it: a small frozen record, no mitmproxy types."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import parse_qsl


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class OutgoingRequest:
    """One request leaving the browser: method, host (no port), path (no query), query, headers, raw body.

    `query` holds the first value per key; `headers` has lower-case names; `body` is the body as sent
    on the wire (still Content-Encoded; `proxy_addon.bodies.read_body` decodes it).
    """

    method: str
    host: str
    path: str
    query: Mapping[str, str] = field(default_factory=_empty)
    headers: Mapping[str, str] = field(default_factory=_empty)
    body: bytes = b""

    @classmethod
    def build(
        cls,
        method: str,
        host: str,
        target: str,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        body: bytes = b"",
    ) -> OutgoingRequest:
        """Make a request record from raw parts; `target` is the path with an optional `?query`."""
        path, _, query_string = target.partition("?")
        query: dict[str, str] = {}
        for key, value in parse_qsl(query_string, keep_blank_values=True):
            query.setdefault(key, value)
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        lowered: dict[str, str] = {}
        for name, value in pairs:
            lowered.setdefault(name.lower(), value)
        return cls(
            method=method.upper(),
            host=normalise_host(host),
            path=path or "/",
            query=MappingProxyType(query),
            headers=MappingProxyType(lowered),
            body=bytes(body),
        )

    def where(self) -> str:
        """`METHOD host/path` for log lines: never the query or the body (they may hold post text)."""
        return f"{self.method} {self.host}{self.path[:200]}"


def normalise_host(host: str) -> str:
    """Lower-case a host name and drop a trailing dot and a `:port`."""
    host = host.strip().lower()
    if host.startswith("["):  # IPv6 literal, maybe with a port
        return host.split("]", 1)[0] + "]"
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")
