"""The small writers: .reg encoding, service files with {home} and awkward arguments, the CA profile."""

from __future__ import annotations

import configparser
import plistlib
import shlex
import subprocess
from pathlib import Path

import pytest

from proxy_addon.deploy import ca, login_service, registry
from proxy_addon.deploy.cli import main
from proxy_addon.deploy.login_service import HOME, ServiceSpec

AWKWARD = ServiceSpec(
    "/opt/Bedenk tijd/bin/bedenktijd",
    ("start", "--org", "/etc/it's here/org.yaml", "--confdir", HOME + "/.local/share/bedenktijd/ca", "100%"),
    (("BEDENKTIJD_API_TOKEN", "a%b"),),
)


def test_registry_round_trip_keeps_quotes_backslashes_and_numbers() -> None:
    keys = [
        registry.RegKey(r"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Test", (("text", 'say "hi" C:\\x'), ("n", 7))),
    ]
    data = registry.render(keys)
    assert data.startswith(b"\xff\xfe") and b"\r\x00\n\x00" in data
    assert registry.parse(data) == {
        r"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Test": {"text": 'say "hi" C:\\x', "n": 7}
    }
    with pytest.raises(ValueError):
        registry.render([registry.RegKey("K", (("bad", "two\nlines"),))])


def test_policy_keys_turn_lists_into_numbered_subkeys_and_dicts_into_json_or_subkeys() -> None:
    policies = {"Flag": True, "List": ["a", "b"], "Dict": {"k": "v"}}
    as_json = registry.policy_keys("R", policies, dicts_as_json=True)
    assert as_json == [
        registry.RegKey("R", (("Flag", True), ("Dict", '{"k":"v"}'))),
        registry.RegKey(r"R\List", (("1", "a"), ("2", "b"))),
    ]
    nested = registry.policy_keys("R", {"Dict": {"k": "v"}}, dicts_as_json=False)
    assert nested == [registry.RegKey(r"R\Dict", (("k", "v"),))]


def test_systemd_unit_quotes_arguments_and_escapes_percent() -> None:
    unit = configparser.ConfigParser(interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string(login_service.systemd_unit(AWKWARD))
    line = unit["Service"]["ExecStart"]
    assert line.startswith('"/opt/Bedenk tijd/bin/bedenktijd" start')
    assert "--confdir %h/.local/share/bedenktijd/ca" in line and line.endswith(" 100%%")
    assert '"/etc/it\'s here/org.yaml"' in line
    assert unit["Service"]["Environment"] == '"BEDENKTIJD_API_TOKEN=a%%b"'


def test_launch_agent_command_expands_home_in_a_real_shell(tmp_path: Path) -> None:
    agent = plistlib.loads(login_service.launch_agent(AWKWARD))
    command = agent["ProgramArguments"][2]
    echo = command.replace("exec ", "printf '%s\\n' ", 1)
    done = subprocess.run(
        ["sh", "-c", echo], env={"HOME": "/Users/an na"}, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [
        "/opt/Bedenk tijd/bin/bedenktijd", "start", "--org", "/etc/it's here/org.yaml",
        "--confdir", "/Users/an na/.local/share/bedenktijd/ca", "100%",
    ]  # fmt: skip
    assert shlex.split(command)[0] == "exec"


def test_task_xml_arguments_use_windows_quoting() -> None:
    xml = login_service.task_xml(AWKWARD).decode("utf-16")
    assert "<Command>/opt/Bedenk tijd/bin/bedenktijd</Command>" in xml
    assert '"/etc/it\'s here/org.yaml" --confdir %USERPROFILE%/.local/share/bedenktijd/ca 100%' in xml


def test_deploy_ca_writes_the_ca_and_a_trust_profile(tmp_path: Path, capsys) -> None:
    confdir = tmp_path / "ca"
    profile = tmp_path / "trust.mobileconfig"
    org = Path(__file__).parent / "fixtures" / "org.yaml"
    assert main(["ca", "--confdir", str(confdir), "--org", str(org), "--mobileconfig", str(profile)]) == 0
    assert "created" in capsys.readouterr().out
    cert = ca.read_certificate(confdir)
    document = plistlib.loads(profile.read_bytes())
    payload = document["PayloadContent"][0]
    assert payload["PayloadType"] == "com.apple.security.root" and payload["PayloadContent"] == ca.der(cert)
    assert document["PayloadOrganization"] == "Gemeente Havenstad"
    assert main(["ca", "--confdir", str(confdir)]) == 0 and "kept" in capsys.readouterr().out
