"""The regex prefilter: derived literals are a necessary condition for a match, never a wrong skip."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.loader import load_example_ruleset
from rules.nodes import regex_nodes
from rules.prefilter import may_match, required_literals


def test_alternation_of_words_gives_their_prefixes() -> None:
    assert required_literals(r"\b(?:geheim|intern)\s+(?:plan|project)") == ("geheim", "intern")


def test_leading_lookarounds_and_boundaries_are_skipped() -> None:
    assert required_literals(r"(?<![\w@])\b(?=\w)(?:wachtwoord|password)\s*:") == ("password", "wachtwoord")


def test_prefixes_are_lower_cased_and_redundant_ones_dropped() -> None:
    assert required_literals(r"\b(?:BSN|bsn-nummer|Burgerservicenummer)") == ("bsn", "burgerservicenummer")


def test_a_shared_first_letter_and_small_character_sets_are_expanded() -> None:
    # The standard parser turns "meer|more" into "m(?:eer|ore)" and "(?:a|b)" into "[ab]".
    assert required_literals(r"\b(?:meer|more)\s+(?:werk|work)") == ("meer", "more")
    assert required_literals(r"\b[Mm]evrouw\b") == ("mevrouw",)
    assert required_literals(r"\b(?:ab|ac)\w+") == ("ab", "ac")


def test_a_required_repeat_keeps_its_prefix() -> None:
    assert required_literals(r"(?:ha){2,}\b") == ("ha",)


def test_a_pattern_that_can_start_anywhere_is_checked_for_what_follows() -> None:
    assert required_literals(r"\w+team\b") == ("team",)  # starts with a class
    assert required_literals(r"(?:zeer\s)?boos") == ("boos",)  # optional start


def test_patterns_without_a_required_literal_get_none() -> None:
    for pattern in (
        r"(?:boos|\d+)",  # one alternative is not literal
        r"(?:boos|x)",  # too short to be worth checking
        r"\p{Lu}\p{Ll}+",  # regex-module syntax the standard parser does not know
        r"(?:boos){e<=1}",  # fuzzy matching: the match need not start with the literal
        r"(?r)boos",  # reverse search flag of the regex module
        r"",
    ):
        assert required_literals(pattern) is None, pattern


def test_may_match_checks_lower_cased_text() -> None:
    assert may_match(("geheim",), "dit is geheim")
    assert not may_match(("geheim",), "dit is openbaar")


PACK_REGEXES = {
    (n.source, n.view): n
    for rule in load_example_ruleset().rules
    for n in regex_nodes(rule.match)
    if n.prefixes is not None
}


def test_most_pack_regexes_get_a_prefilter() -> None:
    assert len(PACK_REGEXES) >= 40


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_pack_regex_never_matches_text_its_prefilter_rejects(data: st.DataObject) -> None:
    # Build texts from pieces of the pattern itself (its prefixes, words after them) so matches are
    # common, then check the prefilter never rejects a text the regex matches.
    node = data.draw(st.sampled_from(sorted(PACK_REGEXES.values(), key=lambda n: n.source)))
    assert node.prefixes is not None
    words = list(node.prefixes) + regex.findall(r"[a-z]{3,}", node.source)[:40]
    pieces = st.one_of(
        st.sampled_from(words), st.sampled_from([" ", "  ", ", ", ". ", "!", "\n", "'"]), st.text(max_size=4)
    )
    text = "".join(data.draw(st.lists(pieces, max_size=12)))
    subject = text.lower() if node.view == "folded" else text
    if node.pattern.search(subject):
        assert may_match(node.prefixes, subject.lower())


def test_the_prefilter_never_rejects_a_pack_example_the_regex_matches() -> None:
    # Every example text of the pack against every prefiltered regex, in the view the regex runs on.
    from rules.matching import PostContext

    ruleset = load_example_ruleset()
    texts = [example.text for rule in ruleset.rules for example in rule.examples]
    matched = 0
    for text in texts:
        ctx = PostContext(text, ruleset)
        for node in PACK_REGEXES.values():
            assert node.prefixes is not None
            subject = ctx.folded.text if node.view == "folded" else ctx.nfkc.text
            if node.pattern.search(subject):
                matched += 1
                assert may_match(node.prefixes, subject.lower()), (node.source, text)
    assert matched > 100  # the check above really ran on matching texts


def test_required_literals_may_come_from_the_middle_of_the_pattern() -> None:
    # The start ("ik", "we") is in nearly every post; the verbs further on are not.
    pattern = r"\b(?:ik|we)\s(?:ga|gaan)\s(?:je|jou)\s(?:slaan|vermoorden)\b"
    assert required_literals(pattern) == ("slaan", "vermoorden")
    assert required_literals(r"(?:foo)?barbaz") == ("barbaz",)  # an optional start is skipped
    assert required_literals(r"\b\p{L}+\s(?:afdeling|dienst)\b") == ("afdeling", "dienst")  # \p{} is a class
    assert required_literals(r"\b(?:geheim|intern)\s+(?:plan|project)") == ("geheim", "intern")


def test_required_literals_are_never_taken_from_an_optional_or_alternative_part() -> None:
    assert required_literals(r"\b\w+(?:\sslaan)?\b") is None
    assert required_literals(r"\w+\s(?:slaan|\d+)") is None
    assert required_literals(r"abc|\w+def") == ("abc", "def")  # each alternative has its own
    assert required_literals(r"abc|\w+") is None


def test_alternatives_of_the_whole_pattern_each_give_their_own_required_literals() -> None:
    pattern = r"\b(?:ik|we)\s(?:sla|schop)\s(?:je|jou)\b|\bi'll\s(?:hit|kick)\s(?:you|him)\b|\b(?:hoofd)?kussen\s\w+"
    assert required_literals(pattern) == ("i'll", "kussen", "schop", "sla")
