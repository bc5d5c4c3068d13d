"""`deploy install --user` / `uninstall --user` in a temporary home, with the real certutil: idempotent,
and uninstall leaves the home exactly as it was."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from proxy_addon.adapters import all_hosts
from proxy_addon.deploy import ca, install, launchers, nssdb
from proxy_addon.deploy.pac import pac_data_url
from tests.deploy.home_tree import snapshot

pytestmark = pytest.mark.skipif(shutil.which("certutil") is None, reason="needs certutil (libnss3-tools)")

DESKTOP = """[Desktop Entry]
Name=Chromium
Exec=/usr/bin/chromium %U
Type=Application

[Desktop Action new-window]
Exec=/usr/bin/chromium
"""


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def paths(home: Path, tmp_path: Path) -> install.UserPaths:
    system = tmp_path / "usr-share"
    (system / "applications").mkdir(parents=True)
    (system / "applications" / "chromium.desktop").write_text(DESKTOP)
    return install.UserPaths.for_home(home, {"XDG_DATA_DIRS": str(system)})


def options(**changes: object) -> install.InstallOptions:
    base = {"hosts": all_hosts(), "command": ("/opt/bedenktijd/bin/bedenktijd",), "systemctl": False}
    return install.InstallOptions(**{**base, **changes})  # type: ignore[arg-type]


def without_nss(tree: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in tree.items() if not k.endswith(("cert9.db", "key4.db"))}


def test_install_writes_ca_trust_service_pac_and_launcher(home: Path, paths: install.UserPaths) -> None:
    report = install.install_user(paths, options(token="tok", org=Path("/etc/bedenktijd/org.yaml")))
    cert = ca.read_certificate(paths.confdir)
    assert cert is not None and ca.problems(cert, all_hosts()) == []
    db = home / ".local/share/pki/nssdb"
    assert nssdb.our_certificates(db) == [ca.der(cert)] and nssdb.trust_flags(db) == "C,,"
    unit = paths.unit.read_text()
    assert f"ExecStart=/opt/bedenktijd/bin/bedenktijd start --proxy-port 8766 --companion-port 8765 " \
           f"--org /etc/bedenktijd/org.yaml --confdir {paths.confdir}" in unit  # fmt: skip
    assert 'Environment="BEDENKTIJD_API_TOKEN=tok"' in unit
    pac = (paths.data / "proxy.pac").read_text()
    launcher = (paths.applications / "chromium.desktop").read_text()
    assert f'Exec=/usr/bin/chromium "--proxy-pac-url={pac_data_url(pac)}" %U' in launcher
    assert launchers.MARKER in launcher and launcher.count("--proxy-pac-url") == 2
    assert any("CA created" in line for line in report)


def test_install_twice_changes_nothing_and_keeps_one_trusted_ca(home: Path, paths: install.UserPaths) -> None:
    install.install_user(paths, options())
    first = snapshot(home)
    report = install.install_user(paths, options())
    assert any("CA kept" in line for line in report)
    assert without_nss(snapshot(home)) == without_nss(first)
    assert len(nssdb.our_certificates(nssdb.modern_db(home))) == 1


def test_uninstall_restores_the_home_exactly(home: Path, paths: install.UserPaths) -> None:
    (home / ".config").mkdir()
    (home / ".config" / "mine.txt").write_text("the user's own file")
    before = snapshot(home)
    install.install_user(paths, options())
    install.uninstall_user(paths, systemctl=False)
    assert snapshot(home) == before
    assert install.uninstall_user(paths, systemctl=False) == []  # a second uninstall finds nothing


def test_existing_databases_get_the_ca_and_keep_the_rest(home: Path, paths: install.UserPaths) -> None:
    legacy = nssdb.legacy_db(home)
    nssdb.create_db(legacy)  # Chromium from before M146 left this; it then stays the one Chromium reads
    profile = home / ".mozilla/firefox/abcd.default-release"
    nssdb.create_db(profile)
    before = snapshot(home)
    install.install_user(paths, options())
    assert not nssdb.modern_db(home).exists()
    for db in (legacy, profile):
        assert len(nssdb.our_certificates(db)) == 1
    assert paths.firefox_ca.read_bytes() == (paths.confdir / ca.CERT_PEM).read_bytes()
    install.uninstall_user(paths, systemctl=False)
    for db in (legacy, profile):
        assert (db / "cert9.db").exists() and nssdb.our_certificates(db) == []
    assert set(snapshot(home)) == set(before)


def test_a_launcher_the_user_made_is_left_alone(home: Path, paths: install.UserPaths) -> None:
    own = paths.applications / "chromium.desktop"
    own.parent.mkdir(parents=True)
    own.write_text(DESKTOP.replace("%U", "--my-flag %U"))
    install.install_user(paths, options())
    install.uninstall_user(paths, systemctl=False)
    assert own.read_text() == DESKTOP.replace("%U", "--my-flag %U")


def test_a_new_network_host_replaces_the_ca_and_the_trust(home: Path, paths: install.UserPaths) -> None:
    install.install_user(paths, options())
    old = ca.read_certificate(paths.confdir)
    wider = all_hosts(["social.havenstad.nl"])
    report = install.install_user(paths, options(hosts=wider, extra_hosts=("social.havenstad.nl",)))
    new = ca.read_certificate(paths.confdir)
    assert any("CA created" in line for line in report) and new != old
    assert nssdb.our_certificates(nssdb.modern_db(home)) == [ca.der(new)]


def test_purge_also_removes_the_local_history(home: Path, paths: install.UserPaths) -> None:
    install.install_user(paths, options())
    (paths.data / "bedenktijd.sqlite3").write_bytes(b"history")
    report = install.uninstall_user(paths, systemctl=False)
    assert (paths.data / "bedenktijd.sqlite3").exists() and any("kept the local history" in r for r in report)
    install.uninstall_user(paths, purge=True, systemctl=False)
    assert not paths.data.exists()


def test_without_a_user_service_manager_install_still_succeeds_and_says_so(
    home: Path, paths: install.UserPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("systemctl") is None:
        pytest.skip("no systemctl")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))  # no bus there: never the real manager
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    probe = subprocess.run(["systemctl", "--user", "is-system-running"], capture_output=True, check=False)
    if probe.returncode == 0:
        pytest.skip("a user service manager is reachable; not touching it")
    report = install.install_user(paths, options(systemctl=True))
    assert any("did not work" in line and "unit is written" in line for line in report)
    assert paths.unit.exists()
    install.uninstall_user(paths)
    assert not paths.unit.exists()


def test_the_cli_installs_and_uninstalls(home: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from proxy_addon.deploy.cli import main

    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "BEDENKTIJD_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_DIRS", str(home / "none"))
    assert main(["install", "--user", "--no-systemctl", "--extra-host", "social.havenstad.nl"]) == 0
    assert "social.havenstad.nl" in (home / ".local/share/bedenktijd/proxy.pac").read_text()
    assert main(["uninstall", "--user", "--no-systemctl"]) == 0
    assert list(home.iterdir()) == []
    assert main(["install", "--user", "--extra-host", ".com"]) == 2
    assert "too broad" in capsys.readouterr().err


def test_the_linux_trust_scripts_trust_and_untrust(home: Path, tmp_path: Path) -> None:
    import sys

    from proxy_addon.deploy import trust
    from proxy_addon.deploy.config import DeployConfig
    from tests.deploy.conftest import ORG

    root = Path(__file__).resolve().parents[2]
    wrapper = tmp_path / "bedenktijd"
    # `bedenktijd deploy ca ...` -> `python -m proxy_addon.deploy ca ...`
    wrapper.write_text(f'#!/bin/sh\nshift\ncd {root} && exec {sys.executable} -m proxy_addon.deploy "$@"\n')
    wrapper.chmod(0o755)
    cfg = DeployConfig(org_name="Org", commands=(("linux", str(wrapper)),))
    script = tmp_path / "trust-ca.sh"
    script.write_text(trust.linux_trust_sh(cfg).replace("/etc/bedenktijd/org.yaml", str(ORG)))
    (home / ".mozilla/firefox").mkdir(parents=True)
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        ["sh", str(script)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    cert = ca.read_certificate(home / ".local/share/bedenktijd/ca")
    assert cert is not None and nssdb.our_certificates(nssdb.modern_db(home)) == [ca.der(cert)]
    assert (home / ".mozilla/certificates/bedenktijd-ca.pem").exists()
    done = subprocess.run(
        ["sh", str(script)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0 and len(nssdb.our_certificates(nssdb.modern_db(home))) == 1
    untrust = tmp_path / "untrust-ca.sh"
    untrust.write_text(trust.linux_untrust_sh())
    subprocess.run(["sh", str(untrust)], env=env, capture_output=True, timeout=60, check=True)
    assert nssdb.our_certificates(nssdb.modern_db(home)) == []
    assert not (home / ".mozilla/certificates/bedenktijd-ca.pem").exists()
