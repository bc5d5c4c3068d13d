"""Which keywords a match tree cannot match without, so the matcher can skip whole subtrees at once.

Most posts contain none of the words most rules are built on. Every `any`, `all` and `near` node gets
the set of keyword nodes one of which must have hits for the node to match (its "triggers"); the
matcher then answers "no match" with one set intersection instead of walking the subtree. A node
whose match does not depend on keywords (a regex, a detector, a `not`) has no triggers and is
always walked.
"""

from __future__ import annotations

from dataclasses import replace

from rules.nodes import AllNode, AnyNode, KeywordNode, NearNode, Node, NotNode, RegexNode


def requirement(node: Node) -> frozenset[int] | None:
    """Keyword node ids one of which must have hits for `node` to match; None when there are none."""
    if isinstance(node, KeywordNode):
        return frozenset((node.node_id,))
    if isinstance(node, RegexNode):
        return frozenset((node.trigger,)) if node.trigger >= 0 else None
    if isinstance(node, AnyNode):
        found: set[int] = set()
        for child in node.children:
            needed = requirement(child)
            if needed is None:
                return None  # this child can match without any keyword
            found |= needed
        return frozenset(found)
    if isinstance(node, (AllNode, NearNode)):
        children = node.children if isinstance(node, AllNode) else (node.first, node.second)
        options = [needed for needed in map(requirement, children) if needed is not None]
        return min(options, key=len) if options else None  # every child is needed: the narrowest
    return None  # detectors, `not`, shouting, regexes without literal prefixes: no keyword is needed


def with_triggers(node: Node) -> Node:
    """The same tree with `triggers` filled in on every `any`, `all` and `near` node."""
    if isinstance(node, AnyNode):
        return replace(node, children=tuple(map(with_triggers, node.children)), triggers=requirement(node))
    if isinstance(node, AllNode):
        return replace(node, children=tuple(map(with_triggers, node.children)), triggers=requirement(node))
    if isinstance(node, NearNode):
        return replace(
            node,
            first=with_triggers(node.first),
            second=with_triggers(node.second),
            triggers=requirement(node),
        )
    if isinstance(node, NotNode):
        return replace(node, child=with_triggers(node.child))
    return node
