"""Run every rule's embedded examples: `match` examples must fire the rule, `no_match` must not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from rules.engine import evaluate
from rules.model import Post
from rules.ruleset import Rule, Ruleset


@dataclass(frozen=True)
class ExampleFailure:
    """An example that did not behave as its rule says."""

    rule_id: str
    source: str
    text: str
    should_match: bool


def own_rule_ids(ruleset: Ruleset) -> frozenset[str]:
    """The ids of the organisation's own rules: added in its profile (`rules: add`) or in a pack the
    profile adds (`rules: packs`). Their examples name the organisation's own clients and code names."""
    org = ruleset.org
    folders = [Path(folder).resolve() for folder in org.overlay.packs]
    return frozenset(
        rule.id
        for rule in ruleset.rules
        if rule.source == org.source
        or any(Path(rule.source).resolve().is_relative_to(folder) for folder in folders)
    )


def run_examples(
    ruleset: Ruleset, only: Callable[[Rule], bool] | None = None
) -> tuple[int, list[ExampleFailure]]:
    """Return (examples run, failures), for every rule or the rules `only` picks."""
    failures = []
    total = 0
    for rule in ruleset.rules:
        if only is not None and not only(rule):
            continue
        # A fallback rule (one that reads the text model) stays silent when another rule of its category
        # spoke; its examples show what it recognises, so they run against the rule on its own.
        target = replace(ruleset, rules=(rule,)) if rule.fallback else ruleset
        for example in rule.examples:
            total += 1
            post = Post(
                example.text,
                example.platform,
                example.kind,
                example.media,
                example.visibility,
                example.posted_at,
            )
            verdict = evaluate(post, target)
            # A doubted tip set aside beside another category's warning was still recognised by its rule:
            # the examples say what a rule recognises, the engine decides what a post shows.
            fired = rule.id in verdict.set_aside or any(f.rule_id == rule.id for f in verdict.findings)
            if fired != example.should_match:
                failures.append(ExampleFailure(rule.id, rule.source, example.text, example.should_match))
    return total, failures
