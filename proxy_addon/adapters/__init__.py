"""The network adapters and the one entry point the addon calls: `recognise(request, enabled, extra_hosts)`.

`recognise` never raises. It returns a `Recognised` (a post to check, or a private message to leave
alone), a `RecognitionFailure` when an adapter crashed (the addon logs `failure.describe()` and counts
it; the post goes through), or None when the request publishes nothing we know of.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from proxy_addon.adapters import bluesky, facebook, instagram, linkedin, mastodon, reddit, threads, x
from proxy_addon.adapters.base import (
    Adapter,
    Recognised,
    RecognitionFailure,
    host_matches,
    normalise_host_pattern,
)
from proxy_addon.bodies import MAX_BODY_BYTES
from proxy_addon.request import OutgoingRequest

__all__ = [
    "ADAPTERS",
    "ADAPTER_NAMES",
    "Adapter",
    "Recognised",
    "RecognitionFailure",
    "all_hosts",
    "recognise",
]

ADAPTERS: tuple[Adapter, ...] = (
    x.ADAPTER,
    linkedin.ADAPTER,
    facebook.ADAPTER,
    bluesky.ADAPTER,
    mastodon.ADAPTER,
    threads.ADAPTER,
    instagram.ADAPTER,
    reddit.ADAPTER,
)
ADAPTER_NAMES: tuple[str, ...] = tuple(a.name for a in ADAPTERS)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})


def all_hosts(extra_hosts: Iterable[str] = (), *, enabled: Iterable[str] | None = None) -> tuple[str, ...]:
    """Host patterns to intercept (for allow_hosts and the PAC file): the adapters' hosts plus extra hosts.

    Exact names ("x.com") and suffix patterns (".x.com", any subdomain). Raises ValueError naming
    an extra host that is malformed or too broad ("*", "com", ".com").
    """
    wanted = set(ADAPTER_NAMES if enabled is None else enabled)
    hosts: list[str] = []
    for adapter in ADAPTERS:
        if adapter.name in wanted:
            hosts.extend(adapter.hosts)
    hosts.extend(normalise_host_pattern(h) for h in extra_hosts)
    return tuple(dict.fromkeys(hosts))


def _valid_extra(extra_hosts: Iterable[str]) -> tuple[str, ...]:
    valid = []
    for pattern in extra_hosts:
        try:
            valid.append(normalise_host_pattern(pattern))
        except ValueError:
            continue  # all_hosts() reports these when the options are read; here they just never match
    return tuple(valid)


def _applies(adapter: Adapter, host: str, extra: Sequence[str], claimed: bool) -> bool:
    if host_matches(host, adapter.hosts):
        return True
    # Extra hosts are for self-hosted servers (Mastodon, a PDS), never a fixed network's own hosts.
    return adapter.accepts_any_host and not claimed and host_matches(host, extra)


def recognise(
    request: OutgoingRequest,
    enabled: Iterable[str],
    extra_hosts: Iterable[str] = (),
    *,
    adapters: Sequence[Adapter] = ADAPTERS,
    max_body: int = MAX_BODY_BYTES,
) -> Recognised | RecognitionFailure | None:
    """What this request publishes, per the enabled adapters; never raises.

    None for reads, likes, follows, uploads, unknown endpoints, unreadable bodies and bodies over
    `max_body` bytes (raw or decoded). An adapter that raises yields a `RecognitionFailure` that
    names the adapter, method, host, path and exception type, and no body text.
    """
    if request.method not in WRITE_METHODS or len(request.body) > max_body:
        return None
    wanted = set(enabled)
    extra = _valid_extra(extra_hosts)
    claimed = any(host_matches(request.host, a.hosts) for a in adapters if not a.accepts_any_host)
    for adapter in adapters:
        if adapter.name not in wanted or not _applies(adapter, request.host, extra, claimed):
            continue
        try:
            result = adapter.recognise(request)
        except Exception as exc:  # fail open: a broken adapter must never stop a post
            return RecognitionFailure(
                adapter=adapter.name,
                method=request.method,
                host=request.host,
                path=request.path[:200],
                error=type(exc).__name__,  # the message could quote the body, so only the type
            )
        if result is not None:
            return result
    return None
