"""Dates of birth: a real calendar date right after (or before) a birth word; other dates are not reported."""

from __future__ import annotations

import re
from datetime import date

from rules.entities import context_words
from rules.entities.model import MAX_CANDIDATES, DetectorContext, EntityMatch, clamp
from rules.entities.nearby import WordList

BIRTH_DATE = 0.8
# A date next to "verjaardag"/"birthday" counts only when its year is at least this long ago: a person's birth date,
# not the date of this year's party or an organisation's anniversary.
MIN_AGE_FOR_BIRTHDAY = 12

_MONTHS = {
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "february": 2,
    "feb": 2,
    "maart": 3,
    "march": 3,
    "mrt": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "augustus": 8,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY = r"(?P<day>[0-3]?[0-9])"
_YEAR = r"(?P<year>(?:19|20)[0-9]{2})"
_PATTERNS = (
    # 12-03-1958, 12/3/58, 12.03.1958
    re.compile(
        rf"(?<![0-9]){_DAY}(?P<sep>[-/.])(?P<month>[01]?[0-9])(?P=sep)(?P<year>(?:19|20)?[0-9]{{2}})(?![0-9])"
    ),
    # 1958-03-12
    re.compile(rf"(?<![0-9]){_YEAR}-(?P<month>[01][0-9])-{_DAY}(?![0-9])"),
    # 14 mei 1986, 14th of May 1986
    re.compile(
        rf"(?<![0-9]){_DAY}(?:e|ste|de|st|nd|rd|th)?(?: of)? (?P<name>{_MONTH})\.?,? {_YEAR}(?![0-9])",
        re.IGNORECASE,
    ),
    # May 14, 1986
    re.compile(rf"(?<![\w])(?P<name>{_MONTH})\.? {_DAY}(?:st|nd|rd|th)?,? {_YEAR}(?![0-9])", re.IGNORECASE),
)
# The Belgian "° 12/03/1958" means "born on".
_BORN_SIGN = re.compile(r"°\s?\Z")
_RAISED = re.compile(r" (?:en getogen|and raised|and bred)")  # on the lower-cased, space-collapsed window


def _to_date(match: re.Match[str]) -> date | None:
    """The calendar date a match spells, or None when it is not a real date in the past."""
    groups = match.groupdict()
    month = _MONTHS[groups["name"].lower()] if groups.get("name") else int(groups["month"])
    year = int(groups["year"])
    if year < 100:
        year += 1900 if year > date.today().year % 100 else 2000
    try:
        found = date(year, month, int(groups["day"]))
    except ValueError:
        return None
    return found if date(1900, 1, 1) <= found <= date.today() else None


def _born_sign(text: str, start: int) -> bool:
    """True for the Belgian "°" ("born on") right before the date."""
    return _BORN_SIGN.search(text, max(0, start - 2), start) is not None


def _word_near(
    words: WordList, text: str, start: int, end: int, unless_followed_by: re.Pattern[str] | None = None
) -> bool:
    """True when a word of the list stands just before (35 characters) or after (20) the date."""
    return words.occurs(text, start - 35, start, unless_followed_by) or words.occurs(
        text, end, end + 20, unless_followed_by
    )


def _birth_word_near(text: str, start: int, end: int) -> bool:
    """True when a birth word stands just before or after the date (not "geboren en getogen")."""
    return _word_near(context_words.BIRTH, text, start, end, _RAISED)


def _birthday_near(text: str, start: int, end: int, year: int) -> bool:
    """True when "verjaardag"/"birthday" stands near a date whose year is long past."""
    return year <= date.today().year - MIN_AGE_FOR_BIRTHDAY and _word_near(
        context_words.BIRTHDAY, text, start, end
    )


def _after_born_signs(text: str) -> list[tuple[int, int]]:
    """The stretches right after each "°", where a Belgian date of birth would stand."""
    regions: list[tuple[int, int]] = []
    index = text.find("°")
    while index >= 0 and len(regions) < MAX_CANDIDATES:
        regions.append((index, min(len(text), index + 25)))
        index = text.find("°", index + 1)
    return regions


def _preview(value: str, year: int) -> str:
    """Day and month hidden, the year shown: enough to recognise, not enough to identify."""
    return f"**-**-{year}" if value[:1].isdigit() else f"*** ** {year}"


def detect_date_of_birth(text: str, context: DetectorContext) -> list[EntityMatch]:
    """Dates next to a birth word (geboren, geb., born, date of birth, DOB, °), or a birthday word with a year long past."""
    # A date without a birth word is never reported: look for dates only around birth words.
    regions = (
        context_words.BIRTH.regions(text, before=45, after=60)
        + context_words.BIRTHDAY.regions(text, before=45, after=60)
        + _after_born_signs(text)
    )
    found: list[EntityMatch] = []
    for low, high in regions[:MAX_CANDIDATES]:
        for pattern in _PATTERNS:
            for match in pattern.finditer(text, low, high):
                if len(found) >= MAX_CANDIDATES:
                    return found
                if text[match.end() : match.end() + 1].isdigit():
                    continue  # cut off by the region's end: part of a longer number
                day = _to_date(match)
                if day is None or any(m.start < match.end() and match.start() < m.end for m in found):
                    continue
                if not (
                    _born_sign(text, match.start())
                    or _birth_word_near(text, match.start(), match.end())
                    or _birthday_near(text, match.start(), match.end(), day.year)
                ):
                    continue
                preview = _preview(match.group(), day.year)
                found.append(EntityMatch("date_of_birth", *match.span(), clamp(BIRTH_DATE), preview))
    return sorted(found, key=lambda m: m.start)
