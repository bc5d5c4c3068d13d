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
    "held-out": ROOT / "tests" / "eval" / "heldout",
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


def test_held_out_set_does_not_regress() -> None:
    """Generalisation floor on the second organisation: what the pack reaches today, never less."""
    report = report_for("held-out")
    assert report.micro.f1 >= 0.84, report.micro
    assert report.false_alarm_rate <= 0.05


@pytest.mark.xfail(
    reason="offensive, discrimination and employer_criticism do not yet reach F1 0.85 "
    "on the held-out organisation (see the issue note)",
    strict=False,
)
def test_quality_bar_on_the_held_out_set() -> None:
    assert_quality_bar(report_for("held-out"), "held-out")


def test_a_detected_password_does_not_drag_other_code_like_words_into_the_warning(example_ruleset) -> None:
    from rules.engine import evaluate
    from rules.model import Post

    text = "Het wachtwoord voor de wifi is Zomer2025! en de printer heet HP-LaserJet4 op kantoor 3B"
    verdict = evaluate(Post(text=text, platform="x"), example_ruleset)
    (finding,) = [f for f in verdict.findings if f.rule_id == "secret-credential"]
    marked = [text[s.start : s.end] for s in finding.spans]
    assert any("Zomer2025!" in m for m in marked)
    assert not any("LaserJet" in m for m in marked)
