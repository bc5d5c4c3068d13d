"""mitmproxy's `allow_hosts` regexes derived from the adapters' host list, and the loopback check.

mitmproxy matches each `allow_hosts` regex with `re.search` (case-insensitive, not anchored) against
"host:port" strings: the CONNECT target, the server's IP, the TLS SNI and (for plain HTTP) the Host
header. A connection is decrypted only when one of them matches; everything else is relayed as opaque
bytes. So every pattern here is anchored at both ends and names whole host labels.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

_PORT = r"\.?(?::\d{1,5})?"  # a trailing dot ("x.com.") names the same host
_SUBDOMAINS = r"(?:[a-z0-9_-]+\.)*"
LOOPBACK_NAMES = frozenset({"localhost", "localhost."})


def allow_hosts_patterns(hosts: Iterable[str]) -> tuple[str, ...]:
    """One anchored regex per domain: "x.com" and ".x.com" become `^(?:[a-z0-9_-]+\\.)*x\\.com(?::\\d{1,5})?$`.

    `hosts` holds exact names ("x.com") and suffix patterns (".x.com": any subdomain), as returned by
    `proxy_addon.adapters.all_hosts`. An exact name without its suffix pattern matches only itself.
    """
    exact: dict[str, None] = {}
    suffixes: dict[str, None] = {}
    for host in hosts:
        name = host.strip().lower().rstrip(".")
        if name.startswith("."):
            suffixes[name[1:]] = None
        elif name:
            exact[name] = None
    patterns: list[str] = []
    for name in dict.fromkeys([*exact, *suffixes]):
        escaped = re.escape(name)
        if name in suffixes and name in exact:
            patterns.append(f"^{_SUBDOMAINS}{escaped}{_PORT}$")
        elif name in suffixes:  # subdomains only, not the bare domain
            patterns.append(f"^(?:[a-z0-9_-]+\\.)+{escaped}{_PORT}$")
        else:
            patterns.append(f"^{escaped}{_PORT}$")
    return tuple(patterns)


def is_allowed(host_and_port: str, patterns: Iterable[str]) -> bool:
    """True when mitmproxy would decrypt a connection to `host_and_port` (same matching as mitmproxy)."""
    return any(re.search(p, host_and_port, re.IGNORECASE) for p in patterns)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and "localhost": addresses other machines cannot reach."""
    cleaned = host.strip().strip("[]").lower()
    if cleaned in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(cleaned).is_loopback
    except ValueError:
        return False
