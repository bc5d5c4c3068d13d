"""Credentials: a password or code after its label ("wachtwoord: ...", "de deurcode is 4471#",
"login admin / Welkom01"), plus secrets recognisable by their shape (see `secret_tokens`), secrets in
URLs and configuration (see `connection_secrets`) and codes next to a keypad action (see `keypad_codes`).

Talking about passwords is not sharing one: the value after a label must look like a secret, not like
advice ("wachtwoord: gebruik een sterk wachtwoord", "mijn wachtwoord vergeten", "password manager").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from rules.entities import context_words
from rules.entities.connection_secrets import detect_connection_secrets
from rules.entities.credential_labels import Label, find_labels
from rules.entities.keypad_codes import detect_keypad_codes
from rules.entities.model import MAX_CANDIDATES, DetectorContext, EntityMatch, clamp, without_overlaps
from rules.entities.secret_tokens import detect_tokens

LABELLED = 0.9
LABELLED_PLAIN_WORD = 0.7
LABELLED_CAPITALISED_WORD = 0.6
LABEL_THEN_VALUE = 0.85
LOGIN_PAIR = 0.85
BARE_CODE = 0.6

# Labels that are everyday words ("token", "ww" = the Dutch unemployment benefit) need a colon, "=" or
# "is" before their value; a bare "code" only takes a PIN-like number; the rest may precede the value.
_NEEDS_CONNECTOR = frozenset({"code", "ww", "token"})
_FILLERS = (
    r"nog steeds|nog altijd|nog|steeds|altijd|gewoon|nu|now|still|again|weer|simply|just|toch|echt|dus|al|"
    r"voortaan|tegenwoordig|vandaag|today|officially|officieel|trouwens|btw"
)
# What may sit between a label and its value: a short stretch within the sentence, then ":", "=", "is",
# "it's", "changed to"... The gap is bounded and lazy, so each label costs a fixed amount of work.
_CONNECTOR = re.compile(
    r"(?P<gap>[^\n.!?;:=]{0,60}?)"
    r"(?:(?P<strong>\s*[:=]\s*)|\s(?:is|was|blijft|luidt|wordt|werd|zijn|are|it's|it’s|it is|"
    r"(?:veranderd|gewijzigd|aangepast|ingesteld|changed|set|reset|updated)\s+(?:naar|in|op|to))\s+)"
    rf"(?:(?:{_FILLERS})\s+){{0,3}}",
    re.IGNORECASE,
)
# "error code: 404", "promo code: ZOMER20", "QR-code": codes that are meant to be shared or are no secret.
_NOT_A_SECRET_CODE = re.compile(
    r"(?:error|fout|status|http|response|exit|return|promo|discount|coupon|voucher|referral|qr|source|bron|"
    r"country|land|zip|area|dress|bar|post|html|css|python|java|cheat|morse|gift|product|artikel|order)[\s-]?\Z",
    re.IGNORECASE,
)
# A value further along the sentence, when the first connector led to none ("het vpn-paswoord is al 2 jaar
# hetzelfde: Str0ppa!Vpn", "het wachtwoord van het root-account in een kanaal gezet (Dk@at_Root#77)"), or in
# the next sentence as "the new one" ("Mijn wachtwoord is verlopen. Het nieuwe wordt gewoon Zomer2025!!").
_LATER = re.compile(r"[^\n.!?;:=(]{0,80}?(?:\s*[:=]\s*|\s\()")
_NEW_ONE = re.compile(
    r"[^\n]{0,120}?\b(?:het|mijn|m'n|the|my)\s+(?:nieuwe|new\s+one)\s+(?:wordt|is|becomes|will\s+be)\s+"
    rf"(?:(?:{_FILLERS})\s+){{0,3}}",
    re.IGNORECASE,
)
_PASSWORD_SYMBOLS = frozenset("!@#%^&*_+~")
_NOT_IN_LATER_VALUES = frozenset("=${}<>/:\\")
_DIRECT = re.compile(r"[ \t]+")
_TOKEN = re.compile(r"[^\s]{1,100}")
# A PIN as typed on a keypad: "4471#", "4 8 2 6", or digit by digit with one separator ("7-3-1-9",
# "7.3.1.9"); grouped forms such as dates ("12-03-2024") stay out.
_CODE_VALUE = re.compile(
    r"[#*]?(?:[0-9](?: ?[0-9]){3,11}|[0-9](?P<sep>[\-.–/·])[0-9](?:(?P=sep)[0-9]){2,10})[#*]?(?![A-Za-z0-9])"
)
_OPENING = "([{\"'«“‘"
_TRAILING = ".,;:)]}\"'»”’"
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
# Stand-ins from documentation and config templates: "****", "<password>", "${DB_PASSWORD}", "$DB_PASS".
_PLACEHOLDER = re.compile(r"[*•x.…_\-]+|<.*>?|\[.*\]|\{.*\}|\$\{.*|\{\{.*|\$[A-Z_][A-Z0-9_]*", re.IGNORECASE)
_LOWER_WORD_NEXT = re.compile(r"[ \t]+[a-zà-ÿ]")
_LOGIN_HINTS = ("log", "user", "gebruiker", "account")
_LOGIN = re.compile(
    r"(?<![\w-])(?:login|log-in|inlog|inloggen met|username|gebruikersnaam|user|account|logs? in with|"
    r"signs? in with|logt in met|log in met|aanmelden met|meld je aan met)(?:\s*[:=]\s*|\s+)"
    r"(?P<user>[^\s/]{2,40})\s*/\s*(?P<pw>[^\s]{4,100})",
    re.IGNORECASE,
)


def _clean(value: str) -> str:
    """A value without trailing punctuation that belongs to the sentence."""
    return value.rstrip(_TRAILING)


def _looks_secret(value: str) -> bool:
    """Letters with digits or symbols, an inner capital, or a run of 4+ digits that is not a year."""
    letters = any(c.isalpha() for c in value)
    digits = any(c.isdigit() for c in value)
    symbols = any(not c.isalnum() for c in value)
    inner_capital = any(c.isupper() for c in value[1:]) and any(c.islower() for c in value)
    if letters:
        return digits or symbols or inner_capital
    return value.isdigit() and len(value) >= 4 and not _YEAR.fullmatch(value)


def _plain_word_ok(value: str, text: str, end: int) -> bool:
    """A single ordinary word after "label:" counts only when no sentence continues after it."""
    return (
        value.isalpha()
        and len(value) >= 4
        and value.lower() not in context_words.NOT_SECRET_VALUES
        and _LOWER_WORD_NEXT.match(text, end) is None
    )


def _value(text: str, start: int, is_code: bool, connector: str) -> tuple[int, float] | None:
    """Where the value starting at `start` ends and how sure we are, or None when it is no secret."""
    sure = LABEL_THEN_VALUE if connector in ("direct", "later") else LABELLED
    if is_code:
        digits = _CODE_VALUE.match(text, start)
        if digits and connector == "bare":  # "op code 9911": only a PIN-like number, never a year
            return None if _YEAR.fullmatch(digits.group()) else (digits.end(), BARE_CODE)
        if digits:
            return digits.end(), sure
        if connector == "bare":
            return None
    while start < len(text) and text[start] in _OPENING:
        start += 1  # "(hvs_live_...)", "'Welkom01'": the value starts inside the brackets or quotes
    token = _TOKEN.match(text, start)
    if token is None:
        return None
    value = _clean(token.group())
    end = start + len(value)
    core = value.rstrip("!?")  # "Wachtwoord kwijt?": sentence punctuation makes no word a secret
    if len(core) < 4 or _PLACEHOLDER.fullmatch(value) or value.lower().startswith(("http", "www.")):
        return None
    if core.lower() in context_words.NOT_SECRET_VALUES:
        return None
    if is_code and not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
        return None  # an alphanumeric code needs both; digit-only codes were handled above
    if connector == "later":
        # further from its label, only a value shaped like a password counts: letters with digits or symbols
        marks = any(c.isdigit() or c in _PASSWORD_SYMBOLS for c in core)
        plain = not any(c in _NOT_IN_LATER_VALUES for c in core)  # no "Password=${DB_PASSWORD}", no path
        shaped = 6 <= len(core) <= 40 and any(c.isalpha() for c in core) and marks and plain
        return (end, sure) if shaped else None
    if _looks_secret(core):
        return end, sure
    if connector == "strong" and _plain_word_ok(core, text, end):
        return end, LABELLED_PLAIN_WORD
    # "Het wachtwoord is Welkom!": a capital mid-sentence marks a name, not an adjective ("is veilig").
    if connector == "medium" and core[:1].isupper() and _plain_word_ok(core, text, end):
        return end, LABELLED_CAPITALISED_WORD
    return None


def _later_starts(text: str, label: Label) -> Iterator[tuple[str, int]]:
    """Where a password further from its label would start; only looked for once the nearer places held none."""
    if label.is_code:
        return
    for pattern in (_LATER, _NEW_ONE):
        found = pattern.match(text, label.end)
        if found:
            yield "later", found.end()


def _labelled(text: str) -> list[EntityMatch]:
    """Values after a password or code label."""
    found: list[EntityMatch] = []
    for label in find_labels(text):
        if label.is_code and _NOT_A_SECRET_CODE.search(text, max(0, label.start - 12), label.start):
            continue
        attempts = []
        joined = _CONNECTOR.match(text, label.end)
        if joined:
            attempts.append(("strong" if joined.group("strong") else "medium", joined.end()))
        direct = _DIRECT.match(text, label.end)
        if direct and label.name == "code":
            attempts.append(("bare", direct.end()))
        elif direct and label.name not in _NEEDS_CONNECTOR:
            attempts.append(("direct", direct.end()))
        for connector, value_start in itertools.chain(attempts, _later_starts(text, label)):
            if label.name == "ww" and connector != "strong":
                continue
            result = _value(text, value_start, label.is_code, connector)
            if result:
                end, confidence = result
                preview = f"{label.name}: " + ("****" if label.is_code else "********")
                found.append(EntityMatch("credential", label.start, end, clamp(confidence), preview))
                break
    return found


def _login_pairs(text: str) -> list[EntityMatch]:
    """ "login admin / Welkom01": an account name and a password separated by a slash."""
    found: list[EntityMatch] = []
    if "/" not in text or not any(hint in text.lower() for hint in _LOGIN_HINTS):
        return found
    for count, match in enumerate(_LOGIN.finditer(text)):
        if count >= MAX_CANDIDATES:
            break
        password = _clean(match.group("pw"))
        if (
            len(password) >= 4
            and _looks_secret(password)
            and password.lower() not in context_words.NOT_SECRET_VALUES
        ):
            end = match.start("pw") + len(password)
            found.append(
                EntityMatch("credential", match.start(), end, clamp(LOGIN_PAIR), "login: *** / ********")
            )
    return found


def detect_credential(text: str, context: DetectorContext) -> list[EntityMatch]:
    """Passwords, PIN and door codes after their label, login pairs, tokens and keys."""
    return without_overlaps(
        _labelled(text)
        + _login_pairs(text)
        + detect_connection_secrets(text)
        + detect_keypad_codes(text)
        + detect_tokens(text)
    )
