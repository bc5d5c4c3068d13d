"""The packs' own keywords, the same for every organisation, in a compact form the cache can keep.

Compiling the default pack folds its 40,000 list words into ~37,000 automaton words with ~55,000
keyword entries; all of it depends only on the packs and the engine. The loader (rules/loader.py) keeps
it in the compiled-pack cache (rules/pack_cache.py) and decides when it may be used: the same packs,
the same engine, the same node ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import islice, repeat
from typing import Any

from rules.keywords import Groups, KeywordEntry, Value, build_automaton, plain, simple_plan, value


@dataclass(frozen=True)
class SharedKeywords:
    """The packs' own keywords in the form their automaton stores.

    Each distinct automaton value is kept once (`values`); word `words[i]` stores `values[codes[i]]`.
    The default pack's 37,000 words have ~15,000 distinct values made of ~2,000 distinct entries (a
    list's words share one), so turning the JSON form back into this (`from_json`) builds a fraction
    of the objects that compiling them does. `next_id` is the first keyword-node id after the packs'
    own: compiling the same packs again must arrive at it, or these keywords belong to other nodes.
    """

    words: tuple[str, ...]
    codes: tuple[int, ...]
    values: tuple[Value, ...]
    next_id: int

    @cached_property
    def automaton(self) -> Any:
        """The automaton over these words (built on first use, then shared by every ruleset of the
        process that has these packs); None when there are no words."""
        return build_automaton(zip(self.words, map(self.values.__getitem__, self.codes), strict=True))

    @classmethod
    def from_groups(cls, groups: Groups, next_id: int) -> SharedKeywords:
        """Share equal values between the words of `groups`."""
        index: dict[Value, int] = {}
        codes = [index.setdefault(value(word, entries), len(index)) for word, entries in groups.items()]
        return cls(tuple(groups), tuple(codes), tuple(index), next_id)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data in columns (distinct entries, groups of entries, values, words), so that
        `from_json` checks and rebuilds each column with a few calls instead of a loop per item."""
        entries: dict[KeywordEntry, int] = {}
        suffix_sets: dict[tuple[str, ...], int] = {}
        groups: dict[tuple[int, ...], int] = {}
        group_of = []
        for _, _, _, group in self.values:
            ids = tuple(entries.setdefault(entry, len(entries)) for entry in group)
            group_of.append(groups.setdefault(ids, len(groups)))
        columns: list[list[Any]] = [list(column) for column in zip(*entries, strict=True)] or [[]] * 9
        columns[7] = [suffix_sets.setdefault(suffixes, len(suffix_sets)) for suffixes in columns[7]]
        return {
            "next_id": self.next_id,
            "entries": dict(zip(KeywordEntry._fields, columns, strict=True)),
            "suffix_sets": [list(suffixes) for suffixes in suffix_sets],
            "group_sizes": [len(ids) for ids in groups],
            "group_entries": [i for ids in groups for i in ids],
            "value_sizes": [size for size, _, _, _ in self.values],
            "value_groups": group_of,
            "words": list(self.words),
            "codes": list(self.codes),
        }

    @classmethod
    def from_json(cls, data: Any) -> SharedKeywords:
        """The inverse of `to_json`; ValueError when `data` does not have its shape."""
        if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
            raise ValueError("not compiled keywords")
        suffix_sets = tuple(tuple(_column(raw, {str})) for raw in _column(data.get("suffix_sets"), {list}))
        raw_entries = data["entries"]
        columns = [_column(raw_entries.get(name), kinds) for name, kinds in _ENTRY_COLUMNS.items()]
        count = len(columns[0])
        if any(len(column) != count for column in columns):
            raise ValueError("entry columns of different lengths")
        columns[7] = [suffix_sets[i] for i in _indexes(columns[7], len(suffix_sets))]
        entries = tuple(map(tuple.__new__, repeat(KeywordEntry), zip(*columns, strict=True)))
        sizes = _indexes(data.get("group_sizes"), count + 1)
        members = iter([entries[i] for i in _indexes(data.get("group_entries"), count)])
        groups = tuple(tuple(islice(members, size)) for size in sizes)
        if 0 in sizes or next(members, None) is not None or (groups and len(groups[-1]) != sizes[-1]):
            raise ValueError("entry groups do not add up")
        value_sizes = _column(data.get("value_sizes"), {int})
        value_groups = _indexes(data.get("value_groups"), len(groups))
        # What a value holds besides its length and entries follows from the entries, as in `value`:
        # derived here per group, not stored.
        plains = [plain(group) for group in groups]
        plans = [simple_plan(group) for group in groups]
        values: tuple[Value, ...] = tuple(
            zip(
                value_sizes,
                [plains[i] for i in value_groups],
                [plans[i] for i in value_groups],
                [groups[i] for i in value_groups],
                strict=True,
            )
        )
        words, codes = _column(data.get("words"), {str}), _indexes(data.get("codes"), len(values))
        next_id = data.get("next_id")
        if len(words) != len(codes) or not all(words) or type(next_id) is not int:
            raise ValueError("not a word list")
        return cls(tuple(words), tuple(codes), values, next_id)


# The types each entry field may have in the JSON form (suffixes: an index into `suffix_sets`).
_ENTRY_COLUMNS: dict[str, set[type]] = {
    "node": {int},
    "lang": {str},
    "compound": {str},
    "prefix": {bool},
    "exact": {str, type(None)},
    "proper": {bool},
    "label": {str, type(None)},
    "suffixes": {int},
    "twin": {int},
}


def _column(raw: Any, kinds: set[type]) -> list[Any]:
    """A JSON list whose items all have one of `kinds` (exactly: a bool is no int here), or ValueError."""
    if not isinstance(raw, list) or not set(map(type, raw)) <= kinds:
        raise ValueError("not a list of the expected type")
    return raw


def _indexes(raw: Any, size: int) -> list[int]:
    """A list of ints in range(size), or ValueError."""
    items = _column(raw, {int})
    if items and (min(items) < 0 or max(items) >= size):
        raise ValueError("index out of range")
    return items
