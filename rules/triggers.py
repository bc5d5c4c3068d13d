"""Which keywords a match tree cannot match without, so the matcher can skip whole subtrees at once.

Most posts contain none of the words most rules are built on. Every `any`, `all` and `near` node gets
the set of keyword nodes one of which must have hits for the node to match (its "triggers"); the
matcher then answers "no match" with one set intersection instead of walking the subtree. A node
whose match does not depend on keywords (a regex, a detector, a `not`) has no triggers and is
always walked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from rules.nodes import AllNode, AnyNode, KeywordNode, NearNode, Node, NotNode, RegexNode, gate


def requirement(node: Node) -> frozenset[int] | None:
    """Keyword node ids one of which must have hits for `node` to match; None when there are none."""
    return _fill(node)[1]


def with_triggers(node: Node) -> Node:
    """The same tree with `triggers` filled in on every `any`, `all` and `near` node."""
    return _fill(node)[0]


def _fill(node: Node) -> tuple[Node, frozenset[int] | None]:
    """The tree with triggers filled in, and its requirement: one pass, bottom up."""
    if isinstance(node, (KeywordNode, RegexNode)):
        return node, gate(node)
    if isinstance(node, AnyNode):
        filled = [_fill(child) for child in node.children]
        needs = [needed for _, needed in filled]
        # Any child that can match without a keyword makes the whole node need none.
        need = None if any(n is None for n in needs) else frozenset().union(*needs)  # type: ignore[arg-type]
        return replace(node, children=tuple(child for child, _ in filled), triggers=need), need
    if isinstance(node, AllNode):
        filled = [_fill(child) for child in node.children]
        need = _narrowest(needed for _, needed in filled)
        return replace(node, children=tuple(child for child, _ in filled), triggers=need), need
    if isinstance(node, NearNode):
        (first, first_need), (second, second_need) = _fill(node.first), _fill(node.second)
        need = _narrowest((first_need, second_need))
        return replace(node, first=first, second=second, triggers=need), need
    if isinstance(node, NotNode):
        return replace(node, child=_fill(node.child)[0]), None
    return node, None  # detectors, shouting, ...: no keyword is needed


def _narrowest(needs: Iterable[frozenset[int] | None]) -> frozenset[int] | None:
    """Every child is needed: the smallest set of keywords any one of them requires."""
    options = [needed for needed in needs if needed is not None]
    return min(options, key=len) if options else None
