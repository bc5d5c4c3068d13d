"""Internal host names and addresses: the organisation's internal domains (and their subdomains), names
under internal-only suffixes (.local, .internal, .corp, ...), intranet hosts and private IPv4 addresses."""

from __future__ import annotations

import ipaddress
import re

from rules.entities.model import MAX_CANDIDATES, DetectorContext, EntityMatch, clamp, domain_covers

CONFIGURED = 0.9
GENERIC = 0.6

# Labels joined by dots; each repetition starts with a dot, so the pattern cannot backtrack badly. The
# lookbehind starts a host only where a previous one cannot go on (e-mail domains after "@" included).
_HOST = re.compile(r"(?<![A-Za-z0-9.\-_])[A-Za-z0-9][A-Za-z0-9\-]*(?:\.[A-Za-z0-9][A-Za-z0-9\-]*)+")
_IPV4 = re.compile(r"(?<![0-9.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9]|\.[0-9])")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{1,15}://\Z")
_REST_OF_URL = re.compile(r"(?::[0-9]{1,5})?(?:[/?#][^\s<>\"')\]]*)?")
_INTERNAL_SUFFIXES = ("local", "internal", "intra", "intranet", "corp", "lan", "localdomain", "home.arpa")
_INTERNAL_FIRST_LABELS = ("intranet", "intra")
_PRIVATE_NETWORKS = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))


def _generic_internal(host: str) -> bool:
    """True for names that only resolve inside an organisation's network."""
    labels = host.split(".")
    if labels[-1].isdigit() or len(labels) < 2:
        return False
    return host.endswith(tuple("." + s for s in _INTERNAL_SUFFIXES)) or labels[0] in _INTERNAL_FIRST_LABELS


def _preview(host: str, has_path: bool) -> str:
    """The host with its first label hidden (the rest names the domain, known to the organisation anyway)."""
    labels = host.split(".")
    first = labels[0]
    masked = first[:1] + "*" * max(len(first) - 1, 2)
    return ".".join([masked, *labels[1:]]) + ("/…" if has_path else "")


def _extend_to_url(text: str, start: int, end: int) -> tuple[int, int]:
    """The span grown to the whole URL: scheme before the host, port, path and query after it."""
    scheme = _SCHEME.search(text, max(0, start - 17), start)
    if scheme:
        start = scheme.start()
    rest = _REST_OF_URL.match(text, end)
    if rest:
        end = rest.end()
    while end > start and text[end - 1] in ".,;:!?":
        end -= 1  # sentence punctuation after a URL
    return start, end


def detect_internal_host(text: str, context: DetectorContext) -> list[EntityMatch]:
    """Hosts in the configured internal domains (0.9) or with internal-only names and private IPs (0.6)."""
    found = []
    for count, match in enumerate(_HOST.finditer(text)):
        if count >= MAX_CANDIDATES:
            break
        host = match.group().lower().rstrip("-")
        if host.replace(".", "").isdigit():
            continue  # an IP address or a version number: handled below
        if domain_covers(host, context.internal_domains):
            confidence = CONFIGURED
        elif _generic_internal(host):
            confidence = GENERIC
        else:
            continue
        start, end = _extend_to_url(text, match.start(), match.start() + len(host))
        has_path = end > match.start() + len(host)
        preview = _preview(host, has_path)
        found.append(EntityMatch("internal_host", start, end, clamp(confidence), preview))
    for count, match in enumerate(_IPV4.finditer(text)):
        if count >= MAX_CANDIDATES:
            break
        try:
            address = ipaddress.ip_address(match.group())
        except ValueError:
            continue
        if any(address in network for network in _PRIVATE_NETWORKS):
            start, end = _extend_to_url(text, match.start(), match.end())
            preview = ".".join(match.group().split(".")[:2]) + ".*.*"
            found.append(EntityMatch("internal_host", start, end, clamp(GENERIC), preview))
    return sorted(found, key=lambda m: m.start)
