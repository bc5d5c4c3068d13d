"""A keyed fingerprint of a post, so an acknowledgement can be linked to a post without keeping its text."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata


def canonical_text(text: str) -> str:
    """NFKC, every run of whitespace collapsed to one space, stripped (as docs/contracts.md says)."""
    # str.split() without arguments splits on every Unicode whitespace run (NBSP is also folded by NFKC).
    return " ".join(unicodedata.normalize("NFKC", text).split())


def fingerprint(secret: bytes, text: str) -> str:
    """HMAC-SHA256 (hex) of the canonical text under the per-install secret."""
    if not secret:
        raise ValueError("fingerprint needs the per-install secret; got an empty key")
    return hmac.new(secret, canonical_text(text).encode("utf-8"), hashlib.sha256).hexdigest()
