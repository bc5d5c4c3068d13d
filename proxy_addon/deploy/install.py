"""`bedenktijd deploy install --user` / `uninstall --user` on Linux: idempotent, and fully reversible.

Install writes, all inside the user's home folder:
- the CA in `<data>/ca` (made here, kept when it is still good) and the PAC file `<data>/proxy.pac`;
- the CA into Chromium's NSS DB (created if missing) and every Firefox profile's NSS DB;
- the systemd user unit `~/.config/systemd/user/bedenktijd.service`, then tries `systemctl --user
  daemon-reload` and `enable --now` (and reports when there is no user service manager);
- launcher overrides so Chromium, Chrome and Edge start with the PAC (see `launchers`);
- `<data>/install.json`, the record of what did not exist before, which uninstall reads.
Uninstall removes the CA from every NSS DB, the service, launchers, PAC, CA folder, NSS DBs and
folders that install created (when nothing else was put in them), and the record. The local history
(`bedenktijd.sqlite3`, written by the companion, not by install) stays unless `purge` is set.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from proxy_addon.deploy import ca, launchers, nssdb
from proxy_addon.deploy.config import TOKEN_ENV
from proxy_addon.deploy.login_service import UNIT_NAME, ServiceSpec, start_arguments, systemd_unit
from proxy_addon.deploy.pac import pac_data_url, pac_script
from proxy_addon.deploy.policies import FIREFOX_CA_FILE

RECORD = "install.json"
PAC_FILE = "proxy.pac"
SYSTEMCTL_TIMEOUT = 30


@dataclass(frozen=True)
class UserPaths:
    """Where a user install puts things, from the home folder and the XDG variables."""

    home: Path
    data: Path
    config: Path
    applications: Path
    system_data: tuple[Path, ...]

    @classmethod
    def for_home(cls, home: Path, environ: Mapping[str, str]) -> UserPaths:
        """The paths for `home` (XDG_DATA_HOME, XDG_CONFIG_HOME and BEDENKTIJD_DATA_DIR are honoured)."""
        data_home = Path(environ.get("XDG_DATA_HOME") or home / ".local" / "share")
        data = Path(environ.get("BEDENKTIJD_DATA_DIR") or data_home / "bedenktijd")
        return cls(
            home=home,
            data=data,
            config=Path(environ.get("XDG_CONFIG_HOME") or home / ".config"),
            applications=data_home / "applications",
            system_data=launchers.system_data_dirs(environ),
        )

    @property
    def confdir(self) -> Path:
        """The CA folder."""
        return self.data / "ca"

    @property
    def firefox_ca(self) -> Path:
        """The copy Firefox's Certificates.Install policy finds by name."""
        return self.home / ".mozilla" / "certificates" / FIREFOX_CA_FILE

    @property
    def unit(self) -> Path:
        """The systemd user unit file."""
        return self.config / "systemd" / "user" / UNIT_NAME


@dataclass(frozen=True)
class InstallOptions:
    """What the user install runs: org profile, networks, hosts, ports, token and the command."""

    org: Path | None = None
    org_name: str = "Bedenktijd"
    networks: tuple[str, ...] = ()
    extra_hosts: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    proxy_port: int = 8766
    companion_port: int = 8765
    token: str = ""
    command: tuple[str, ...] = ()
    systemctl: bool = True


def default_command() -> tuple[str, ...]:
    """How to run `bedenktijd` from the service: the script of this environment, else `python -m`."""
    script = Path(sys.executable).parent / "bedenktijd"
    if script.exists():
        return (str(script),)
    found = shutil.which("bedenktijd")
    return (found,) if found else (sys.executable, "-m", "rules.cli")


def _read_record(paths: UserPaths) -> dict[str, list[str]]:
    try:
        data = json.loads((paths.data / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"created": [], "nss_created": []}
    return {key: [str(p) for p in data.get(key, [])] for key in ("created", "nss_created")}


def _missing_ancestors(path: Path, stop: Path) -> list[Path]:
    """`path` and its parents up to (not including) `stop` that do not exist yet."""
    missing = []
    for candidate in (path, *path.parents):
        if candidate == stop or candidate.exists() or stop not in candidate.parents:
            break
        missing.append(candidate)
    return missing


def install_user(paths: UserPaths, options: InstallOptions) -> list[str]:
    """Install for this user; returns one line per step for the report."""
    record = _read_record(paths)
    created = set(record["created"])
    nss_created = set(record["nss_created"])
    report: list[str] = []
    targets = [
        paths.confdir,
        paths.data / PAC_FILE,
        paths.unit,
        nssdb.modern_db(paths.home),
        paths.firefox_ca,
    ]
    targets += [paths.applications / name for name in launchers.BROWSER_LAUNCHERS]
    for target in targets:
        created.update(str(p) for p in _missing_ancestors(target, paths.home))

    result = ca.ensure_ca(paths.confdir, options.org_name, options.hosts)
    report.append(f"CA {'created' if result.created else 'kept'}: {paths.confdir / ca.CERT_PEM}")
    pac = pac_script(options.hosts, options.proxy_port)
    (paths.data / PAC_FILE).write_text(pac, encoding="utf-8")
    report.append(f"PAC file: {paths.data / PAC_FILE}")

    chromium_db = nssdb.chromium_db(paths.home)
    if not (chromium_db / "cert9.db").exists():
        nssdb.create_db(chromium_db)
        nss_created.add(str(chromium_db))
    for db in (chromium_db, *nssdb.firefox_dbs(paths.home)):
        nssdb.add_ca(db, paths.confdir / ca.CERT_PEM)
        report.append(f"CA trusted in NSS DB: {db}")
    if (paths.home / ".mozilla").is_dir():
        # For Firefox profiles made later: the Certificates.Install policy looks the file up by name.
        paths.firefox_ca.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(paths.confdir / ca.CERT_PEM, paths.firefox_ca)
        report.append(f"CA for Firefox's Certificates policy: {paths.firefox_ca}")

    spec = _service(paths, options)
    paths.unit.parent.mkdir(parents=True, exist_ok=True)
    paths.unit.write_text(systemd_unit(spec), encoding="utf-8")
    report.append(f"login service: {paths.unit}")
    if options.systemctl:
        report += _systemctl(["daemon-reload"], ["enable", "--now", UNIT_NAME])

    for launcher in launchers.write_overrides(paths.applications, pac_data_url(pac), paths.system_data):
        report.append(f"browser launcher with the PAC: {launcher}")

    _write_record(paths, created, nss_created)
    return report


def _service(paths: UserPaths, options: InstallOptions) -> ServiceSpec:
    command = options.command or default_command()
    arguments = start_arguments(
        options.proxy_port,
        options.companion_port,
        str(paths.confdir),
        org=str(options.org) if options.org else None,
        networks=options.networks,
        extra_hosts=options.extra_hosts,
    )
    environment = ((TOKEN_ENV, options.token),) if options.token else ()
    return ServiceSpec(command[0], (*command[1:], *arguments), environment)


def _systemctl(*commands: Sequence[str]) -> list[str]:
    program = shutil.which("systemctl")
    if program is None:
        return ["systemctl not found: start `bedenktijd start` at login some other way"]
    lines = []
    for command in commands:
        try:
            done = subprocess.run(
                [program, "--user", *command], capture_output=True, text=True, timeout=SYSTEMCTL_TIMEOUT
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            lines.append(f"systemctl --user {' '.join(command)}: {error}")
            break
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
            lines.append(
                f"systemctl --user {' '.join(command)} did not work ({reason}); the unit is written and "
                "starts at the next login where a user service manager runs"
            )
            break
        lines.append(f"systemctl --user {' '.join(command)}: done")
    return lines


def _write_record(paths: UserPaths, created: set[str], nss_created: set[str]) -> None:
    record = {"version": 1, "created": sorted(created), "nss_created": sorted(nss_created)}
    (paths.data / RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def uninstall_user(paths: UserPaths, *, purge: bool = False, systemctl: bool = True) -> list[str]:
    """Remove everything install_user wrote (and, with `purge`, the local history); returns a report."""
    record = _read_record(paths)
    report: list[str] = []
    if systemctl and paths.unit.exists():
        report += _systemctl(["disable", "--now", UNIT_NAME])
    if paths.unit.exists():
        paths.unit.unlink()
        report.append(f"removed {paths.unit}")
        if systemctl:
            _systemctl(["daemon-reload"])
    dbs = {nssdb.modern_db(paths.home), nssdb.legacy_db(paths.home), *nssdb.firefox_dbs(paths.home)}
    for db in sorted(dbs):
        if (db / "cert9.db").exists() and nssdb.certutil_path() and nssdb.remove_ours(db):
            report.append(f"CA removed from NSS DB: {db}")
    for db_name in record["nss_created"]:
        db = Path(db_name)
        if (db / "cert9.db").exists() and nssdb.is_empty(db):
            for name in nssdb.DB_FILES:
                (db / name).unlink(missing_ok=True)
            report.append(f"removed the NSS DB install created: {db}")
    report += [f"removed {p}" for p in launchers.remove_overrides(paths.applications)]
    if paths.confdir.exists():
        shutil.rmtree(paths.confdir)
        report.append(f"removed {paths.confdir}")
    for path in (paths.firefox_ca, paths.data / PAC_FILE, paths.data / RECORD):
        path.unlink(missing_ok=True)
    if purge and paths.data.exists():
        shutil.rmtree(paths.data)
        report.append(f"removed the local history in {paths.data}")
    for folder in sorted((Path(p) for p in record["created"]), key=lambda p: len(p.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    if paths.data.exists():
        report.append(f"kept the local history in {paths.data} (use --purge to delete it)")
    return report


def environment_home(environ: Mapping[str, str] = os.environ) -> Path:
    """The home folder from $HOME (what tests and `sudo -u` set), else the account's."""
    return Path(environ.get("HOME") or Path.home())
