"""The shipped default pack: valid, every example passes, and it meets the quality bar on labelled sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.cases import read_cases
from rules.evaluation import score
from rules.examples import run_examples
from rules.lint import lint
from rules.loader import load_example_ruleset, load_ruleset
from rules.model import CATEGORIES

ROOT = Path(__file__).resolve().parents[2]
EVAL_SETS = {
    "development": ROOT.parent / "shared" / "eval",
    # Written without reading the rules, for organisations the rules were not written for. The
    # tuning sets were then used to improve the rules; the held-out ones were not (see their READMEs).
    "held-out": ROOT / "tests" / "eval" / "heldout",
    "held-out 3": ROOT / "tests" / "eval" / "heldout3",
    "tuning": ROOT / "tests" / "eval" / "tuning",
    "tuning 2": ROOT / "tests" / "eval" / "tuning2",
    "tuning 3": ROOT / "tests" / "eval" / "tuning3",
    "tuning 4": ROOT / "tests" / "eval" / "tuning4",
}


@pytest.fixture(scope="module")
def example_ruleset():
    return load_example_ruleset()


def test_pack_covers_all_twelve_categories(example_ruleset) -> None:
    assert {r.category for r in example_ruleset.rules} == set(CATEGORIES)


def test_lint_has_no_errors(example_ruleset) -> None:
    errors = [str(i) for i in lint(example_ruleset) if i.level == "error"]
    assert not errors, "\n".join(errors)


def test_every_embedded_example_passes(example_ruleset) -> None:
    total, failures = run_examples(example_ruleset)
    assert total >= 6 * len(example_ruleset.rules)
    assert not failures, "\n".join(
        f"{f.rule_id}: {f.text!r} (should_match={f.should_match})" for f in failures
    )


def report_for(name: str):
    folder = EVAL_SETS[name]
    if not (folder / "cases.jsonl").exists():
        pytest.skip(f"{folder} not present")
    return score(read_cases(folder / "cases.jsonl"), load_ruleset(folder / "org.yaml"))


def assert_quality_bar(report, name: str) -> None:
    weak = {c: round(s.f1, 3) for c, s in report.per_category.items() if s.f1 < 0.85}
    assert not weak, f"categories below F1 0.85 on the {name} set: {weak}"
    assert report.micro.f1 >= 0.90
    assert report.false_alarm_rate <= 0.05


def test_quality_bar_on_the_development_set() -> None:
    assert_quality_bar(report_for("development"), "development")


@pytest.mark.parametrize("name", ["tuning", "tuning 2", "tuning 3", "tuning 4"])
def test_tuning_sets_do_not_regress(name: str) -> None:
    """The sets the rules were tuned on: a regression guard, not evidence of generalisation."""
    report = report_for(name)
    assert report.micro.f1 >= 0.93, report.micro
    assert report.false_alarm_rate <= 0.03


# What the pack reaches today on the sets it was never tuned on: never less. `held-out` was partly
# seen in the first session (failure classes described to rule writers); `held-out 3` is clean.
HELD_OUT_FLOORS = {"held-out": (0.86, 0.05), "held-out 3": (0.74, 0.09)}


@pytest.mark.parametrize("name", sorted(HELD_OUT_FLOORS))
def test_held_out_sets_do_not_regress(name: str) -> None:
    micro_floor, false_alarm_ceiling = HELD_OUT_FLOORS[name]
    report = report_for(name)
    assert report.micro.f1 >= micro_floor, report.micro
    assert report.false_alarm_rate <= false_alarm_ceiling


@pytest.mark.xfail(
    reason="conduct categories (offensive, discrimination, employer_criticism, emotional) and "
    "confidential/client/spokesperson do not yet reach F1 0.85 on organisations the rules were not "
    "tuned on (see the issue note)",
    strict=False,
)
@pytest.mark.parametrize("name", sorted(HELD_OUT_FLOORS))
def test_quality_bar_on_the_held_out_sets(name: str) -> None:
    assert_quality_bar(report_for(name), name)


def test_a_detected_password_does_not_drag_other_code_like_words_into_the_warning(example_ruleset) -> None:
    from rules.engine import evaluate
    from rules.model import Post

    text = "Het wachtwoord voor de wifi is Zomer2025! en de printer heet HP-LaserJet4 op kantoor 3B"
    verdict = evaluate(Post(text=text, platform="x"), example_ruleset)
    (finding,) = [f for f in verdict.findings if f.rule_id == "secret-credential"]
    marked = [text[s.start : s.end] for s in finding.spans]
    assert any("Zomer2025!" in m for m in marked)
    assert not any("LaserJet" in m for m in marked)
