"""Rule regexes compiled when first needed, with the required literals of their prefilter.

Compiling a few hundred patterns with the `regex` module is most of a cold ruleset load, and most
posts never reach most patterns (their keywords are absent or their prefilter says no). Patterns of
packs that were already checked (from the parsed-pack cache) are therefore compiled on first use;
patterns from files seen for the first time are compiled at load, so a broken one is reported there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from rules.prefilter import required_literals, spaced_literals


class LazyPattern:
    """A `regex` pattern that compiles itself on first use (at most a harmless second time in a race)."""

    __slots__ = ("_compiled", "_prefixes", "_spaced", "prefilter", "source")

    def __init__(self, source: str, compiled: Any = None, prefilter: bool = True) -> None:
        self.source = source
        self.prefilter = prefilter
        self._compiled = compiled
        self._prefixes: tuple[str, ...] | bool | None = False  # False: not derived yet
        self._spaced: tuple[str, ...] | bool | None = False

    @property
    def compiled(self) -> Any:
        """The compiled `regex` pattern."""
        if self._compiled is None:
            self._compiled = regex.compile(self.source)
        return self._compiled

    @property
    def prefixes(self) -> tuple[str, ...] | None:
        """Lower-case literals one of which occurs in every match (rules/prefilter.py); None: always run."""
        if self._prefixes is False:
            self._prefixes = required_literals(self.source) if self.prefilter else None
        return self._prefixes  # type: ignore[return-value]

    @property
    def spaced_prefixes(self) -> tuple[str, ...] | None:
        """Like `prefixes`, for a text whose only white space is single spaces (rules/prefilter.py)."""
        if self._spaced is False:
            self._spaced = spaced_literals(self.source) if self.prefilter else None
        return self._spaced  # type: ignore[return-value]

    def finditer(self, text: str, **options: Any) -> Iterator[Any]:
        """`regex.Pattern.finditer`."""
        return self.compiled.finditer(text, **options)  # type: ignore[no-any-return]

    def search(self, text: str, **options: Any) -> Any:
        """`regex.Pattern.search`."""
        return self.compiled.search(text, **options)

    def __repr__(self) -> str:
        return f"LazyPattern({self.source!r})"


def compile_patterns(patterns: Any) -> int:
    """Compile every pattern (and derive its prefixes) now; returns how many. For a background warm-up."""
    count = 0
    for pattern in patterns:
        if isinstance(pattern, LazyPattern):
            pattern.compiled  # noqa: B018 - the property compiles
            pattern.prefixes  # noqa: B018
            pattern.spaced_prefixes  # noqa: B018
            count += 1
    return count
