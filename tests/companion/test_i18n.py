"""Every user-facing string exists in Dutch and English; the language choice follows the rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from companion_ui.i18n import LANGUAGES, catalog, choose_language, translate
from companion_ui.store import OUTCOMES, RESPONSES
from rules.model import CATEGORIES, KINDS, PLATFORMS, SEVERITIES

PACKAGE = Path(__file__).resolve().parents[2] / "companion_ui"


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in [
        *PACKAGE.glob("templates/*.html"),
        PACKAGE / "pages.py",
        PACKAGE / "security.py",
        PACKAGE / "app.py",
    ]:
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", text))
        keys |= set(
            re.findall(r"""(?:flash|render_error\(\s*\d+,)\s*\(?\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", text)
        )
    # Keys built from data: every value the pages can show.
    keys |= {f"category.{c}" for c in (*CATEGORIES, "unknown")}
    keys |= {f"platform.{p}" for p in (*PLATFORMS, "unknown")}
    keys |= {f"outcome.{o}" for o in OUTCOMES} | {f"response.{r}" for r in RESPONSES}
    keys |= {f"kind.{k}" for k in KINDS} | {f"severity.{s}" for s in SEVERITIES}
    keys |= {f"lang.{lang}" for lang in LANGUAGES}
    keys |= {
        f"status.{part}_{state}" for part in ("proxy", "extension") for state in ("ok", "stale", "never")
    }
    return keys


def test_both_catalogs_have_the_same_keys() -> None:
    assert set(catalog("nl")) == set(catalog("en"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_the_pages_use_is_translated(lang: str) -> None:
    keys = used_keys()
    assert len(keys) > 100
    missing = sorted(keys - set(catalog(lang)))
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match_between_languages(lang: str) -> None:
    other = "en" if lang == "nl" else "nl"
    for key, text in catalog(lang).items():
        assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", catalog(other)[key])), key


def test_dutch_and_english_texts_differ_where_they_should() -> None:
    same = [
        k
        for k in catalog("nl")
        if catalog("nl")[k] == catalog("en")[k] and not k.startswith(("platform.", "lang."))
    ]
    assert set(same) <= {"app.name", "nav.status", "status.title", "severity.info", "warnings.col_details"}


@pytest.mark.parametrize(
    ("header", "chosen", "default", "expected"),
    [
        ("en-GB,en;q=0.9", None, "", "en"),
        ("nl-BE,nl;q=0.9,en;q=0.8", None, "", "nl"),
        ("fr-BE,fr;q=0.9,en;q=0.5,nl;q=0.4", None, "", "en"),
        ("de-DE", None, "", "nl"),
        (None, None, "", "nl"),
        ("en;q=0.2, nl;q=0.8", None, "", "nl"),
        ("en-US", "nl", "", "nl"),
        ("en-US", None, "nl", "nl"),
        ("en;q=0, nl;q=0", None, "", "nl"),
    ],
)
def test_choose_language(header, chosen, default, expected) -> None:
    assert choose_language(header, chosen, default) == expected


def test_translate_fills_placeholders_and_survives_a_missing_key() -> None:
    assert (
        translate("en", "status.history", count=3, days=30)
        == "Warnings kept on this laptop (last 30 days): 3."
    )
    assert translate("nl", "no.such.key") == "no.such.key"
