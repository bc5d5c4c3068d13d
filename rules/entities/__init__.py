"""Entity detectors: personal numbers, bank details, contact details, addresses, dates of birth,
credentials and internal hosts, each with a confidence and a redacted preview.

`detect(name, text, context)` runs one detector on the NFKC view of a post. Detectors never raise on
any text, run in linear time, and never put a full number or secret in a preview.
"""

from __future__ import annotations

import re

from rules.entities.addresses import detect_address
from rules.entities.banking import detect_card, detect_iban
from rules.entities.birth_dates import detect_date_of_birth
from rules.entities.contact import detect_email, detect_phone
from rules.entities.credentials import detect_credential
from rules.entities.internal_hosts import detect_internal_host
from rules.entities.model import EMPTY_CONTEXT, Detector, DetectorContext, EntityMatch
from rules.entities.national_ids import detect_bsn, detect_rrn

DETECTORS: dict[str, Detector] = {
    "bsn": detect_bsn,
    "rrn": detect_rrn,
    "iban": detect_iban,
    "card": detect_card,
    "email": detect_email,
    "phone": detect_phone,
    "address": detect_address,
    "date_of_birth": detect_date_of_birth,
    "credential": detect_credential,
    "internal_host": detect_internal_host,
}


# What every match of a detector holds, so a text without it skips the detector at once: most posts have
# no digit, no "@" and no dot inside a host name.
# - An ASCII digit: the candidates of these come only from patterns with a required `[0-9]`/`[1-9]`
#   (digit runs, the IBAN check digits, phone digit groups, house numbers and postcodes, a date's day).
# - "@" for e-mail (`_EMAIL` in contact.py); a dot before an ASCII letter or digit for internal hosts
#   (`_HOST` and `_IPV4` in internal_hosts.py both need one).
# tests/rules/test_entity_guards.py checks the detectors find nothing in texts without them.
_DIGIT = re.compile(r"[0-9]")
NEEDS: dict[str, re.Pattern[str]] = {
    **dict.fromkeys(("bsn", "rrn", "iban", "card", "phone", "address", "date_of_birth"), _DIGIT),
    "email": re.compile("@"),
    "internal_host": re.compile(r"\.[A-Za-z0-9]"),
}


def detect(name: str, text: str, context: DetectorContext = EMPTY_CONTEXT) -> list[EntityMatch]:
    """The entities detector `name` finds in `text`; raises KeyError naming the known detectors."""
    detector = DETECTORS.get(name)
    if detector is None:
        raise KeyError(f"unknown entity detector {name!r} (known: {', '.join(sorted(DETECTORS))})")
    needed = NEEDS.get(name)
    if needed is not None and needed.search(text) is None:
        return []  # what the detector returns for such a text, without running its patterns
    return detector(text, context)


__all__ = [
    "DETECTORS",
    "EMPTY_CONTEXT",
    "NEEDS",
    "Detector",
    "DetectorContext",
    "EntityMatch",
    "detect",
]
