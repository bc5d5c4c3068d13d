"""Redacted previews: enough to recognise what was found, never the full value."""

from __future__ import annotations


def mask_digits(value: str, keep_last: int = 2) -> str:
    """`value` with every digit but the last `keep_last` replaced by `*`; separators stay."""
    total = sum(ch.isdigit() for ch in value)
    seen = 0
    out = []
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - keep_last else "*")
        else:
            out.append(ch)
    return "".join(out)


def mask_word(word: str, keep: int = 1) -> str:
    """The first `keep` characters of `word` followed by `***`."""
    return word[:keep] + "***"


def token_preview(token: str, keep: int = 4) -> str:
    """A secret token shown as its first few characters and an ellipsis."""
    keep = min(keep, max(len(token) // 4, 1))
    return token[:keep] + "…"
