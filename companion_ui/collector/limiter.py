"""Login rate limit in memory: at most N failures per (user name, address) in a sliding window.

The key is a salted hash, so not even the process memory holds a readable list of addresses.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque


class LoginLimiter:
    """Counts failed logins per (name, address) and says when to refuse further attempts."""

    def __init__(self, attempts: int = 5, window_seconds: float = 300.0) -> None:
        self.attempts = attempts
        self.window = window_seconds
        self._salt = secrets.token_bytes(16)
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def key(self, name: str, address: str) -> str:
        """The salted hash that identifies one (name, address) pair."""
        raw = f"{name.strip().lower()}\0{address}".encode()
        return hashlib.sha256(self._salt + raw).hexdigest()

    def _recent(self, key: str, now: float) -> deque[float]:
        entries = self._failures.setdefault(key, deque())
        while entries and entries[0] <= now - self.window:
            entries.popleft()
        return entries

    def blocked(self, key: str, now: float | None = None) -> bool:
        """True while the pair has used up its attempts in the window."""
        with self._lock:
            return len(self._recent(key, now if now is not None else time.monotonic())) >= self.attempts

    def fail(self, key: str, now: float | None = None) -> None:
        """Remember a failed attempt."""
        with self._lock:
            self._recent(key, now if now is not None else time.monotonic()).append(
                now if now is not None else time.monotonic()
            )
            if len(self._failures) > 100_000:
                # Bound memory under a spray of names: forget pairs without recent failures.
                for stale in [k for k, v in self._failures.items() if not v]:
                    del self._failures[stale]

    def reset(self, key: str) -> None:
        """Forget the failures after a successful login."""
        with self._lock:
            self._failures.pop(key, None)
