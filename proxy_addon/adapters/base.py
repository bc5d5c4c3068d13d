"""What every network adapter is and returns, plus the small tools they share (routes, field lookup)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from proxy_addon.request import OutgoingRequest
from rules.model import Post


@dataclass(frozen=True)
class Recognised:
    """A recognised publish request: either a `post` to check, or a private message to leave alone.

    `texts` are the separate pieces the user typed (title, content warning, body, thread parts), in the
    order they were joined into `post.text`; the addon may fingerprint them one by one.
    """

    platform: str
    operation: str
    post: Post | None = None
    private: bool = False
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecognitionFailure:
    """An adapter raised on a request: names the adapter, request and exception type, never body text."""

    adapter: str
    method: str
    host: str
    path: str
    error: str

    def describe(self) -> str:
        """A log line such as `adapter x failed on POST x.com/i/api/graphql/a/CreateTweet: KeyError`."""
        return f"adapter {self.adapter} failed on {self.method} {self.host}{self.path}: {self.error}"


class Adapter(Protocol):
    """One social network: the hosts it lives on and how to read its publish requests."""

    @property
    def name(self) -> str:
        """The platform id (one of `rules.model.PLATFORMS`)."""
        ...

    @property
    def hosts(self) -> tuple[str, ...]:
        """Exact host names ("x.com") and suffix patterns (".x.com" matches any subdomain)."""
        ...

    @property
    def accepts_any_host(self) -> bool:
        """True when the network runs on many servers, so configured extra hosts apply to it too."""
        ...

    def recognise(self, req: OutgoingRequest) -> Recognised | None:
        """The post (or private message) this request publishes, or None when it publishes nothing."""
        ...


Handler = Callable[[OutgoingRequest, "re.Match[str]"], Recognised | None]


@dataclass(frozen=True)
class Route:
    """A method and an anchored path pattern, and the function that reads matching requests."""

    methods: frozenset[str]
    path: re.Pattern[str]
    handler: Handler


def route(methods: str, path: str, handler: Handler) -> Route:
    """Make a route: `methods` is space separated ("POST PUT"), `path` a regex matched in full."""
    return Route(frozenset(methods.split()), re.compile(path), handler)


@dataclass(frozen=True)
class RoutedAdapter:
    """An adapter defined as data: hosts plus a table of routes, tried in order."""

    name: str
    hosts: tuple[str, ...]
    routes: tuple[Route, ...]
    accepts_any_host: bool = False

    def recognise(self, req: OutgoingRequest) -> Recognised | None:
        """Run the first route whose method and path match; None when none does."""
        for candidate in self.routes:
            if req.method in candidate.methods:
                match = candidate.path.fullmatch(req.path)
                if match:
                    return candidate.handler(req, match)
        return None


def publish(
    platform: str,
    operation: str,
    parts: Sequence[str | None],
    kind: str,
    media: bool = False,
    visibility: str = "unknown",
) -> Recognised | None:
    """A recognised post from its text parts (joined by a blank line); None when there is nothing to check."""
    texts = tuple(p for p in parts if isinstance(p, str) and p.strip())
    if not texts and not media:
        return None  # a repost or an empty edit: no text and no media to check
    post = Post(text="\n\n".join(texts), platform=platform, kind=kind, media=media, visibility=visibility)
    return Recognised(platform=platform, operation=operation, post=post, texts=texts)


def private(platform: str, operation: str) -> Recognised:
    """A recognised private message, which the addon leaves alone."""
    return Recognised(platform=platform, operation=operation, private=True)


def dig(data: Any, *path: str | int) -> Any:
    """The value at `path` in nested dicts/lists, or None when any step is missing or of the wrong type."""
    for step in path:
        if isinstance(step, str) and isinstance(data, dict):
            data = data.get(step)
        elif isinstance(step, int) and isinstance(data, list) and -len(data) <= step < len(data):
            data = data[step]
        else:
            return None
    return data


def text_at(data: Any, *path: str | int) -> str | None:
    """The string at `path`, or None when it is missing or not a string."""
    value = dig(data, *path)
    return value if isinstance(value, str) else None


def has_items(value: Any) -> bool:
    """True for a non-empty list/dict, or a non-empty string (comma-separated id lists)."""
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, list | tuple | dict) and len(value) > 0


def present(value: Any) -> bool:
    """True when a marker field (a reply target, an edit id) is set: not None, not empty, not false."""
    return value not in (None, "", False, [], {}, 0, "0", "null")


def host_matches(host: str, patterns: Iterable[str]) -> bool:
    """True when `host` equals a pattern, or ends with a pattern that starts with a dot."""
    return any(host == p or (p.startswith(".") and host.endswith(p)) for p in patterns)


_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalise_host_pattern(pattern: str) -> str:
    """Check and lower-case a host pattern; ValueError names the bad value when it is too broad or malformed."""
    cleaned = pattern.strip().lower().rstrip(".")
    labels = cleaned.removeprefix(".").split(".")
    if not all(_LABEL.match(label) for label in labels):
        raise ValueError(f"host {pattern!r} is not a host name or a '.domain' suffix")
    if len(labels) < 2 or labels[-1].isdigit():
        raise ValueError(f"host {pattern!r} is too broad: name a domain such as 'social.example.org'")
    return cleaned
