"""Entity detectors: personal numbers, bank details, contact details, addresses, dates of birth,
credentials and internal hosts, each with a confidence and a redacted preview.

`detect(name, text, context)` runs one detector on the NFKC view of a post. Detectors never raise on
any text, run in linear time, and never put a full number or secret in a preview.
"""

from __future__ import annotations

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


def detect(name: str, text: str, context: DetectorContext = EMPTY_CONTEXT) -> list[EntityMatch]:
    """The entities detector `name` finds in `text`; raises KeyError naming the known detectors."""
    detector = DETECTORS.get(name)
    if detector is None:
        raise KeyError(f"unknown entity detector {name!r} (known: {', '.join(sorted(DETECTORS))})")
    return detector(text, context)


__all__ = ["DETECTORS", "EMPTY_CONTEXT", "Detector", "DetectorContext", "EntityMatch", "detect"]
