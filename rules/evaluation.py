"""Precision, recall and F1 per category, micro-F1 and the benign false-alarm rate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rules.cases import Case
from rules.engine import evaluate
from rules.model import CATEGORIES, Verdict
from rules.ruleset import Ruleset


@dataclass(frozen=True)
class Score:
    """Counts and scores for one category (or all of them, for micro)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Report:
    """The result of running a ruleset over labelled cases."""

    per_category: dict[str, Score]
    micro: Score
    benign_cases: int
    benign_false_alarms: int
    errors: tuple[tuple[str, frozenset[str], frozenset[str]], ...]  # (id, expected, predicted)

    @property
    def false_alarm_rate(self) -> float:
        """Share of benign cases with a warning or high finding."""
        return self.benign_false_alarms / self.benign_cases if self.benign_cases else 0.0


def predicted_categories(verdict: Verdict) -> frozenset[str]:
    """Categories with at least one finding of any severity."""
    return frozenset(f.category for f in verdict.findings)


def tally(counts: dict[str, list[int]], expected: frozenset[str], predicted: frozenset[str]) -> None:
    """Add one case to per-category [tp, fp, fn] counts."""
    for category in CATEGORIES:
        if category in predicted:
            counts[category][0 if category in expected else 1] += 1
        elif category in expected:
            counts[category][2] += 1


def score(cases: Sequence[Case], ruleset: Ruleset) -> Report:
    """Evaluate every case and count per category."""
    predictions = {}
    for case in cases:
        verdict = evaluate(case.post, ruleset)
        predictions[case.id] = (predicted_categories(verdict), verdict.needs_confirmation)
    return score_predictions(cases, predictions)


def score_predictions(
    cases: Sequence[Case], predictions: Mapping[str, tuple[frozenset[str], bool]]
) -> Report:
    """Count per category from given predictions: case id -> (categories, raised a warning or high)."""
    counts = {c: [0, 0, 0] for c in CATEGORIES}
    benign = alarms = 0
    errors = []
    for case in cases:
        predicted, alarm = predictions[case.id]
        tally(counts, case.labels, predicted)
        if not case.labels:
            benign += 1
            alarms += alarm
        if predicted != case.labels:
            errors.append((case.id, case.labels, predicted))
    per = {c: Score(*v) for c, v in counts.items()}
    micro = Score(*(sum(s[i] for s in counts.values()) for i in range(3)))
    return Report(per, micro, benign, alarms, tuple(errors))
