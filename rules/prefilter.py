"""The literals one of which every match of a regex holds, so posts without any of them skip it.

Most rule regexes are made of alternations of words (`\\b(?:word|other)\\s...`). Scanning a post for
a handful of substrings is many times cheaper than running the pattern at every word boundary, so the
compiler derives those literals once and the matcher only runs the regex when one of them occurs.

The literals are a necessary condition, never a sufficient one: when no required part of the pattern
is literal text (only classes, `.`, optional parts, back-references, syntax only the `regex` module
knows), none are derived and the regex always runs.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import Any

MIN_PREFIX = 2  # shorter literals occur in nearly every post and would only cost time
MAX_PREFIXES = 400

# The standard library's pattern parser: private, but present and stable in 3.11-3.13. When a future
# Python moves it, literals are simply not derived.
try:
    _parser: Any = importlib.import_module("re._parser")
    _constants: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - depends on the Python version
    _parser = _constants = None

# `regex`-only syntax the standard parser would read differently: fuzzy matching ("{e<=1}").
_FUZZY = re.compile(r"\{\s*[a-z]")
# Unicode properties (`\p{L}`, `\P{Lu}`) the standard parser does not know: read as `\w` for deriving
# literals. Any class ends a literal, so literals found before or after one stay exact.
_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}")


# Literals derived in an earlier process, handed over by the parsed-pack cache (rules/pack_cache.py):
# required literals under False, spaced ones (`spaced_literals`) under True.
_KNOWN: dict[bool, dict[str, tuple[str, ...] | None]] = {False: {}, True: {}}


def preload(known: dict[str, list[str] | None], spaced: bool = False) -> None:
    """Take literals derived earlier (pattern -> literals), so a new process need not parse them again."""
    into = _KNOWN[spaced]
    for pattern, literals in known.items():
        if literals is None or (isinstance(literals, list) and all(isinstance(p, str) for p in literals)):
            into[pattern] = tuple(literals) if literals is not None else None
        # anything else came from a damaged cache file: derive that pattern's literals again


def _parse(pattern: str) -> list[tuple[Any, Any]] | None:
    """The pattern's top-level items as the standard parser reads them, or None when it cannot."""
    if _parser is None or _FUZZY.search(pattern):
        return None
    try:
        return list(_parser.parse(_PROPERTY.sub(r"\\w", pattern)))
    except (re.error, RecursionError, OverflowError, ValueError):
        return None  # other syntax of the `regex` module only ((?r), \m, ...): no shortcut


def _kept(found: set[str] | None) -> tuple[str, ...] | None:
    """Lower-cased literals worth testing for, without those that contain another one."""
    if not found or len(found) > MAX_PREFIXES:
        return None
    lowered = {p.lower() for p in found}
    if min(map(len, lowered)) < MIN_PREFIX:
        return None
    # A literal that contains another adds nothing: the shorter one occurs wherever the longer does.
    return tuple(sorted(p for p in lowered if not any(q != p and q in p for q in lowered)))


def required_literals(pattern: str, spaced: bool = False) -> tuple[str, ...] | None:
    """Lower-cased strings one of which occurs in every match (not only at its start), or None.

    Every item of the pattern's top-level sequence that must match (not optional) starts a stretch of
    the match; the literals that stretch starts with are as necessary as the pattern's own prefixes.
    Of all such sets the most selective is kept: the longest shortest literal, then the fewest. This is
    what the engine tests a post for before it runs the pattern. With `spaced`, see `spaced_literals`.
    """
    known = _KNOWN[spaced]
    if pattern in known:
        return known[pattern]
    return _derived(pattern, spaced)


def spaced_literals(pattern: str) -> tuple[str, ...] | None:
    """Like `required_literals`, for a text whose only white space is single spaces (the matcher's
    folded view, rules/matching.py): there `\\s` can only match " ", so it extends a literal ("en" and
    "\\s" and "ga" give "en ga") and the literals are far more selective than two-letter words."""
    return required_literals(pattern, spaced=True)


@lru_cache(maxsize=8192)  # packs share patterns between rules, and reloads see them again
def _derived(pattern: str, spaced: bool) -> tuple[str, ...] | None:
    items = _parse(pattern)
    return None if items is None else _best(items, spaced)


def _best(items: list[tuple[Any, Any]], spaced: bool = False) -> tuple[str, ...] | None:
    c = _constants
    # Zero-width items first ("\\b", which the parser also takes out of "\\ba|\\bb") and a group around
    # the whole pattern change nothing about which literals a match holds.
    while items and (
        items[0][0] in (c.AT, c.ASSERT, c.ASSERT_NOT) or (len(items) == 1 and items[0][0] is c.SUBPATTERN)
    ):
        items = list(items[0][1][-1]) if items[0][0] is c.SUBPATTERN else items[1:]
    if len(items) == 1 and items[0][0] is c.BRANCH:
        # "a|b": a match is a match of one alternative, so it holds one of that alternative's literals.
        union: set[str] = set()
        for alternative in items[0][1][1]:
            found = _best(list(alternative), spaced)
            if found is None:
                return None
            union.update(found)
        return _kept(union)
    best: tuple[str, ...] | None = None
    for start in range(len(items)):
        if items[start][0] in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        found = _kept(_sequence(items[start:], spaced))
        if found is not None and (best is None or _selectivity(found) > _selectivity(best)):
            best = found
    return best


def _selectivity(literals: tuple[str, ...]) -> tuple[int, int]:
    return min(map(len, literals)), -len(literals)


def _sequence(items: list[tuple[Any, Any]], spaced: bool = False) -> set[str] | None:
    """Prefixes of a sequence of parsed items: zero-width items first are skipped, then one item.

    Literal text (and small sets of literal characters, "[Mm]") is extended by what follows it, since
    the parser moves a shared first letter out of alternatives ("meer|more" -> "m(?:eer|ore)").
    """
    c = _constants
    index = 0
    while index < len(items) and items[index][0] in (c.AT, c.ASSERT, c.ASSERT_NOT):
        index += 1
    if index == len(items):
        return None
    op, arg = items[index]
    if op is c.LITERAL:
        text = ""
        while index < len(items) and items[index][0] is c.LITERAL:
            text += chr(items[index][1])
            index += 1
        return _extend({text}, items[index:], spaced)
    if op is c.IN:
        chars = _characters(arg, spaced)
        return _extend(chars, items[index + 1 :], spaced) if chars else None
    if op is c.SUBPATTERN:
        return _sequence(list(arg[-1]), spaced)
    if op is c.BRANCH:
        found: set[str] = set()
        for alternative in arg[1]:
            prefixes = _sequence(list(alternative), spaced)
            if prefixes is None:
                return None
            found |= prefixes
        return found
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and arg[0] >= 1:
        return _sequence(list(arg[2]), spaced)
    return None


def _extend(heads: set[str], rest: list[tuple[Any, Any]], spaced: bool = False) -> set[str]:
    """`heads` followed by the prefixes of `rest`, when those are known and not too many."""
    tails = _sequence(rest, spaced) if rest else None
    if not tails or len(heads) * len(tails) > MAX_PREFIXES:
        return heads
    return {head + tail for head in heads for tail in tails}


def _characters(arg: list[tuple[Any, Any]], spaced: bool = False) -> set[str] | None:
    """The characters of a set made only of literal characters ("[Mm]"), else None; with `spaced`,
    `\\s` counts as the one character " "."""
    c = _constants
    if len(arg) > 8:
        return None
    found = set()
    for op, code in arg:
        if op is c.LITERAL:
            found.add(chr(code))
        elif spaced and op is c.CATEGORY and code is c.CATEGORY_SPACE:
            found.add(" ")
        else:
            return None
    return found


def may_match(literals: tuple[str, ...], lowered_text: str) -> bool:
    """False only when no literal occurs in the (lower-cased) text, so the regex cannot match."""
    # A plain loop rather than any(...): the same answer, without a generator per call (this runs for
    # most regex nodes of every post).
    for literal in literals:  # noqa: SIM110
        if literal in lowered_text:
            return True
    return False
