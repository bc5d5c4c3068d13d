"""`bedenktijd start`: the proxy and the companion together, on loopback, as two child processes.

Ctrl-C or SIGTERM stops both cleanly; if either one dies on its own, the other is stopped too and the
command exits non-zero, so a service manager (systemd, launchd, a scheduled task) can restart them.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from types import FrameType
from typing import Any

from companion_ui.store import default_database_path
from proxy_addon.adapters import ADAPTER_NAMES, all_hosts
from proxy_addon.cli import DEFAULT_PORT as DEFAULT_PROXY_PORT
from proxy_addon.cli import LISTEN_HOST

DEFAULT_COMPANION_PORT = 8765
READY_SECONDS = 60.0
STOP_SECONDS = 15.0
POLL_SECONDS = 0.2


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add `bedenktijd start` to the main command's subparsers (entry point group bedenktijd.commands)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "start", help="run the proxy and the companion together on 127.0.0.1 with the default pack"
    )
    add_start_arguments(parser)
    parser.set_defaults(func=run_start)
    return parser


def add_start_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of `bedenktijd start` (passed on to both children where they apply)."""
    parser.add_argument(
        "--proxy-port", type=int, default=DEFAULT_PROXY_PORT, help=f"default {DEFAULT_PROXY_PORT}"
    )
    parser.add_argument(
        "--companion-port", type=int, default=DEFAULT_COMPANION_PORT, help=f"default {DEFAULT_COMPANION_PORT}"
    )
    parser.add_argument(
        "--data-dir", help="folder of the shared SQLite store (default: the user data folder)"
    )
    parser.add_argument("--org", help="organisation profile (YAML)")
    parser.add_argument(
        "--pack", action="append", dest="packs", default=[], help="extra rule pack folder (repeatable)"
    )
    parser.add_argument(
        "--network",
        action="append",
        dest="networks",
        default=[],
        choices=ADAPTER_NAMES,
        help="repeatable; default all",
    )
    parser.add_argument("--extra-host", action="append", dest="extra_hosts", default=[], help="repeatable")
    parser.add_argument("--confdir", help="mitmproxy folder holding this laptop's CA (default: ~/.mitmproxy)")


@dataclass(frozen=True)
class Child:
    """One child process to run: a name for messages, its command line, its port and environment."""

    name: str
    command: tuple[str, ...]
    port: int
    env: tuple[tuple[str, str], ...] = ()


def children(args: argparse.Namespace, python: str = sys.executable) -> tuple[Child, Child]:
    """The proxy and companion command lines for these flags; ValueError names a bad flag."""
    for flag, port in (("--proxy-port", args.proxy_port), ("--companion-port", args.companion_port)):
        if not 1 <= port <= 65535:
            raise ValueError(f"{flag}: {port} is not a TCP port (1-65535)")
    if args.proxy_port == args.companion_port:
        raise ValueError(f"--proxy-port and --companion-port must differ (both {args.proxy_port})")
    hosts = all_hosts(args.extra_hosts, enabled=args.networks or None)  # ValueError names a bad host
    shared: list[str] = []
    if args.data_dir:
        shared += ["--data-dir", args.data_dir]
    if args.org:
        shared += ["--org", args.org]
    for pack in args.packs:
        shared += ["--pack", pack]
    proxy = [python, "-m", "proxy_addon", "--port", str(args.proxy_port), *shared]
    for network in args.networks:
        proxy += ["--network", network]
    for host in args.extra_hosts:
        proxy += ["--extra-host", host]
    if args.confdir:
        proxy += ["--confdir", args.confdir]
    companion = [python, "-m", "companion_ui", "--port", str(args.companion_port), *shared]
    # The companion's transparency page lists exactly the hosts this proxy decrypts.
    companion_env = (("BEDENKTIJD_INSPECTED_HOSTS", ",".join(hosts)),)
    return (
        Child("proxy", tuple(proxy), args.proxy_port),
        Child("companion", tuple(companion), args.companion_port, companion_env),
    )


def _listening(port: int) -> bool:
    try:
        with socket.create_connection((LISTEN_HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


class Supervisor:
    """Starts the children, waits until both listen, and stops both when one ends or a signal comes."""

    def __init__(self, specs: Sequence[Child]) -> None:
        self.specs = tuple(specs)
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.stopping = False

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        """Signal handler: remember to stop (the loop in `run` does the work)."""
        self.stopping = True

    def run(self) -> int:
        """Run until stopped (exit 0) or until a child dies on its own (its exit code, at least 1)."""
        for spec in self.specs:
            self.processes[spec.name] = subprocess.Popen(spec.command, env={**os.environ, **dict(spec.env)})
        try:
            return self._watch()
        finally:
            self.stop_all()

    def _watch(self) -> int:
        ready = False
        deadline = time.monotonic() + READY_SECONDS
        while not self.stopping:
            for spec in self.specs:
                code = self.processes[spec.name].poll()
                if code is not None:
                    time.sleep(POLL_SECONDS)  # a terminal's Ctrl-C reaches the children and us together
                    if self.stopping:
                        return 0
                    print(
                        f"bedenktijd start: the {spec.name} stopped (exit code {code}); stopping",
                        file=sys.stderr,
                    )
                    return code or 1
            if not ready and all(_listening(spec.port) for spec in self.specs):
                ready = True
                self._announce()
            elif not ready and time.monotonic() > deadline:
                print(
                    f"bedenktijd start: not listening after {READY_SECONDS:.0f} s; stopping", file=sys.stderr
                )
                return 1
            time.sleep(POLL_SECONDS)
        return 0

    def _announce(self) -> None:
        ports = {spec.name: spec.port for spec in self.specs}
        print(f"Bedenktijd proxy:     {LISTEN_HOST}:{ports['proxy']} (point the PAC file here)", flush=True)
        print(f"Bedenktijd companion: http://{LISTEN_HOST}:{ports['companion']}/", flush=True)
        print("Press Ctrl-C to stop both.", flush=True)

    def stop_all(self) -> None:
        """SIGTERM every running child, then kill those still running after a grace period."""
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for process in self.processes.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def run_start(args: argparse.Namespace) -> int:
    """Run the proxy and the companion until Ctrl-C / SIGTERM; returns the exit code."""
    try:
        specs = children(args)
    except ValueError as error:
        print(f"bedenktijd start: {error}", file=sys.stderr)
        return 2
    print(f"Bedenktijd store: {default_database_path(args.data_dir)}", flush=True)
    supervisor = Supervisor(specs)
    previous = {sig: signal.signal(sig, supervisor.request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return supervisor.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `bedenktijd start` without the main command (for tests and `python -m`)."""
    parser = argparse.ArgumentParser(prog="bedenktijd start", description=__doc__)
    add_start_arguments(parser)
    return run_start(parser.parse_args(argv))
