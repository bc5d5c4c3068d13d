"""Alarm and door codes given without a code label, recognised by what one does with them: "toets 7319
in en schakel het alarm binnen 30 seconden uit", "punch in 4-8-2-6 and disarm within 30 seconds"."""

from __future__ import annotations

import itertools
import re

from rules.entities.model import MAX_CANDIDATES, EntityMatch, clamp
from rules.entities.nearby import near, phrases, word_list

KEYPAD_CONTEXT = 0.6

# Verbs and objects that only go with a keypad; "uitschakelen" alone would also catch servers and lights.
_KEYPAD_WORDS = word_list(
    phrases("""
disarm* | arm the alarm | arm the system | ontwapen* | intoetsen | intikken | punch in | punch it in | key in | keypad | toetsenpaneel | codepaneel | alarmpaneel | alarm panel |
alarmcentrale | alarm uitschakelen | alarm uitzetten | alarm uit te schakelen | alarm uit te zetten |
alarm af te zetten | alarm afzetten | schakel het alarm | zet het alarm | turn off the alarm |
switch off the alarm | deactivate the alarm | alarm deactiveren
""")
)
_HINTS = ("arm", "toets", "tik", "punch", "key", "ontwapen", "paneel", "panel")
_PIN = re.compile(
    r"(?<![\w.,/:\-])(?<![0-9] )[#*]?(?:[0-9]{4,8}|[0-9](?P<sep>[ \-.–/·])[0-9](?:(?P=sep)[0-9]){2,6})[#*]?"
    r"(?![\w/:]|[.,\-][0-9]| [0-9])"
)
_YEAR = re.compile(r"[#*]?(?:19|20)[0-9]{2}[#*]?")
# "within 30 seconds", "1500 euro": numbers followed by a unit are amounts, not codes.
_UNIT = re.compile(
    r"\s?(?:s|sec|seconds?|seconden|min|minutes?|minuten|uur|hours?|u|m|km|euro|eur|€|%|x|keer|times)\b",
    re.IGNORECASE,
)


def detect_keypad_codes(text: str) -> list[EntityMatch]:
    """PIN-like numbers next to a keypad action (disarm, intoetsen, keypad); never years or amounts."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _HINTS):
        return []
    found = []
    for match in itertools.islice(_PIN.finditer(text), MAX_CANDIDATES):
        value = match.group()
        if _YEAR.fullmatch(value) or _UNIT.match(text, match.end()):
            continue
        if near(text, match.start(), match.end(), _KEYPAD_WORDS, before=60, after=60):
            found.append(
                EntityMatch("credential", match.start(), match.end(), clamp(KEYPAD_CONTEXT), "code: ****")
            )
    return found
