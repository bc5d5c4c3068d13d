"""`bedenktijd eval --against`: score a second annotator's labels (or saved `check` output) against the cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rules.cli import main

CASES = [
    {"id": "a-1", "text": "Ons bedrijf is een puinhoop.", "labels": ["employer_criticism"]},
    {"id": "a-2", "text": "Mooie zonsondergang.", "labels": []},
    {"id": "a-3", "text": "Wachtwoord: hunter22!", "labels": ["secret"]},
    {"id": "a-4", "text": "Leuke borrel.", "labels": []},
]


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    return _write(tmp_path / "cases.jsonl", CASES)


def _report(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(["eval", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_second_annotator_is_scored_per_category(tmp_path, cases, capsys) -> None:
    answers = _write(
        tmp_path / "second.jsonl",
        [
            {"id": "a-1", "labels": ["employer_criticism"]},
            {"id": "a-2", "labels": ["emotional"]},  # a label on a benign case: a false alarm
            {"id": "a-3", "labels": []},  # a miss
            {"id": "a-4", "labels": []},
        ],
    )
    report = _report(capsys, "--cases", str(cases), "--against", str(answers))
    cats = report["categories"]
    assert cats["employer_criticism"]["tp"] == 1 and cats["employer_criticism"]["f1"] == 1.0
    assert cats["secret"]["fn"] == 1 and cats["emotional"]["fp"] == 1
    assert report["benign_false_alarms"] == 1 and report["benign_cases"] == 2
    assert report["micro"]["f1"] == pytest.approx(2 / (2 + 1 + 1))
    assert {e["id"] for e in report["errors"]} == {"a-2", "a-3"}


def test_saved_check_output_gives_the_same_report_as_running_the_rules(tmp_path, cases, capsys) -> None:
    assert main(["check", "--cases", str(cases), "--format", "jsonl"]) == 0
    saved = tmp_path / "check.jsonl"
    saved.write_text(capsys.readouterr().out, encoding="utf-8")
    direct = _report(capsys, "--cases", str(cases))
    replayed = _report(capsys, "--cases", str(cases), "--against", str(saved))
    assert replayed == direct


def test_an_info_tip_is_not_a_false_alarm_but_counts_for_its_category(tmp_path, cases, capsys) -> None:
    tip = {"rule": "x", "category": "emotional", "severity": "info", "start": 0, "end": 4}
    answers = _write(
        tmp_path / "a.jsonl",
        [{"id": c["id"], "findings": [tip] if c["id"] == "a-2" else []} for c in CASES],
    )
    report = _report(capsys, "--cases", str(cases), "--against", str(answers))
    assert report["benign_false_alarms"] == 0
    assert report["categories"]["emotional"]["fp"] == 1


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [{"id": "a-1", "labels": ["employer_critic"]}],
            "a.jsonl:1: case a-1: unknown category ['employer_critic']",
        ),
        ([{"id": "zz-9", "labels": []}], "a.jsonl:1: case zz-9: no case with this id"),
        ([{"id": "a-1", "labels": []}, {"id": "a-1", "labels": []}], "a.jsonl:2: case a-1: a second line"),
        ([{"id": "a-1"}], 'a.jsonl:1: not a line with "id" and "labels" or "findings"'),
        ([{"id": "a-1", "labels": []}], "no answer for case(s) a-2, a-3, a-4"),
    ],
)
def test_bad_answers_name_the_line_and_case(tmp_path, cases, capsys, rows, expected) -> None:
    answers = _write(tmp_path / "a.jsonl", rows)
    assert main(["eval", "--cases", str(cases), "--against", str(answers)]) == 2
    assert expected in capsys.readouterr().err


def test_against_with_a_ruleset_is_refused(tmp_path, cases, capsys) -> None:
    answers = _write(tmp_path / "a.jsonl", [{"id": c["id"], "labels": c["labels"]} for c in CASES])
    assert main(["eval", "--org", "x.yaml", "--cases", str(cases), "--against", str(answers)]) == 2
    assert "drop --org/--pack" in capsys.readouterr().err


AGREEMENT = Path(__file__).resolve().parents[2] / "tests" / "eval" / "agreement"
SET_OF = {"dev": AGREEMENT.parents[2].parent / "shared" / "eval"}


@pytest.mark.parametrize("answers", sorted(AGREEMENT.glob("*.jsonl")), ids=lambda p: p.stem)
def test_stored_second_annotations_are_complete_for_their_set(answers, capsys) -> None:
    folder = SET_OF.get(answers.stem, AGREEMENT.parent / answers.stem)
    if not (folder / "cases.jsonl").exists():
        pytest.skip(f"{folder} not present")
    report = _report(capsys, "--cases", str(folder / "cases.jsonl"), "--against", str(answers))
    # the README's claim: a careful reader agrees with the labels; a relabelled set would show here
    assert report["micro"]["f1"] >= 0.95
