"""A light local guess whether a post is Dutch, English or mixed, from function words."""

from __future__ import annotations

import regex

_WORD = regex.compile(r"\p{L}+(?:'\p{L}+)?")

DUTCH = frozenset(
    "de het een en van ik je jij u ge gij wij we zij ze niet wel dat die dit deze is zijn was waren "
    "heb hebt heeft hebben met voor op aan bij naar uit om ook maar nog al of als dan want dus er "
    "hier daar wat wie waar hoe waarom geen mijn jouw onze ons hun haar zijn kan kun kunnen moet "
    "moeten wordt worden werd zal zullen zou nu toch even heel erg echt gewoon vandaag morgen "
    "gisteren mee tegen over door na tot zonder zo veel meer allemaal iedereen niets niks iets "
    "altijd nooit ja nee goed".split()
)
ENGLISH = frozenset(
    "the a an and of i you he she we they it not is are was were be been have has had with for on "
    "at to from by about as but or if then so because there here what who where how why no my your "
    "our their his her its can could should must will would shall this that these those just very "
    "really today tomorrow yesterday all everyone nothing something always never yes good do does "
    "did get got into out up more".split()
)
# Words that are function words in both languages carry no evidence.
_SHARED = DUTCH & ENGLISH


def guess_language(text: str, default: str = "nl") -> tuple[str, bool]:
    """Return (language, mixed): 'nl' or 'en', and whether the text mixes both noticeably."""
    nl = en = 0
    # findall and casefold per word: the same words as casefolding each match, without match objects.
    for word in map(str.casefold, _WORD.findall(text[:20000])):
        if word in _SHARED:
            continue
        if word in DUTCH:
            nl += 1
        elif word in ENGLISH:
            en += 1
    if nl == en:
        return default, nl > 0
    language = "nl" if nl > en else "en"
    minority = min(nl, en)
    mixed = minority >= 2 and minority * 4 >= max(nl, en)
    return language, mixed
