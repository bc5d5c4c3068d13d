"""Golden files for every generated artefact, and each one read back by a real parser.

Regenerate the goldens after an intended change with: UPDATE_GOLDEN=1 .venv/bin/pytest tests/deploy
"""

from __future__ import annotations

import base64
import configparser
import json
import os
import plistlib
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from proxy_addon.deploy import generate, policies, registry
from proxy_addon.deploy.config import EXTENSION_NETWORKS, DeployConfig
from tests.deploy.conftest import EXTENSION_ID, GOLDEN, ORG, TOKEN

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "extension" / "managed_schema.json"
TASK_NS = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"


def test_generated_files_match_the_goldens(generated: dict[str, bytes]) -> None:
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for relative, data in generated.items():
            (GOLDEN / relative).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / relative).write_bytes(data)
    goldens = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert goldens == set(generated), "files added or missing; UPDATE_GOLDEN=1 after an intended change"
    changed = [name for name, data in generated.items() if (GOLDEN / name).read_bytes() != data]
    assert not changed, f"differ from tests/deploy/golden: {changed}"


def test_generate_gives_the_same_bytes_every_time(fleet: DeployConfig, generated: dict[str, bytes]) -> None:
    assert generate.artefacts(fleet, ORG.read_bytes()) == generated
    assert generate.artefacts(fleet, ORG.read_bytes()) == generate.artefacts(fleet, ORG.read_bytes())


def test_property_lists_and_profiles_parse(generated: dict[str, bytes]) -> None:
    agent = plistlib.loads(generated["macos/eu.bedenktijd.agent.plist"])
    assert agent["Label"] == "eu.bedenktijd.agent" and agent["RunAtLoad"] is True
    assert agent["KeepAlive"] == {"SuccessfulExit": False}
    assert agent["EnvironmentVariables"] == {"BEDENKTIJD_API_TOKEN": TOKEN}
    assert '--confdir "$HOME"' in agent["ProgramArguments"][2]
    chrome = plistlib.loads(generated["macos/bedenktijd-chrome.mobileconfig"])
    assert chrome["PayloadType"] == "Configuration" and chrome["PayloadOrganization"] == "Gemeente Havenstad"
    by_type = {p["PayloadType"]: p for p in chrome["PayloadContent"]}
    assert by_type["com.google.Chrome"]["ProxySettings"]["ProxyMode"] == "pac_script"
    assert by_type["com.google.Chrome"]["ExtensionInstallForcelist"] == [
        f"{EXTENSION_ID};https://it.havenstad.nl/bedenktijd/update.xml"
    ]
    assert by_type[f"com.google.Chrome.extensions.{EXTENSION_ID}"]["token"] == TOKEN
    edge = plistlib.loads(generated["macos/bedenktijd-edge.mobileconfig"])
    assert {p["PayloadType"] for p in edge["PayloadContent"]} == {
        "com.microsoft.Edge",
        f"com.microsoft.Edge.extensions.{EXTENSION_ID}",
    }
    firefox = plistlib.loads(generated["macos/bedenktijd-firefox.mobileconfig"])
    content = firefox["PayloadContent"][0]
    assert content["PayloadType"] == "org.mozilla.firefox" and content["EnterprisePoliciesEnabled"] is True
    assert content["Certificates"] == {"ImportEnterpriseRoots": True}
    uuids = [p["PayloadUUID"] for name in generated if name.endswith(".mobileconfig")
             for p in plistlib.loads(generated[name])["PayloadContent"]]  # fmt: skip
    assert len(uuids) == len(set(uuids))


def test_task_scheduler_xml_parses(generated: dict[str, bytes]) -> None:
    data = generated["windows/bedenktijd-task.xml"]
    assert data.startswith(b"\xff\xfe")
    task = ET.fromstring(data.decode("utf-16").replace('encoding="UTF-16"', ""))
    assert task.find(f"{TASK_NS}Triggers/{TASK_NS}LogonTrigger/{TASK_NS}Enabled").text == "true"
    assert task.find(f"{TASK_NS}Settings/{TASK_NS}RestartOnFailure/{TASK_NS}Count").text == "999"
    exec_ = task.find(f"{TASK_NS}Actions/{TASK_NS}Exec")
    assert exec_.find(f"{TASK_NS}Command").text == r"C:\Program Files\Bedenktijd\bedenktijd.exe"
    arguments = exec_.find(f"{TASK_NS}Arguments").text
    assert arguments.startswith("start --proxy-port 8766 --companion-port 8765")
    assert r"--confdir %USERPROFILE%\AppData\Local\bedenktijd\ca" in arguments
    assert "--extra-host social.havenstad.nl" in arguments


def test_json_policies_parse(generated: dict[str, bytes]) -> None:
    for browser, folder in policies.LINUX_POLICY_DIRS.items():
        data = json.loads(generated[f"linux{folder}/bedenktijd.json"])
        assert data["ProxySettings"]["ProxyMode"] == "pac_script", browser
        assert data["3rdparty"]["extensions"][EXTENSION_ID]["companionUrl"] == "http://127.0.0.1:8765"
    firefox = json.loads(generated["linux/etc/firefox/policies/policies.json"])["policies"]
    assert firefox["Proxy"] == {
        "Mode": "autoConfig",
        "AutoConfigURL": "file:///etc/bedenktijd/proxy.pac",
        "Locked": True,
    }
    assert firefox["Certificates"] == {"Install": ["bedenktijd-ca.pem"]}
    assert firefox["ExtensionSettings"]["bedenktijd@bedenktijd.eu"]["installation_mode"] == "force_installed"
    windows = json.loads(generated["windows/firefox/distribution/policies.json"])["policies"]
    assert windows["Proxy"]["AutoConfigURL"] == "file:///C:/ProgramData/Bedenktijd/proxy.pac"


def test_registry_files_parse(generated: dict[str, bytes]) -> None:
    keys = registry.parse(generated["windows/policies-chrome.reg"])
    root = r"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Google\Chrome"
    assert json.loads(keys[root]["ProxySettings"])["ProxyMode"] == "pac_script"
    assert keys[root + r"\ExtensionInstallForcelist"] == {
        "1": f"{EXTENSION_ID};https://it.havenstad.nl/bedenktijd/update.xml"
    }
    managed = keys[root + rf"\3rdparty\extensions\{EXTENSION_ID}\policy"]
    assert managed == {"companionUrl": "http://127.0.0.1:8765", "token": TOKEN, "language": "nl"}
    networks = keys[root + rf"\3rdparty\extensions\{EXTENSION_ID}\policy\enabledNetworks"]
    assert list(networks.values()) == ["x", "linkedin", "facebook"]
    edge = registry.parse(generated["windows/policies-edge.reg"])
    assert r"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Edge" in edge


def test_systemd_unit_parses(generated: dict[str, bytes]) -> None:
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string(generated["linux/etc/systemd/user/bedenktijd.service"].decode())
    assert unit["Service"]["Restart"] == "on-failure"
    assert unit["Install"]["WantedBy"] == "default.target"
    assert unit["Service"]["ExecStart"].startswith("/usr/local/bin/bedenktijd start --proxy-port 8766")
    assert "--confdir %h/.local/share/bedenktijd/ca" in unit["Service"]["ExecStart"]


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs sh")
def test_shell_scripts_have_valid_syntax(generated: dict[str, bytes], tmp_path: Path) -> None:
    scripts = [name for name in generated if name.endswith(".sh")]
    assert len(scripts) == 5
    for name in scripts:
        path = tmp_path / name.replace("/", "_")
        path.write_bytes(generated[name])
        done = subprocess.run(["sh", "-n", str(path)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{name}: {done.stderr}"


def test_one_host_list_feeds_the_pac_file_and_every_policy(generated: dict[str, bytes]) -> None:
    pac = generated["proxy.pac"]
    chrome = json.loads(generated["linux/etc/opt/chrome/policies/managed/bedenktijd.json"])
    data_url = chrome["ProxySettings"]["ProxyPacUrl"]
    assert data_url.startswith("data:application/x-ns-proxy-autoconfig;base64,")
    assert base64.b64decode(data_url.split(",", 1)[1]) == pac
    assert b'"social.havenstad.nl"' in pac


def test_managed_configuration_matches_the_extension_schema(fleet: DeployConfig) -> None:
    if not SCHEMA.exists():
        pytest.skip("extension/managed_schema.json is not there")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(policies.managed_configuration(fleet), schema)
    assert set(policies.managed_configuration(fleet)) <= set(schema["properties"])
    assert tuple(schema["properties"]["enabledNetworks"]["items"]["enum"]) == EXTENSION_NETWORKS


def test_without_an_extension_id_nothing_is_force_installed() -> None:
    cfg = DeployConfig(org_name="Org", token="t")
    chrome = policies.chromium_policies(cfg, "chrome")
    assert set(chrome) == {"ProxySettings"}
    assert policies.update_url(DeployConfig(org_name="Org"), "edge").startswith("https://edge.microsoft.com/")


def test_bad_inputs_are_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="extension id"):
        DeployConfig(org_name="Org", extension_id="ABC")
    with pytest.raises(ValueError, match="must differ"):
        DeployConfig(org_name="Org", proxy_port=8765)
    with pytest.raises(ValueError, match="too broad"):
        DeployConfig(org_name="Org", extra_hosts=(".com",))
    with pytest.raises(ValueError, match="networks"):
        DeployConfig(org_name="Org", networks=("myspace",))
