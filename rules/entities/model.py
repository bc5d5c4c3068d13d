"""The records the entity detectors exchange: a match, the org facts they use, the detector signature."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# A post is at most a few thousand characters; a text with more candidates than this is garbage or an
# attack, and the detectors stop looking (fail open) instead of spending seconds on it.
MAX_CANDIDATES = 500


@dataclass(frozen=True)
class EntityMatch:
    """One entity found in a text: what, where, how sure, and a redacted preview (never the full value)."""

    kind: str
    start: int
    end: int
    confidence: float
    preview: str


@dataclass(frozen=True)
class DetectorContext:
    """Organisation facts the detectors use.

    internal_domains: host names that must never be posted (a listed domain covers its subdomains);
    org_domains: the organisation's public domains (its own shared mailboxes are no personal data);
    public_numbers: phone and account numbers the organisation publishes itself (weighed as public)."""

    internal_domains: tuple[str, ...] = ()
    org_domains: tuple[str, ...] = ()
    public_numbers: tuple[str, ...] = ()


EMPTY_CONTEXT = DetectorContext()

Detector = Callable[[str, DetectorContext], list[EntityMatch]]


def clamp(confidence: float) -> float:
    """`confidence` limited to 0..1 and rounded, so results compare exactly in tests and rules."""
    return round(min(max(confidence, 0.0), 1.0), 2)


def domain_covers(host: str, domains: tuple[str, ...]) -> bool:
    """True when `host` equals one of `domains` or is a subdomain of one (case-insensitive)."""
    host = host.lower().rstrip(".")
    for domain in domains:
        domain = domain.lower().strip().strip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def without_overlaps(matches: list[EntityMatch]) -> list[EntityMatch]:
    """The most confident matches that do not overlap each other, in text order."""
    chosen: list[EntityMatch] = []
    for match in sorted(matches, key=lambda m: (-m.confidence, -(m.end - m.start), m.start)):
        if all(match.end <= other.start or other.end <= match.start for other in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)
