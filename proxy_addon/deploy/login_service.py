"""Running `bedenktijd start` at login and again after a crash: systemd, launchd, Task Scheduler.

A `ServiceSpec` holds the command line once; `{home}` in an argument stands for the user's home
folder and each renderer writes it the way its service manager expands it (%h for systemd,
"$HOME" through /bin/sh for launchd, %USERPROFILE% for Task Scheduler).
"""

from __future__ import annotations

import plistlib
import shlex
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

HOME = "{home}"
LABEL = "eu.bedenktijd.agent"
UNIT_NAME = "bedenktijd.service"
TASK_NAME = "Bedenktijd"
DESCRIPTION = "Bedenktijd: checks social media posts before they go out (proxy and companion)"
USERS_GROUP_SID = "S-1-5-32-545"  # BUILTIN\Users: the task runs for whoever logs on


@dataclass(frozen=True)
class ServiceSpec:
    """What the login service runs: program, arguments (may contain {home}) and environment."""

    command: str
    arguments: tuple[str, ...]
    environment: tuple[tuple[str, str], ...] = ()


def start_arguments(
    proxy_port: int,
    companion_port: int,
    confdir: str,
    org: str | None = None,
    networks: Sequence[str] = (),
    extra_hosts: Sequence[str] = (),
) -> tuple[str, ...]:
    """The arguments of `bedenktijd start` for a deployed laptop."""
    line = ["start", "--proxy-port", str(proxy_port), "--companion-port", str(companion_port)]
    if org:
        line += ["--org", org]
    line += ["--confdir", confdir]
    for network in networks:
        line += ["--network", network]
    for host in extra_hosts:
        line += ["--extra-host", host]
    return tuple(line)


def _systemd_word(word: str) -> str:
    word = word.replace("%", "%%").replace(HOME, "%h")  # %h is the only specifier we mean
    if word and not any(c in word for c in " \t\"'\\;"):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def systemd_unit(spec: ServiceSpec) -> str:
    """A systemd user unit (`~/.config/systemd/user/bedenktijd.service` or `/etc/systemd/user/`)."""
    exec_line = " ".join(_systemd_word(w) for w in (spec.command, *spec.arguments))
    lines = [
        "[Unit]",
        f"Description={DESCRIPTION}",
        "",
        "[Service]",
        "Type=simple",
        f"ExecStart={exec_line}",
    ]
    for name, value in spec.environment:
        lines.append(f'Environment="{name}={value.replace("%", "%%")}"')
    lines += [
        "Restart=on-failure",
        "RestartSec=5",
        "",
        "[Install]",
        "WantedBy=default.target",
    ]
    return "\n".join(lines) + "\n"


def shell_word(word: str) -> str:
    """One word for /bin/sh, quoted; {home} becomes "$HOME" so the shell expands it."""
    if HOME not in word:
        return shlex.quote(word)
    before, after = word.split(HOME, 1)
    # "$HOME" must stay outside single quotes so the shell expands it.
    return (shlex.quote(before) if before else "") + '"$HOME"' + (shlex.quote(after) if after else "")


def launch_agent(spec: ServiceSpec) -> bytes:
    """A launchd LaunchAgent plist (`~/Library/LaunchAgents/` or, for every user, `/Library/LaunchAgents/`)."""
    command = "exec " + " ".join(shell_word(w) for w in (spec.command, *spec.arguments))
    agent: dict[str, object] = {
        "Label": LABEL,
        "ProgramArguments": ["/bin/sh", "-c", command],
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},  # restart after a crash, not after a clean stop
        "ThrottleInterval": 10,
        "LimitLoadToSessionType": ["Aqua"],
        "ProcessType": "Background",
    }
    if spec.environment:
        agent["EnvironmentVariables"] = dict(spec.environment)
    return plistlib.dumps(agent, fmt=plistlib.FMT_XML, sort_keys=True)


def task_xml(spec: ServiceSpec) -> bytes:
    """A Task Scheduler task (UTF-16, as `schtasks /Create /XML` expects): at logon, restart on failure.

    The environment is not part of a task; the install script sets it as user environment variables.
    """
    arguments = subprocess.list2cmdline([a.replace(HOME, "%USERPROFILE%") for a in spec.arguments])
    xml = f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>{escape(DESCRIPTION)}</Description>
    <URI>\\{TASK_NAME}</URI>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Users">
      <GroupId>{USERS_GROUP_SID}</GroupId>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>true</StartWhenAvailable>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>true</Hidden>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <Priority>7</Priority>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>999</Count>
    </RestartOnFailure>
  </Settings>
  <Actions Context="Users">
    <Exec>
      <Command>{escape(spec.command)}</Command>
      <Arguments>{escape(arguments)}</Arguments>
    </Exec>
  </Actions>
</Task>
"""
    return b"\xff\xfe" + xml.replace("\n", "\r\n").encode("utf-16-le")
