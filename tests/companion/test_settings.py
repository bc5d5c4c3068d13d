"""The companion's settings are declared as data, each documented; environment and overrides apply."""

from __future__ import annotations

from dataclasses import fields

import pytest

from companion_ui.settings import SETTINGS, CompanionConfig, load_config, settings_markdown


def test_every_setting_is_documented() -> None:
    assert [s.name for s in SETTINGS] == [f.name for f in fields(CompanionConfig)]
    for item in SETTINGS:
        assert len(item.help) > 25 and item.help.endswith("."), (
            f"setting {item.name} needs a full-sentence help"
        )
        assert item.env == "BEDENKTIJD_" + item.name.upper()
        assert item.default == getattr(CompanionConfig(), item.name)


def test_the_markdown_table_lists_every_setting() -> None:
    table = settings_markdown()
    for item in SETTINGS:
        assert f"| `{item.name}` | `{item.env}` |" in table and item.help in table


def test_environment_then_overrides() -> None:
    env = {
        "BEDENKTIJD_PORT": "9100",
        "BEDENKTIJD_EXTENSION_IDS": "abc, def",
        "BEDENKTIJD_SSE_POLL_SECONDS": "0.5",
    }
    config = load_config(env, {"port": 0, "org": None})
    assert config.port == 0
    assert config.extension_ids == ("abc", "def")
    assert config.sse_poll_seconds == 0.5
    assert config.org == ""


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"BEDENKTIJD_PORT": "eighty"}, "setting port"),
        ({"BEDENKTIJD_PORT": "70000"}, "setting port"),
        ({"BEDENKTIJD_LANGUAGE": "fr"}, "setting language"),
        ({"BEDENKTIJD_RETENTION_DAYS": "0"}, "setting retention_days"),
    ],
)
def test_bad_values_name_the_setting(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_config(env)
