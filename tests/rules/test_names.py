"""How organisation, client and project names are recognised in posts."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.engine import evaluate
from rules.loader import load_ruleset
from rules.model import Post
from rules.names import name_forms
from rules.ruleset import Ruleset
from tests.rules.packs import write_org


def forms(name: str) -> dict[str, bool]:
    return dict(name_forms(name))


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Project Zeemeeuw", "Zeemeeuw"),
        ("Operatie Schoon Dek", "Schoon Dek"),
        ("Cleanport Afvalservice", "Cleanport"),
        ("Ingenieursbureau Kadegroep", "Kadegroep"),
    ],
)
def test_generic_words_can_be_left_out_but_only_as_a_proper_noun(name: str, short: str) -> None:
    result = forms(name)
    assert result[name] is False
    assert result[short] is True


@pytest.mark.parametrize("name", ["Jansen Transport", "Haven Wonen", "Bakkerij De Vries B.V."])
def test_short_forms_that_are_common_surnames_or_too_short_are_not_used(name: str) -> None:
    # Only the run-together handle forms of the whole name remain ("@jansentransport").
    joined = "".join(ch for ch in name.lower() if ch.isalnum())
    assert [form for form, proper in name_forms(name) if proper and not joined.startswith(form)] == []


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Zorggroep Waterland", "Waterland"),
        ("Koelhuizen Oosterweel", "Oosterweel"),
        ("Ververs Datacenters", "Ververs"),
        ("Woningstichting Morgenrood", "Morgenrood"),
        ("Kessler Automobilwerke", "Kessler"),
    ],
)
def test_words_with_a_generic_head_can_be_left_out(name: str, short: str) -> None:
    assert forms(name)[short] is True


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Drogisterij Zonnedauw", "Zonnedauw"),
        ("Velderman Speelgoed", "Velderman"),
        ("Hotel Ooievaar", "Ooievaar"),
        ("Meridian Motors", "Meridian"),
        ("Lindqvist Wholesale", "Lindqvist"),
        ("Ostrander Distribution", "Ostrander"),
    ],
)
def test_sector_words_can_be_left_out(name: str, short: str) -> None:
    assert forms(name)[short] is True


def test_hyphens_and_spaces_are_interchangeable() -> None:
    result = forms("Velderman Speelgoed")
    assert result["Velderman-Speelgoed"] is False
    assert forms("Brouwerij Sint-Arnoldus")["Sint Arnoldus"] is True


def test_handle_and_hashtag_forms_join_the_words() -> None:
    result = forms("Brouwerij Sint-Arnoldus")
    assert result["brouwerijsintarnoldus"] is True
    assert result["sintarnoldus"] is True
    assert "meeuw" not in forms("Project Meeuw")  # too short to stand alone, even joined


def test_legal_form_and_possessives() -> None:
    result = forms("Bakkerij De Vries B.V.")
    assert "Bakkerij De Vries" in result
    assert "Bakkerij De Vries B.V." in result


def test_a_legal_form_in_front_is_left_out_too() -> None:
    result = forms("NV Zeeuwse Stromen")
    assert result["Zeeuwse Stromen"] is False
    assert "NV Zeeuwse Stromen" in result
    assert forms("BVBA Peeters & Zonen")["Peeters & Zonen"] is False


@pytest.mark.parametrize(
    ("name", "in_a_sentence"),
    [
        ("Gemeente Lingewaard", "gemeente Lingewaard"),
        ("Provincie Zuiderwold", "provincie Zuiderwold"),
        ("Bakkerij De Vries B.V.", "bakkerij De Vries"),
        ("Project Waterlelie", "project Waterlelie"),
    ],
)
def test_the_common_noun_opening_a_name_may_be_written_in_lower_case(name: str, in_a_sentence: str) -> None:
    assert forms(name)[in_a_sentence] is False


def test_a_public_bodys_place_name_alone_is_not_its_name() -> None:
    # "mooi weer in Lingewaard" names no municipality
    assert "Lingewaard" not in forms("Gemeente Lingewaard")
    assert "Zuiderwold" not in forms("Provincie Zuiderwold")


def ruleset_with_clients(folder: Path, *clients: str) -> Ruleset:
    """The test pack's ruleset for an organisation with these clients besides its own."""
    text = write_org(folder / "org.yaml").read_text(encoding="utf-8")
    listed = "".join(f'"{client}", ' for client in clients)
    (folder / "org.yaml").write_text(
        text.replace('clients: ["Jansen Transport"', f'clients: [{listed}"Jansen Transport"'),
        encoding="utf-8",
    )
    return load_ruleset(folder / "org.yaml")


def test_the_client_rule_reads_a_municipality_written_in_a_sentence(tmp_path: Path) -> None:
    ruleset = ruleset_with_clients(tmp_path, "Gemeente Lingewaard", "NV Zeeuwse Stromen")
    for post in (
        "De gemeente Lingewaard betaalt al drie maanden onze factuur niet.",
        "Zeeuwse Stromen wil het contract openbreken en eist 15% korting.",
    ):
        assert "client" in evaluate(Post(post), ruleset).categories, post
    assert "client" not in evaluate(Post("Mooi weer in Lingewaard vandaag."), ruleset).categories


def test_ampersand_and_accents_as_people_write_them() -> None:
    assert forms("Peeters & Zonen")["Peeters en Zonen"] is False
    assert forms("Peeters & Zonen")["Peeters and Zonen"] is False
    assert forms("Café De Zwaan")["Cafe De Zwaan"] is False
    assert forms("Hôtel Léopold")["Hotel Leopold"] is False
    assert forms("Eetcafé De Zwaan")["De Zwaan"] is True  # the sector word left out: a proper noun only
    assert "Zwaan" not in forms("Café De Zwaan")


def test_some_accents_dropped_and_others_kept() -> None:
    # people drop an accent on one word and keep it on another: "Hotel Léopold"
    assert forms("Hôtel Léopold")["Hotel Léopold"] is False
    assert forms("Hôtel Léopold")["Hôtel Leopold"] is False
    # many accented words: only the fully stripped form, so a name does not blow up into hundreds of forms
    many = forms("Crème Brûlée Café Éénhoorn Ménage")
    assert "Creme Brulee Cafe Eenhoorn Menage" in many
    assert "Creme Brûlée Café Éénhoorn Ménage" not in many


def test_the_client_rule_reads_a_half_accented_name_and_knows_a_customer_at_home(tmp_path: Path) -> None:
    ruleset = ruleset_with_clients(tmp_path, "Hôtel Léopold", "KPN")
    post = "Our client Hotel Léopold is switching suppliers next quarter, the contract is worth 80k."
    assert "client-business-details" in {f.rule_id for f in evaluate(Post(post), ruleset).findings}
    # the author as KPN's customer at home, not the employer's business with its client KPN
    for post in (
        "KPN heeft weer eens storing, mijn internet ligt al de hele ochtend plat.",
        "KPN outage again, my broadband has been down since 7.",
    ):
        rules = {f.rule_id for f in evaluate(Post(post), ruleset).findings}
        assert "client-business-details" not in rules, post
    post = "KPN heeft een storing in hun netwerk en eist nu een korting van 15% op ons contract."
    assert "client-business-details" in {f.rule_id for f in evaluate(Post(post), ruleset).findings}


def test_a_common_surname_left_alone_by_the_legal_form_is_not_a_form() -> None:
    assert "Peeters" not in forms("Peeters BV")
    assert "Peeters" not in forms("BVBA Peeters")
    assert "Peeters BV" in forms("Peeters BV")
    assert forms("Jansen Transport B.V.")["Jansen Transport"] is False
    assert forms("Kadegroep BV")["Kadegroep"] is False
