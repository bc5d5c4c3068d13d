"""Keyword triggers let the matcher skip subtrees; they must never change what a rule matches."""

from __future__ import annotations

from dataclasses import replace

import regex

from rules.loader import load_example_ruleset
from rules.matching import PostContext, match_node
from rules.nodes import AllNode, AnyNode, KeywordNode, NearNode, Node, NotNode, RegexNode, regex_nodes
from rules.triggers import requirement


def kw(node_id: int) -> KeywordNode:
    return KeywordNode(node_id)


RX = RegexNode(regex.compile("x"), "x")


def test_requirements_of_each_node_kind() -> None:
    assert requirement(kw(1)) == {1}
    assert requirement(AnyNode((kw(1), kw(2)))) == {1, 2}
    assert requirement(AnyNode((kw(1), RX))) is None  # the regex can match without keywords
    assert requirement(AllNode((kw(1), AnyNode((kw(2), kw(3)))))) == {1}  # the narrowest child
    assert requirement(AllNode((RX, kw(4)))) == {4}
    assert requirement(NearNode(RX, AnyNode((kw(5), kw(6))), 3)) == {5, 6}
    assert requirement(NotNode(kw(1))) is None
    assert requirement(AllNode((NotNode(kw(1)), RX))) is None
    with_literals = RegexNode(regex.compile("geheim"), "geheim", trigger=7)
    assert requirement(with_literals) == {7}  # its literal prefixes are keyword node 7
    assert requirement(AnyNode((kw(1), with_literals))) == {1, 7}


def test_folded_regexes_with_long_literal_prefixes_get_a_trigger_node() -> None:
    ruleset = load_example_ruleset()
    regexes = [n for rule in ruleset.rules for n in regex_nodes(rule.match)]
    triggered = [n for n in regexes if n.trigger >= 0]
    assert len(triggered) > 100
    assert all(n.view == "folded" and n.prefixes and min(map(len, n.prefixes)) >= 3 for n in triggered)


def _without_triggers(node: Node) -> Node:
    if isinstance(node, (AnyNode, AllNode)):
        return replace(node, children=tuple(map(_without_triggers, node.children)), triggers=None)
    if isinstance(node, NearNode):
        return replace(
            node, first=_without_triggers(node.first), second=_without_triggers(node.second), triggers=None
        )
    if isinstance(node, NotNode):
        return replace(node, child=_without_triggers(node.child))
    return node


def test_triggers_never_change_a_match_of_the_shipped_pack() -> None:
    ruleset = load_example_ruleset()
    texts = [example.text for rule in ruleset.rules for example in rule.examples]
    plain = {rule.id: _without_triggers(rule.match) for rule in ruleset.rules}
    assert any(rule.match != plain[rule.id] for rule in ruleset.rules)  # triggers were filled in
    matches = 0
    for text in texts:
        ctx, bare = PostContext(text, ruleset), PostContext(text, ruleset)
        for rule in ruleset.rules:
            fast, slow = match_node(rule.match, ctx), match_node(plain[rule.id], bare)
            assert fast == slow, (rule.id, text)
            matches += fast is not None
    assert matches > len(texts) // 2
