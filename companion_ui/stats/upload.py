"""Sending queued reports to the collector over HTTPS (urllib), with back-off; nothing is lost offline.

The enrolment token is organisation-wide (it proves "a laptop of this organisation", not which one).
TLS certificates are always verified; plain HTTP is allowed only to a loopback address and only with
`allow_insecure_loopback`, for tests and a collector on the same machine.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import ssl
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import sqlite_utils

from companion_ui.stats import outbox

log = logging.getLogger(__name__)
TOKEN_HEADER = "Authorization"
REPORTS_PATH = "/api/v1/reports"
# Answers after which sending the same bytes again can never succeed.
PERMANENT = frozenset({400, 404, 410, 413, 415, 422})


@dataclass(frozen=True)
class UploadConfig:
    """Where and how to send: the collector's base URL, the enrolment token, TLS options."""

    url: str
    token: str
    cafile: str | None = None
    allow_insecure_loopback: bool = False
    timeout: float = 15.0

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme == "https":
            return
        if parts.scheme == "http" and self.allow_insecure_loopback and _is_loopback(parts.hostname or ""):
            return
        raise ValueError(
            f"collector URL {self.url!r} must use https:// (plain http only to a loopback address "
            "with allow_insecure_loopback)"
        )


@dataclass(frozen=True)
class SendResult:
    """What happened to one attempt: delivered, refused for good, or to be retried."""

    outcome: str  # "sent" | "rejected" | "retry"
    detail: str = ""


@dataclass(frozen=True)
class UploadSummary:
    """Counts of one upload round."""

    sent: int = 0
    rejected: int = 0
    retrying: int = 0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def tls_context(cafile: str | None = None) -> ssl.SSLContext:
    """A verifying TLS context (system roots, or only `cafile` when given)."""
    context = ssl.create_default_context(cafile=cafile)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def _error_detail(body: bytes) -> str:
    try:
        error = json.loads(body.decode("utf-8")).get("error", {})
        return f"{error.get('code', '')}: {error.get('message', '')}"[:300]
    except (ValueError, AttributeError):
        return ""


def send_report(payload: bytes, config: UploadConfig) -> SendResult:
    """POST one report; classify the answer (never raises on network trouble)."""
    request = urllib.request.Request(
        config.url.rstrip("/") + REPORTS_PATH,
        data=payload,
        method="POST",
        headers={
            "Content-Type": "application/json",
            TOKEN_HEADER: f"Bearer {config.token}",
            "User-Agent": "bedenktijd-companion",
        },
    )
    context = tls_context(config.cafile) if config.url.startswith("https:") else None
    try:
        with urllib.request.urlopen(request, timeout=config.timeout, context=context) as response:
            response.read()
            return SendResult("sent", f"HTTP {response.status}")
    except urllib.error.HTTPError as error:
        detail = f"HTTP {error.code} {_error_detail(error.read())}".strip()
        if error.code in PERMANENT:
            return SendResult("rejected", detail)
        return SendResult("retry", detail)
    except (urllib.error.URLError, OSError, ValueError) as error:
        # Collector down, DNS, TLS failure, timeout: keep the report and try again later.
        reason = getattr(error, "reason", error)
        return SendResult("retry", f"{type(error).__name__}: {reason}"[:300])


def upload_due(db: sqlite_utils.Database, config: UploadConfig, now: datetime | None = None) -> UploadSummary:
    """Queue completed weeks, then send every report that is due; returns what happened."""
    moment = now or datetime.now(UTC)
    outbox.enqueue_completed_weeks(db, moment)
    sent = rejected = retrying = 0
    for item in outbox.due(db, moment):
        result = send_report(item.payload, config)
        if result.outcome == "sent":
            outbox.mark_sent(db, item.week, moment)
            sent += 1
        elif result.outcome == "rejected":
            outbox.mark_rejected(db, item.week, result.detail, moment)
            log.warning("collector refused the report of week %s: %s", item.week, result.detail)
            rejected += 1
        else:
            next_at = outbox.mark_failed(db, item.week, result.detail, moment)
            log.info("report of week %s not sent (%s); next try %s", item.week, result.detail, next_at)
            retrying += 1
    return UploadSummary(sent, rejected, retrying)


class Uploader:
    """A daemon thread that calls `upload_due` every `interval` seconds until stopped."""

    def __init__(
        self, db_factory: Callable[[], sqlite_utils.Database], config: UploadConfig, interval: float = 900.0
    ) -> None:
        self._db_factory = db_factory
        self.config = config
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bedenktijd-report-upload", daemon=True)

    def start(self) -> None:
        """Start the thread."""
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to stop and wait for it."""
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                db = self._db_factory()
                upload_due(db, self.config)
            except Exception as error:  # the loop must survive a locked or missing file
                log.warning("report upload round failed: %s", type(error).__name__)
            self._stop.wait(self.interval)
