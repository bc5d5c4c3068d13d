"""Run every rule's embedded examples: `match` examples must fire the rule, `no_match` must not."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rules.engine import evaluate
from rules.model import Post
from rules.ruleset import Ruleset


@dataclass(frozen=True)
class ExampleFailure:
    """An example that did not behave as its rule says."""

    rule_id: str
    source: str
    text: str
    should_match: bool


def run_examples(ruleset: Ruleset) -> tuple[int, list[ExampleFailure]]:
    """Return (examples run, failures)."""
    failures = []
    total = 0
    for rule in ruleset.rules:
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
            fired = any(f.rule_id == rule.id for f in evaluate(post, target).findings)
            if fired != example.should_match:
                failures.append(ExampleFailure(rule.id, rule.source, example.text, example.should_match))
    return total, failures
