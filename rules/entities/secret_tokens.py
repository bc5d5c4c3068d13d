"""Secrets recognisable by their shape: vendor token formats, JWTs, private keys, `key=value` pairs, and
bare high-entropy strings."""

from __future__ import annotations

import base64
import binascii
import bisect
import itertools
import json
import math
import re
from collections import Counter

from rules.entities.model import MAX_CANDIDATES, EntityMatch, clamp
from rules.entities.previews import token_preview

KNOWN_FORMAT = 0.95
KEY_VALUE = 0.85
VENDOR_LIKE = 0.85
HIGH_ENTROPY = 0.6

_B = r"(?<![A-Za-z0-9_\-])"  # token start: not inside a longer word
_E = r"(?![A-Za-z0-9_\-])"
# (literal hints, pattern): the pattern only runs when one of its hints occurs, which keeps the common
# case (no token at all) to a few substring tests.
_FORMATS = (
    (
        ("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"),
        re.compile(rf"{_B}(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{{16}}{_E}"),
    ),
    (
        ("gh", "github_pat_"),
        re.compile(rf"{_B}(?:gh[pousr]_[A-Za-z0-9]{{30,}}|github_pat_[A-Za-z0-9_]{{22,}}){_E}"),
    ),
    (("glpat-",), re.compile(rf"{_B}glpat-[A-Za-z0-9_\-]{{20,}}{_E}")),
    (("xox",), re.compile(rf"{_B}xox[baprse]-[A-Za-z0-9\-]{{10,}}{_E}")),
    (("AIza",), re.compile(rf"{_B}AIza[0-9A-Za-z_\-]{{35}}{_E}")),
    (("sk_", "rk_"), re.compile(rf"{_B}(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{{16,}}{_E}")),
    (("sk-",), re.compile(rf"{_B}sk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_\-]{{20,}}{_E}")),
    (("SG.",), re.compile(rf"{_B}SG\.[A-Za-z0-9_\-]{{16,}}\.[A-Za-z0-9_\-]{{16,}}{_E}")),
    (("npm_",), re.compile(rf"{_B}npm_[A-Za-z0-9]{{36}}{_E}")),
    (("sig=",), re.compile(r"(?<![A-Za-z0-9])sig=[A-Za-z0-9%/+]{30,}={0,2}")),
)
# "hvs_live_4f9Q...": a short vendor prefix, an environment word, then a long random part.
_VENDOR_LIKE = re.compile(
    rf"{_B}[A-Za-z]{{2,12}}_(?:live|prod|production|test|secret|sk|pk|key|token|api|pat)_[A-Za-z0-9]{{16,}}{_E}"
)
_JWT = re.compile(rf"{_B}eyJ[A-Za-z0-9_\-]{{8,}}\.[A-Za-z0-9_\-]{{4,}}\.[A-Za-z0-9_\-]*")
_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----")
_MAX_KEY_BLOCK = 20_000  # an RSA-4096 key in PEM is about 3,300 characters
_PRIVATE_KEY_END = re.compile(r"-----END (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----")
_KEY_VALUE = re.compile(
    r"(?<![A-Za-z0-9])(?P<key>api[_\-]?key|apikey|api[_\-]?secret|access[_\-]?key(?:[_\-]?id)?|"
    r"secret[_\-]?access[_\-]?key|access[_\-]?token|auth[_\-]?token|refresh[_\-]?token|client[_\-]?secret|"
    r"secret[_\-]?key|private[_\-]?key|account[_\-]?key|shared[_\-]?access[_\-]?key|token|secret|password|"
    r"passwd|pwd)[\"']?\s*[=:]\s*[\"']?(?P<value>[A-Za-z0-9_\-./+=~!@#$%^&*]{8,200})",
    re.IGNORECASE,
)
_KEY_VALUE_HINTS = ("key", "token", "secret", "passw", "pwd")
_BEARER = re.compile(r"(?<![A-Za-z0-9])Bearer\s+(?P<value>[A-Za-z0-9._~+/\-]{20,}=*)")
# Bare tokens: 20+ characters of the alphabets secrets use; dots excluded so host names stay out.
_BARE = re.compile(r"[A-Za-z0-9+/_\-=]{20,}")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_LONG_LOWER_RUN = re.compile(r"[a-z]{8,}")
_HEX = re.compile(r"[0-9a-fA-F]+")


def shannon_entropy(value: str) -> float:
    """Bits of entropy per character of `value`."""
    if not value:
        return 0.0
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def looks_random(value: str, min_length: int = 20, min_entropy: float = 3.5) -> bool:
    """True for strings that look machine-generated: long, high entropy, mixed character classes, no words."""
    if len(value) < min_length or shannon_entropy(value) < min_entropy:
        return False
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() for c in value),
        )
    )
    # Hex digests (commit ids, checksums) are posted openly; long lowercase runs are words.
    return classes >= 3 and not _HEX.fullmatch(value) and not _LONG_LOWER_RUN.search(value)


def _jwt_header_ok(token: str) -> bool:
    """True when the first segment decodes to a JSON object with a JWT header field."""
    head = token.split(".", 1)[0]
    try:
        decoded = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        return False
    return isinstance(decoded, dict) and bool({"alg", "typ", "kid", "enc"} & set(decoded))


def _match(start: int, end: int, confidence: float, preview: str) -> EntityMatch:
    """A credential match."""
    return EntityMatch("credential", start, end, clamp(confidence), preview)


def detect_tokens(text: str) -> list[EntityMatch]:
    """Secrets found by shape alone (formats, JWTs, key blocks, key=value, high-entropy strings)."""
    found: list[EntityMatch] = []
    for hints, pattern in _FORMATS:
        if any(hint in text for hint in hints):
            found += [
                _match(*m.span(), KNOWN_FORMAT, token_preview(m.group())) for m in pattern.finditer(text)
            ]
    if "_" in text:
        found += [
            _match(*m.span(), VENDOR_LIKE, token_preview(m.group())) for m in _VENDOR_LIKE.finditer(text)
        ]
    if "eyJ" in text:
        found += [
            _match(*m.span(), KNOWN_FORMAT, token_preview(m.group()))
            for m in _JWT.finditer(text)
            if _jwt_header_ok(m.group())
        ]
    if "PRIVATE KEY" in text:
        found += _private_keys(text)
    lowered = text.lower()
    if any(hint in lowered for hint in _KEY_VALUE_HINTS):
        found += _key_values(text)
    if "Bearer" in text:
        found += [_match(m.start(), m.end(), KEY_VALUE, "Bearer ********") for m in _BEARER.finditer(text)]
    return [m for m in found + _bare_tokens(text) if not _documented_dummy(text[m.start : m.end])]


# Values that vendors' documentation and tutorials print as stand-ins ("AKIAIOSFODNN7EXAMPLE" in the AWS docs,
# "sk_test_xxxxxxxx"): found by shape, but they open nothing.
_DUMMY_MARKERS = ("EXAMPLE", "DUMMY", "PLACEHOLDER", "XXXXXX", "YOUR_", "YOUR-")


def _documented_dummy(token: str) -> bool:
    """Whether a token is a documented stand-in rather than a real secret."""
    upper = token.upper()
    return any(marker in upper for marker in _DUMMY_MARKERS)


def _private_keys(text: str) -> list[EntityMatch]:
    """PEM private key blocks, from BEGIN to the matching END (or just the BEGIN line when cut off)."""
    ends = [m.end() for m in _PRIVATE_KEY_END.finditer(text)]
    found = []
    for begin in itertools.islice(_PRIVATE_KEY.finditer(text), MAX_CANDIDATES):
        index = bisect.bisect_left(ends, begin.end())
        stop = (
            ends[index] if index < len(ends) and ends[index] - begin.end() <= _MAX_KEY_BLOCK else begin.end()
        )
        found.append(_match(begin.start(), stop, KNOWN_FORMAT, "PRIVATE KEY ****"))
    return found


def _key_values(text: str) -> list[EntityMatch]:
    """`api_key=...`, `token: ...`, `password=...` with a value that looks generated."""
    found = []
    for count, m in enumerate(_KEY_VALUE.finditer(text)):
        if count >= MAX_CANDIDATES:
            break
        value = m.group("value").rstrip(".,;:!?)\"'")
        if looks_random(value, min_length=8, min_entropy=2.5) or _mixed_secret(value):
            preview = f"{m.group('key').lower()}=********"
            found.append(_match(m.start(), m.start("value") + len(value), KEY_VALUE, preview))
    return found


def _mixed_secret(value: str) -> bool:
    """Letters together with digits or symbols: what a password or key value looks like."""
    has_letter = any(c.isalpha() for c in value)
    return has_letter and (any(c.isdigit() for c in value) or any(not c.isalnum() for c in value))


def _bare_tokens(text: str) -> list[EntityMatch]:
    """High-entropy strings outside URLs, hashtags, mentions and e-mail addresses."""
    urls: list[tuple[int, int]] | None = None
    found = []
    for count, m in enumerate(_BARE.finditer(text)):
        if count >= MAX_CANDIDATES:
            break
        before = text[m.start() - 1 : m.start()]
        after = text[m.end() : m.end() + 2]
        # Hashtags, mentions, paths, e-mail local parts and host labels are not secrets.
        if (
            (before and before in "#@./\\")
            or after.startswith("@")
            or (after[:1] == "." and after[1:].isalnum())
        ):
            continue
        if not looks_random(m.group()):
            continue
        if urls is None:
            urls = [u.span() for u in _URL.finditer(text)]
        if any(s <= m.start() < e for s, e in urls):
            continue
        found.append(_match(m.start(), m.end(), HIGH_ENTROPY, token_preview(m.group())))
    return found
