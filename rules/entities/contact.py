"""E-mail addresses and Dutch/Belgian phone numbers, weighed by how private they look."""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from rules.entities import context_words
from rules.entities.model import MAX_CANDIDATES, DetectorContext, EntityMatch, clamp, domain_covers
from rules.entities.nearby import near, near_before
from rules.entities.previews import mask_word

# --- e-mail ------------------------------------------------------------------------------------------

EMAIL_PERSONAL = 0.7
EMAIL_UNKNOWN = 0.5
EMAIL_ROLE = 0.3
EMAIL_ORG_PERSON = 0.4
EMAIL_ORG_ROLE = 0.2
EMAIL_PRIVATE_BONUS = 0.2

# The lookbehind keeps the scan linear: a local part can only start where the previous one cannot go on.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")
_TLD = re.compile(r"[A-Za-z]{2,24}")
_NAME_DOT_NAME = re.compile(r"[a-z]+[._-](?:[a-z]{1,4}[._-])?[a-z]{2,}[0-9]{0,4}", re.IGNORECASE)


def _split_domain(raw: str) -> str | None:
    """The domain part without trailing dots or hyphens, if it ends in an alphabetic top-level domain."""
    domain = raw.rstrip(".-")
    labels = domain.split(".")
    if len(labels) < 2 or not all(labels) or not _TLD.fullmatch(labels[-1]):
        return None
    return domain


def _email_confidence(local: str, domain: str, context: DetectorContext) -> float:
    """How private an address looks: personal providers and name.surname high, shared mailboxes low."""
    base = re.split(r"[._+-]", local.lower(), maxsplit=1)[0]
    role = local.lower() in context_words.ROLE_MAILBOXES or base in context_words.ROLE_MAILBOXES
    if domain_covers(domain, context.org_domains):
        return EMAIL_ORG_ROLE if role else EMAIL_ORG_PERSON
    if role:
        return EMAIL_ROLE
    if domain_covers(domain, context_words.PERSONAL_MAIL_PROVIDERS) or _NAME_DOT_NAME.fullmatch(local):
        return EMAIL_PERSONAL
    return EMAIL_UNKNOWN


def detect_email(text: str, context: DetectorContext) -> list[EntityMatch]:
    """E-mail addresses; personal-looking ones high, shared mailboxes and the org's own domain low."""
    found = []
    for count, match in enumerate(_EMAIL.finditer(text)):
        if count >= MAX_CANDIDATES:
            break
        local, _, raw_domain = match.group().partition("@")
        local = local.strip(".")
        domain = _split_domain(raw_domain)
        if not local or domain is None:
            continue
        start = match.start() + match.group().index(local)
        end = match.start() + len(match.group().partition("@")[0]) + 1 + len(domain)
        confidence = _email_confidence(local, domain, context)
        if confidence >= EMAIL_UNKNOWN and near_before(text, start, context_words.EMAIL_PRIVATE, before=60):
            confidence += EMAIL_PRIVATE_BONUS
        found.append(EntityMatch("email", start, end, clamp(confidence), f"{mask_word(local)}@{domain}"))
    return found


# --- phone -------------------------------------------------------------------------------------------

PHONE_MOBILE = 0.8
PHONE_LANDLINE = 0.5
PHONE_OTHER = 0.4
PHONE_SERVICE = 0.1
PHONE_PRIVATE_BONUS = 0.2
PHONE_SERVICE_CONTEXT_MAX = 0.3

# An optional country prefix (+31, 0032, with an optional "(0)") or a bracketed area code, then digit
# groups joined by one separator each. No nested ambiguity: linear.
_PHONE = re.compile(
    r"(?<![0-9A-Za-z])"
    r"(?:(?:\+|00)[0-9]{2,3}[ .\-]?(?:\(0\)[ .\-]?)?|\(0[0-9]{1,3}\)[ .\-]?)?"
    r"[0-9]+(?:(?: ?[.\-/] ?| )[0-9]+)*"
)
# The digits of an IBAN written in groups ("NL30 RABO 0199 5305 52") are not a phone number.
_IBAN_BEFORE = re.compile(r"[A-Za-z]{2}[0-9]{2} ?[A-Za-z0-9]{4} ?\Z")
_CHUNK = re.compile(r"\S+")
_MAX_CHUNKS = 32
_TIME_RANGE = re.compile(r"[0-9]{1,2}[.:][0-9]{2} ?- ?[0-9]{1,2}[.:][0-9]{2}")
# Municipal (14 0xx), toll-free/premium (0800, 090x) and similar numbers are published on purpose.
_SERVICE_TYPES = {
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.UAN,
    PhoneNumberType.VOICEMAIL,
}
_MUNICIPAL = re.compile(r"14 ?0[0-9]{2,3}")
_TYPE_CONFIDENCE = {
    PhoneNumberType.MOBILE: PHONE_MOBILE,
    PhoneNumberType.FIXED_LINE: PHONE_LANDLINE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE: PHONE_LANDLINE,
}


def _parse_confidence(candidate: str, region: str | None) -> float | None:
    """Base confidence of a number parsed in `region`, or None when it is not a valid number."""
    try:
        number = phonenumbers.parse(candidate, region)
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    kind = phonenumbers.number_type(number)
    if kind in _SERVICE_TYPES:
        return PHONE_SERVICE
    return _TYPE_CONFIDENCE.get(kind, PHONE_OTHER)


def _number_confidence(raw: str) -> float | None:
    """Confidence that `raw` is a person's phone number (national NL/BE forms or international)."""
    if _MUNICIPAL.fullmatch(raw):
        return PHONE_SERVICE
    raw = raw.replace("(0)", "")  # "+31 (0)6 ...": the trunk zero is not dialled after a country code
    digits = "".join(ch for ch in raw if ch.isdigit())
    if raw.startswith("+"):
        return _parse_confidence(raw, None)
    if digits.startswith("00"):
        return _parse_confidence("+" + digits[2:], None)
    # National numbers start with the trunk prefix 0; bare digit runs are order numbers, BSNs, amounts.
    if not digits.startswith("0") or not 8 <= len(digits) <= 11:
        return None
    dutch = _parse_confidence(raw, "NL")
    # Some numbers are valid in both countries (0475 is Roermond and a Belgian mobile): assume the riskier.
    if dutch is not None and (dutch >= PHONE_MOBILE or not digits.startswith("04")):
        return dutch
    belgian = _parse_confidence(raw, "BE")
    scores = [s for s in (dutch, belgian) if s is not None]
    return max(scores) if scores else None


def _numbers_in(text: str, start: int, end: int) -> list[tuple[int, int, float]]:
    """(start, end, base confidence) of the numbers in one run; a run that is no number as a whole may
    hold several written one after another ("06 12345678 06 87654321")."""
    raw = text[start:end]
    base = _number_confidence(raw)
    if base is not None:
        return [(start, end, base)]
    if " " not in raw:
        return []
    # A post never writes more than a few numbers in one run; longer runs are tables or noise.
    chunks = [(m.start() + start, m.end() + start) for m in _CHUNK.finditer(raw, 0, 400)][:_MAX_CHUNKS]
    found: list[tuple[int, int, float]] = []
    i = 0
    while i < len(chunks) and len(found) < MAX_CANDIDATES:
        for j in range(min(len(chunks), i + 4) - 1, i - 1, -1):  # longest first: 4 chunks ... 1
            base = _number_confidence(text[chunks[i][0] : chunks[j][1]])
            if base is not None:
                found.append((chunks[i][0], chunks[j][1], base))
                i = j
                break
        i += 1
    return found


def detect_phone(text: str, context: DetectorContext) -> list[EntityMatch]:
    """NL/BE (and international) phone numbers: mobiles high, landlines medium, service numbers low."""
    public = {"".join(ch for ch in v if ch.isdigit())[-9:] for v in context.public_numbers}
    found = []
    for count, match in enumerate(_PHONE.finditer(text)):
        if count >= MAX_CANDIDATES:
            break
        raw = match.group()
        if len(raw) < 5 or _TIME_RANGE.fullmatch(raw):
            continue
        if _IBAN_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            continue
        for start, end, base in _numbers_in(text, match.start(), match.end()):
            confidence = base
            if base > PHONE_SERVICE and near(
                text, start, end, context_words.PHONE_PRIVATE, before=50, after=30
            ):
                confidence += PHONE_PRIVATE_BONUS
            elif near(text, start, end, context_words.PHONE_SERVICE, before=50, after=30):
                confidence = min(confidence, PHONE_SERVICE_CONTEXT_MAX)
            if "".join(ch for ch in text[start:end] if ch.isdigit())[-9:] in public:
                confidence = PHONE_SERVICE
            found.append(EntityMatch("phone", start, end, clamp(confidence), _phone_preview(text[start:end])))
    return found


def _phone_preview(raw: str) -> str:
    """The prefix (first 2-3 digits) and the last 4 digits; everything between as stars."""
    digits = [i for i, ch in enumerate(raw) if ch.isdigit()]
    keep_head = 3 if raw.startswith("+") or raw.startswith("00") else 2
    visible = set(digits[:keep_head]) | set(digits[-4:]) if len(digits) > 8 else set(digits[-2:])
    return "".join(ch if (not ch.isdigit() or i in visible) else "*" for i, ch in enumerate(raw))
