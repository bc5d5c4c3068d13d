"""Build small throw-away rule packs for tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from rules.engine import evaluate
from rules.model import Post
from rules.ruleset import Ruleset

TEXTS = {"nl": "Let op.", "en": "Careful."}


def rule(rule_id: str, match: Any, **extra: Any) -> dict[str, Any]:
    """A complete rule mapping with placeholder texts and examples."""
    base = {
        "id": rule_id,
        "category": "confidential",
        "severity": "warning",
        "status": "stable",
        "languages": ["nl", "en"],
        "match": match,
        "message": dict(TEXTS),
        "explanation": dict(TEXTS),
        "suggestion": dict(TEXTS),
        "clause": "1",
        "examples": {"match": [], "no_match": []},
    }
    base.update(extra)
    return base


def write_pack(
    folder: Path,
    rules: list[dict[str, Any]],
    lists: dict[str, Any] | None = None,
    raw_rules: str | None = None,
) -> Path:
    """Write pack.yml, lists and one rule file; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yml").write_text(
        yaml.safe_dump({"id": "test", "version": "0.0.1", "description": {"nl": "t", "en": "t"}})
    )
    if lists:
        (folder / "lists").mkdir(exist_ok=True)
        for name, data in lists.items():
            (folder / "lists" / f"{name}.yml").write_text(yaml.safe_dump(data, allow_unicode=True))
    text = raw_rules if raw_rules is not None else yaml.safe_dump({"rules": rules}, allow_unicode=True)
    (folder / "rules.yml").write_text(text, encoding="utf-8")
    return folder


ORG = """
organisation:
  names: ["Gemeente Testdorp", "Testdorp"]
  sector: public
  language: nl
  timezone: Europe/Amsterdam
  office_hours: {days: [mon, tue, wed, thu, fri], start: "08:30", end: "17:00"}
clients: ["Jansen Transport", "Bakkerij De Vries B.V."]
confidential_terms: ["Project Meeuw"]
internal_domains: ["intranet.testdorp.nl"]
internal_channel: {nl: "je leidinggevende", en: "your manager"}
policy_url: "https://intranet.testdorp.nl/sm"
"""


def write_org(path: Path, extra: str = "") -> Path:
    """Write the test organisation profile, with extra YAML appended."""
    path.write_text(ORG + extra, encoding="utf-8")
    return path


def fired(ruleset: Ruleset, text: str) -> list[str]:
    """The ids of the rules with a finding on a LinkedIn post of this text, sorted."""
    return sorted(f.rule_id for f in evaluate(Post(text), ruleset).findings)
