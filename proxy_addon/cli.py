"""`bedenktijd proxy` (and `python -m proxy_addon`): run mitmdump with the addon on 127.0.0.1."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from proxy_addon.adapters import ADAPTER_NAMES
from rules.errors import RulePackError

DEFAULT_PORT = 8766  # the companion listens on 8765
LISTEN_HOST = "127.0.0.1"
ADDON_SCRIPT = Path(__file__).resolve().parent / "addon.py"


def add_proxy_arguments(parser: argparse.ArgumentParser) -> None:
    """The proxy's command-line flags."""
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})"
    )
    parser.add_argument("--org", help="organisation profile (YAML)")
    parser.add_argument(
        "--pack", action="append", dest="packs", default=[], help="extra rule pack folder (repeatable)"
    )
    parser.add_argument(
        "--data-dir", help="folder of the SQLite store shared with the companion (default: user data folder)"
    )
    parser.add_argument(
        "--network",
        action="append",
        dest="networks",
        default=[],
        choices=ADAPTER_NAMES,
        help="check posts on this network only (repeatable; default: all)",
    )
    parser.add_argument(
        "--extra-host",
        action="append",
        dest="extra_hosts",
        default=[],
        help="host of a self-hosted Mastodon server or Bluesky PDS, or '.domain' for all its subdomains (repeatable)",
    )
    parser.add_argument(
        "--confdir",
        help="folder holding this laptop's name-constrained CA (default: the 'ca' folder in the data folder)",
    )
    parser.add_argument(
        "--set",
        action="append",
        dest="mitmproxy_options",
        default=[],
        metavar="NAME=VALUE",
        help="extra mitmproxy option, e.g. upstream_cert=false (repeatable)",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="log connections and each intercepted request line (never bodies)",
    )


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add `bedenktijd proxy` to the main command's subparsers (entry point group bedenktijd.commands)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "proxy", help="run the proxy that checks posts as they leave for the social networks"
    )
    add_proxy_arguments(parser)
    parser.set_defaults(func=run_proxy)
    return parser


def mitmdump_arguments(args: argparse.Namespace) -> list[str]:
    """The mitmdump command line for these flags (without the program name)."""
    if not 1 <= args.port <= 65535:
        raise ValueError(f"--port: {args.port} is not a TCP port (1-65535)")
    line = ["--listen-host", LISTEN_HOST, "--listen-port", str(args.port), "-s", str(ADDON_SCRIPT)]
    # Flow lines name every URL the browser sends through the proxy, query strings included; off by default.
    line += ["--set", "flow_detail=1" if args.verbose else "flow_detail=0"]
    # The per-laptop CA is name-constrained to the social networks; forged certificates must then carry
    # only the requested name, which is what upstream_cert=false gives.
    line += ["--set", f"confdir={ca_folder(args)}", "--set", "upstream_cert=false"]
    if args.org:
        line += ["--set", f"bedenktijd_org={args.org}"]
    for pack in args.packs:
        line += ["--set", f"bedenktijd_packs={pack}"]
    if args.data_dir:
        from companion_ui.store import default_database_path

        line += ["--set", f"bedenktijd_store={default_database_path(args.data_dir)}"]
    for network in args.networks:
        line += ["--set", f"bedenktijd_networks={network}"]
    for host in args.extra_hosts:
        line += ["--set", f"bedenktijd_extra_hosts={host}"]
    for option in args.mitmproxy_options:
        if "=" not in option:
            raise ValueError(f"--set: {option!r} must look like NAME=VALUE")
        line += ["--set", option]
    return line


def ca_folder(args: argparse.Namespace) -> Path:
    """Where this laptop's CA lives: --confdir, else `<data dir>/ca`, else the user's default."""
    from proxy_addon.deploy.ca import default_confdir

    if args.confdir:
        return Path(args.confdir)
    if args.data_dir:
        return Path(args.data_dir) / "ca"
    return default_confdir()


def _ensure_constrained_ca(args: argparse.Namespace) -> None:
    """Make (or keep) the name-constrained CA before mitmproxy would make an unconstrained one."""
    from proxy_addon.adapters import all_hosts
    from proxy_addon.deploy.ca import ensure_ca

    names: tuple[str, ...] = ("Bedenktijd",)
    if args.org:
        from rules.orgprofile import load_org_profile

        names = load_org_profile(Path(args.org)).names or names
    ensure_ca(ca_folder(args), names[0], all_hosts(args.extra_hosts, enabled=args.networks or None))


def run_proxy(args: argparse.Namespace) -> int:
    """Run mitmdump with the addon in this process until it is stopped; returns the exit code."""
    try:
        line = mitmdump_arguments(args)
        _ensure_constrained_ca(args)
    except (ValueError, OSError, RulePackError) as error:
        print(f"bedenktijd proxy: {error}", file=sys.stderr)
        return 2
    from mitmproxy.tools.main import mitmdump  # imported late: `bedenktijd --help` stays fast

    if not args.verbose:
        # mitmproxy logs every connection with the host it goes to: browsing history; keep it out of logs.
        logging.getLogger("mitmproxy.proxy.server").setLevel(logging.WARNING)
    try:
        mitmdump(line)
    except SystemExit as stop:  # mitmdump exits through sys.exit on startup errors
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except KeyboardInterrupt:
        return 0
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `python -m proxy_addon`."""
    parser = argparse.ArgumentParser(prog="bedenktijd proxy", description=__doc__)
    add_proxy_arguments(parser)
    return run_proxy(parser.parse_args(argv))
