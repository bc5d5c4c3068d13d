"""The engine's match semantics, conditions, overlay, spans and robustness, on small test packs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.engine import evaluate
from rules.loader import load_ruleset
from rules.model import Post
from tests.rules.packs import rule, write_org, write_pack

TZ = ZoneInfo("Europe/Amsterdam")
TUESDAY_NOON = datetime(2026, 3, 10, 12, 0, tzinfo=TZ)
SATURDAY_NOON = datetime(2026, 3, 14, 12, 0, tzinfo=TZ)


@pytest.fixture(scope="module")
def ruleset(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("engine")
    rules = [
        rule("kw-compound", {"keywords": {"nl": ["gegevens"], "compound": "head"}}, category="personal_data"),
        rule("kw-word", {"keywords": {"nl": ["geheim"], "en": ["secret"]}}),
        rule("kw-prefix", {"keywords": {"nl": ["woedend*"]}}, category="emotional"),
        rule("kw-quoted", {"keywords": {"nl": ["eikel"], "skip_quoted": True}}, category="offensive"),
        rule(
            "client-near",
            {"near": [{"org": "clients"}, {"keywords": {"nl": ["contract", "factuur"]}}], "within": 4},
            category="client",
            message={"nl": "Je noemt {client}.", "en": "You name {client}."},
        ),
        rule(
            "not-disclaimer",
            {
                "all": [
                    {"keywords": {"nl": ["vind ik"]}},
                    {"not": {"keywords": {"nl": ["persoonlijke titel"]}}},
                ]
            },
            category="disclaimer",
        ),
        rule(
            "political-hours",
            {"keywords": {"nl": ["stem op"]}},
            category="political",
            when={"office_hours": True},
        ),
        rule(
            "media-only",
            {"keywords": {"nl": ["collega's"]}},
            category="colleague_media",
            when={"media": True},
        ),
        rule("shout", {"shouting": {"min_words": 3}}, category="emotional", severity="info"),
        rule("bang", {"exclamations": {"min": 3}}, category="emotional", severity="info"),
        rule("bsn", {"entity": "bsn"}, category="personal_data", severity="high"),
        rule("slow", {"regex": {"pattern": "(?:a|aa)+$", "timeout_ms": 5}}),
        rule("code-name", {"org": "confidential_terms"}),
        rule("only-x", {"keywords": {"nl": ["draadje"]}}, applies_to={"platforms": ["x"]}),
    ]
    pack = write_pack(tmp / "pack", rules)
    org = write_org(tmp / "org.yml")
    return load_ruleset(org, [pack], include_default=False)


def ids(text: str, ruleset, **post) -> set[str]:
    post.setdefault("posted_at", TUESDAY_NOON)
    return {f.rule_id for f in evaluate(Post(text, **post), ruleset).findings}


def test_compound_head_matches_inside_compounds(ruleset) -> None:
    assert "kw-compound" in ids("De klantgegevens lagen op straat", ruleset)
    assert "kw-compound" in ids("patiëntgegevens", ruleset)
    assert "kw-compound" not in ids("gegevensbescherming is belangrijk", ruleset)


def test_whole_word_keywords_respect_boundaries(ruleset) -> None:
    assert "kw-word" in ids("Dit is geheim, echt.", ruleset)
    assert "kw-word" not in ids("Wat een geheimzinnige film", ruleset)
    assert "kw-word" in ids("Top SECRET stuff", ruleset)


def test_trailing_star_lets_the_word_continue(ruleset) -> None:
    assert "kw-prefix" in ids("Ik ben woedende klanten zat", ruleset)


@pytest.mark.parametrize(
    "text",
    [
        "Dit is gеhеim",  # Cyrillic е
        "Dit is ge\u200bheim",  # zero-width space
        "Dit is ge\u00adheim",  # soft hyphen
        "Dit is g e h e i m",  # spaced out
        "Dit is g3h31m",  # leetspeak
        "Dit is ＧＥＨＥＩＭ",  # full width
    ],
)
def test_simple_evasion_is_undone(ruleset, text: str) -> None:
    assert "kw-word" in ids(text, ruleset)


def test_evasion_spans_point_into_the_original(ruleset) -> None:
    text = "Dit is g e h e i m!"
    finding = next(f for f in evaluate(Post(text), ruleset).findings if f.rule_id == "kw-word")
    span = finding.spans[0]
    assert text[span.start : span.end] == "g e h e i m"


def test_quoted_words_can_be_skipped(ruleset) -> None:
    assert "kw-quoted" in ids("Wat ben jij een eikel", ruleset)
    assert "kw-quoted" not in ids("Schandalig dat iemand 'eikel' werd genoemd", ruleset)
    assert "kw-quoted" not in ids('Hij zei: "eikel" en liep weg', ruleset)


def test_near_and_client_placeholder(ruleset) -> None:
    verdict = evaluate(Post("Het contract met Jansen Transport is rond", posted_at=TUESDAY_NOON), ruleset)
    finding = next(f for f in verdict.findings if f.rule_id == "client-near")
    assert finding.message.nl == "Je noemt Jansen Transport."
    assert "client-near" not in ids(
        "Jansen Transport reed vandaag mee in de optocht, een mooi gezicht "
        "met veel mensen langs de kant en later een contract",
        ruleset,
    )


def test_client_name_without_legal_form(ruleset) -> None:
    assert "client-near" in ids("De factuur van Bakkerij De Vries klopt niet", ruleset)


def test_not_node(ruleset) -> None:
    assert "not-disclaimer" in ids("Dat vind ik een slecht plan", ruleset)
    assert "not-disclaimer" not in ids("Op persoonlijke titel: dat vind ik een slecht plan", ruleset)


def test_office_hours_condition(ruleset) -> None:
    assert "political-hours" in ids("Stem op de groene partij", ruleset, posted_at=TUESDAY_NOON)
    assert "political-hours" not in ids("Stem op de groene partij", ruleset, posted_at=SATURDAY_NOON)
    evening = datetime(2026, 3, 10, 21, 0, tzinfo=TZ)
    assert "political-hours" not in ids("Stem op de groene partij", ruleset, posted_at=evening)
    assert "political-hours" not in ids("Stem op de groene partij", ruleset, posted_at=None)


def test_media_condition(ruleset) -> None:
    assert "media-only" in ids("Met de collega's op pad", ruleset, media=True)
    assert "media-only" not in ids("Met de collega's op pad", ruleset, media=False)


def test_platform_condition(ruleset) -> None:
    assert "only-x" in ids("Een draadje", ruleset, platform="x")
    assert "only-x" not in ids("Een draadje", ruleset, platform="linkedin")


def test_shouting_and_exclamations(ruleset) -> None:
    assert {"shout", "bang"} <= ids("IK BEN HET ZAT!!!", ruleset)
    assert not {"shout", "bang"} & ids("Ik werk bij de NOS en de VVD!", ruleset)


def test_entity_with_context_and_redacted_preview(ruleset) -> None:
    verdict = evaluate(Post("Mijn BSN is 111222333"), ruleset)
    finding = next(f for f in verdict.findings if f.rule_id == "bsn")
    assert finding.severity == "high"
    assert "111222333" not in finding.preview
    assert "bsn" not in ids("Ordernummer 111222333", ruleset)


def test_regex_timeout_skips_the_rule_and_counts_it(ruleset) -> None:
    verdict = evaluate(Post("a" * 3000 + "b"), ruleset)
    assert "slow" in verdict.skipped_rules
    assert "slow" not in {f.rule_id for f in verdict.findings}


def test_utf16_offsets_after_emoji(ruleset) -> None:
    text = "😀😀 dit is geheim"
    finding = next(f for f in evaluate(Post(text), ruleset).findings if f.rule_id == "kw-word")
    span = finding.spans[0]
    assert text[span.start : span.end] == "geheim"
    assert span.start_utf16 == span.start + 2
    assert text.encode("utf-16-le")[span.start_utf16 * 2 : span.end_utf16 * 2].decode("utf-16-le") == "geheim"


def test_code_names_from_the_org_profile(ruleset) -> None:
    assert "code-name" in ids("Morgen start project meeuw", ruleset)


def test_names_as_handles_and_hashtags(ruleset) -> None:
    assert "code-name" in ids("Morgen is de aftrap #projectmeeuw", ruleset)
    assert "code-name" in ids("Morgen is de aftrap #ProjectMeeuw", ruleset)
    assert "client-near" in ids("Het contract met @jansentransport is rond", ruleset)
    # The run-together word in a sentence is no handle.
    assert "client-near" not in ids("Het contract met jansentransport is rond", ruleset)
    assert "client-near" in ids("Het contract met @JansenTransportNL is rond", ruleset)
    assert "client-near" in ids("Het contract met Jansen-Transport is rond", ruleset)


def test_findings_are_sorted_by_severity_then_position(ruleset) -> None:
    verdict = evaluate(Post("geheim en mijn BSN is 111222333"), ruleset)
    assert verdict.findings[0].rule_id == "bsn"


def test_overlay_disable_severity_add_keywords_and_add(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path / "p",
        [rule("a", {"keywords": {"nl": ["geheim"]}}), rule("b", {"keywords": {"nl": ["intern"]}})],
    )
    extra = (
        "rules:\n"
        "  disable: [b]\n"
        "  severity: {a: high}\n"
        '  add_keywords: {a: {nl: ["onder ons"]}}\n'
        "  add:\n"
        "    - {id: own, category: secret, severity: high, status: stable, languages: [nl, en],\n"
        "       match: {keywords: {nl: [kluiscode]}}, message: {nl: m, en: m}, explanation: {nl: e, en: e},\n"
        "       suggestion: {nl: s, en: s}, clause: '4', examples: {match: [], no_match: []}}\n"
    )
    ruleset = load_ruleset(write_org(tmp_path / "org.yml", extra), [pack], include_default=False)
    assert ruleset.rule("b") is None
    assert ruleset.rule("a").severity == "high"
    assert "a" in ids("dit blijft onder ons", ruleset)
    assert "own" in ids("de kluiscode is bekend", ruleset)
    assert "b" not in ids("intern", ruleset)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=400))
def test_any_text_never_crashes_and_spans_are_valid(ruleset, text: str) -> None:
    verdict = evaluate(Post(text), ruleset)
    for finding in verdict.findings:
        for span in finding.spans:
            assert 0 <= span.start <= span.end <= len(text)
            assert span.start_utf16 <= span.end_utf16


def test_huge_and_odd_texts(ruleset) -> None:
    for text in ["\x00" * 1000, "\ud800 geheim \udfff", "\u202egeheim\u202c", "geheim " * 150_000, ""]:
        evaluate(Post(text), ruleset)


def test_the_org_name_inside_an_address_is_not_the_org(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p", [rule("org-name", {"org": "names"})])
    ruleset = load_ruleset(write_org(tmp_path / "org.yml"), [pack], include_default=False)
    assert "org-name" in ids("Testdorp doet het weer goed", ruleset)
    assert "org-name" in ids("Volg @testdorp voor nieuws", ruleset)
    for text in ("Kaart op gis.testdorp.local", "Mail info@testdorp.nl", "Zie www.example.org/testdorp/plan"):
        assert "org-name" not in ids(text, ruleset), text


def test_smart_and_insensitive_uses_of_one_org_list_share_entries_but_keep_their_meaning(
    tmp_path: Path,
) -> None:
    pack = write_pack(
        tmp_path / "p",
        [
            rule("smart", {"org": "clients", "case": "smart"}),
            rule("loose", {"org": "clients", "case": "insensitive"}),
        ],
    )
    ruleset = load_ruleset(write_org(tmp_path / "org.yml"), [pack], include_default=False)
    assert ids("Contract met Jansen Transport getekend", ruleset) >= {"smart", "loose"}
    assert ids("contract met jansen transport getekend", ruleset) & {"smart", "loose"} == {"loose"}
    assert ids("Volg #jansentransport", ruleset) >= {"smart", "loose"}
    assert ids("Niets aan de hand", ruleset) & {"smart", "loose"} == set()
