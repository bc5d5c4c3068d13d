"""An org profile with keys this version does not know still loads; the keys are named, never silently lost.

Inside `rules:` (the overlay, which changes what is checked) an unknown key stays an error, and so does a
known key with a wrong value.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rules.cli import main
from rules.engine import evaluate
from rules.errors import RulePackError
from rules.loader import load_ruleset
from rules.model import Post
from tests.rules.packs import ORG, rule, write_pack

EXTRA_TOP = "departments: [Burgerzaken, ICT]\n"
PROFILE_WITH_EXTRAS = (
    ORG.replace("  sector: public\n", "  sector: public\n  region: Zeeland\n").replace(
        'end: "17:00"}', 'end: "17:00", lunch: "12:30"}'
    )
    + EXTRA_TOP
)


def _pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "p", [rule("codename", {"org": "confidential_terms"})])


def test_unknown_keys_are_ignored_and_named(tmp_path: Path) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text(ORG, encoding="utf-8")
    extras = tmp_path / "elsewhere" / "org.yaml"
    extras.parent.mkdir()
    extras.write_text(PROFILE_WITH_EXTRAS, encoding="utf-8")
    pack = _pack(tmp_path)
    with_extras = load_ruleset(extras, [pack], include_default=False)
    without = load_ruleset(plain, [pack], include_default=False)

    assert with_extras.org.ignored_fields == (
        "departments",
        "organisation.region",
        "organisation.office_hours.lunch",
    )
    notices = with_extras.org.notices
    assert notices[0].startswith(f"{extras}: field departments: unknown key, ignored (known: clients, ")
    assert (
        "field organisation.region: unknown key, ignored (known: language, names, office_hours" in notices[1]
    )
    assert notices[2].endswith(
        "field organisation.office_hours.lunch: unknown key, ignored (known: days, end, start)"
    )
    assert without.org.ignored == () and without.org.notices == ()
    # What is checked does not change: same version, same findings.
    assert with_extras.version == without.version
    post = Post("Project Meeuw start volgende week")
    assert [f.rule_id for f in evaluate(post, with_extras).findings] == ["codename"]
    assert evaluate(post, with_extras).findings == evaluate(post, without).findings


@pytest.mark.parametrize(
    ("change", "field", "needle"),
    [
        (("rules:\n  disabel: [codename]\n", None), "rules.disabel", "unknown key 'disabel'"),
        (("", ("sector: public", "sector: semi-public")), "organisation.sector", "is not public or private"),
        (
            (
                "",
                (
                    'office_hours: {days: [mon, tue, wed, thu, fri], start: "08:30", end: "17:00"}',
                    'office_hours: "9-17"',
                ),
            ),
            "organisation.office_hours",
            "must be a mapping with days, start and end",
        ),
        (
            ("", ("language: nl", "language: nl\n  spokespersons_only: nee")),
            "organisation.spokespersons_only",
            "is not true or false",
        ),
    ],
)
def test_wrong_values_and_overlay_keys_stay_errors(tmp_path: Path, change, field, needle) -> None:
    appended, replaced = change
    text = ORG.replace(*replaced) if replaced else ORG
    org = tmp_path / "org.yaml"
    org.write_text(text + appended, encoding="utf-8")
    with pytest.raises(RulePackError, match=rf"org.yaml: field {field}: .*{needle}"):
        load_ruleset(org, [_pack(tmp_path)], include_default=False)


def test_the_cli_warns_on_stderr_and_keeps_its_output_clean(tmp_path: Path, capsys) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(PROFILE_WITH_EXTRAS, encoding="utf-8")
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        json.dumps({"id": "c1", "text": "Project Meeuw gaat door", "labels": ["confidential"]}) + "\n"
    )

    assert main(["check", "--org", str(org), "--cases", str(cases), "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["c1"]
    assert f"bedenktijd: warning: {org}: field departments: unknown key, ignored" in err
    assert err.count("bedenktijd: warning:") == 3

    assert main(["rules", "--org", str(org), "lint"]) == 0  # a warning, not an error
    out, _ = capsys.readouterr()
    assert f"warning: {org}: field organisation.region: unknown key, ignored" in out
    assert out.rstrip().endswith("0 errors, 3 warnings")
    assert "bedenktijd: warning:" not in out

    for command in (["test"], ["explain", "emotional-shouting"]):
        assert main(["rules", "--org", str(org), *command]) == 0
        out, err = capsys.readouterr()
        assert "bedenktijd: warning:" not in out
        assert f"warning: {org}: field organisation.office_hours.lunch: unknown key, ignored" in err
        assert err.count("bedenktijd: warning:") == 3
