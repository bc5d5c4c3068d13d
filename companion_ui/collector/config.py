"""The collector's settings as one frozen record (built by the CLI or by tests)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from companion_ui.stats.anonymity import Policy
from companion_ui.stats.wire import MAX_REPORT_BYTES


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class CollectorConfig:
    """Where the collector listens and stores, which token laptops send, and the anonymity policy."""

    db_path: str
    enrolment_tokens: tuple[str, ...]
    host: str = "127.0.0.1"
    port: int = 8770
    policy: Policy = field(default_factory=Policy)
    max_body_bytes: int = MAX_REPORT_BYTES
    secure_cookies: bool = False
    ruleset: str | None = None
    login_attempts: int = 5
    login_window_seconds: int = 300
    session_hours: int = 8
    threads: int = 4
    clock: Callable[[], datetime] = utc_now

    def __post_init__(self) -> None:
        if not self.enrolment_tokens or any(len(t) < 16 for t in self.enrolment_tokens):
            raise ValueError("the collector needs an enrolment token of at least 16 characters")
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port must be 0..65535, got {self.port}")
