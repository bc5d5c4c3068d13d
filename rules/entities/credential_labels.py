"""The words that announce a password or a code ("wachtwoord", "wifi-wachtwoord", "pincode", "door code"),
found with one Aho-Corasick pass over the lower-cased text."""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from rules.entities.model import MAX_CANDIDATES
from rules.entities.nearby import phrases

_WIFI = ("", "wifi", "wifi-", "wifi ", "wi-fi", "wi-fi-", "wi-fi ")
# Dutch compounds name what the password opens ("inlogwachtwoord", "routerwachtwoord", "vpn-wachtwoord");
# English writes them apart ("login password"), which the bare word already covers.
_PASSWORD_PREFIXES = phrases("""
inlog | login | login- | admin | admin- | beheerders | beheer | account | netwerk | mail | e-mail | email |
systeem | gast | root | domein | vpn | vpn- | router | server | laptop | computer | pc- | toegangs | standaard
""")
_PASSWORDS = phrases("""
wachtwoord | wachtwoordzin | paswoord | password | passwd | passphrase | passcode | pwd | pw
""")
_TOKENS = phrases("""
ww | api key | api-key | apikey | api sleutel | api-sleutel | apisleutel | access token |
access-token | toegangstoken | token
""")
_CODE_PREFIXES = phrases("""
pin | deur | alarm | toegangs | sleutelkluis | kluis | cijfer | slot | poort | garage | hek | locker
| beveiligings | verificatie | sms | sms- | inlog | wifi | wifi- | kast | nood
| beheerders | beheer | admin | admin- | master | ontgrendel | ontgrendelings | hangslot | kassa
""")
_CODE_WORDS = phrases("""
door | alarm | access | entry | gate | lock | locker | key | keypad | pin | security | wifi |
verification | admin | master | unlock | override | padlock | till
""")


def _vocabulary() -> dict[str, bool]:
    """Every label spelling, mapped to True for codes (digits expected) and False for passwords."""
    words = {prefix + word: False for prefix in (*_WIFI, *_PASSWORD_PREFIXES) for word in _PASSWORDS}
    words.update({word: False for word in _TOKENS})
    words.update({prefix + "code": True for prefix in _CODE_PREFIXES})
    words.update({word + " code": True for word in _CODE_WORDS})
    words.update({"pin": True, "pin-code": True, "code": True})
    return words


def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
    for word, is_code in _vocabulary().items():
        automaton.add_word(word, (len(word), is_code))
    automaton.make_automaton()
    return automaton


_AUTOMATON = _automaton()
_HINTS = (
    "wacht",
    "pasw",
    "passw",
    "passphrase",
    "passcode",
    "pwd",
    "pw",
    "ww",
    "api",
    "token",
    "code",
    "pin",
)


@dataclass(frozen=True)
class Label:
    """A password or code label in the text: where, its spelling (lower case), and whether a code follows."""

    start: int
    end: int
    name: str
    is_code: bool


def _glued(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


def find_labels(text: str) -> list[Label]:
    """Whole-word labels, the longest at each place ("wifi-wachtwoord", not "wachtwoord" inside it)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        # A rare letter ("İ") grows when lower-cased; lower-case letter by letter to keep the offsets.
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    if not any(hint in lowered for hint in _HINTS):
        return []
    hits = []
    for stop, (length, is_code) in _AUTOMATON.iter(lowered):
        start, end = stop + 1 - length, stop + 1
        # A password word may follow any name and a hyphen ("Microsoft-wachtwoord", "SAP-password"); a code
        # may not ("QR-code").
        hyphenated = not is_code and start > 1 and lowered[start - 1] == "-" and lowered[start - 2].isalnum()
        if (start > 0 and _glued(lowered[start - 1]) and not hyphenated) or (
            end < len(lowered) and _glued(lowered[end])
        ):
            continue  # inside a word: "postcode", "QR-code", "pinned"
        hits.append((start, -length, is_code))
    labels: list[Label] = []
    for start, negative_length, is_code in sorted(hits):
        end = start - negative_length
        if labels and start < labels[-1].end:
            continue  # a shorter label inside a longer one ("pin" in "pin code")
        labels.append(Label(start, end, lowered[start:end], is_code))
        if len(labels) >= MAX_CANDIDATES:
            break
    return labels
