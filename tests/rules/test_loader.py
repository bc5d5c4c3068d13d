"""Broken packs and profiles give errors that name the file, the rule and the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rules.cli import main
from rules.errors import RulePackError
from rules.loader import SCHEMA_DIR, load_ruleset
from rules.model import CATEGORIES
from tests.rules.packs import rule, write_org, write_pack


def load(pack: Path, org: Path | None = None):
    return load_ruleset(org, [pack], include_default=False)


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p", [], raw_rules="rules: [ {id: x, \n  - broken")
    with pytest.raises(RulePackError) as err:
        load(pack)
    assert "rules.yml" in str(err.value) and "invalid YAML" in str(err.value)


@pytest.mark.parametrize(
    ("change", "field", "needle"),
    [
        ({"colour": "red"}, None, "unknown key"),
        ({"category": "gossip"}, "category", "gossip"),
        ({"severity": "critical"}, "severity", "critical"),
        ({"message": {"nl": "Let op."}}, "message", "'en' is a required property"),
        ({"match": {"regex": "(unclosed"}}, "match.regex.pattern", "does not compile"),
        ({"match": {"keywords": {"nl": ["a"]}, "extra": 1}}, "match", "unknown key"),
        ({"match": {"list": "nosuchlist"}}, "match.list", "unknown list"),
        ({"match": {"entity": "horoscope"}}, "match.entity", "unknown detector"),
        ({"match": {"near": [{"keywords": {"nl": ["a"]}}], "within": 3}}, "match.near", "exactly two"),
    ],
)
def test_broken_rule_names_file_rule_and_field(tmp_path: Path, change, field, needle) -> None:
    broken = {**rule("broken-rule", {"keywords": {"nl": ["geheim"]}}), **change}
    pack = write_pack(tmp_path / "p", [broken])
    with pytest.raises(RulePackError) as err:
        load(pack)
    message = str(err.value)
    assert "rules.yml" in message
    assert "rule broken-rule" in message
    if field:
        assert f"field {field}" in message
    assert needle in message


def test_duplicate_rule_id(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path / "p", [rule("same", {"keywords": {"nl": ["a"]}}), rule("same", {"keywords": {"nl": ["b"]}})]
    )
    with pytest.raises(RulePackError, match="duplicate rule id"):
        load(pack)


def test_org_profile_errors_name_the_field(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p", [rule("r", {"keywords": {"nl": ["a"]}})])
    org = write_org(tmp_path / "org.yml")
    org.write_text(org.read_text().replace("Europe/Amsterdam", "Mars/Olympus"))
    with pytest.raises(RulePackError, match=r"org.yml: field organisation.timezone: 'Mars/Olympus'"):
        load(pack, org)


def test_overlay_unknown_rule_is_an_error(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p", [rule("r", {"keywords": {"nl": ["a"]}})])
    org = write_org(tmp_path / "org.yml", "rules:\n  disable: [no-such-rule]\n")
    with pytest.raises(RulePackError, match="cannot disable unknown rule 'no-such-rule'"):
        load(pack, org)


def test_cli_exits_non_zero_on_a_broken_pack(tmp_path: Path, capsys) -> None:
    pack = write_pack(tmp_path / "p", [rule("broken-rule", {"regex": "(x"})])
    code = main(["rules", "--pack", str(pack), "lint"])
    assert code == 2
    err = capsys.readouterr().err
    assert "rule broken-rule" in err and "does not compile" in err


def test_version_hash_changes_with_the_org(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p", [rule("r", {"org": "clients"})])
    first = load(pack, write_org(tmp_path / "a.yml"))
    second = load(pack, write_org(tmp_path / "b.yml", 'parties: ["Partij X"]\n'))
    again = load(pack, write_org(tmp_path / "c.yml"))
    assert first.version != second.version
    assert first.version == again.version


def test_a_pack_is_cached_on_disk_and_a_change_is_noticed(tmp_path: Path, monkeypatch) -> None:
    # A second process reads the parsed pack from the cache; editing a file makes it parse again, so
    # a new error is still reported with file, rule and field.
    import rules.loader as loader
    from rules.engine import evaluate, warm_up
    from rules.model import Post

    monkeypatch.setenv("BEDENKTIJD_CACHE_DIR", str(tmp_path / "cache"))
    pack = write_pack(tmp_path / "p", [rule("r1", {"regex": r"\bgeheim\b"})])
    first = loader.load_ruleset(None, [pack], include_default=False)
    assert list((tmp_path / "cache").glob("*.json"))
    loader._PACKS.clear()  # as a new process would start
    second = loader.load_ruleset(None, [pack], include_default=False)
    assert second.version == first.version
    assert warm_up(second) == 1  # the trusted pack's pattern compiles on demand
    assert [f.rule_id for f in evaluate(Post("dit is geheim"), second).findings] == ["r1"]
    loader._PACKS.clear()
    rules_file = next(p for p in pack.glob("*.yml") if p.name != "pack.yml")
    rules_file.write_text(
        rules_file.read_text(encoding="utf-8").replace(r"\bgeheim\b", "(unclosed"), encoding="utf-8"
    )
    with pytest.raises(RulePackError) as error:
        loader.load_ruleset(None, [pack], include_default=False)
    assert error.value.rule_id == "r1" and "does not compile" in str(error.value)


def test_an_edit_while_a_pack_is_read_is_never_cached_as_the_old_content(tmp_path: Path, monkeypatch) -> None:
    # Someone saves a rule file while the proxy is reading the pack: the cache must not keep the old
    # text under the new file's size and time, or the edit would be ignored until the next one.
    import rules.loader as loader
    from rules.engine import evaluate
    from rules.model import Post

    monkeypatch.setenv("BEDENKTIJD_CACHE_DIR", str(tmp_path / "cache"))
    pack = write_pack(tmp_path / "p", [rule("r1", {"keywords": {"nl": ["geheim"]}})])
    rules_file = next(p for p in pack.glob("*.yml") if p.name != "pack.yml")
    original_init = loader._Pack.__init__

    def init_then_edit(self, folder, cached=None):  # type: ignore[no-untyped-def]
        original_init(self, folder, cached)
        text = rules_file.read_text(encoding="utf-8").replace("geheim", "topgeheim")
        rules_file.write_text(text, encoding="utf-8")

    monkeypatch.setattr(loader._Pack, "__init__", init_then_edit)
    loader._PACKS.clear()
    loader.load_ruleset(None, [pack], include_default=False)  # read before the edit landed
    monkeypatch.setattr(loader._Pack, "__init__", original_init)
    loader._PACKS.clear()
    fresh = loader.load_ruleset(None, [pack], include_default=False)
    assert [f.rule_id for f in evaluate(Post("dit is topgeheim"), fresh).findings] == ["r1"]
    assert [f.rule_id for f in evaluate(Post("dit is geheim"), fresh).findings] == []


def test_a_damaged_pack_cache_file_is_ignored(tmp_path: Path, monkeypatch) -> None:
    import json

    import rules.loader as loader
    from rules.engine import evaluate
    from rules.model import Post

    monkeypatch.setenv("BEDENKTIJD_CACHE_DIR", str(tmp_path / "cache"))
    pack = write_pack(tmp_path / "p", [rule("r1", {"regex": r"\bgeheim\b"})])
    loader.load_ruleset(None, [pack], include_default=False)
    (cached,) = (tmp_path / "cache").glob("*.json")
    data = json.loads(cached.read_text(encoding="utf-8"))
    data["pack"]["rule_files"] = 42  # valid JSON, wrong shape
    data["pack"]["prefixes"] = {r"\bgeheim\b": "geheim"}
    cached.write_text(json.dumps(data), encoding="utf-8")
    loader._PACKS.clear()
    ruleset = loader.load_ruleset(None, [pack], include_default=False)
    assert [f.rule_id for f in evaluate(Post("dit is geheim"), ruleset).findings] == ["r1"]


def test_every_category_list_in_the_shipped_schemas_is_the_taxonomy() -> None:
    # The schemas spell the twelve categories out (rule category, `model` node, pack `model_floor`):
    # each copy must stay the engine's own list, or an editor and the loader would disagree.
    def enums(node: Any) -> list[list[Any]]:
        if isinstance(node, dict):
            own = [node["enum"]] if isinstance(node.get("enum"), list) else []
            return own + [e for value in node.values() for e in enums(value)]
        return [e for value in node for e in enums(value)] if isinstance(node, list) else []

    found = [
        (path.name, enum)
        for path in sorted(SCHEMA_DIR.glob("*.json"))
        for enum in enums(json.loads(path.read_text(encoding="utf-8")))
        if "confidential" in enum
    ]
    assert {name for name, _ in found} >= {"rule-file.schema.json", "pack.schema.json"}
    assert all(enum == list(CATEGORIES) for _, enum in found), found
