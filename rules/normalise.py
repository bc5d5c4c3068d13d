"""Text views with offset maps: rules match a normalised view and report offsets into the original.

Views (docs/rule-format.md):
- `nfkc_view`: NFKC per character cluster (full-width and mathematical letters, ligatures, decomposed
  accents, NBSP and other spaces become a space). Digits, separators, punctuation and case stay, so
  entity detectors and case-sensitive patterns read this view.
- `folded_view`: the NFKC view, then invisible characters dropped, look-alike letters folded to Latin,
  casefolded, spaced-out letters joined and leetspeak inside words undone. `fold_keyword` runs the very
  same steps on a keyword, so keyword lists and posts meet in one space. Accents stay (ë is not e).

Offsets: `View.origin[i]` is the index in the original text of the character that produced view
character i, with one extra final entry equal to len(original). `View.to_original` maps a view span
back; a span also covers what the view dropped right after its last character (combining marks,
zero-width characters, the separators of spaced-out letters), so a grapheme is never cut in two.

Folding choices (each one is tested in tests/rules/test_normalise.py):
- Look-alikes (rules/confusables.py) are folded in a word that holds a Latin letter or is made of
  look-alikes only, so a genuinely Cyrillic or Greek word ("привет") stays as it is.
- Combining marks that NFKC cannot compose onto a Latin letter or digit (strike-through, "zalgo",
  keycap) are dropped, as are default-ignorable code points (zero-width space and joiners, soft
  hyphen, BOM, bidi controls, variation selectors; emoji ZWJ sequences fall apart, harmlessly).
- Leetspeak: a run of up to three of 0 1 3 4 5 7 @ $ ! between two letters, in a token with at least as
  many letters as other characters, becomes letters (w@chtw00rd, e1kel, h4x0r). Never at the edge of a
  token, so numbers, units and codes stay as typed (0612345678, Q3, 2026, 3e, 1ste, covid19, 12u30,
  b2b); an '@' inside an e-mail address stays. '1' always reads as 'i'. Tokens such as API keys
  get folded too, so patterns for secrets and codes should read the nfkc view.
- Spaced-out letters: a run of single letters or digits separated by one space, '.', '-', '_', '*' or
  '·' is joined when it holds at least 3 letters and more letters than digits, and at least 4 items
  when only spaces separate them (3 otherwise): "g e h e i m", "w.a.c.h.t", "m 0 n g 0 l e n" are
  joined; "I a m", "a b", "k u t" and the PIN "5 9 0 3" are not.

Every function takes any str (lone surrogates, NUL, 1 MB) and runs in linear time.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from rules.confusables import LEET, LOOKALIKES


@dataclass(frozen=True)
class View:
    """A derived text and, per character, where it came from in the original (plus a final len entry)."""

    text: str
    origin: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the view span [start, end) to the original span that produced it."""
        origin = self.origin
        size = len(origin) - 1
        if 0 <= start < end <= size:  # the usual case, without clamping: the same answer, faster
            first, last, after = origin[start], origin[end - 1], origin[end]
            if after > last:
                return first, after
        start = min(max(start, 0), size)
        end = min(max(end, start), size)
        first = origin[start]
        if end == start:
            return first, first
        last = origin[end - 1]
        # The span ends where the next original character starts; skip view characters that came
        # from the same original one (ß -> ss, ﬁ -> fi) so it is never cut in two.
        stop = end if origin[end] > last else bisect_right(origin, last, end)
        return first, origin[stop]


_Edit = tuple[int, int, str]  # replace view[start:stop] by a string whose characters all map to start

# Where NFKC may change the text: a character NFKC replaces, or marks that may compose with the one before.
_NFKC_CLUSTER = regex.compile(r"(\p{NFKC_QC=N})[\p{M}\p{NFKC_QC=M}]*|[\p{M}\p{NFKC_QC=M}]+")
_INVISIBLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")
_INVISIBLE_OR_MARKS = regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Mn}\p{Me}]+")
_LATIN_OR_DIGIT = regex.compile(r"[\p{Latin}\p{Nd}]")
_LATIN = regex.compile(r"\p{Latin}")
_WORD_HEAD = regex.compile(r"(?r)[\p{L}\p{M}]*")  # reverse: the letters before a position
_WORD_TAIL = regex.compile(r"[\p{L}\p{M}]*")
_LOOKALIKE = re.compile("[" + "".join(re.escape(ch) for ch in LOOKALIKES) + "]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Separator, item, separator, item not followed by a letter or digit: every spaced-out run of 3+
# items has one right after its first item, and ordinary prose rarely does.
_SPACED_HINT = re.compile(r"[ ._\-*·][^\W_][ ._\-*·][^\W_](?![^\W_])")
_SPACED = re.compile(r"(?<!\w)(?<!\w['’])[^\W_](?:[ ._\-*·][^\W_]){2,}")
_LEET_RUN = regex.compile(r"(?<=\p{L})[013457@$!]{1,3}(?=\p{L})")
_TOKEN_HEAD = regex.compile(r"(?r)[\p{L}\p{N}@$!]*")
_TOKEN_TAIL = regex.compile(r"[\p{L}\p{N}@$!]*")
_WORDS = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=64)
def _cached_identity_origin(size: int) -> tuple[int, ...]:
    return tuple(range(size + 1))


def _identity_origin(size: int) -> tuple[int, ...]:
    # Building the tuple costs more than the rest of an ASCII post's folding; posts repeat lengths.
    return _cached_identity_origin(size) if size <= 4096 else tuple(range(size + 1))


def _identity(text: str) -> View:
    return View(text, _identity_origin(len(text)))


def _rewrite(view: View, edits: list[_Edit]) -> View:
    """Apply sorted, non-overlapping edits, copying the origin of untouched stretches."""
    if not edits:
        return view
    text, origin = view.text, view.origin
    parts: list[str] = []
    pos = 0
    if all(stop - start == 1 and len(replacement) == 1 for start, stop, replacement in edits):
        for start, _, replacement in edits:  # letters swapped one for one: offsets stay as they are
            parts.append(text[pos:start])
            parts.append(replacement)
            pos = start + 1
        parts.append(text[pos:])
        return View("".join(parts), origin)
    new_origin: list[int] = []
    for start, stop, replacement in edits:
        parts.append(text[pos:start])
        parts.append(replacement)
        new_origin.extend(origin[pos:start])
        new_origin.extend([origin[start]] * len(replacement))
        pos = stop
    parts.append(text[pos:])
    new_origin.extend(origin[pos:])  # includes the final len(original) entry
    return View("".join(parts), tuple(new_origin))


def raw_view(text: str) -> View:
    """The text itself, as a view (for rules that read the raw text)."""
    return _identity(text)


def nfkc_view(text: str) -> View:
    """NFKC per cluster with offsets; case, digits, separators and punctuation stay."""
    if unicodedata.is_normalized("NFKC", text):
        return _identity(text)
    edits: list[_Edit] = []
    for match in _NFKC_CLUSTER.finditer(text):
        start, stop = match.span()
        if match.group(1) is None and start > 0:
            start -= 1  # marks compose with the character before them (e + U+0308 -> ë)
        cluster = text[start:stop]
        normal = unicodedata.normalize("NFKC", cluster)
        if normal == cluster:
            continue
        pieces = [unicodedata.normalize("NFKC", ch) for ch in cluster]
        if len(cluster) > 1 and "".join(pieces) == normal:
            # The characters normalise one by one (a full-width letter and a mark that does not
            # compose with it): keep their offsets apart.
            edits.extend((start + i, start + i + 1, p) for i, p in enumerate(pieces) if p != cluster[i])
        else:
            edits.append((start, stop, normal))
    return _rewrite(_identity(text), edits)


def _strip_invisible(view: View) -> View:
    """Drop default-ignorable code points, and combining marks NFKC left stranded on Latin letters."""
    text = view.text
    edits: list[_Edit] = []
    for match in _INVISIBLE_OR_MARKS.finditer(text):
        start, stop = match.span()
        if start > 0 and _LATIN_OR_DIGIT.match(text[start - 1]):
            edits.append((start, stop, ""))
        else:  # marks on other letters (Arabic vowels, emoji) stay; invisible characters go
            edits.extend((i, i + 1, "") for i in range(start, stop) if _INVISIBLE.match(text[i]))
    return _rewrite(view, edits)


def _fold_lookalikes(view: View) -> View:
    """Replace look-alike letters in words that hold a Latin letter or consist of look-alikes only."""
    text = view.text
    edits: list[_Edit] = []
    word_end = 0
    fold = False
    for match in _LOOKALIKE.finditer(text):
        index = match.start()
        if index >= word_end:  # a new word: judge it once
            head, tail = _WORD_HEAD.match(text, word_end, index), _WORD_TAIL.match(text, index)
            word_end = tail.end() if tail else index + 1
            word = text[head.start() if head else index : word_end]
            fold = bool(_LATIN.search(word)) or all(ch in LOOKALIKES for ch in word if ch.isalpha())
        if fold:
            edits.append((index, index + 1, LOOKALIKES[text[index]]))
    return _rewrite(view, edits)


def _casefold(view: View) -> View:
    """Casefold, mapping characters that grow (ß -> ss) onto the one they came from."""
    text = view.text
    if text.isascii():
        return View(text.lower(), view.origin)
    folded = text.casefold()
    if len(folded) == len(text):  # every character folds to at least one, so this means one to one
        return View(folded, view.origin)
    edits = [(m.start(), m.end(), m.group().casefold()) for m in _NON_ASCII.finditer(text)]
    grown = _rewrite(view, [edit for edit in edits if len(edit[2]) != 1])
    refolded = grown.text.casefold()  # casefolding is idempotent, so the grown parts stay put
    return View(refolded, grown.origin) if len(refolded) == len(grown.text) else grown


def _join_spaced(view: View) -> View:
    """Drop the separators of spaced-out letters ("g e h e i m" -> "geheim")."""
    text = view.text
    edits: list[_Edit] = []
    pos = 0
    while hint := _SPACED_HINT.search(text, pos):
        at = hint.start()
        match = (_SPACED.match(text, at - 1) if at else None) or _SPACED.match(text, at + 1)
        if match is None:
            pos = at + 1
            continue
        start, stop = match.span()
        pos = stop
        if stop < len(text) and text[stop].isalnum():
            stop -= 2  # the last "item" starts a longer word
        items, separators = text[start:stop:2], text[start + 1 : stop : 2]
        letters = sum(map(str.isalpha, items))
        if len(items) < (4 if separators.strip(" ") == "" else 3) or letters < 3 or letters * 2 <= len(items):
            continue
        edits.extend((i, i + 1, "") for i in range(start + 1, stop, 2))
    return _rewrite(view, edits)


def _fold_leet(view: View) -> View:
    """Undo leetspeak runs between letters, in tokens that are mostly letters and not e-mail addresses."""
    text = view.text
    edits: list[_Edit] = []
    token_end = 0
    wordlike = False
    for match in _LEET_RUN.finditer(text):
        start, stop = match.span()
        if start >= token_end:  # a new token: measure it once
            head, tail = _TOKEN_HEAD.match(text, token_end, start), _TOKEN_TAIL.match(text, stop)
            token_end = tail.end() if tail else stop
            token = text[head.start() if head else start : token_end]
            wordlike = sum(map(str.isalpha, token)) * 2 >= len(token)
        if not wordlike:
            continue
        if (
            "@" in match.group()
            and text[token_end : token_end + 1] == "."
            and text[token_end + 1 : token_end + 2].isalpha()
        ):
            continue  # an e-mail address: name@domain.tld
        edits.extend((i, i + 1, LEET[text[i]]) for i in range(start, stop))
    return _rewrite(view, edits)


def folded_view(text: str) -> View:
    """The view keywords and most patterns match: NFKC, invisibles dropped, look-alikes, case, spacing, leet."""
    if text.isascii():  # nothing to normalise, drop or look alike; lower() is casefold here
        view = View(text.lower(), _identity_origin(len(text)))
    else:
        view = nfkc_view(text)
        if not view.text.isascii():
            view = _fold_lookalikes(_strip_invisible(view))
        view = _casefold(view)
    return _fold_leet(_join_spaced(view))


_LEET_CHARS = frozenset(LEET)


def fold_keyword(word: str) -> str:
    """Fold a keyword exactly as `folded_view` folds a post, so both meet in the same space."""
    if word.isascii() and _LEET_CHARS.isdisjoint(word) and _SPACED_HINT.search(word) is None:
        return word.lower()  # the common case (most client names): nothing but case to fold
    return folded_view(word).text


def utf16_offset(text: str, index: int) -> int:
    """The UTF-16 code-unit offset (what JavaScript uses) of code-point offset `index` in `text`."""
    index = min(max(index, 0), len(text))
    if text.isascii():
        return index
    return len(text[:index].encode("utf-16-le", "surrogatepass")) // 2


def utf16_offsets(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Convert many code-point spans to UTF-16 spans, scanning the text once."""
    size = len(text)
    clamped = [(min(max(s, 0), size), min(max(e, 0), size)) for s, e in spans]
    if text.isascii():
        return clamped
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    if not astral:
        return clamped
    return [(s + bisect_left(astral, s), e + bisect_left(astral, e)) for s, e in clamped]


def python_offset_from_utf16(text: str, u16: int) -> int:
    """The code-point offset for UTF-16 offset `u16`; inside a surrogate pair, the character's start."""
    u16 = max(u16, 0)
    if text.isascii():
        return min(u16, len(text))
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    # Astral character k (k before it) occupies UTF-16 units [p + k, p + k + 2).
    ends = [p + k + 2 for k, p in enumerate(astral)]
    before = bisect_right(ends, u16)
    index = min(u16 - before, len(text))
    if before < len(astral) and astral[before] < index:
        index = astral[before]  # u16 points into the middle of this astral character's pair
    return index


def words(view_text: str) -> list[tuple[int, int]]:
    """Word spans: runs of letters, marks and digits, joined across inner apostrophes and hyphens."""
    return [m.span() for m in _WORDS.finditer(view_text)]


def word_index_at(spans: list[tuple[int, int]], offset: int) -> int:
    """Index of the word (from `words`) that contains `offset`, or of the first word after it."""
    return bisect_right(spans, offset, key=lambda span: span[1])
