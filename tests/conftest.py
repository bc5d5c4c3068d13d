"""Test-wide settings."""

from __future__ import annotations

import os
import tempfile

# Parsed rule packs are cached on disk (rules/pack_cache.py); tests write many throw-away packs, so
# their cache lives in a temporary folder rather than the user's cache directory. Subprocesses
# (mitmdump, the companion) inherit it.
os.environ.setdefault("BEDENKTIJD_CACHE_DIR", tempfile.mkdtemp(prefix="bedenktijd-test-cache-"))
