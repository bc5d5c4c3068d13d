"""Author-time checks of a ruleset beyond the schema: examples, risky regexes, texts."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from rules.nodes import regex_nodes
from rules.ruleset import Ruleset

MIN_EXAMPLES = 3
# A group that contains a quantifier and is itself quantified: (a+)+, (\w*\s?)*, (a|aa)+ ...
_NESTED_QUANTIFIER = regex.compile(
    r"\((?:[^()\\]|\\.)*(?:[+*]|\{\d*,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d*,\d*\})"
)
_ALTERNATION_REPEAT = regex.compile(r"\((?:\?:)?([^()|]+)\|\1[^()]*\)[+*]")
ADVERSARIAL = ("a" * 5000 + "!", " " * 5000 + "x", "aa" * 2500 + "b", "1" * 5000 + "x", "ab " * 1700)


@dataclass(frozen=True)
class LintIssue:
    """One problem: `error` fails `rules lint`, `warning` is shown."""

    level: str
    source: str
    rule_id: str
    message: str

    def __str__(self) -> str:
        if not self.rule_id:  # about the org profile, not a rule: the message names file and field
            return f"{self.level}: {self.message}"
        return f"{self.level}: {self.source}: rule {self.rule_id}: {self.message}"


def backtracking_risk(pattern: str) -> str | None:
    """Why a pattern may backtrack catastrophically, or None."""
    if _NESTED_QUANTIFIER.search(pattern):
        return "nested quantifier (a quantified group that contains a quantifier)"
    if _ALTERNATION_REPEAT.search(pattern):
        return "repeated alternation whose branches overlap"
    return None


def lint(ruleset: Ruleset) -> list[LintIssue]:
    """Check examples count, regex safety against adversarial input, and placeholder use."""
    issues = []
    for rule in ruleset.rules:
        matches = sum(e.should_match for e in rule.examples)
        no_matches = len(rule.examples) - matches
        if matches < MIN_EXAMPLES or no_matches < MIN_EXAMPLES:
            issues.append(
                LintIssue(
                    "error",
                    rule.source,
                    rule.id,
                    f"needs at least {MIN_EXAMPLES} match and {MIN_EXAMPLES} no_match examples "
                    f"(has {matches} and {no_matches})",
                )
            )
        for node in regex_nodes(rule.match):
            risk = backtracking_risk(node.source)
            if risk:
                issues.append(LintIssue("warning", rule.source, rule.id, f"regex {node.source!r}: {risk}"))
            for text in ADVERSARIAL:
                try:
                    for _ in node.pattern.finditer(text, timeout=node.timeout * 4):
                        pass
                except TimeoutError:
                    issues.append(
                        LintIssue(
                            "error",
                            rule.source,
                            rule.id,
                            f"regex {node.source!r} times out on adversarial input "
                            f"({text[:10]!r}...); it would be skipped on such posts",
                        )
                    )
                    break
        for lang in ("nl", "en"):
            for name, texts in (
                ("message", rule.message),
                ("explanation", rule.explanation),
                ("suggestion", rule.suggestion),
            ):
                if not texts.get(lang).strip():
                    issues.append(LintIssue("error", rule.source, rule.id, f"{name} is empty in {lang}"))
    issues.extend(LintIssue("warning", ruleset.org.source, "", notice) for notice in ruleset.org.notices)
    return issues
