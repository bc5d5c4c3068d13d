"""`bedenktijd rules --org ORG test`: the packs' examples name the example organisation's clients and code
names, so they run against it with the profile's overlay; the profile's own rules run against the profile."""

from __future__ import annotations

from pathlib import Path

from rules.cli import main
from rules.loader import load_example_ruleset
from tests.rules.packs import write_org

OWN_RULE = """
    - id: own-client-contract
      category: client
      severity: warning
      status: stable
      languages: [nl, en]
      match: {all: [{org: clients}, {keywords: {nl: [contract], en: [contract]}}]}
      message: {nl: m, en: m}
      explanation: {nl: e, en: e}
      suggestion: {nl: s, en: s}
      clause: "4"
      examples:
        match:
          - Jansen Transport zegt het contract op
          - Jansen Transport cancels the contract
          - Contract met Jansen Transport loopt af
        no_match:  # the example organisation's clients, not Testdorp's
          - Brouwerij Het Anker zegt het contract op
          - Acme Logistics cancels the contract
          - Een contract voor de kermis
"""


def _failures(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("FAIL")]


def test_an_organisation_with_other_names_passes_the_packs_examples(tmp_path: Path, capsys) -> None:
    org = write_org(tmp_path / "org.yaml")  # Gemeente Testdorp: none of the example organisation's names
    assert main(["rules", "--org", str(org), "test"]) == 0, _failures(capsys.readouterr().out)[:5]
    out = capsys.readouterr().out
    assert out.rstrip().endswith(" 0 failed")


def test_the_overlay_shows_and_own_rules_run_against_the_profile(tmp_path: Path, capsys) -> None:
    overlay = (
        "rules:\n"
        "  disable: [client-business-details]\n"
        "  add_keywords: {client-supplier-role-details: {nl: [badkamerrenovatie]}}\n"
        "  add:\n" + OWN_RULE
    )
    org = write_org(tmp_path / "org.yaml", overlay)
    assert main(["rules", "--org", str(org), "test"]) == 1
    out = capsys.readouterr().out
    # The added keyword makes one of the shipped rule's no_match examples match: the organisation sees it.
    assert _failures(out) == [
        "FAIL "
        + str(Path("rules/packs/default/client.yml").resolve())
        + ": rule client-supplier-role-details: should not match but did:"
        " 'Iemand ervaring met een goede aannemer voor een badkamerrenovatie? Offerte valt duur uit.'"
    ]
    # The disabled rule's examples are not run; the own rule's six are, against Testdorp's clients.
    pack = load_example_ruleset()
    disabled = len(pack.rule("client-business-details").examples)
    expected = sum(len(r.examples) for r in pack.rules) - disabled + 6
    assert out.rstrip().endswith(f"{expected - 1} passed, 1 failed")
    assert f"6 of its own rules against {org}" in out
