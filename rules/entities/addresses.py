"""Postal addresses: a street with a house number (NL/BE/FR/EN forms), with or without a postcode.

A street name without a house number never matches; a public building's address is weighed low.
"""

from __future__ import annotations

import re

from rules.entities import context_words
from rules.entities.model import MAX_CANDIDATES, DetectorContext, EntityMatch, clamp, without_overlaps
from rules.entities.nearby import near, phrases

STREET_ONLY = 0.5
STREET_WITH_POSTCODE = 0.8
POSTCODE_WITH_TOWN = 0.5
POSTCODE_ONLY = 0.4
PRIVATE_BONUS = 0.2
PUBLIC_MAX = 0.3

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_NAME = rf"[{_UPPER}][{_LOWER}'’\-]*[{_LOWER}]"
# House number: 1-4 digits, optional letter, Roman floor ("3-II"), addition ("12-3"), Belgian box ("bus 3").
_NUMBER = (
    r"[1-9][0-9]{0,3}(?:(?: ?[a-zA-Z]|-[0-9]{1,3}|-[IVX]{1,4}| (?:bus|bte|box) ?[0-9A-Za-z]{1,4})(?![A-Za-z0-9]))?"
    r"(?![0-9]|[.,:][0-9])"
)
_DUTCH_STREET = re.compile(rf"(?<![\w-])(?P<name>{_NAME}) (?P<number>{_NUMBER})")
_FRENCH_STREET = re.compile(
    rf"(?<![\w-])(?P<name>(?:Rue|Avenue|Av\.|Boulevard|Bd|Chaussée|Place|Quai|Chemin|Allée|Drève|Impasse)"
    rf"(?: (?:de|du|des|la|le|les|aux|au))*(?: (?:d'|l')?[{_UPPER}][\w'’\-]+){{1,3}}),? (?P<number>{_NUMBER})"
)
_ENGLISH_STREET = re.compile(
    rf"(?<![\w-])(?P<number>[1-9][0-9]{{0,3}}[a-zA-Z]?),? (?P<name>(?:{_NAME} ){{1,3}}"
    r"(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane|Drive|Close|Way|Crescent|Court|Place|Square|Terrace|Gardens))"
    r"(?![\w-])"
)
_NL_POSTCODE = re.compile(
    rf"(?<![\w-])[1-9][0-9]{{3}} ?(?P<letters>[A-Z]{{2}})(?![\w-])(?P<town> {_NAME}(?: {_NAME})?)?"
)
_AFTER_STREET = re.compile(
    rf",? (?:(?P<nl>[1-9][0-9]{{3}} ?[A-Z]{{2}})(?![\w-])|(?:B-)?(?P<be>[1-9][0-9]{{3}}))"
    rf"(?P<town> {_NAME}(?:[ -]{_NAME})?)?"
)
_STREET_SUFFIXES = tuple(
    phrases("""
straat | laan | weg | plein | gracht | kade | dreef | singel | steenweg | baan | lei | hof | dijk |
pad | markt | ring | park | veld | wal | burgwal | steeg | kaai | boulevard | plantsoen |
dwarsstraat | straatweg | vliet | haven | dries | kouter | vest
""")
)
# Words that are exactly a street type need a preceding adjective ("Grote Markt"), and these nouns only
# look like streets: a career, the labour market, a churchyard, a sports field.
_NOT_STREETS = frozenset(
    phrases("""
loopbaan | arbeidsmarkt | woningmarkt | huizenmarkt | jaarmarkt | zorgmarkt | kerkhof | hof |
leerpad | ijsbaan | racebaan | speelveld | werkveld | sportpark | pretpark
""")
)
_TYPE_WORDS = frozenset(
    phrases("""
markt | plein | kade | gracht | dijk | laan | weg | singel | haven | wal | straat | dreef | ring |
steenweg | kaai | veld | park
""")
)
_INFIXES = r"(?:van|de|der|den|het|'t|ter|ten|te|op|aan|in|la|le|du|des|d'|St\.|Sint)"
_INFIX_CHAIN_BEFORE = re.compile(rf"{_NAME} (?:{_INFIXES} )+\Z")
_ADJECTIVE_BEFORE = re.compile(rf"{_NAME} \Z")
# A label that announces an address, so a street name without a known suffix still counts right after it.
_ADDRESS_LABEL = re.compile(
    r"(?:\b\w*adres|\b(?:home\s|postal\s)?address|\bwoont\s(?:op|in|aan)(?:\sde|\shet)?|\blives\s(?:at|on))"
    r"\s?:?\s(?:(?:het|de|the)\s)?\Z",
    re.IGNORECASE,
)
_UNITS = re.compile(
    r" ?(?:%|km|m|cm|kg|uur|u\b|min|minuten|jaar|keer|euro|eur|€|meter|kilometer|procent|graden|°|x)(?!\w)",
    re.IGNORECASE,
)
_NOT_POSTCODE_LETTERS = frozenset(
    phrases("""
MB | GB | KB | TB | KM | CM | MM | KG | EU | US | UK | NL | BE | AI | PC | TV | OK | CO | HR | IT |
PR | AM | PM | HD | ML | DL | BV | NV | VS | SA | SD | SS | ID | CV | MW | KW
""")
)


def _is_street_word(name: str, text: str, start: int) -> tuple[bool, int]:
    """Whether `name` (starting at `start`) is a street name, and where the full street name starts."""
    lower = name.lower()
    if lower in _NOT_STREETS or not lower.endswith(_STREET_SUFFIXES):
        return False, start
    if lower.endswith("ring") and lower[-5:-4] in ("e", "u"):
        return False, start  # vergadering, verandering, regering: nouns, not ring roads
    window = max(0, start - 40)
    if lower in _TYPE_WORDS:
        # A bare type word needs an adjective ("Grote Markt"); after "van" it is a surname ("Van Dijk").
        adjective = _ADJECTIVE_BEFORE.search(text, window, start)
        if adjective is None or re.fullmatch(_INFIXES, adjective.group().strip(), re.IGNORECASE):
            return False, start
        return True, adjective.start()
    chain = _INFIX_CHAIN_BEFORE.search(text, window, start)  # "Jan van Galenstraat"
    return True, chain.start() if chain else start


def _postcode_letters_ok(letters: str) -> bool:
    """Dutch postcodes never end in these letter pairs, and unit or country abbreviations are more likely."""
    return letters not in _NOT_POSTCODE_LETTERS


def _street_matches(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, street name, house number) of every street with a house number."""
    found = []
    for count, match in enumerate(_DUTCH_STREET.finditer(text)):
        if count >= MAX_CANDIDATES:
            break
        ok, start = _is_street_word(match.group("name"), text, match.start())
        if not ok and _ADDRESS_LABEL.search(text, max(0, match.start() - 25), match.start()):
            ok, start = True, match.start()  # "thuisadres: Ganzendries 8", "lives at Ashcombe 12"
        number = match.group("number")
        if not ok or (number.isdigit() and 1900 <= int(number) <= 2100) or _UNITS.match(text, match.end()):
            continue
        found.append((start, match.end(), text[start : match.start("number")].rstrip(), number))
    for pattern in (_FRENCH_STREET, _ENGLISH_STREET):
        for count, match in enumerate(pattern.finditer(text)):
            if count >= MAX_CANDIDATES:
                break
            found.append((match.start(), match.end(), match.group("name"), match.group("number")))
    return found


def _confidence(base: float, text: str, start: int, end: int) -> float:
    """`base` raised by private context (someone's home) or capped by public context (a venue)."""
    if near(text, start, end, context_words.ADDRESS_PRIVATE, before=60, after=30):
        return base + PRIVATE_BONUS
    if near(text, start, end, context_words.ADDRESS_PUBLIC, before=60, after=30):
        return min(base, PUBLIC_MAX)
    return base


def detect_address(text: str, context: DetectorContext) -> list[EntityMatch]:
    """Street + house number (optionally with postcode and town) and Dutch postcodes."""
    found = []
    for start, end, name, _number in _street_matches(text):
        base, preview = STREET_ONLY, f"{name} **"
        tail = _AFTER_STREET.match(text, end)
        if tail and (tail.group("be") or _postcode_letters_ok(tail.group("nl")[-2:])):
            if tail.group("nl"):
                base, end = STREET_WITH_POSTCODE, tail.end()
                preview += f", {tail.group('nl')[:4]} **"
            elif tail.group("town"):  # a Belgian postcode is only a postcode when a town follows
                base, end = STREET_WITH_POSTCODE, tail.end()
                preview += f", {tail.group('be')}{tail.group('town')}"
        found.append(EntityMatch("address", start, end, clamp(_confidence(base, text, start, end)), preview))
    for count, match in enumerate(_NL_POSTCODE.finditer(text)):
        if count >= MAX_CANDIDATES:
            break
        if not _postcode_letters_ok(match.group("letters")):
            continue
        # "2026 NS Reizigers": a year followed by capitals looks like a postcode with a town.
        year_like = 1900 <= int(match.group()[:4]) <= 2100
        base = POSTCODE_WITH_TOWN if match.group("town") and not year_like else POSTCODE_ONLY
        preview = f"{match.group()[:4]} **"
        confidence = _confidence(base, text, match.start(), match.end())
        found.append(EntityMatch("address", match.start(), match.end(), clamp(confidence), preview))
    return _merge(found)


def _merge(matches: list[EntityMatch]) -> list[EntityMatch]:
    """Overlapping matches (a postcode inside a full address) collapse to the longest, most confident."""
    return without_overlaps(matches)
