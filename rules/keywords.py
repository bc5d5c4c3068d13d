"""All keyword lists of a ruleset in one Aho-Corasick automaton, with word and compound boundaries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

import ahocorasick

COMPOUND_MODES = ("word", "head", "modifier", "any")


class KeywordEntry(NamedTuple):
    """One keyword of one keyword node, already folded into the matching space.

    A named tuple rather than a frozen dataclass: a ruleset with 10,000 client names builds ~50,000 of
    these, and a tuple is built several times faster.
    """

    node: int
    word: str
    lang: str
    compound: str = "word"
    prefix: bool = False
    exact: str | None = None  # case-sensitive form, checked against the original text
    proper: bool = False  # must start with a capital in the original text, or follow '#'/'@' (a proper noun)
    label: str | None = None  # canonical name (org lists), for message placeholders
    suffixes: tuple[str, ...] = ()  # endings allowed after a whole word ("Havenstad" + "se")
    # A second node that takes the hit without the exact-case check: an org list used both with
    # `case: smart` (node) and `case: insensitive` (twin) is stored once.
    twin: int = -1


@dataclass(frozen=True)
class KeywordHit:
    """Where a keyword node matched, as offsets into the view it was scanned in."""

    start: int
    end: int
    lang: str
    label: str | None


def _tagged(original: str, start: int) -> bool:
    """A handle or hashtag: "@name", "#name" (a proper noun whatever its case)."""
    return start > 0 and original[start - 1] in "#@＃＠"


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


class KeywordIndex:
    """An immutable automaton over every keyword; `scan` returns hits per node id."""

    def __init__(self, entries: list[KeywordEntry]) -> None:
        grouped: dict[str, list[KeywordEntry]] = {}
        # "plain" words: every entry wants a whole word with no allowed endings, so a hit inside a
        # longer word (most hits of short words) is dropped without looking at the entries.
        not_plain: set[str] = set()
        # Positional fields (word, compound, prefix, suffixes): this loop runs once per entry, and a
        # profile with 10,000 clients has ~80,000 of them.
        for entry in entries:
            word = entry[1]
            if not word:
                continue
            group = grouped.get(word)
            if group is None:
                grouped[word] = [entry]
            else:
                group.append(entry)
            if entry[3] != "word" or entry[4] or entry[8]:
                not_plain.add(word)
        self.size = len(grouped)
        self._automaton: Any = ahocorasick.Automaton()
        add = self._automaton.add_word
        for word, group in grouped.items():
            add(word, (len(word), word not in not_plain, tuple(group)))
        if grouped:
            self._automaton.make_automaton()

    def scan(self, text: str, original: str, to_original: Any) -> dict[int, list[KeywordHit]]:
        """Find every keyword occurrence in `text` (a folded view) that respects its boundaries."""
        hits: dict[int, list[KeywordHit]] = defaultdict(list)
        if not self.size or not text:
            return hits
        length = len(text)
        for last, (size, plain, group) in self._automaton.iter(text):
            end = last + 1
            start = end - size
            # Whether the hit starts or ends inside a longer word: the same for every entry of the word.
            before_inside = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
            after_inside = end < length and text[end].isalnum() and text[end - 1].isalnum()
            if plain and (before_inside or after_inside):
                continue
            for entry in group:
                span = _bounded(text, start, end, length, entry, before_inside, after_inside)
                if span is None:
                    continue
                if entry.label is not None and _in_address(text, span[0], span[1], entry.word):
                    continue  # "gis.havenstad.local", "info@havenstad.nl": an address, not the name
                hit = KeywordHit(span[0], span[1], entry.lang, entry.label)
                if entry.exact is not None or entry.proper:
                    o_start, o_end = to_original(start, end)
                    found = original[o_start:o_end]
                    # A handle or hashtag names the thing whatever its case ("#keukenhuys").
                    tagged = _tagged(original, o_start)
                    if entry.proper and not found[:1].isupper() and not tagged:
                        continue
                    if entry.exact is not None and found != entry.exact and not tagged:
                        if entry.twin >= 0:
                            hits[entry.twin].append(hit)
                        continue
                hits[entry.node].append(hit)
                if entry.twin >= 0:
                    hits[entry.twin].append(hit)
        return hits


def _in_address(text: str, start: int, end: int, word: str) -> bool:
    """A name inside a host name, e-mail address or URL path (unless the name itself has a dot)."""
    if "." in word:
        return False
    before = text[start - 1] if start > 0 else " "
    if before in "./" or (before == "@" and text[end : end + 1] == "."):
        return True
    return text[end : end + 1] == "." and text[end + 1 : end + 2].isalnum()


def _allowed_ending(text: str, end: int, length: int, suffixes: tuple[str, ...]) -> int | None:
    """The end of the word when one of `suffixes` completes it, else None."""
    for suffix in suffixes:
        stop = end + len(suffix)
        if text.startswith(suffix, end) and (stop >= length or not _is_word_char(text[stop])):
            return stop
    return None


def _bounded(
    text: str,
    start: int,
    end: int,
    length: int,
    entry: KeywordEntry,
    before_inside: bool,
    after_inside: bool,
) -> tuple[int, int] | None:
    """Apply the entry's boundary rules; return the span to report (whole word for compounds)."""
    if entry.compound == "raw":  # a regex's literal prefix: anywhere, only its presence matters
        return start, end
    mode = entry.compound
    if before_inside and mode in ("word", "modifier"):
        return None
    if after_inside and not entry.prefix and mode in ("word", "head"):
        ending = _allowed_ending(text, end, length, entry.suffixes)
        if ending is None:
            return None
        end = ending
    if mode == "word" and not entry.prefix:
        return start, end
    # widen to the whole word so the employee sees the compound that matched
    while start > 0 and _is_word_char(text[start - 1]) and mode in ("head", "any"):
        start -= 1
    while end < length and _is_word_char(text[end]) and (entry.prefix or mode in ("modifier", "any")):
        end += 1
    return start, end
