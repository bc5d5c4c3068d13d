"""A compiled ruleset: rules, the shared keyword automaton, the org profile and a version hash."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from rules.entities.model import DetectorContext
from rules.keywords import KeywordIndex
from rules.model import Texts
from rules.nodes import Node
from rules.orgprofile import OrgProfile
from rules.textmodel import TextModel


@dataclass(frozen=True)
class Example:
    """An embedded example of a rule: text and metadata, and whether the rule must match it."""

    text: str
    should_match: bool
    platform: str = "linkedin"
    kind: str = "post"
    media: bool = False
    visibility: str = "public"
    posted_at: datetime | None = None


@dataclass(frozen=True)
class Rule:
    """One compiled rule with its texts (placeholders still unfilled) and examples."""

    id: str
    category: str
    severity: str
    status: str
    languages: frozenset[str]
    platforms: frozenset[str] | None
    kinds: frozenset[str] | None
    visibility: frozenset[str] | None
    office_hours: bool | None
    media: bool | None
    sectors: frozenset[str] | None
    match: Node
    message: Texts
    explanation: Texts
    suggestion: Texts
    clause: str
    clause_title: Texts
    examples: tuple[Example, ...]
    source: str
    pack: str
    # Reads the text model: speaks only when no other rule of its category matched the post.
    fallback: bool = False
    # Held back when the text model gives the category less than this (pack.yml / org `model_floor`).
    model_floor: float = 0.0
    # Shown as a quiet tip (`info`) when the text model gives the category less than this (`model_doubt`).
    model_doubt: float = 0.0


@dataclass(frozen=True)
class Ruleset:
    """Everything `evaluate` needs, immutable and shareable between threads."""

    rules: tuple[Rule, ...]
    keywords: KeywordIndex
    org: OrgProfile
    version: str
    packs: tuple[tuple[str, str], ...]  # (pack id, pack version)
    detectors: DetectorContext = field(default_factory=DetectorContext)  # org facts for the detectors
    text_model: TextModel | None = None  # the weak evidence `model` nodes read (rules/textmodel.py)
    # Keyword node of each org list whose hits become placeholders before the model reads a post.
    org_mentions: tuple[tuple[str, int], ...] = ()
    # Keyword node and name of each pack word list the rules use: the model's concept features.
    concept_nodes: Mapping[int, str] = field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with this id, or None when it does not exist (any more)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None
