"""All keyword lists of a ruleset in Aho-Corasick automata, with word and compound boundaries.

An automaton maps each folded word to its entries: what a hit on that word means for each keyword node
that lists it. The packs' own words are the same for every organisation and have an automaton of their
own (rules/pack_keywords.py, kept in the compiled-pack cache), so a load folds and links only the
organisation's names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any, NamedTuple

import ahocorasick

COMPOUND_MODES = ("word", "head", "modifier", "any")


class KeywordEntry(NamedTuple):
    """What a hit on one automaton word means for one keyword node (the word is the automaton's key).

    A named tuple rather than a frozen dataclass: a ruleset with 10,000 client names builds ~35,000 of
    these, and a tuple is built several times faster. Entries hold no word, so the thousands of words of
    one pack list share one entry.
    """

    node: int
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


def new_entry(fields: tuple[Any, ...]) -> KeywordEntry:
    """`KeywordEntry(*fields)` (all nine, in order) without the named tuple's Python-level `__new__`,
    for the loop over every form of every client name."""
    return tuple.__new__(KeywordEntry, fields)  # type: ignore[type-var]


# (node, lang, twin) per entry of a word when none needs a check, else False: see `simple_plan`.
Plan = tuple[tuple[int, str, int], ...] | bool
# Folded word -> its entries, in the order they were compiled.
Groups = dict[str, tuple[KeywordEntry, ...]]
# What the automaton stores per word: its length, whether it is "plain" (see `plain`), its plan (see
# `simple_plan`), its entries.
Value = tuple[int, bool, Plan, tuple[KeywordEntry, ...]]


def add_entry(groups: Groups, word: str, entry: KeywordEntry) -> None:
    """File `entry` under the folded `word`, after the word's earlier entries."""
    group = groups.get(word)
    groups[word] = (entry,) if group is None else (*group, entry)


def plain(entries: tuple[KeywordEntry, ...]) -> bool:
    """Every entry wants a whole word with no allowed endings, so a hit inside a longer word (most hits
    of short words) is dropped without looking at the entries."""
    # A loop rather than all(...): this runs for every word, and a generator costs several times more.
    for entry in entries:  # noqa: SIM110
        if entry[2] != "word" or entry[3] or entry[7]:
            return False
    return True


def simple_plan(entries: tuple[KeywordEntry, ...]) -> Plan:
    """(node, lang, twin) of each entry when every entry takes a hit on a whole word as it is (a plain
    word or a regex literal, without label, case or proper-noun checks); False otherwise."""
    plan = []
    for entry in entries:
        whole = (entry.compound == "word" and not entry.prefix) or entry.compound == "raw"
        if not whole or entry.label is not None or entry.exact is not None or entry.proper:
            return False
        plan.append((entry.node, entry.lang, entry.twin))
    return tuple(plan)


def value(word: str, entries: tuple[KeywordEntry, ...]) -> Value:
    """What the automaton stores for `word`."""
    return (len(word), plain(entries), simple_plan(entries), entries)


def build_automaton(items: Iterable[tuple[str, Value]]) -> Any:
    """An automaton storing each (word, value); None when there are none."""
    automaton = ahocorasick.Automaton()
    add = automaton.add_word
    for word, stored in items:
        add(word, stored)
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


class KeywordHit(NamedTuple):
    """Where a keyword node matched, as offsets into the view it was scanned in.

    A named tuple rather than a frozen dataclass: a post yields a hundred of these, and building a
    frozen dataclass costs about three times as much.
    """

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
    """Immutable automata over every keyword; `scan` returns hits per node id.

    Two automata: the packs' own words (built once per process for the same packs, see
    rules/pack_keywords.py) and the organisation's. Building two is cheaper than one over both
    (the organisation's long names and the packs' short words make one trie more than twice as slow to
    link), and a node's entries are all in one of them, so its hits come in the same order.
    """

    def __init__(self, groups: Mapping[str, tuple[KeywordEntry, ...]], shared: Any = None) -> None:
        """The organisation's `groups`, and the packs' words in their own `shared` automaton."""
        own = build_automaton((word, value(word, entries)) for word, entries in groups.items() if word)
        self._automata = tuple(automaton for automaton in (shared, own) if automaton is not None)

    @cached_property
    def size(self) -> int:
        """How many distinct words the automata hold."""
        if len(self._automata) < 2:
            return sum(len(automaton) for automaton in self._automata)
        shared, own = self._automata
        return len(shared) + sum(1 for word in own if not shared.exists(word))

    def scan(self, text: str, original: str, to_original: Any) -> dict[int, list[KeywordHit]]:
        """Find every keyword occurrence in `text` (a folded view) that respects its boundaries."""
        hits: dict[int, list[KeywordHit]] = defaultdict(list)
        if text:
            for automaton in self._automata:
                _scan(automaton, text, original, to_original, hits)
        return hits


def _scan(
    automaton: Any,
    text: str,
    original: str,
    to_original: Any,
    hits: dict[int, list[KeywordHit]],
) -> None:
    """Add the hits of one automaton's words in `text` to `hits`."""
    length = len(text)
    new_hit = tuple.__new__  # KeywordHit(...) without the named tuple's Python-level __new__
    for last, (size, plain, plan, group) in automaton.iter(text):
        end = last + 1
        start = end - size
        # Whether the hit starts or ends inside a longer word: the same for every entry of the word.
        before_inside = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
        after_inside = end < length and text[end].isalnum() and text[end - 1].isalnum()
        if plain and (before_inside or after_inside):
            continue
        inside = before_inside or after_inside
        if not inside and plan:
            # Every entry reports (start, end) unchanged (see `_bounded`) and has no checks: the
            # same hits, in the same order, as the loop below.
            made: dict[str, KeywordHit] = {}
            for node, lang, twin in plan:  # type: ignore[union-attr]
                hit = made.get(lang)
                if hit is None:
                    hit = made[lang] = new_hit(KeywordHit, (start, end, lang, None))
                hits[node].append(hit)
                if twin >= 0:
                    hits[twin].append(hit)
            continue
        for entry in group:
            # What `_bounded` does for a whole word, without the call where the answer is plain: most
            # entries are these.
            whole_word = entry.compound == "word" and not entry.prefix
            if whole_word and not inside:
                span = (start, end)
            elif whole_word and (before_inside or not entry.suffixes):
                continue  # inside a longer word, and no ending allowed after it
            else:
                bounded = _bounded(text, start, end, length, entry, before_inside, after_inside)
                if bounded is None:
                    continue
                span = bounded
            label = entry.label
            if label is not None and _in_address(text, span[0], span[1], text[start:end]):
                continue  # "gis.havenstad.local", "info@havenstad.nl": an address, not the name
            hit = new_hit(KeywordHit, (span[0], span[1], entry.lang, label))
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
