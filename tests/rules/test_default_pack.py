"""The shipped default pack: valid, every example passes, and it meets the quality bar on labelled sets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

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
    "held-out 3": ROOT / "tests" / "eval" / "heldout3",
    "held-out 5": ROOT / "tests" / "eval" / "heldout5",
    # Tuned on, and (with the development set) what the text model was trained on.
    "energy": ROOT / "tests" / "eval" / "heldout",
    "tuning": ROOT / "tests" / "eval" / "tuning",
    "tuning 2": ROOT / "tests" / "eval" / "tuning2",
    "tuning 3": ROOT / "tests" / "eval" / "tuning3",
    "tuning 4": ROOT / "tests" / "eval" / "tuning4",
    "tuning 5": ROOT / "tests" / "eval" / "tuning5",
    "tuning 6": ROOT / "tests" / "eval" / "tuning6",
    "tuning 7": ROOT / "tests" / "eval" / "tuning7",
    # Precision round 9 only; not in the text model's training data.
    "tuning 8": ROOT / "tests" / "eval" / "tuning8",
    "tuning 9": ROOT / "tests" / "eval" / "tuning9",
    "tuning 10": ROOT / "tests" / "eval" / "tuning10",
    "tuning 11": ROOT / "tests" / "eval" / "tuning11",
    "tuning 12": ROOT / "tests" / "eval" / "tuning12",
    # Fourth session: construction company, law firm, telecom provider.
    "tuning 13": ROOT / "tests" / "eval" / "tuning13",
    "tuning 14": ROOT / "tests" / "eval" / "tuning14",
    "tuning 15": ROOT / "tests" / "eval" / "tuning15",
    "tuning 16": ROOT / "tests" / "eval" / "tuning16",
    "tuning 17": ROOT / "tests" / "eval" / "tuning17",
    "tuning 18": ROOT / "tests" / "eval" / "tuning18",
    # Fifth session: water board, hotel and conference chain, staffing agency.
    "tuning 19": ROOT / "tests" / "eval" / "tuning19",
    "tuning 20": ROOT / "tests" / "eval" / "tuning20",
    "tuning 21": ROOT / "tests" / "eval" / "tuning21",
    # Scores only so far: waste intercommunale, childcare organisation, online fashion retailer.
    "tuning 22": ROOT / "tests" / "eval" / "tuning22",
    "tuning 23": ROOT / "tests" / "eval" / "tuning23",
    "tuning 24": ROOT / "tests" / "eval" / "tuning24",
    # Sixth session: the development set's cases transposed (same labels and situations) to a Flemish
    # welfare agency and a Dutch car-lease company, in new words. Held out like heldout3 and heldout5.
    "transpose 1": ROOT / "tests" / "eval" / "transpose1",
    "transpose 2": ROOT / "tests" / "eval" / "transpose2",
    # Seventh session: four more transpositions (academic hospital, Flemish school group, grid operator,
    # Belgian bank-insurer), tuned on in round 15.
    "transpose 3": ROOT / "tests" / "eval" / "transpose3",
    "transpose 4": ROOT / "tests" / "eval" / "transpose4",
    "transpose 5": ROOT / "tests" / "eval" / "transpose5",
    "transpose 6": ROOT / "tests" / "eval" / "transpose6",
    # Eighth session: safety region, dairy cooperative, port authority (tuned on in round 16 and text-model
    # training data); Flemish tax office, mental-health institution, football club (scores only).
    "tuning 25": ROOT / "tests" / "eval" / "tuning25",
    "tuning 26": ROOT / "tests" / "eval" / "tuning26",
    "tuning 27": ROOT / "tests" / "eval" / "tuning27",
    "tuning 28": ROOT / "tests" / "eval" / "tuning28",
    "tuning 29": ROOT / "tests" / "eval" / "tuning29",
    "tuning 30": ROOT / "tests" / "eval" / "tuning30",
    # Eighth session, later: prison, care homes, IT managed services, airline, chemical plant, province
    # (first scored unseen, then text-model training data only).
    **{f"tuning {n}": ROOT / "tests" / "eval" / f"tuning{n}" for n in range(31, 37)},
    # Last of the eighth session: library, railway infrastructure, insurer, youth welfare, newspaper,
    # facility services (scores only).
    **{f"tuning {n}": ROOT / "tests" / "eval" / f"tuning{n}" for n in range(37, 43)},
    # Twelfth session: museum and cultural centre, bicycle maker (tuned on, then text-model training data);
    # pension administrator, development NGO (scores only); zoo, vet clinics (tuned on by the rules only);
    # federal mobility department (scores only).
    **{f"tuning {n}": ROOT / "tests" / "eval" / f"tuning{n}" for n in range(43, 50)},
    # Thirteenth and fourteenth sessions: forty organisations written blind; the even-numbered ones scores only, the
    # odd-numbered ones tuned on by the rules (none of them text-model training data).
    **{f"tuning {n}": ROOT / "tests" / "eval" / f"tuning{n}" for n in range(50, 106)},
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


# The sets the rules were tuned on and the text model was trained on: a regression guard, not evidence
# of generalisation. (micro-F1 floor, benign false-alarm ceiling); tuning 5-7 were tuned on in one round
# only and keep a few false alarms whose labels the sets disagree on.
TUNING_FLOORS = {
    "energy": (0.93, 0.05),
    "tuning": (0.93, 0.03),
    "tuning 2": (0.93, 0.03),
    "tuning 3": (0.93, 0.03),
    "tuning 4": (0.93, 0.03),
    "tuning 5": (0.92, 0.05),
    "tuning 6": (0.92, 0.06),
    "tuning 7": (0.92, 0.03),
    # Tuned on in round 9 (false alarms) and round 10 (recall of four categories); not model training data.
    "tuning 8": (0.88, 0.05),
    "tuning 9": (0.87, 0.02),
    "tuning 10": (0.87, 0.04),
    "tuning 11": (0.85, 0.02),
    "tuning 12": (0.91, 0.02),
    # Chose the text model's word-list features (scores unseen by the rules: 0.852 / 0.859 / 0.851);
    # 13 and 14 then tuned on in round 11 (employer criticism).
    "tuning 13": (0.85, 0.06),
    "tuning 14": (0.88, 0.07),
    "tuning 15": (0.85, 0.02),
    # First scored unseen at 0.838 / 0.858 / 0.833; 16 and 17 then tuned on in round 12 (false alarms).
    "tuning 16": (0.85, 0.01),
    "tuning 17": (0.86, 0.01),
    "tuning 18": (0.85, 0.07),
    # First scored unseen at 0.805 / 0.825 / 0.844; tuned on in rounds 13 (19, 20: spokesperson,
    # confidential) and 14 (21 first: false alarms; then 20 and 19).
    "tuning 19": (0.82, 0.04),
    "tuning 20": (0.84, 0.05),
    "tuning 21": (0.85, 0.01),
    # First scored unseen at 0.840 / 0.862 / 0.889 (after round 13); scores only since.
    "tuning 22": (0.85, 0.05),
    "tuning 23": (0.87, 0.04),
    "tuning 24": (0.88, 0.01),
    # First scored unseen at 0.850 / 0.750 / 0.893 / 0.839; tuned on in round 15 (seventh session).
    "transpose 3": (0.93, 0.01),
    "transpose 4": (0.92, 0.01),
    "transpose 5": (0.95, 0.01),
    "transpose 6": (0.96, 0.01),
    # Eighth session. First scored unseen at 0.874 / 0.863 / 0.874, tuned on in round 16; since then also
    # text-model training data (as are all sets above except 15, 18 and 22-24).
    "tuning 25": (0.96, 0.02),
    "tuning 26": (0.96, 0.01),
    "tuning 27": (0.97, 0.01),
    # Scores only, kept out of rules and training: first 0.830 / 0.828 / 0.863 (pack of round 15), 0.880 /
    # 0.867 / 0.888 with round 16 and the text model trained on 34 sets.
    "tuning 28": (0.87, 0.05),
    "tuning 29": (0.85, 0.05),
    "tuning 30": (0.87, 0.08),
    # First scored unseen at 0.862 / 0.875 / 0.874 / 0.848 / 0.867 / 0.886; text-model training data since.
    "tuning 31": (0.94, 0.02),
    "tuning 32": (0.94, 0.03),
    "tuning 33": (0.92, 0.07),
    "tuning 34": (0.92, 0.04),
    "tuning 35": (0.93, 0.04),
    "tuning 36": (0.93, 0.05),
    # Scores only, kept out of rules and training; first scored (end of the eighth session) 0.890 / 0.897 /
    # 0.834 / 0.881 / 0.904 / 0.854.
    # (tuning 37: one benign false alarm more, 2 of 65, with the text model retrained on 36 sets in the twelfth session)
    "tuning 37": (0.88, 0.04),
    "tuning 38": (0.88, 0.03),
    "tuning 39": (0.82, 0.02),
    "tuning 40": (0.87, 0.03),
    "tuning 41": (0.89, 0.03),
    "tuning 42": (0.84, 0.06),
    # Twelfth session. First scored unseen at 0.865 / 0.883 / 0.849 / 0.913; 43 and 45 then tuned on and text-model
    # training data, 44 and 46 scores only.
    "tuning 43": (0.95, 0.02),
    "tuning 44": (0.87, 0.06),
    "tuning 45": (0.93, 0.05),
    "tuning 46": (0.90, 0.02),
    # First scored unseen at 0.883 / 0.891 / 0.841; 47 and 49 then tuned on (rules only), 48 scores only.
    "tuning 47": (0.88, 0.03),
    "tuning 48": (0.87, 0.03),
    "tuning 49": (0.85, 0.03),
    # Thirteenth session. Scores only, first scored unseen at 0.886 / 0.902 / 0.872 / 0.907 / 0.890 / 0.901 / 0.884 /
    # 0.884 (50-64, even).
    "tuning 50": (0.87, 0.02),
    "tuning 52": (0.89, 0.08),
    "tuning 54": (0.86, 0.03),
    "tuning 56": (0.89, 0.03),
    "tuning 58": (0.87, 0.03),
    "tuning 60": (0.89, 0.02),
    "tuning 62": (0.87, 0.05),
    "tuning 64": (0.87, 0.03),
    # First scored unseen at 0.886 / 0.884 / 0.903 / 0.848 / 0.871 / 0.875 / 0.890 / 0.869 (51-65, odd), then tuned on
    # (rules only).
    "tuning 51": (0.90, 0.05),
    "tuning 53": (0.91, 0.03),
    "tuning 55": (0.91, 0.02),
    "tuning 57": (0.86, 0.02),
    "tuning 59": (0.86, 0.03),
    "tuning 61": (0.88, 0.06),
    "tuning 63": (0.89, 0.02),
    "tuning 65": (0.86, 0.04),
    # Fourteenth session. Scores only, first scored unseen at 0.897 / 0.843 / 0.873 / 0.809 / 0.873 / 0.873 / 0.873 /
    # 0.845 / 0.879 / 0.903 / 0.878 / 0.891 (66-88, even).
    "tuning 66": (0.88, 0.04),
    "tuning 68": (0.83, 0.03),
    "tuning 70": (0.86, 0.03),
    "tuning 72": (0.80, 0.03),
    "tuning 74": (0.86, 0.04),
    "tuning 76": (0.86, 0.06),
    "tuning 78": (0.86, 0.05),
    "tuning 80": (0.83, 0.04),
    "tuning 82": (0.86, 0.03),
    "tuning 84": (0.89, 0.05),
    "tuning 86": (0.86, 0.10),
    "tuning 88": (0.88, 0.02),
    # First scored unseen at 0.917 / 0.880 / 0.893 / 0.918 / 0.861 / 0.863 / 0.817 / 0.869 / 0.883 / 0.891 / 0.885 /
    # 0.837 (67-89, odd), then tuned on (rules only).
    "tuning 67": (0.94, 0.02),
    "tuning 69": (0.89, 0.03),
    "tuning 71": (0.89, 0.04),
    "tuning 73": (0.92, 0.02),
    "tuning 75": (0.85, 0.02),
    "tuning 77": (0.87, 0.03),
    "tuning 79": (0.83, 0.08),
    "tuning 81": (0.87, 0.03),
    "tuning 83": (0.88, 0.02),
    "tuning 85": (0.89, 0.06),
    "tuning 87": (0.88, 0.03),
    "tuning 89": (0.83, 0.02),
    # Fifteenth session. Scores only, first scored unseen at 0.861 / 0.882 / 0.855 / 0.880 / 0.849 / 0.877 / 0.904 /
    # 0.900 (90-97, pack of the session's start) and 0.859 / 0.884 / 0.855 / 0.890 / 0.851 / 0.879 / 0.906 / 0.908 with
    # doubted tips set aside beside another warning.
    "tuning 90": (0.84, 0.04),
    "tuning 91": (0.87, 0.06),
    "tuning 92": (0.84, 0.12),
    "tuning 93": (0.88, 0.02),
    "tuning 94": (0.84, 0.02),
    "tuning 95": (0.86, 0.04),
    "tuning 96": (0.89, 0.07),
    "tuning 97": (0.89, 0.04),
    # First scored unseen at 0.885 / 0.881 / 0.866 / 0.885 / 0.877 / 0.883 / 0.919 / 0.883 (98-105), then tuned on
    # (rules only): 0.891 / 0.884 / 0.886 / 0.885 / 0.877 / 0.887 / 0.938 / 0.894.
    "tuning 98": (0.88, 0.06),
    "tuning 99": (0.87, 0.10),
    "tuning 100": (0.87, 0.04),
    "tuning 101": (0.87, 0.06),
    "tuning 102": (0.86, 0.04),
    "tuning 103": (0.87, 0.04),
    "tuning 104": (0.92, 0.06),
    "tuning 105": (0.88, 0.04),
}


# What the pack reaches today on the sets it was never tuned or trained on: never less. All are clean
# (written by people who had not read the rules; never used to tune rules or train the text model).
# The transposed sets measure the development score without its wording: 1.000 there, 0.83 / 0.80 here
# before round 15, 0.86 / 0.88 after it (tuned on four other transpositions of the same cases), 0.89 / 0.91
# with the text model trained on 34 sets (eighth session; held-out 3 / 5 0.86 / 0.92).
HELD_OUT_FLOORS = {
    "held-out 3": (0.85, 0.07),
    "held-out 5": (0.91, 0.02),
    "transpose 1": (0.88, 0.01),
    "transpose 2": (0.90, 0.03),
}
FLOORS = {**TUNING_FLOORS, **HELD_OUT_FLOORS}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_labelled_sets_do_not_regress(name: str) -> None:
    micro_floor, false_alarm_ceiling = FLOORS[name]
    report = report_for(name)
    assert report.micro.f1 >= micro_floor, report.micro
    assert report.false_alarm_rate <= false_alarm_ceiling


@pytest.mark.xfail(
    reason="on organisations the rules were not tuned on, employer_criticism (on all four sets) and up "
    "to four other categories per set stay below F1 0.85, micro-F1 is below 0.90 on one of them "
    "(heldout3) and benign false alarms are 6% there (see the issue note)",
    strict=False,
)
@pytest.mark.parametrize("name", sorted(HELD_OUT_FLOORS))
def test_quality_bar_on_the_held_out_sets(name: str) -> None:
    assert_quality_bar(report_for(name), name)


def test_word_lists_hold_no_entry_twice() -> None:
    """A second copy of an entry changes nothing, so it only hides what a list holds (case-sensitive lists compared
    as written, the others case-folded)."""
    pack = ROOT / "rules" / "packs" / "default"
    rule_text = "\n".join(path.read_text(encoding="utf-8") for path in pack.glob("*.yml"))
    case_sensitive = set(re.findall(r"list: ([\w-]+)\n\s+case: sensitive", rule_text))
    assert case_sensitive, "expected at least one case-sensitive list"
    twice = []
    for path in sorted((pack / "lists").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for language in ("nl", "en", "any"):
            seen: set[str] = set()
            for entry in data.get(language) or []:
                key = str(entry) if path.stem in case_sensitive else str(entry).casefold()
                if key in seen:
                    twice.append(f"{path.name} {language}: {entry}")
                seen.add(key)
    assert not twice, twice


def test_a_detected_password_does_not_drag_other_code_like_words_into_the_warning(example_ruleset) -> None:
    from rules.engine import evaluate
    from rules.model import Post

    text = "Het wachtwoord voor de wifi is Zomer2025! en de printer heet HP-LaserJet4 op kantoor 3B"
    verdict = evaluate(Post(text=text, platform="x"), example_ruleset)
    (finding,) = [f for f in verdict.findings if f.rule_id == "secret-credential"]
    marked = [text[s.start : s.end] for s in finding.spans]
    assert any("Zomer2025!" in m for m in marked)
    assert not any("LaserJet" in m for m in marked)
