"""The companion's rule-pack provider: loads once, says what went wrong, names ignored profile keys."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from companion_ui.rulesets import LoadedRuleset, RulesetUnavailable


def test_ignored_profile_keys_are_logged_and_the_pack_loads(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("organisation:\n  names: [Testdorp]\nheadcount: 1200\n", encoding="utf-8")
    provider = LoadedRuleset(org)
    with caplog.at_level(logging.WARNING):
        ruleset = provider()
    assert ruleset.org.names == ("Testdorp",) and provider() is ruleset
    assert f"{org}: field headcount: unknown key, ignored" in caplog.text


def test_a_broken_profile_names_the_file_and_field(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("organisation:\n  names: [Testdorp]\n  office_hours: 9-17\n", encoding="utf-8")
    with (
        caplog.at_level(logging.ERROR),
        pytest.raises(RulesetUnavailable, match=r"field organisation\.office_hours"),
    ):
        LoadedRuleset(org)()
    assert "rule pack could not be loaded" in caplog.text
