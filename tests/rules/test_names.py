"""How organisation, client and project names are recognised in posts."""

from __future__ import annotations

import pytest

from rules.names import name_forms


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
