"""Context words around a candidate, found with one Aho-Corasick pass over a small window of text.

Large case-insensitive regex alternations cost hundreds of microseconds per post; an automaton over the
lower-cased window costs a few.
"""

from __future__ import annotations

import itertools
import re

import ahocorasick

_SPACES = re.compile(r"\s+")
_ONE_SPACE = str.maketrans("\n\t\r\f\v", "     ")


def phrases(listing: str) -> list[str]:
    """The `|`-separated phrases of a word list written as one block of text."""
    return [" ".join(p.split()) for p in listing.split("|") if p.strip()]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class WordList:
    """Words and phrases matched as whole words, ignoring case; spaces in a phrase match any whitespace.

    A trailing `*` lets a word continue (`doneer*`: doneren), a leading `*` lets it end a compound
    (`*vereniging`: personeelsvereniging)."""

    def __init__(self, words: list[str]) -> None:
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        for word in words:
            key = word.strip("*").lower()
            # Boundaries are only checked next to letters and digits ("geb." may be followed by anything).
            left = not word.startswith("*") and _is_word_char(key[0])
            right = not word.endswith("*") and _is_word_char(key[-1])
            self._automaton.add_word(key, (len(key), left, right))
        self._automaton.make_automaton()

    def occurs(
        self, text: str, start: int, end: int, unless_followed_by: re.Pattern[str] | None = None
    ) -> bool:
        """True when a word of the list lies wholly within text[start:end], not followed by `unless_followed_by`."""
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            return False
        # One character of margin on each side decides whether a word at the edge is a whole word.
        margin_left = 1 if start > 0 else 0
        window = text[start - margin_left : end + 1].lower()
        if "  " in window or "\n" in window or "\t" in window or "\r" in window:
            window = _SPACES.sub(" ", window)
        last = len(window) - (1 if end < len(text) else 0)
        for stop, (length, left, right) in self._automaton.iter(window):
            first = stop - length + 1
            if first < margin_left or stop >= last:
                continue
            if left and first > 0 and _is_word_char(window[first - 1]):
                continue
            if right and stop + 1 < len(window) and _is_word_char(window[stop + 1]):
                continue
            if unless_followed_by is not None and unless_followed_by.match(window, stop + 1):
                continue
            return True
        return False

    def regions(self, text: str, before: int, after: int) -> list[tuple[int, int]]:
        """Stretches of `text` around the list's words, to search for what must stand next to them.

        Exact when lower-casing keeps offsets and no phrase spans a whitespace run; otherwise the whole text
        (callers confirm each find with `occurs`)."""
        lowered = text.lower().translate(_ONE_SPACE)
        if len(lowered) != len(text) or "  " in lowered:
            return [(0, len(text))]
        found: list[tuple[int, int]] = []
        for stop, (length, _left, _right) in self._automaton.iter(lowered):
            low, high = max(0, stop + 1 - length - before), min(len(text), stop + 1 + after)
            if found and low <= found[-1][1]:
                found[-1] = (found[-1][0], max(found[-1][1], high))
            else:
                found.append((low, high))
        return found


def word_list(words: list[str]) -> WordList:
    """A compiled word list for `near`, `near_before` and `WordList.occurs`."""
    return WordList(words)


def near(text: str, start: int, end: int, words: WordList, before: int = 50, after: int = 40) -> bool:
    """True when a word occurs within `before` characters before or `after` characters after the span
    (the span itself is not searched: a street called "Grote Markt" is no market)."""
    return words.occurs(text, start - before, start) or words.occurs(text, end, end + after)


def near_before(text: str, start: int, words: WordList, before: int = 50) -> bool:
    """True when a word occurs in the `before` characters that precede `start`."""
    return words.occurs(text, start - before, start)


# A sentence ends at ".", "!" or "?" followed by whitespace, or at a line break; dots inside numbers
# ("85.07.30") and host names do not end one.
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s)|\n")


def near_in_sentences(
    text: str, start: int, end: int, words: WordList, before: int = 120, after: int = 60
) -> bool:
    """True when a word occurs in the span's own sentence or the one before it (at most `before`
    characters back), or in its own sentence or the one after it (at most `after` characters on).

    People name the number in one sentence and give it in the next ("Vul het rijksregisternummer in.
    Dat van Wout is ..."), but a word two sentences away is about something else."""
    low = max(0, start - before)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, low, start)]
    if len(ends) >= 2:
        low = ends[-2]
    high = min(len(text), end + after)
    stops = [m.start() for m in itertools.islice(_SENTENCE_END.finditer(text, end, high), 2)]
    if len(stops) >= 2:
        high = stops[1]
    return words.occurs(text, low, start) or words.occurs(text, end, high)
