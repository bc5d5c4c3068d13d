"""Runs of digit groups ("1234.56.789", "85.07.30-033.28", "4111 1111 1111 1111") and the numbers in them.

A run is a maximal stretch of ASCII digit groups joined by one separator each. Matching is linear: the
pattern has no nested ambiguity and `finditer` resumes after each run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rules.entities.model import MAX_CANDIDATES

_RUN = re.compile(r"[0-9]+(?:[ .\-/][0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
_SEPARATORS = re.compile(r"[^0-9]")
# Longer runs are tables or noise; looking inside them costs time and finds nothing useful.
_MAX_GROUPS = 16


@dataclass(frozen=True)
class Candidate:
    """A number inside a run: its span, its digits, its group lengths, and whether it is the whole run."""

    start: int
    end: int
    digits: str
    groups: tuple[int, ...]
    separators: str
    whole: bool


def _attached(text: str, index: int) -> bool:
    """True when the character at `index` glues a run to a word (a letter, digit or underscore)."""
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


def candidates(text: str, min_digits: int, max_digits: int, max_window: int = 6) -> Iterator[Candidate]:
    """Numbers of `min_digits`..`max_digits` digits: whole runs, then windows of consecutive groups."""
    produced = 0
    for run in _RUN.finditer(text):
        if produced >= MAX_CANDIDATES:
            return
        if run.end() - run.start() < min_digits:
            continue  # most runs are a year, a time or an amount: too short to hold a candidate
        body = run.group()
        if len(body) > 24 * _MAX_GROUPS:
            continue  # a table or noise, not a number someone typed
        parts = _GROUP.findall(body)
        if len(parts) > _MAX_GROUPS:
            continue
        seps = _SEPARATORS.findall(body)
        offsets = [run.start()]
        for part, sep in zip(parts, seps, strict=False):
            offsets.append(offsets[-1] + len(part) + len(sep))
        # A run glued to letters ("NL57 1234", "AB123456789") is part of another code: drop that edge group.
        first = 1 if _attached(text, run.start() - 1) else 0
        last = len(parts) - 1 if _attached(text, run.end()) else len(parts)
        for i in range(first, last):
            total = 0
            for j in range(i, min(last, i + max_window)):
                total += len(parts[j])
                if total > max_digits:
                    break
                if total < min_digits:
                    continue
                produced += 1
                yield Candidate(
                    start=offsets[i],
                    end=offsets[j] + len(parts[j]),
                    digits="".join(parts[i : j + 1]),
                    groups=tuple(len(p) for p in parts[i : j + 1]),
                    separators="".join(seps[i:j]),
                    whole=(i == 0 and j == len(parts) - 1),
                )
