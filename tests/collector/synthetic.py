"""Synthetic laptops: a seeded organisation whose weekly reports include rare cells (1-4 contributors)."""

from __future__ import annotations

import random
import uuid
from collections import Counter

from companion_ui.stats.weeks import add_weeks
from companion_ui.stats.wire import CheckCount, FeedbackCount, FindingCount, Report

FIRST_WEEK = "2025-W02"
RULES = {
    "client": (("client-name", "warning"), ("client-deal", "high")),
    "confidential": (("confidential-codename", "warning"),),
    "personal_data": (("personal-iban", "high"), ("personal-phone", "warning")),
    "offensive": (("offensive-insult", "warning"),),
    "political": (("political-vote", "info"),),  # only a few laptops ever
    "discrimination": (("discrimination-slur", "high"),),  # one laptop, now and then
}
EXPERIMENTAL = ("client-deal", "personal-phone", "political-vote")


class Laptop:
    """One employee's habits: networks, how often a warning fires, how they react."""

    def __init__(self, number: int, rng: random.Random) -> None:
        self.rng = rng
        self.platforms = (
            ["linkedin"] + (["x"] if number % 3 == 0 else []) + (["reddit"] if number < 2 else [])
        )
        self.rate = rng.choice((1, 2, 3, 5, 8))
        self.political = number in (3, 4)
        self.discriminating = number == 7
        self.complains = number % 3 == 0

    def report(self, week: str) -> Report | None:
        findings: Counter[tuple[str, str, str, str, str, str]] = Counter()
        checks: Counter[tuple[str, str, str]] = Counter()
        feedback: Counter[str] = Counter()
        rng = self.rng
        posts = rng.randint(0, 14)
        if posts == 0:
            return None
        for _ in range(posts):
            platform = rng.choice(self.platforms)
            source = "proxy" if rng.random() < 0.1 else "extension"
            warn = rng.random() < self.rate / 12
            if not warn:
                checks[(platform, "no_findings", source)] += 1
                continue
            outcome = (
                "posted_without_warning"
                if source == "proxy"
                else rng.choices(("edited", "cancelled", "posted_after_warning"), (22, 9, 69))[0]
            )
            checks[(platform, outcome, source)] += 1
            categories = ["client", "confidential", "personal_data", "offensive"]
            if self.political and rng.random() < 0.5:
                categories = ["political"]
            if self.discriminating and rng.random() < 0.3:
                categories = ["discrimination"]
            category = rng.choice(categories)
            rule, severity = rng.choice(RULES[category])
            findings[(category, rule, platform, severity, outcome, source)] += 1
            if self.complains and rng.random() < 0.5:
                feedback[rule] += 1
        return Report(
            report_id=str(uuid.uuid4()),
            week=week,
            findings=tuple(FindingCount(*k, n) for k, n in sorted(findings.items())),
            checks=tuple(CheckCount(*k, n) for k, n in sorted(checks.items())),
            false_positives=tuple(FeedbackCount(r, n) for r, n in sorted(feedback.items())),
        )


def organisation(laptops: int = 50, weeks: int = 12, seed: int = 7) -> dict[str, list[Report]]:
    """Per week, the reports of every laptop that posted that week."""
    rng = random.Random(seed)
    fleet = [Laptop(n, random.Random(rng.random())) for n in range(laptops)]
    out: dict[str, list[Report]] = {}
    for offset in range(weeks):
        week = add_weeks(FIRST_WEEK, offset)
        out[week] = [r for r in (laptop.report(week) for laptop in fleet) if r is not None]
    return out


def catalogue() -> dict[str, object]:
    """The rule catalogue the collector needs to know which rules are experimental."""
    return {
        "rules": [
            {"id": rule, "category": category, "status": "experimental" if rule in EXPERIMENTAL else "stable"}
            for category, rules in RULES.items()
            for rule, _ in rules
        ]
    }
