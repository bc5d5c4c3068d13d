"""The `bedenktijd` command line: check (one text and batch), eval, rules lint/test/explain."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
SHARED_EVAL = ROOT.parent / "shared" / "eval"
needs_shared = pytest.mark.skipif(
    not (SHARED_EVAL / "cases.jsonl").exists(), reason="../shared/eval not present"
)


# `bedenktijd check` in its batch form over the development set.
BATCH_CHECK = (
    "check",
    "--org",
    str(SHARED_EVAL / "org.yaml"),
    "--cases",
    str(SHARED_EVAL / "cases.jsonl"),
    "--format",
    "jsonl",
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rules.cli", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_check_one_text_marks_the_span(capsys) -> None:
    assert main(["check", "--lang", "en", "My BSN is 111222333, please keep it safe"]) == 0
    out = capsys.readouterr().out
    assert "[[111222333]]" in out
    assert "personal_data" in out


def test_check_one_text_prints_the_preview_once_per_finding(capsys) -> None:
    text = "Mijn BSN is 111222333 en dat van mijn zoon is 123456782."
    assert main(["check", "--lang", "nl", text]) == 0
    out = capsys.readouterr().out
    assert "[[111222333]]" in out and "[[123456782]]" in out
    lines = [line.strip() for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert len(lines) == 1, out  # one line: both spans, then the one redacted preview
    assert lines[0].startswith("12-21, 46-55: ")
    assert "111222333" not in lines[0] and "123456782" not in lines[0]


def test_check_one_text_as_json_or_one_jsonl_line(capsys) -> None:
    text = "My BSN is 111222333, please keep it safe"
    assert main(["check", "--format", "json", text]) == 0
    pretty = capsys.readouterr().out
    assert main(["check", "--format", "jsonl", text]) == 0
    line = capsys.readouterr().out
    assert len(line.splitlines()) == 1 and len(pretty.splitlines()) > 1
    assert json.loads(line) == json.loads(pretty)
    assert [f["category"] for f in json.loads(line)["findings"]] == ["personal_data"]


def test_check_benign_text_says_so(capsys) -> None:
    assert main(["check", "--lang", "nl", "Mooie zonsondergang vanavond aan zee."]) == 0
    assert "Geen risico's gevonden." in capsys.readouterr().out


@needs_shared
def test_check_batch_jsonl_has_the_documented_shape() -> None:
    result = run(*BATCH_CHECK)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    texts = {
        json.loads(line)["id"]: json.loads(line)["text"]
        for line in (SHARED_EVAL / "cases.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    assert len(lines) == len(texts)
    seen_finding = False
    for line in lines:
        assert set(line) == {"id", "findings"}
        for finding in line["findings"]:
            seen_finding = True
            assert set(finding) == {"rule", "category", "severity", "start", "end"}
            assert 0 <= finding["start"] <= finding["end"] <= len(texts[line["id"]])
    assert seen_finding


@needs_shared
def test_batch_check_stops_quietly_when_the_reader_goes_away() -> None:
    # `bedenktijd check --cases ... | head -1`: the reader closes the pipe after one line.
    process = subprocess.Popen(
        [sys.executable, "-m", "rules.cli", *BATCH_CHECK],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    assert json.loads(process.stdout.readline())["id"]
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


@needs_shared
def test_eval_json_reports_every_category() -> None:
    result = run(
        "eval", "--org", str(SHARED_EVAL / "org.yaml"), "--cases", str(SHARED_EVAL / "cases.jsonl"), "--json"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(report["categories"]) == 12
    assert 0 <= report["benign_false_alarm_rate"] <= 1


def test_rules_explain_shows_both_languages(capsys) -> None:
    assert main(["rules", "lint"]) == 0
    capsys.readouterr()
    from rules.loader import load_example_ruleset

    rule_id = load_example_ruleset().rules[0].id
    assert main(["rules", "explain", rule_id]) == 0
    out = capsys.readouterr().out
    assert "[nl]" in out and "[en]" in out and rule_id in out


def test_rules_explain_says_when_a_rule_reads_the_text_model(capsys) -> None:
    assert main(["rules", "explain", "client-text-model"]) == 0
    assert "reads the text model" in capsys.readouterr().out
    assert main(["rules", "explain", "client-business-details"]) == 0
    assert "reads the text model" not in capsys.readouterr().out


def test_rules_explain_and_test_show_an_org_model_floor(tmp_path: Path, capsys) -> None:
    base = (ROOT / "rules" / "packs" / "default" / "example-org.yml").read_text(encoding="utf-8")
    org = tmp_path / "org.yaml"
    org.write_text(base + "rules:\n  model_floor: {offensive: 0.5}\n", encoding="utf-8")
    assert main(["rules", "--org", str(org), "explain", "offensive-insult"]) == 0
    assert "model floor 0.5" in capsys.readouterr().out
    assert main(["rules", "explain", "offensive-insult"]) == 0
    assert "model floor" not in capsys.readouterr().out
    # The org sees what its floor costs: examples of the rules it now holds back fail.
    assert main(["rules", "--org", str(org), "test"]) == 1
    failures = [line for line in capsys.readouterr().out.splitlines() if line.startswith("FAIL")]
    assert failures and all("offensive" in line and "should match" in line for line in failures)


def test_rules_explain_unknown_rule(capsys) -> None:
    assert main(["rules", "explain", "no-such-rule"]) == 2
    assert "did you mean" not in capsys.readouterr().err
    assert main(["rules", "explain", "emotional-shout"]) == 2
    assert "no rule 'emotional-shout'; did you mean emotional-shouting" in capsys.readouterr().err


def test_check_at_a_time_that_is_not_iso_8601_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["check", "--at", "gisteren", "hallo"])
    assert stop.value.code == 2
    assert "argument --at: 'gisteren' is not an ISO 8601 time" in capsys.readouterr().err


def test_check_at_without_an_offset_is_the_organisations_local_time(capsys) -> None:
    # The example profile's office hours end at 17:30 Europe/Brussels (a Tuesday; CET, UTC+1).
    org = ["--org", str(ROOT / "rules" / "packs" / "default" / "example-org.yml"), "--lang", "en"]
    text = "Stem allemaal op de PvdA bij de verkiezingen!"
    assert main(["check", *org, "--at", "2026-11-17T17:00", text]) == 0
    assert "political" in capsys.readouterr().out
    assert main(["check", *org, "--at", "2026-11-17T18:00", text]) == 0
    assert "political" not in capsys.readouterr().out
    assert main(["check", *org, "--at", "2026-11-17T17:00+00:00", text]) == 0  # 18:00 in Brussels
    assert "political" not in capsys.readouterr().out


def test_check_with_a_broken_org_profile_exits_non_zero(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("organisation: {names: []}\n")
    result = run("check", "--org", str(org), "hallo")
    assert result.returncode == 2
    assert "org.yaml: field organisation.names" in result.stderr


def test_rules_explain_shows_the_default_packs_model_doubt(capsys) -> None:
    assert main(["rules", "explain", "employer-criticism-negative"]) == 0
    out = capsys.readouterr().out
    assert "model doubt 0.1: a quiet tip (info)" in out and "rustige tip" in out
    assert "left out where another category already warns" in out and "al waarschuwt" in out
    assert main(["rules", "explain", "offensive-insult"]) == 0
    assert "model doubt" not in capsys.readouterr().out  # insults always stay warnings
