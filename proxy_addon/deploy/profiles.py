"""macOS configuration profiles (.mobileconfig): an XML property list holding one or more payloads.

UUIDs are derived from the payload identifiers (uuid5), so the same inputs give the same file and a
re-deployed profile replaces the earlier one instead of installing next to it.
"""

from __future__ import annotations

import plistlib
import uuid
from collections.abc import Mapping, Sequence

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "bedenktijd.eu")
PREFIX = "eu.bedenktijd"


def stable_uuid(identifier: str) -> str:
    """An upper-case UUID derived from `identifier` (same input, same UUID)."""
    return str(uuid.uuid5(NAMESPACE, identifier)).upper()


def payload(payload_type: str, identifier: str, display_name: str, content: Mapping[str, object]) -> dict:
    """One payload dictionary: the settings plus the keys every payload needs."""
    return {
        "PayloadType": payload_type,
        "PayloadIdentifier": identifier,
        "PayloadUUID": stable_uuid(identifier),
        "PayloadVersion": 1,
        "PayloadEnabled": True,
        "PayloadDisplayName": display_name,
        **content,
    }


def profile(
    identifier: str,
    display_name: str,
    description: str,
    organisation: str,
    payloads: Sequence[Mapping[str, object]],
) -> bytes:
    """A complete .mobileconfig (unsigned XML plist) for the computer scope."""
    document = {
        "PayloadType": "Configuration",
        "PayloadVersion": 1,
        "PayloadIdentifier": identifier,
        "PayloadUUID": stable_uuid(identifier),
        "PayloadDisplayName": display_name,
        "PayloadDescription": description,
        "PayloadOrganization": organisation,
        "PayloadScope": "System",
        "PayloadRemovalDisallowed": False,
        "PayloadContent": list(payloads),
    }
    return plistlib.dumps(document, fmt=plistlib.FMT_XML, sort_keys=True)
