"""`guess_language` counts the same words as casefolding each match of its word pattern."""

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.language import _SHARED, _WORD, DUTCH, ENGLISH, guess_language

WORDS = st.sampled_from(
    ["de", "the", "HET", "İk", "we", "We're", "m'n", "STRAßE", "and", "niet", "!", " ", "\n"]
)


def _counts_per_match(text: str) -> tuple[int, int]:
    nl = en = 0
    for match in _WORD.finditer(text[:20000]):
        word = match.group().casefold()
        if word in _SHARED:
            continue
        nl += word in DUTCH
        en += word not in DUTCH and word in ENGLISH
    return nl, en


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=40).map(" ".join))
def test_the_guess_follows_the_per_match_counts(text: str) -> None:
    nl, en = _counts_per_match(text)
    language, mixed = guess_language(text, default="nl")
    if nl == en:
        assert (language, mixed) == ("nl", nl > 0)
    else:
        assert language == ("nl" if nl > en else "en")
        assert mixed == (min(nl, en) >= 2 and min(nl, en) * 4 >= max(nl, en))
