"""The companion's shared state: config, store, rule pack, bound port, and small in-memory caches."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime

from companion_ui.rulesets import RulesetProvider
from companion_ui.settings import CompanionConfig
from companion_ui.store import Store
from companion_ui.store import settings as stored

EXTENSION_SEEN_EVERY = 30.0  # seconds; one write per half minute at most, not one per API call
PURGE_EVERY = 3600.0


@dataclass(frozen=True)
class CheckSummary:
    """What /check found for a fingerprint, kept in memory so /acknowledge can record it (no text)."""

    rule_ids: tuple[str, ...]
    categories: tuple[str, ...]
    severities: tuple[str, ...]
    previews: tuple[str, ...]
    ruleset_version: str


class RecentChecks:
    """A small bounded map fingerprint -> CheckSummary, newest last."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[str, CheckSummary] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, fingerprint: str, summary: CheckSummary) -> None:
        """Remember the summary of the latest check of this fingerprint."""
        with self._lock:
            self._items[fingerprint] = summary
            self._items.move_to_end(fingerprint)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, fingerprint: str) -> CheckSummary | None:
        """The summary for this fingerprint, if it was checked recently."""
        with self._lock:
            return self._items.get(fingerprint)


class Runtime:
    """Everything the blueprints share; one per app."""

    def __init__(self, config: CompanionConfig, store: Store, ruleset_provider: RulesetProvider) -> None:
        self.config = config
        self.store = store
        self.ruleset_provider = ruleset_provider
        self.port: int | None = config.port or None
        self.stopping = threading.Event()
        self.recent_checks = RecentChecks()
        self.secret = store.secret()
        self.managed_token = bool(config.api_token)
        self.token = config.api_token or store.api_token()
        self._extension_seen = 0.0
        self._purged = 0.0
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        """The companion's own address, e.g. http://127.0.0.1:8765."""
        return f"http://127.0.0.1:{self.port or 0}"

    def allowed_hosts(self) -> frozenset[str]:
        """Host header values that name this server (anything else may be DNS rebinding)."""
        port = self.port
        if port is None:
            return frozenset()
        return frozenset({f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"})

    def own_origins(self) -> frozenset[str]:
        """Origins of the companion's own pages."""
        return frozenset(f"http://{host}" for host in self.allowed_hosts())

    def extension_seen(self) -> None:
        """Note an API call from the extension, writing to the store at most every 30 s."""
        now = time.monotonic()
        with self._lock:
            if now - self._extension_seen < EXTENSION_SEEN_EVERY:
                return
            self._extension_seen = now
        self.store.record_extension_seen()

    def retention_days(self) -> int:
        """The employee's chosen retention, else the configured one."""
        value = self.store.get_setting(stored.RETENTION_DAYS)
        return int(value) if value and value.isdigit() and int(value) > 0 else self.config.retention_days

    def purge_if_due(self, force: bool = False) -> int:
        """Delete old history at most once an hour (and at start); returns events deleted."""
        now = time.monotonic()
        with self._lock:
            if not force and self._purged and now - self._purged < PURGE_EVERY:
                return 0
            self._purged = now
        return self.store.purge(self.retention_days(), datetime.now(UTC))
