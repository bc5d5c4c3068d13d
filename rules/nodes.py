"""The compiled match tree of a rule: immutable nodes that the matcher walks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class _Branches:
    """What `any` and `all` share: their children, triggers and the children's gates."""

    children: tuple[Node, ...]
    # Keyword node ids one of which must have hits for this node to match (see rules/triggers.py).
    triggers: frozenset[int] | None = None
    # Per child, what `gate` says: the matcher skips a child that cannot match without a call.
    gates: tuple[frozenset[int] | None, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "gates", tuple(map(gate, self.children)))


@dataclass(frozen=True)
class AnyNode(_Branches):
    """Matches when one child matches."""


@dataclass(frozen=True)
class AllNode(_Branches):
    """Matches when every child matches."""


@dataclass(frozen=True)
class NotNode:
    """Matches when the child does not."""

    child: Node


@dataclass(frozen=True)
class KeywordNode:
    """Keywords (from the rule, a named list or the org profile) found by the shared automaton."""

    node_id: int
    skip_quoted: bool = False
    source: str = "keywords"


@dataclass(frozen=True)
class RegexNode:
    """A `regex` pattern run on one view of the text, with a timeout."""

    pattern: Any
    source: str
    view: str = "folded"
    timeout: float = 0.03
    # A keyword node whose words are this pattern's literal prefixes (folded view only): when it has no
    # hits the pattern cannot match, and `any`/`all` nodes above it can be skipped (rules/triggers.py).
    trigger: int = -1

    @property
    def prefixes(self) -> tuple[str, ...] | None:
        """Lower-case literals one of which occurs in every match (see rules/prefilter.py); None: always run."""
        return getattr(self.pattern, "prefixes", None)

    @property
    def spaced_prefixes(self) -> tuple[str, ...] | None:
        """Like `prefixes`, for the folded view, whose only white space is single spaces; None: always run."""
        return getattr(self.pattern, "spaced_prefixes", None)


@dataclass(frozen=True)
class EntityNode:
    """A named entity detector (BSN, IBAN, phone, credential, ...) with a confidence threshold."""

    kind: str
    min_confidence: float = 0.5


@dataclass(frozen=True)
class NearNode:
    """Two nodes whose spans lie within `within` words of each other."""

    first: Node
    second: Node
    within: int
    triggers: frozenset[int] | None = None


@dataclass(frozen=True)
class ShoutingNode:
    """At least `min_words` words written in capitals."""

    min_words: int = 3


@dataclass(frozen=True)
class ExclamationNode:
    """A run of at least `min` exclamation marks."""

    min: int = 3


@dataclass(frozen=True)
class ModelNode:
    """The pack's text model gives `category` a probability of at least `min` (rules/textmodel.py)."""

    category: str
    min: float = 0.7


@dataclass(frozen=True)
class AlwaysNode:
    """Always matches, without spans: for rules that are pure metadata conditions."""


Node = (
    AnyNode
    | AllNode
    | NotNode
    | KeywordNode
    | RegexNode
    | EntityNode
    | NearNode
    | ShoutingNode
    | ExclamationNode
    | ModelNode
    | AlwaysNode
)


def gate(node: Node) -> frozenset[int] | None:
    """Keyword node ids one of which must have hits for `node` to match, as far as the node itself
    records it (a keyword node, a regex with a trigger, an `any`/`all`/`near` with triggers); None: no
    such shortcut. The matcher returns None for a node whose gate misses every hit, without side
    effects, so a parent may skip the call."""
    if isinstance(node, KeywordNode):
        return frozenset((node.node_id,))
    if isinstance(node, RegexNode):
        return frozenset((node.trigger,)) if node.trigger >= 0 else None
    if isinstance(node, (AnyNode, AllNode, NearNode)):
        return node.triggers
    return None


def children(node: Node) -> tuple[Node, ...]:
    """The subtrees directly below `node` (none for a leaf)."""
    if isinstance(node, (AnyNode, AllNode)):
        return node.children
    if isinstance(node, NotNode):
        return (node.child,)
    if isinstance(node, NearNode):
        return (node.first, node.second)
    return ()


def walk(node: Node) -> Iterator[Node]:
    """`node` and every node below it, depth first."""
    yield node
    for child in children(node):
        yield from walk(child)


def uses_model(node: Node) -> bool:
    """Whether a match tree reads the text model (such a rule only speaks when no other rule of its
    category did, see rules/engine.py)."""
    return any(isinstance(part, ModelNode) for part in walk(node))


def regex_nodes(node: Node) -> Iterator[RegexNode]:
    """Every regex node in a match tree, depth first."""
    return (part for part in walk(node) if isinstance(part, RegexNode))
