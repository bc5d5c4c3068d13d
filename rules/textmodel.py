"""A small linear text model: weak evidence per category, learnt from labelled posts of several organisations.

Rules see what their authors thought of; the model adds what the labelled sets have in common: word and
character n-grams of the post after the organisation's own names are replaced by placeholders ("xorgx",
"xclientx", ...), so what it learns carries over to an organisation it was never shown. It only gives a
probability per category; a rule with a `model` node decides what is done with it (docs/text-model.md).

Files of a model (a folder in the pack, written by `scripts/train_text_model.py`):
- `model.json`: format, categories, intercepts, how it was trained (sets, sizes, cross-validated scores);
- `features.txt`: one feature per line, in the order of the rows of the weight matrix;
- `weights.npy`: float32 matrix, features x categories (read with `allow_pickle=False`: never code).

Features are counted: each word ("w:"), each two consecutive words ("b:") and the 3-5 letter pieces of
each word padded with a space ("c:"); a third block holds the pack's word lists that have a hit in the
post ("l:employer-criticism-refs"), once each: the concepts the rule writers collected (employer
references, judgements, anger, ...) carry over to wording the n-grams never saw. Each of the three blocks
is divided by the square root of how many known features it holds, exactly as in training. Counting rather than
de-duplicating lets a word's pieces be looked up once and remembered, which keeps scoring near 0.05 ms.
Post text never leaves memory; the model holds no text of the sets, only n-grams with a document
frequency of at least two.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

# The model sums a few hundred rows of 12 numbers per post: BLAS threads only cost (they spin on the
# proxy's 2 cores after every call). Effective when numpy is first imported here, as in the proxy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import regex

from rules.errors import RulePackError
from rules.model import CATEGORIES
from rules.normalise import folded_view

FORMAT = 1
# What an org-list mention becomes before the model reads the post.
PLACEHOLDERS = {
    "names": "xorgx",
    "clients": "xclientx",
    "confidential_terms": "xcodex",
    "internal_domains": "xhostx",
}
CHAR_SIZES = (3, 4, 5)
MAX_REMEMBERED_WORDS = 200_000  # bounds the per-word lookup caches
MODEL_FILES = ("model.json", "features.txt", "weights.npy")

_WORD = regex.compile(r"\w+")
_URL = regex.compile(r"(?:https?://|www\.)\S+")
_DIGIT = regex.compile(r"\d")
_SENTENCE_END = regex.compile(r"[.!?…]+(?=\s)|\n+")


def prepare(text: str, mentions: Iterable[tuple[int, int, str]] = (), folded: str | None = None) -> str:
    """The text as the model reads it: org mentions as placeholders, folded, links and digits neutral.

    `mentions` are (start, end, org list) spans in `text`; overlapping ones keep the first and longest.
    `folded`: `folded_view(text).text` when the caller has it already (used when no mention applies).
    """
    parts = []
    position = 0
    for start, end, name in sorted(mentions, key=lambda m: (m[0], -m[1])):
        if start < position or name not in PLACEHOLDERS:
            continue
        parts.append(text[position:start])
        parts.append(f" {PLACEHOLDERS[name]} ")
        position = end
    if parts or folded is None:  # with no placeholder the text is `text` itself, folded as given
        parts.append(text[position:])
        folded = folded_view("".join(parts)).text
    return _DIGIT.sub("0", _URL.sub(" xurlx ", folded))


def _pieces(word: str) -> tuple[str, ...]:
    """The 3-5 letter pieces of one word padded with spaces (a short word is one piece)."""
    padded = f" {word} "
    size = len(padded)
    if size < CHAR_SIZES[0]:
        return (f"c:{padded}",)
    return tuple(f"c:{padded[i : i + n]}" for n in CHAR_SIZES if n <= size for i in range(size - n + 1))


def features(prepared: str, concepts: Iterable[str] = ()) -> tuple[list[str], list[str], list[str]]:
    """The three feature blocks of a prepared text: words and word pairs and letter pieces (with
    repeats), and the word lists with a hit (`concepts`, once each, sorted)."""
    found = _WORD.findall(prepared)
    word_block = [f"w:{w}" for w in found]
    word_block.extend(f"b:{a} {b}" for a, b in pairwise(found))
    char_block: list[str] = []
    for word in found:
        char_block.extend(_pieces(word))
    return word_block, char_block, [f"l:{name}" for name in sorted(set(concepts))]


@dataclass(frozen=True, eq=False)
class TextModel:
    """Weights of one trained model; `probabilities` is pure and thread-safe."""

    categories: tuple[str, ...]
    index: dict[str, int]
    weights: Any  # numpy float32 array, len(index) x len(categories)
    intercepts: Any  # numpy float64 array, len(categories)
    info: dict[str, Any]
    source: str
    digest: str  # of the three files, for the ruleset version
    # hash(word) -> (its "w:" row as floats or None, the rows of its known letter pieces added up or
    # None, how many pieces), filled as words are met; and single rows as floats (word pairs). Keyed by
    # the word's hash (64 bits, salted per process), not the word: the caches hold numbers only, never
    # text a post brought (a collision among 200,000 words is a ~1e-9 chance). Plain tuples: adding 40
    # rows of 12 numbers with zip/sum is several times faster than numpy's per-call overhead at this size.
    _sums: dict[int, tuple[tuple[float, ...] | None, tuple[float, ...] | None, int]] = field(
        default_factory=dict, repr=False
    )
    _floats: dict[int, tuple[float, ...]] = field(default_factory=dict, repr=False)

    def _row(self, row: int) -> tuple[float, ...]:
        known = self._floats.get(row)
        if known is None:
            known = tuple(float(x) for x in self.weights[row])
            if len(self._floats) < MAX_REMEMBERED_WORDS:
                self._floats[row] = known
        return known

    def _summed(self, word: str) -> tuple[tuple[float, ...] | None, tuple[float, ...] | None, int]:
        key = hash(word)
        known = self._sums.get(key)
        if known is None:
            index = self.index
            row = index.get(f"w:{word}", -1)
            pieces = [i for i in map(index.get, _pieces(word)) if i is not None]
            added = tuple(self.weights[pieces].sum(axis=0, dtype=np.float64).tolist()) if pieces else None
            known = (self._row(row) if row >= 0 else None, added, len(pieces))
            if len(self._sums) < MAX_REMEMBERED_WORDS:
                self._sums[key] = known
        return known

    def logits(self, prepared: str, concepts: Iterable[str] = ()) -> list[float]:
        """Log-odds per category: intercept plus each feature block's rows (with repeats) added up and
        divided by the square root of their number; added up here from remembered per-word sums."""
        found = _WORD.findall(prepared)
        word_vectors: list[tuple[float, ...]] = []
        piece_vectors: list[tuple[float, ...]] = []
        pieces = 0
        for word in found:
            row, added, count = self._sums.get(hash(word)) or self._summed(word)
            if row is not None:
                word_vectors.append(row)
            if added is not None:
                piece_vectors.append(added)
                pieces += count
        index = self.index
        for first, second in pairwise(found):
            pair = index.get(f"b:{first} {second}")
            if pair is not None:
                word_vectors.append(self._row(pair))
        concept_vectors = [
            self._row(row)
            for row in map(index.get, (f"l:{name}" for name in set(concepts)))
            if row is not None
        ]
        total = [float(x) for x in self.intercepts]
        for vectors, count in (
            (word_vectors, len(word_vectors)),
            (piece_vectors, pieces),
            (concept_vectors, len(concept_vectors)),
        ):
            if count:
                scale = 1.0 / math.sqrt(count)
                total = [
                    t + s * scale for t, s in zip(total, map(sum, zip(*vectors, strict=True)), strict=True)
                ]
        return total

    def probabilities(self, prepared: str, concepts: Iterable[str] = ()) -> dict[str, float]:
        """Probability per category that the post belongs to it."""
        logits = self.logits(prepared, concepts)
        return {c: 1.0 / (1.0 + math.exp(-x)) for c, x in zip(self.categories, logits, strict=True)}

    def strongest(self, category: str, pieces: Sequence[tuple[str, Iterable[str]]]) -> int:
        """Which of several pieces of a post (sentences: prepared text and concepts) weighs most for
        `category`."""
        column = self.categories.index(category)
        return max(range(len(pieces)), key=lambda number: self.logits(*pieces[number])[column])


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a text (ends at . ! ? … followed by a space, and at line breaks)."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.end()].strip():
            spans.append((start, match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), s + len(text[s:e].rstrip())) for s, e in spans]


def load_text_model(folder: Path) -> TextModel:
    """Read a model folder; any problem names the file and what is wrong."""
    meta_file = folder / "model.json"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulePackError(str(meta_file), f"cannot read the text model: {exc.strerror}") from None
    except ValueError as exc:
        raise RulePackError(str(meta_file), f"not valid JSON: {exc}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise RulePackError(str(meta_file), f"unknown text model format (expected {FORMAT})", field="format")
    categories = meta.get("categories")
    if not isinstance(categories, list) or not categories or not set(categories) <= set(CATEGORIES):
        raise RulePackError(str(meta_file), "categories must be a list of taxonomy ids", field="categories")
    intercepts = meta.get("intercepts")
    if not isinstance(intercepts, list) or len(intercepts) != len(categories):
        raise RulePackError(str(meta_file), "one intercept per category expected", field="intercepts")
    names_file, weights_file = folder / "features.txt", folder / "weights.npy"
    try:
        names_bytes = names_file.read_bytes()
        names = names_bytes.decode("utf-8").split("\n")
        weights = np.load(weights_file, allow_pickle=False)
    except OSError as exc:
        raise RulePackError(
            str(exc.filename or folder), f"cannot read the text model: {exc.strerror}"
        ) from None
    except UnicodeDecodeError as exc:
        raise RulePackError(str(names_file), f"not UTF-8: {exc}") from None
    except ValueError as exc:
        raise RulePackError(str(weights_file), f"not a weight matrix: {exc}") from None
    if names and names[-1] == "":
        names.pop()
    if weights.ndim != 2 or weights.shape != (len(names), len(categories)):
        raise RulePackError(
            str(weights_file),
            f"shape {weights.shape} does not fit {len(names)} features x {len(categories)} categories",
        )
    return TextModel(
        categories=tuple(categories),
        index={name: i for i, name in enumerate(names)},
        weights=weights.astype(np.float32, copy=False),
        intercepts=np.asarray(intercepts, dtype=np.float64),
        info={k: v for k, v in meta.items() if k not in ("intercepts",)},
        source=str(folder),
        digest=hashlib.sha256(
            json.dumps(meta, sort_keys=True).encode() + names_bytes + weights.tobytes()
        ).hexdigest()[:16],
    )
