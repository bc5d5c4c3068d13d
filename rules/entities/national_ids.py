"""Dutch citizen service numbers (BSN) and Belgian national register numbers (rijksregisternummer)."""

from __future__ import annotations

from stdnum.be import nn
from stdnum.exceptions import ValidationError
from stdnum.nl import bsn

from rules.entities import context_words
from rules.entities.digit_runs import candidates
from rules.entities.model import DetectorContext, EntityMatch, clamp, without_overlaps
from rules.entities.nearby import WordList, near_in_sentences
from rules.entities.previews import mask_digits

# BSN: 9 digits passing the 11-test. Nine digits pass it by chance one time in eleven (order numbers,
# tracking codes), so without a context word the confidence stays below the engine's 0.5 threshold.
BSN_WITH_CONTEXT = 0.9
BSN_WITHOUT_CONTEXT = 0.4
# RRN: the dotted form YY.MM.DD-XXX.CC is distinctive on its own; plain 11 digits are not.
RRN_WITH_CONTEXT = 0.95
RRN_DISTINCTIVE = 0.7
RRN_PLAIN = 0.4
PUBLIC = 0.1

_RRN_SHAPES = ((2, 2, 2, 3, 2), (6, 3, 2))


def _digits_of(values: tuple[str, ...]) -> set[str]:
    """The digit strings of the organisation's published numbers."""
    return {"".join(ch for ch in v if ch.isdigit()) for v in values}


def _has_context(text: str, start: int, end: int, words: WordList, strong: WordList) -> bool:
    """Any context word close by, or a word naming the number in the same or the neighbouring sentence."""
    return near_in_sentences(text, start, end, words, before=60, after=40) or near_in_sentences(
        text, start, end, strong
    )


def detect_bsn(text: str, context: DetectorContext) -> list[EntityMatch]:
    """Valid BSNs (11-test); confident only with a BSN context word nearby."""
    public = _digits_of(context.public_numbers)
    found = []
    for cand in candidates(text, 8, 9):
        # Eight digits are a BSN written without its leading zero; only trust that as a whole number.
        if (len(cand.digits) == 8 and not cand.whole) or not bsn.is_valid(cand.digits):
            continue
        has_context = _has_context(text, cand.start, cand.end, context_words.BSN, context_words.BSN_STRONG)
        if not has_context and (len(cand.digits) == 8 or not cand.whole):
            continue
        confidence = BSN_WITH_CONTEXT if has_context else BSN_WITHOUT_CONTEXT
        if cand.digits.zfill(9) in public or cand.digits in public:
            confidence = PUBLIC
        preview = "BSN " + mask_digits(text[cand.start : cand.end], keep_last=2)
        found.append(EntityMatch("bsn", cand.start, cand.end, clamp(confidence), preview))
    return without_overlaps(found)


def _plausible_rrn(digits: str) -> bool:
    """True for a valid national number with a real birth date (either century)."""
    try:
        return nn.is_valid(digits) and nn.get_birth_date(digits) is not None
    except (ValidationError, ValueError):
        return False


def detect_rrn(text: str, context: DetectorContext) -> list[EntityMatch]:
    """Valid Belgian national register numbers (mod 97, pre- and post-2000, real birth date)."""
    public = _digits_of(context.public_numbers)
    found = []
    for cand in candidates(text, 11, 11, max_window=5):
        if not _plausible_rrn(cand.digits):
            continue
        has_context = _has_context(text, cand.start, cand.end, context_words.RRN, context_words.RRN_STRONG)
        distinctive = cand.groups in _RRN_SHAPES
        if has_context:
            confidence = RRN_WITH_CONTEXT
        elif not cand.whole:
            continue
        else:
            confidence = RRN_DISTINCTIVE if distinctive else RRN_PLAIN
        if cand.digits in public:
            confidence = PUBLIC
        preview = "RRN " + mask_digits(text[cand.start : cand.end], keep_last=2)
        found.append(EntityMatch("rrn", cand.start, cand.end, clamp(confidence), preview))
    return without_overlaps(found)
