"""Bank account numbers (IBAN, any country, with the Belgian national check) and payment card numbers."""

from __future__ import annotations

import re

from stdnum import iban, luhn
from stdnum.exceptions import InvalidComponent, ValidationError

from rules.entities import context_words
from rules.entities.digit_runs import candidates
from rules.entities.model import MAX_CANDIDATES, DetectorContext, EntityMatch, clamp, without_overlaps
from rules.entities.nearby import near
from rules.entities.previews import mask_digits

IBAN_CONFIDENCE = 0.8
# A charity's donation account or an organisation's published account is public on purpose.
IBAN_PUBLIC = 0.3
CARD_CONFIDENCE = 0.6
CARD_CONTEXT_BONUS = 0.3
# A card number cut out of a longer run of digits is less certain than one standing alone.
CARD_PART_OF_RUN = 0.4
PUBLIC = 0.1

# Country code, check digits, then 10..30 letters or digits, each optionally after one space: every
# repetition consumes exactly one character, so the pattern cannot backtrack badly.
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]){10,30}")
_MIN_IBAN = 15
_MAX_IBAN = 34


def _compact(values: tuple[str, ...]) -> set[str]:
    """Letters and digits of the organisation's published numbers, upper-cased."""
    return {"".join(ch for ch in v if ch.isalnum()).upper() for v in values}


def _iban_preview(compact: str) -> str:
    """Country and check digits, then stars in groups of four, then the last two characters."""
    masked = compact[:4] + "*" * (len(compact) - 6) + compact[-2:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


def _mod97_lengths(chars: str) -> list[int]:
    """Lengths L for which chars[:L] passes the IBAN mod-97 test, longest first, in one pass."""
    header = "".join(str(int(ch, 36)) for ch in chars[:4])
    header_value, header_shift = int(header) % 97, pow(10, len(header), 97)
    remainder = 0
    lengths = []
    for length, ch in enumerate(chars[4:_MAX_IBAN], start=5):
        value = int(ch, 36)
        remainder = (remainder * (100 if value > 9 else 10) + value) % 97
        if length >= _MIN_IBAN and (remainder * header_shift + header_value) % 97 == 1:
            lengths.append(length)
    return lengths[::-1]


def _valid_iban(number: str) -> bool:
    """Structure, mod 97 and national check digits (Belgium: BBAN mod 97) all right.

    A bank code missing from python-stdnum's bank list is accepted: that list lags behind new banks, and
    the check digits already make a typo vanishingly unlikely."""
    try:
        iban.validate(number, check_country=True)
    except InvalidComponent:
        return iban.is_valid(number, check_country=False) and _national_check_ok(number)
    except ValidationError:
        return False
    return True


def _national_check_ok(number: str) -> bool:
    """The country's own check digits, where the country has them (Belgium)."""
    if number.startswith("BE"):
        return int(number[4:14]) % 97 == int(number[14:16]) % 97 and number[14:16] != "00"
    return True


def _longest_valid_iban(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The longest valid IBAN that starts at `start` and ends on a character boundary: (compact, end)."""
    positions = [i for i in range(start, end) if text[i] != " "]
    chars = "".join(text[i] for i in positions).upper()
    if not 2 <= int(chars[2:4]) <= 98:
        return None  # ISO 13616 check digits run from 02 to 98; 00, 01 and 99 only pass mod 97 by aliasing
    for length in _mod97_lengths(chars):
        stop = positions[length - 1] + 1
        if stop < len(text) and text[stop].isalnum():
            continue  # glued to the next word: not where the number ends
        # The full check (country structure, national check digits) only for lengths passing mod 97.
        if _valid_iban(chars[:length]):
            return chars[:length], stop
    return None


def detect_iban(text: str, context: DetectorContext) -> list[EntityMatch]:
    """Valid IBANs (mod 97, country structure, national check); low confidence for public accounts."""
    public = _compact(context.public_numbers)
    found = []
    for count, match in enumerate(_IBAN.finditer(text)):
        if count >= MAX_CANDIDATES:
            break
        result = _longest_valid_iban(text, match.start(), match.end())
        if result is None:
            continue
        compact, stop = result
        confidence = IBAN_CONFIDENCE
        if near(text, match.start(), stop, context_words.IBAN_PUBLIC, before=80, after=60):
            confidence = IBAN_PUBLIC
        if compact in public:
            confidence = PUBLIC
        found.append(EntityMatch("iban", match.start(), stop, clamp(confidence), _iban_preview(compact)))
    return found


def _known_issuer(digits: str) -> bool:
    """True for the number ranges of Visa, Mastercard, American Express and Discover."""
    two, four = int(digits[:2]), int(digits[:4])
    length = len(digits)
    if digits[0] == "4":
        return length in (13, 16, 19)
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return length == 16
    if two in (34, 37):
        return length == 15
    if four == 6011 or two == 65 or 644 <= int(digits[:3]) <= 649:
        return 16 <= length <= 19
    return False


def detect_card(text: str, context: DetectorContext) -> list[EntityMatch]:
    """Payment card numbers: 13-19 digits, Luhn-valid, from a known issuer range."""
    public = _compact(context.public_numbers)
    found = []
    for cand in candidates(text, 13, 19, max_window=5):
        # Card numbers are grouped with spaces or hyphens, one kind per number.
        if len(set(cand.separators)) > 1 or cand.separators.strip(" -"):
            continue
        if not (_known_issuer(cand.digits) and luhn.is_valid(cand.digits)):
            continue
        confidence = CARD_CONFIDENCE if cand.whole else CARD_PART_OF_RUN
        if near(text, cand.start, cand.end, context_words.CARD):
            confidence += CARD_CONTEXT_BONUS
        if cand.digits in public:
            confidence = PUBLIC
        preview = mask_digits(text[cand.start : cand.end], keep_last=4)
        found.append(EntityMatch("card", cand.start, cand.end, clamp(confidence), preview))
    return without_overlaps(found)
