"""Text views: what each fold does, that offsets lead back to the original, and that nothing raises."""

from __future__ import annotations

import time
import unicodedata
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules.confusables import LOOKALIKES
from rules.normalise import (
    View,
    fold_keyword,
    folded_view,
    nfkc_view,
    python_offset_from_utf16,
    raw_view,
    utf16_offset,
    utf16_offsets,
    word_index_at,
    words,
)

FOLDED = [
    ("ｂｓｎ ｎｕｍｍｅｒ", "bsn nummer"),  # full-width
    ("𝐁𝐒𝐍 𝐧𝐮𝐦𝐦𝐞𝐫", "bsn nummer"),  # mathematical bold
    ("ﬁnancieel", "financieel"),  # ligature
    ("patie\u0308nt", "patiënt"),  # decomposed accent composes; the accent stays
    ("vеrtrouwеlijk", "vertrouwelijk"),  # Cyrillic е
    ("ΗΕLLO", "hello"),  # Greek capitals
    ("ᴡᴀᴄʜᴛᴡᴏᴏʀᴅ", "wachtwoord"),  # small capitals
    ("ver\u200btrouwe\u00adlijk", "vertrouwelijk"),  # zero-width space, soft hyphen
    ("\ufeffge\u200dheim\u200f", "geheim"),  # BOM, joiner, RTL mark
    ("g\u0336e\u0336h\u0336e\u0336i\u0336m\u0336", "geheim"),  # strike-through marks
    ("w@chtw00rd", "wachtwoord"),
    ("W@CHTW00RD!", "wachtwoord!"),  # a '!' ending a word stays
    ("je bent een e1kel", "je bent een eikel"),
    ("h4x0r l33t", "haxor leet"),
    ("Straße", "strasse"),
    ("g e h e i m", "geheim"),
    ("w.a.c.h.t.w.o.o.r.d", "wachtwoord"),
    ("k.u.t", "kut"),
    ("g_e_h_e_i_m_ en g*e*h*e*i*m", "geheim_ en geheim"),
    ("Z e e m e e u w gaat door", "zeemeeuw gaat door"),
    ("vol m 0 n g 0 l e n en", "vol mongolen en"),
    ("een i d i o o t zeg", "een idioot zeg"),
    ("A-B-C-analyse", "abc-analyse"),
    # left as they are
    ("0612345678", "0612345678"),
    ("Q3 2026", "q3 2026"),
    ("de 3e keer, de 1ste, om 12u30", "de 3e keer, de 1ste, om 12u30"),
    ("covid19 b2b mp3 win10 5km", "covid19 b2b mp3 win10 5km"),
    ("mail info@havenstad.nl of @daantjevd", "mail info@havenstad.nl of @daantjevd"),
    ("Geweldig!! Top!", "geweldig!! top!"),
    ("it's 5 9 0 3 now", "it's 5 9 0 3 now"),  # a PIN: digits are not letters
    ("I a m", "i a m"),  # three spaced items: too few
    ("a b", "a b"),
    ("k u t", "k u t"),
    ("ab c d e f", "ab cdef"),  # 'ab' is a word, not an item
    ("привет", "привет"),  # a Cyrillic word stays Cyrillic
    ("сор", "cop"),  # ... unless it is made of look-alikes only
    ("patiënt één", "patiënt één"),
]


@pytest.mark.parametrize(("text", "expected"), FOLDED)
def test_folded_view_text(text: str, expected: str) -> None:
    assert folded_view(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ｂｓｎ", "bsn"),
        ("ﬁnancieel", "financieel"),
        ("patie\u0308nt", "patiënt"),
        ("BSN\u00a0123456782", "BSN 123456782"),  # NBSP
        ("bel 06\u202f12345678", "bel 06 12345678"),  # narrow NBSP
        ("BSN¹ ① ½", "BSN1 1 1⁄2"),
        ("0612345678 Q3 2026 w@chtw00rd", "0612345678 Q3 2026 w@chtw00rd"),
        ("vеrtrouwеlijk ver\u200btrouwelijk", "vеrtrouwеlijk ver\u200btrouwelijk"),  # NFKC only
        ("Straße", "Straße"),
    ],
)
def test_nfkc_view_text(text: str, expected: str) -> None:
    assert nfkc_view(text).text == expected


@pytest.mark.parametrize(
    ("text", "keyword", "original"),
    [
        ("Het vеrtrouwеlijk rapport", "vertrouwelijk", "vеrtrouwеlijk"),
        ("mijn w@chtw00rd is", "wachtwoord", "w@chtw00rd"),
        ("dit is g e h e i m hoor", "geheim", "g e h e i m"),
        ("dit is w.a.c.h.t.w.o.o.r.d.", "wachtwoord", "w.a.c.h.t.w.o.o.r.d"),
        ("ver\u200btrouwe\u00adlijk!", "vertrouwelijk", "ver\u200btrouwe\u00adlijk"),
        ("de Straße hier", "strasse", "Straße"),
        ("de Straße hier", "stras", "Straß"),  # a span ending inside ß covers the whole ß
        ("ﬁnancieel", "f", "ﬁ"),
        ("de patie\u0308nt", "patië", "patie\u0308"),  # the accent belongs to the e
        ("ｂｓｎ ｎｕｍｍｅｒ", "nummer", "ｎｕｍｍｅｒ"),
        ("🎉🎉 e1kel", "eikel", "e1kel"),
        (
            "g\u0336e\u0336h\u0336e\u0336i\u0336m\u0336 plan",
            "geheim",
            "g\u0336e\u0336h\u0336e\u0336i\u0336m\u0336",
        ),
    ],
)
def test_offsets_map_back_to_the_original(text: str, keyword: str, original: str) -> None:
    view = folded_view(text)
    at = view.text.index(keyword)
    start, end = view.to_original(at, at + len(keyword))
    assert text[start:end] == original


def test_to_original_edges() -> None:
    view = folded_view("Straße")
    assert view.origin == (0, 1, 2, 3, 4, 4, 5, 6)
    assert view.to_original(5, 6) == (4, 5)  # second s of ß
    assert view.to_original(3, 3) == (3, 3)  # empty span
    assert view.to_original(7, 7) == (6, 6)  # empty span at the end
    assert view.to_original(-5, 99) == (0, 6)  # clamped
    assert view.to_original(4, 2) == (4, 4)  # reversed becomes empty
    empty = folded_view("\u200b\u200b")
    assert empty.text == ""
    assert empty.to_original(0, 0) == (2, 2)


def test_fold_keyword_meets_the_text_in_the_same_space() -> None:
    assert fold_keyword("Wachtwoord") == "wachtwoord"
    assert fold_keyword("patie\u0308nt") == fold_keyword("patiënt") == "patiënt"
    assert fold_keyword("STRASSE") == fold_keyword("Straße")
    assert fold_keyword("B2B") == "b2b"
    assert fold_keyword("Q3") == "q3"
    assert fold_keyword("niet naar buiten") == "niet naar buiten"


def test_raw_view_is_the_identity() -> None:
    view = raw_view("a\u200bß")
    assert view.text == "a\u200bß"
    assert view.origin == (0, 1, 2, 3)


def test_utf16_offsets_with_emoji_before_the_match() -> None:
    text = "🎉👍🏽 geheim 😀 ok"
    start = text.index("geheim")
    end = start + len("geheim")
    u_start, u_end = utf16_offset(text, start), utf16_offset(text, end)
    units = text.encode("utf-16-le")
    assert units[u_start * 2 : u_end * 2].decode("utf-16-le") == "geheim"
    assert (u_start, u_end) == (start + 3, end + 3)
    assert utf16_offsets(text, [(start, end), (0, len(text))]) == [(u_start, u_end), (0, len(units) // 2)]
    assert python_offset_from_utf16(text, u_start) == start
    assert python_offset_from_utf16(text, 1) == 0  # inside the first surrogate pair: its start
    assert python_offset_from_utf16(text, 10_000) == len(text)
    assert utf16_offset("abc", 99) == 3 and utf16_offset("abc", -1) == 0


def test_utf16_counts_a_lone_surrogate_as_one_unit() -> None:
    text = "\ud800x😀y"
    assert [utf16_offset(text, i) for i in range(5)] == [0, 1, 2, 4, 5]


def test_words_and_word_index() -> None:
    text = "de klant's BSN-nummer, 06-12345678 en patiënt"
    spans = words(text)
    assert [text[s:e] for s, e in spans] == ["de", "klant's", "BSN-nummer", "06-12345678", "en", "patiënt"]
    assert word_index_at(spans, 0) == 0
    assert word_index_at(spans, text.index("nummer")) == 2
    assert word_index_at(spans, text.index(",")) == 3  # between words: the next one
    assert word_index_at(spans, len(text)) == len(spans)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\ud800",
        "a\udfffb\ud800",
        "\x00\x00geheim\x00",
        "\u202e\u200fgeheim\u202c",
        "👨\u200d👩\u200d👧\u200d👦 5\ufe0f\u20e3 ❤\ufe0f",
        "\u0308\u0308\u0308",
        "ﷺ ﷻ",  # very long NFKC expansions
        "ᄀ\u1161\u11a8",  # conjoining jamo compose into one syllable
    ],
)
def test_odd_text_never_raises(text: str) -> None:
    for view in (nfkc_view(text), folded_view(text)):
        check_view(text, view)


@pytest.mark.timeout(60)
def test_huge_and_adversarial_texts_run_in_linear_time() -> None:
    mixed = ("Straße vеrtrouwеlijk w@chtw00rd g e h e i m 👍 é\u200b ﬁ \ud800 " * 20_000)[:1_000_000]
    shapes = [
        mixed,
        "a1" * 100_000,
        "a " * 100_000 + "xx",
        "а" * 200_000,
        "e" + "\u0308" * 200_000,
        "ｂ" * 200_000,
    ]
    started = time.perf_counter()
    for text in shapes:
        check_view(text, folded_view(text))
        check_view(text, nfkc_view(text))
    # Quadratic behaviour on these would take minutes; linear takes a few seconds at most.
    assert time.perf_counter() - started < 30


def check_view(text: str, view: View) -> None:
    origin = view.origin
    assert len(origin) == len(view.text) + 1
    assert origin[-1] == len(text)
    assert all(0 <= a <= b for a, b in pairwise(origin))
    assert all(o < len(text) for o in origin[:-1])


ANY_TEXT = st.text(st.characters(exclude_categories=()))  # surrogates and unassigned code points too
TRICKY_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCZ0134572@$!|.-_* \n'’,"
TRICKY_CHARACTERS += "\u200b\u00ad\u200d\ufe0f\u0308\u0336\u00a0ßﬁｂİеоΗᴡ😀\ud800\x00\u202eéёᄀ\u1161"
TRICKY = st.text(st.sampled_from(TRICKY_CHARACTERS), max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, TRICKY))
def test_views_of_any_text_are_well_formed(text: str) -> None:
    for view in (nfkc_view(text), folded_view(text)):
        check_view(text, view)
        size = len(view.text)
        for a in range(size + 1):
            for b in (a, min(a + 1, size), min(a + 3, size), size):
                start, end = view.to_original(a, b)
                assert 0 <= start <= end <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, TRICKY))
def test_nfkc_view_is_nfkc(text: str) -> None:
    assert nfkc_view(text).text == unicodedata.normalize("NFKC", text)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_utf16_round_trip(text: str) -> None:
    units = len(text.encode("utf-16-le", "surrogatepass")) // 2
    offsets = [utf16_offset(text, i) for i in range(len(text) + 1)]
    assert offsets[-1] == units
    assert [python_offset_from_utf16(text, u) for u in offsets] == list(range(len(text) + 1))
    spans = [(i, len(text)) for i in range(len(text) + 1)]
    assert utf16_offsets(text, spans) == [(u, units) for u in offsets]


VOCABULARY = ["wachtwoord", "geheim", "vertrouwelijk", "klantgegevens", "salaris", "reorganisatie", "idioot"]
CYRILLIC_FOR = {
    latin: cyr for cyr, latin in LOOKALIKES.items() if "\u0400" <= cyr <= "\u04ff" and latin.islower()
}
LEET_FOR = {"o": "0", "i": "1", "e": "3", "a": "@", "s": "$", "t": "7"}


@st.composite
def noisy_word(draw: st.DrawFn) -> tuple[str, str]:
    """A vocabulary word with one kind of noise that the folded view is meant to undo."""
    word = draw(st.sampled_from(VOCABULARY))
    kind = draw(
        st.sampled_from(["plain", "upper", "zero-width", "cyrillic", "leet", "fullwidth", "spaced", "marks"])
    )
    inner = draw(st.integers(1, len(word) - 1))
    if kind == "upper":
        noisy = word.upper()
    elif kind == "zero-width":
        noisy = word[:inner] + draw(st.sampled_from(["\u200b", "\u00ad", "\u2060", "\ufeff"])) + word[inner:]
    elif kind == "cyrillic":
        noisy = "".join(CYRILLIC_FOR.get(ch, ch) if draw(st.booleans()) else ch for ch in word)
    elif kind == "leet":  # one stand-in between two letters, as people write it
        spots = [i for i in range(1, len(word) - 1) if word[i] in LEET_FOR]
        i = draw(st.sampled_from(spots))
        noisy = word[:i] + LEET_FOR[word[i]] + word[i + 1 :]
    elif kind == "fullwidth":
        noisy = "".join(chr(ord(ch) + 0xFEE0) for ch in word)
    elif kind == "spaced":
        noisy = draw(st.sampled_from([" ", ".", "-"])).join(word)
    elif kind == "marks":
        noisy = "".join(ch + "\u0336" for ch in word)
    else:
        noisy = word
    return word, noisy


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            noisy_word(), st.sampled_from([" ", ", ", "\n", " 🎉 ", ". ", " - ", "\u00a0", " (06-12345678) "])
        ),
        min_size=1,
        max_size=8,
    )
)
def test_noisy_keywords_are_found_and_map_back(parts: list[tuple[tuple[str, str], str]]) -> None:
    text = "".join(noisy + separator for (_, noisy), separator in parts)
    view = folded_view(text)
    for (word, noisy), _ in parts:
        keyword = fold_keyword(word)
        # Spaced-out words next to each other may join into one longer word; the keyword is still in it.
        assert keyword in view.text, (noisy, view.text)
        at = view.text.find(keyword)
        while at != -1:
            start, end = view.to_original(at, at + len(keyword))
            assert keyword in fold_keyword(text[start:end]), (text[start:end], keyword)
            at = view.text.find(keyword, at + 1)
