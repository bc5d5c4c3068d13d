"""What the proxy records about a post it saw go out: fingerprints, the outcome and an Event, never text.

These run in worker threads (they touch SQLite and the rule engine), never on mitmproxy's event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from companion_ui.store import Event, Store, fingerprint
from proxy_addon.adapters import Recognised, RecognitionFailure, recognise
from proxy_addon.request import OutgoingRequest
from proxy_addon.settings import AddonSettings
from rules.engine import evaluate
from rules.model import Verdict
from rules.ruleset import Ruleset

# How long ago the extension's acknowledgement of the same text may be: the employee may have looked
# at the warning for a while before pressing "post anyway".
ACK_WINDOW = timedelta(minutes=5)
# Outcomes from the extension that mean the employee saw a warning for exactly this text.
WARNED_OUTCOMES = frozenset({"posted_after_warning", "edited", "cancelled"})


@dataclass(frozen=True)
class CheckedPost:
    """A recognised post with its verdict and fingerprints (whole text first, then each piece)."""

    recognised: Recognised
    verdict: Verdict
    fingerprints: tuple[str, ...]

    @property
    def has_findings(self) -> bool:
        """True when at least one rule fired."""
        return bool(self.verdict.findings)


def fingerprints(secret: bytes, recognised: Recognised) -> tuple[str, ...]:
    """Fingerprints of the whole post text and of each piece the user typed, without repeats."""
    texts = [recognised.post.text] if recognised.post is not None else []
    texts.extend(recognised.texts)
    return tuple(dict.fromkeys(fingerprint(secret, t) for t in texts if t.strip()))


def recognise_request(
    request: OutgoingRequest, settings: AddonSettings
) -> Recognised | RecognitionFailure | None:
    """What the request publishes, per the enabled networks and extra hosts (never raises)."""
    return recognise(request, settings.networks, settings.extra_hosts, max_body=settings.max_body_bytes)


def check_post(recognised: Recognised, ruleset: Ruleset, secret: bytes) -> CheckedPost:
    """Evaluate a recognised post and fingerprint its texts."""
    if recognised.post is None:
        raise ValueError(f"{recognised.platform} {recognised.operation}: recognised request has no post")
    verdict = evaluate(recognised.post, ruleset)
    return CheckedPost(recognised, verdict, fingerprints(secret, recognised))


def find_acknowledgement(store: Store, prints: tuple[str, ...], now: datetime | None = None) -> Event | None:
    """The extension's event showing the employee was warned about this text, if there is one."""
    for digest in prints:
        event = store.find_acknowledgement(digest, within=ACK_WINDOW, now=now)
        if event is not None and event.outcome in WARNED_OUTCOMES:
            return event
    return None


def outcome(checked: CheckedPost, acknowledgement: Event | None) -> str:
    """`no_findings`, `posted_after_warning` (the extension warned first) or `posted_without_warning`."""
    if not checked.has_findings:
        return "no_findings"
    return "posted_after_warning" if acknowledgement is not None else "posted_without_warning"


def proxy_event(checked: CheckedPost, acknowledgement: Event | None, at: datetime | None = None) -> Event:
    """The Event to store: rule ids, categories, severities, redacted previews and a fingerprint; no text."""
    post = checked.recognised.post
    findings = checked.verdict.findings
    if acknowledgement is not None:
        digest = acknowledgement.fingerprint
    else:
        digest = checked.fingerprints[0] if checked.fingerprints else ""
    return Event(
        at=at or datetime.now(UTC),
        platform=checked.recognised.platform,
        kind=post.kind if post is not None else "post",
        source="proxy",
        outcome=outcome(checked, acknowledgement),
        rule_ids=tuple(f.rule_id for f in findings),
        categories=tuple(f.category for f in findings),
        severities=tuple(f.severity for f in findings),
        previews=tuple(f.preview for f in findings),
        fingerprint=digest,
        ruleset_version=checked.verdict.ruleset_version,
    )
