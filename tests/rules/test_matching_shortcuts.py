"""Shortcuts of the matcher (child gates, spaced literals, simple keyword hits): never a different answer."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.keywords import KeywordEntry, KeywordIndex
from rules.loader import load_example_ruleset
from rules.matching import PostContext, _squash_spaces
from rules.nodes import AllNode, AnyNode, KeywordNode, NearNode, NotNode, RegexNode, gate, regex_nodes
from rules.normalise import View, folded_view, raw_view
from rules.prefilter import may_match, required_literals, spaced_literals
from rules.textmodel import prepare


def kw(node_id: int) -> KeywordNode:
    return KeywordNode(node_id)


def test_gates_say_which_keywords_a_child_needs() -> None:
    assert gate(kw(3)) == {3}
    assert gate(RegexNode(None, "x", trigger=7)) == {7}
    assert gate(RegexNode(None, "x")) is None
    assert gate(AnyNode((kw(1),), frozenset({1}))) == {1}
    assert gate(NearNode(kw(1), kw(2), 3)) is None  # triggers not filled in: no shortcut
    assert gate(NotNode(kw(1))) is None  # a `not` matches exactly when its child has no hits


def test_gates_follow_the_children_and_leave_equality_alone() -> None:
    node = AllNode((kw(1), NotNode(kw(2)), AnyNode((kw(3),), frozenset({3}))))
    assert node.gates == (frozenset({1}), None, frozenset({3}))
    assert node == AllNode(node.children) and hash(node) == hash(AllNode(node.children))
    assert "gates" not in repr(node)


def test_spaced_literals_reach_over_white_space() -> None:
    assert required_literals(r"\bwe\skomen\b") == ("komen",)
    assert spaced_literals(r"\bwe\skomen\b") == ("we komen",)
    assert required_literals(r"\b(?:ik|we)\s(?:ga|gaan)\s(?:je|jou)\b") == ("ga",)
    assert spaced_literals(r"\b(?:ik|we)\s(?:ga|gaan)\s(?:je|jou)\b") == (" ga",)
    assert spaced_literals(r"a[\s,]b") == ("a b", "a,b")
    assert spaced_literals(r"\bin\s+de\b") == ("in ",)  # a repeat may match more: the literal ends


def test_the_folded_view_has_single_spaces_only() -> None:
    text = "a\tb  c\n\nd\u00a0\u2003e\r\nf"
    squashed = _squash_spaces(folded_view(text)).text
    assert squashed == "a b c d e f"
    assert regex.findall(r"\s", squashed) == [" "] * 5


PACK_REGEXES = {
    n.source: n
    for rule in load_example_ruleset().rules
    for n in regex_nodes(rule.match)
    if n.view == "folded" and n.spaced_prefixes is not None
}


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_pack_regex_never_matches_folded_text_its_spaced_literals_reject(data: st.DataObject) -> None:
    node = data.draw(st.sampled_from(sorted(PACK_REGEXES.values(), key=lambda n: n.source)))
    literals = node.spaced_prefixes
    assert literals is not None
    words = [w for p in literals for w in p.split()] + regex.findall(r"[a-z]{2,}", node.source)[:40]
    pieces = st.one_of(
        st.sampled_from(words), st.sampled_from([" ", "  ", "\n", "\t", ", ", "'", "!"]), st.text(max_size=3)
    )
    text = _squash_spaces(folded_view("".join(data.draw(st.lists(pieces, max_size=12))))).text
    if node.pattern.search(text):
        assert may_match(literals, text)


def test_spaced_literals_never_reject_a_pack_example_the_regex_matches() -> None:
    ruleset = load_example_ruleset()
    matched = 0
    for text in (example.text for rule in ruleset.rules for example in rule.examples):
        folded = PostContext(text, ruleset).folded.text
        for node in PACK_REGEXES.values():
            if node.pattern.search(folded):
                matched += 1
                assert may_match(node.spaced_prefixes, folded), (node.source, text)  # type: ignore[arg-type]
    assert matched > 50


def _reference_to_original(view: View, start: int, end: int) -> tuple[int, int]:
    origin = view.origin
    size = len(origin) - 1
    start = min(max(start, 0), size)
    end = min(max(end, start), size)
    if end == start:
        return origin[start], origin[start]
    last = origin[end - 1]
    stop = end
    while origin[stop] == last:
        stop += 1
    return origin[start], origin[stop]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aßﬁ \u0308\u200bＡ1e", max_size=12), st.integers(-2, 16), st.integers(-2, 16))
def test_to_original_agrees_with_the_plain_definition(text: str, start: int, end: int) -> None:
    for view in (folded_view(text), raw_view(text)):
        assert view.to_original(start, end) == _reference_to_original(view, start, end)


def test_a_word_in_many_lists_gives_the_same_hits_as_entry_by_entry() -> None:
    groups = {
        "ons": (KeywordEntry(1, "nl"), KeywordEntry(2, "any", "raw"), KeywordEntry(3, "en", twin=4)),
        "team": (KeywordEntry(5, "nl"), KeywordEntry(6, "nl", "head")),  # not simple: entry by entry
        "havenstad": (KeywordEntry(7, "nl", label="Havenstad"),),
    }
    index = KeywordIndex(groups)
    text = "ons team, bonsaiteam en havenstad.nl of havenstad"
    view = raw_view(text)
    first = index.scan(text, text, view.to_original)
    again = index.scan(text, text, view.to_original)  # now from the remembered plans
    assert first == again
    found = {node: [(h.start, h.end, h.lang) for h in hits] for node, hits in first.items()}
    # What the engine gave before the shortcut, entry by entry:
    assert found == {
        1: [(0, 3, "nl")],
        2: [(0, 3, "any"), (11, 14, "any")],  # a regex literal counts inside a word too
        3: [(0, 3, "en")],
        4: [(0, 3, "en")],  # the twin takes the same hit
        5: [(4, 8, "nl")],
        6: [(4, 8, "nl"), (10, 20, "nl")],  # a head word widens to the compound
        7: [(40, 49, "nl")],  # not inside the host name
    }


def test_prepare_with_the_folded_text_given_is_the_same() -> None:
    text = "Onze  DIRECTIE\tsluit https://x.nl/a 2026 ﬁliaal"
    whole = folded_view(text).text
    assert prepare(text, (), whole) == prepare(text)
    mentions = [(5, 14, "names")]
    assert prepare(text, mentions, whole) == prepare(text, mentions)
    assert prepare(text, [(5, 14, "unknown list")], whole) == prepare(text)
