"""Secrets inside addresses and configuration: chat webhooks (Slack, Discord, Teams), connection strings
and URLs carrying a password, Azure storage keys, and HTTP authorization headers.

A webhook URL is itself the credential: whoever has it can post into the channel."""

from __future__ import annotations

import base64
import binascii
import itertools
import re

from rules.entities.model import MAX_CANDIDATES, EntityMatch, clamp

KNOWN_FORMAT = 0.95
WITH_PASSWORD = 0.9

_TAIL = r"(?![A-Za-z0-9_\-])"
# (hint, pattern, preview): a webhook is recognised by its host and path shape; the preview keeps the host.
_WEBHOOKS = (
    (
        "hooks.slack.com",
        re.compile(
            r"(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,}/[A-Za-z0-9/_\-]{8,}"
            + _TAIL
        ),
        "hooks.slack.com/… (Slack webhook)",
    ),
    (
        "discord",
        re.compile(
            r"(?:https?://)?(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/(?:v[0-9]+/)?webhooks/[0-9]{15,22}/"
            r"[A-Za-z0-9_\-]{30,}" + _TAIL
        ),
        "discord.com/api/webhooks/… (Discord webhook)",
    ),
    (
        "office.com",
        re.compile(
            r"(?:https?://)?(?:[A-Za-z0-9\-]+\.webhook\.office\.com/webhookb2|outlook\.office(?:365)?\.com/webhook)"
            r"/[A-Za-z0-9@/_\-]{20,}" + _TAIL
        ),
        "webhook.office.com/… (Teams webhook)",
    ),
)
# scheme://user:password@host: the password is whatever sits between the colon and the "@".
_URL_CREDENTIALS = re.compile(
    r"(?<![A-Za-z0-9+.\-])(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]{1,20})://(?P<user>[^\s:/@]{1,64}):"
    r"(?P<password>[^\s/@]{1,128})@(?P<host>[A-Za-z0-9\-\[\]]+(?:\.[A-Za-z0-9\-]+)*)"
)
_DATABASE_SCHEMES = frozenset(
    "postgres postgresql mysql mariadb mongodb mongodb+srv redis rediss amqp amqps mssql sqlserver "
    "oracle jdbc:postgresql jdbc:mysql jdbc:sqlserver cockroachdb clickhouse neo4j couchdb".split()
)
# ADO.NET / ODBC: "Server=...;User Id=...;Password=...;". The password key only counts inside such a string.
_ADO_PASSWORD = re.compile(
    r"(?<![A-Za-z0-9])(?P<key>password|pwd)\s*=\s*(?P<value>\"[^\"\n]{1,128}\"|'[^'\n]{1,128}'|[^;\s\"']{1,128})",
    re.IGNORECASE,
)
_ADO_CONTEXT = re.compile(
    r"(?:server|data source|host|address|user id|userid|uid|user|username|initial catalog|database|dsn|driver)"
    r"\s*=\s*[^;\n]*;",
    re.IGNORECASE,
)
_AZURE_KEY = re.compile(
    r"(?<![A-Za-z0-9])(?P<key>AccountKey|SharedAccessKey)\s*=\s*[A-Za-z0-9+/]{20,}={0,2}", re.IGNORECASE
)
_AUTH_HEADER = re.compile(
    r"(?<![A-Za-z0-9])(?:(?P<header>(?:Proxy-)?Authorization)\s*[:=]\s*[\"']?)?"
    r"(?P<scheme>Basic|Bearer|Token|Digest)\s+(?P<value>[A-Za-z0-9._~+/\-]{8,}=*)",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(
    r"<.*>|\$\{.*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{?.*\}\}?|\[.*\]|%s|%\(.*\)s|[*x.•_\-]+|"
    r"(?:your|my|the)?[_\-]?(?:pass(?:word)?|pwd|secret|token|wachtwoord|changeme|example|placeholder|"
    r"redacted|hidden)[_\-]?(?:here|hier)?",
    re.IGNORECASE,
)


def _placeholder(value: str) -> bool:
    """Documentation stand-ins ("<password>", "${DB_PASS}", "****", "your_token_here") are no secret."""
    return _PLACEHOLDER.fullmatch(value.strip("\"'")) is not None


def _match(start: int, end: int, confidence: float, preview: str) -> EntityMatch:
    return EntityMatch("credential", start, end, clamp(confidence), preview)


def _webhooks(text: str) -> list[EntityMatch]:
    found = []
    for hint, pattern, preview in _WEBHOOKS:
        if hint in text:
            found += [
                _match(*m.span(), KNOWN_FORMAT, preview)
                for m in itertools.islice(pattern.finditer(text), MAX_CANDIDATES)
            ]
    return found


def _url_credentials(text: str) -> list[EntityMatch]:
    found = []
    for m in itertools.islice(_URL_CREDENTIALS.finditer(text), MAX_CANDIDATES):
        if _placeholder(m.group("password")):
            continue
        scheme = m.group("scheme").lower()
        confidence = KNOWN_FORMAT if scheme in _DATABASE_SCHEMES else WITH_PASSWORD
        found.append(_match(m.start(), m.end("password"), confidence, f"{scheme}://***:********@…"))
    return found


def _ado_passwords(text: str) -> list[EntityMatch]:
    found = []
    for m in itertools.islice(_ADO_PASSWORD.finditer(text), MAX_CANDIDATES):
        line_start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 300)
        line_end = text.find("\n", m.end())
        line_end = min(len(text) if line_end < 0 else line_end, m.end() + 300)
        in_string = _ADO_CONTEXT.search(text, line_start, m.start()) or _ADO_CONTEXT.search(
            text, m.end(), line_end
        )
        if in_string and not _placeholder(m.group("value")):
            found.append(_match(m.start(), m.end(), WITH_PASSWORD, f"{m.group('key')}=********"))
    return found


def _basic_credentials(value: str) -> bool:
    """True when `value` is base64 of "user:password", what a Basic authorization header carries."""
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    user, colon, password = decoded.partition(":")
    return bool(colon and user and password and decoded.isprintable())


def _auth_headers(text: str) -> list[EntityMatch]:
    found = []
    for m in itertools.islice(_AUTH_HEADER.finditer(text), MAX_CANDIDATES):
        scheme, value = m.group("scheme").capitalize(), m.group("value")
        if _placeholder(value):
            continue
        header = m.group("header") is not None
        basic = scheme == "Basic" and _basic_credentials(value)
        # Without the header name, "basic" and "token" are ordinary words; only the value's shape counts.
        if header or basic or (scheme == "Bearer" and m.group("scheme") == "Bearer" and len(value) >= 16):
            found.append(_match(m.start(), m.end(), WITH_PASSWORD, f"Authorization: {scheme} ********"))
    return found


def detect_connection_secrets(text: str) -> list[EntityMatch]:
    """Webhook URLs, passwords in URLs and connection strings, storage keys and authorization headers."""
    found = _webhooks(text)
    if "://" in text:
        found += _url_credentials(text)
    lowered = text.lower()
    if "pwd" in lowered or "password" in lowered:
        found += _ado_passwords(text)
    if "key" in lowered:
        found += [
            _match(*m.span(), KNOWN_FORMAT, f"{m.group('key')}=********")
            for m in itertools.islice(_AZURE_KEY.finditer(text), MAX_CANDIDATES)
        ]
    if any(word in lowered for word in ("basic", "bearer", "authorization", "token", "digest")):
        found += _auth_headers(text)
    return found
