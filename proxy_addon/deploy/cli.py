"""`bedenktijd deploy generate | ca | package | install | uninstall` (entry point group bedenktijd.commands)."""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from proxy_addon.adapters import ADAPTER_NAMES, all_hosts
from proxy_addon.deploy import ca, generate, install
from proxy_addon.deploy.config import DEFAULT_COMPANION_PORT, DEFAULT_PROXY_PORT, LANGUAGES, DeployConfig

REPO_EXTENSION = Path(__file__).resolve().parents[2] / "extension"


def _hosts_arguments(parser: argparse.ArgumentParser) -> None:
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
        help="self-hosted Mastodon server or Bluesky PDS, or '.domain' for all its subdomains (repeatable)",
    )


def _port_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--proxy-port", type=int, default=DEFAULT_PROXY_PORT, help=f"default {DEFAULT_PROXY_PORT}"
    )
    parser.add_argument(
        "--companion-port", type=int, default=DEFAULT_COMPANION_PORT, help=f"default {DEFAULT_COMPANION_PORT}"
    )


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add `bedenktijd deploy` and its subcommands to the main command's subparsers."""
    deploy: argparse.ArgumentParser = subparsers.add_parser(
        "deploy", help="IT deployment: generate policies, PAC, services and trust scripts; install on Linux"
    )
    sub = deploy.add_subparsers(dest="deploy_command", required=True)

    gen = sub.add_parser(
        "generate", help="write every fleet artefact into a folder (no CA: laptops make theirs)"
    )
    gen.add_argument("--out", type=Path, required=True, help="output folder")
    gen.add_argument(
        "--org", type=Path, required=True, help="organisation profile (YAML); copied into the output"
    )
    _port_arguments(gen)
    _hosts_arguments(gen)
    gen.add_argument("--extension-id", help="the extension's id (printed by `deploy package`)")
    gen.add_argument("--update-url", help="self-hosted update manifest URL (default: the browser's store)")
    gen.add_argument(
        "--firefox-install-url", help="URL of the Mozilla-signed .xpi to force-install in Firefox"
    )
    gen.add_argument("--token", help="companion API token for the extension (default: a new random one)")
    gen.add_argument("--language", choices=LANGUAGES, default="auto", help="warning language (default: auto)")
    gen.add_argument("--pac-url", help="serve the PAC from this URL instead of inline (Chromium) / on disk")
    gen.add_argument("--fail-closed", action="store_true", help="no DIRECT fallback when the proxy is down")
    for platform in ("windows", "macos", "linux"):
        gen.add_argument(f"--{platform}-command", help=f"path of bedenktijd on {platform} laptops")
    gen.set_defaults(func=run_generate)

    make_ca = sub.add_parser("ca", help="make this laptop's name-constrained CA if it has no good one")
    make_ca.add_argument("--confdir", type=Path, help=f"CA folder (default: {ca.default_confdir()})")
    make_ca.add_argument("--org", type=Path, help="organisation profile (YAML), for the CA's name")
    _hosts_arguments(make_ca)
    make_ca.add_argument("--renew", action="store_true", help="make a new CA even if the current one is good")
    make_ca.add_argument("--mobileconfig", type=Path, help="also write a macOS profile that trusts this CA")
    make_ca.set_defaults(func=run_ca)

    pack = sub.add_parser("package", help="store zips, a signed CRX and its update manifest")
    pack.add_argument("--extension", type=Path, default=REPO_EXTENSION, help="extension folder")
    pack.add_argument("--out", type=Path, required=True, help="output folder")
    pack.add_argument("--key", type=Path, required=True, help="RSA signing key (PEM); created when missing")
    pack.add_argument("--update-url", required=True, help="where update.xml will be served")
    pack.set_defaults(func=run_package)

    inst = sub.add_parser("install", help="install for this user on Linux (CA, NSS trust, service, PAC)")
    inst.add_argument("--user", action="store_true", required=True, help="install for the current user")
    inst.add_argument("--org", type=Path, help="organisation profile (YAML)")
    _port_arguments(inst)
    _hosts_arguments(inst)
    inst.add_argument("--token", default="", help="companion API token set by managed configuration")
    inst.add_argument("--command", help="path of bedenktijd for the service (default: this installation)")
    inst.add_argument("--no-systemctl", action="store_true", help="write the unit but do not run systemctl")
    inst.set_defaults(func=run_install)

    uninst = sub.add_parser("uninstall", help="remove everything `install --user` set up")
    uninst.add_argument("--user", action="store_true", required=True, help="uninstall for the current user")
    uninst.add_argument("--purge", action="store_true", help="also delete the local history")
    uninst.add_argument("--no-systemctl", action="store_true", help="do not run systemctl")
    uninst.set_defaults(func=run_uninstall)
    return deploy


def _org(path: Path | None) -> tuple[str, str]:
    """The organisation's name and language from its profile (neutral values without one)."""
    if path is None:
        return "Bedenktijd", "nl"
    from rules.orgprofile import load_org_profile

    profile = load_org_profile(path)
    return profile.names[0], profile.language


def run_generate(args: argparse.Namespace) -> int:
    """Write the artefacts; returns the exit code."""
    token = args.token or secrets.token_urlsafe(32)
    commands = tuple(
        (p, getattr(args, f"{p}_command"))
        for p in ("windows", "macos", "linux")
        if getattr(args, f"{p}_command")
    )
    try:
        org_name, org_language = _org(args.org)
        cfg = DeployConfig(
            org_name=org_name,
            org_language=org_language,
            networks=tuple(args.networks) or ADAPTER_NAMES,
            extra_hosts=tuple(args.extra_hosts),
            proxy_port=args.proxy_port,
            companion_port=args.companion_port,
            extension_id=args.extension_id,
            update_url=args.update_url,
            firefox_install_url=args.firefox_install_url,
            token=token,
            language=args.language,
            pac_url=args.pac_url,
            fail_open=not args.fail_closed,
            commands=commands,
        )
    except ValueError as error:
        return _fail(error)
    written = generate.write(args.out, generate.artefacts(cfg, args.org.read_bytes()))
    print(f"wrote {len(written)} files to {args.out}")
    if not args.token:
        print("generated a new companion API token; pass --token to keep the same one next time")
    if not args.extension_id:
        print("no --extension-id: the policies do not force-install the extension (see `deploy package`)")
    return 0


def run_ca(args: argparse.Namespace) -> int:
    """Make (or keep) this laptop's CA; prints the certificate's path."""
    confdir = args.confdir or ca.default_confdir()
    try:
        org_name, _ = _org(args.org)
        hosts = all_hosts(args.extra_hosts, enabled=args.networks or None)
    except ValueError as error:
        return _fail(error)
    result = ca.ensure_ca(confdir, org_name, hosts, renew=args.renew)
    print(f"{'created' if result.created else 'kept'} {confdir / ca.CERT_PEM}")
    if args.mobileconfig:
        from proxy_addon.deploy.trust import ca_mobileconfig

        args.mobileconfig.write_bytes(ca_mobileconfig(result.certificate, org_name))
        print(f"wrote {args.mobileconfig}")
    return 0


def run_package(args: argparse.Namespace) -> int:
    """Package the extension; prints its id and the files written."""
    from proxy_addon.deploy import extension_package

    key, new = extension_package.load_or_create_key(args.key)
    if new:
        print(f"created the signing key {args.key}: keep it safe, the extension id depends on it")
    try:
        result = extension_package.package(args.extension, args.out, key, args.update_url)
    except (ValueError, RuntimeError, OSError) as error:
        return _fail(error)
    print(f"extension id: {result.extension_id} (version {result.version})")
    for role, path in result.files:
        print(f"{role}: {path}")
    return 0


def run_install(args: argparse.Namespace) -> int:
    """Install for the current user (Linux only)."""
    if not sys.platform.startswith("linux"):
        return _fail("install --user is for Linux; on Windows and macOS use the scripts of `deploy generate`")
    try:
        org_name, _ = _org(args.org)
        hosts = all_hosts(args.extra_hosts, enabled=args.networks or None)
        options = install.InstallOptions(
            org=args.org.resolve() if args.org else None,
            org_name=org_name,
            networks=tuple(args.networks),
            extra_hosts=tuple(args.extra_hosts),
            hosts=hosts,
            proxy_port=args.proxy_port,
            companion_port=args.companion_port,
            token=args.token,
            command=(args.command,) if args.command else (),
            systemctl=not args.no_systemctl,
        )
        paths = install.UserPaths.for_home(install.environment_home(), _environ())
        lines = install.install_user(paths, options)
    except (ValueError, RuntimeError, OSError) as error:
        return _fail(error)
    print("\n".join(lines))
    return 0


def run_uninstall(args: argparse.Namespace) -> int:
    """Remove the user install."""
    paths = install.UserPaths.for_home(install.environment_home(), _environ())
    try:
        lines = install.uninstall_user(paths, purge=args.purge, systemctl=not args.no_systemctl)
    except (RuntimeError, OSError) as error:
        return _fail(error)
    print("\n".join(lines) if lines else "nothing to remove")
    return 0


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)


def _fail(error: object) -> int:
    print(f"bedenktijd deploy: {error}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run `bedenktijd deploy ...` without the main command (tests, `python -m proxy_addon.deploy`)."""
    parser = argparse.ArgumentParser(prog="bedenktijd")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["deploy", *(argv if argv is not None else sys.argv[1:])])
    return int(args.func(args))
