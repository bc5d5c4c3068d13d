"""`bedenktijd doctor`: is this laptop set up right? A pass/fail list with a fix per failure; exit 0/1.

Checks (see `doctor_checks`): the proxy listens; the PAC file sends a social URL to that proxy and
another URL direct; the CA is present, name-constrained and trusted by Chromium (Linux); the
companion answers; the extension called it recently; the rule pack loads; the collector answers.
Printed in Dutch or English (--lang, else the locale).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from proxy_addon.adapters import ADAPTER_NAMES, all_hosts
from proxy_addon.deploy import ca
from proxy_addon.deploy.config import (
    DEFAULT_COMPANION_PORT,
    DEFAULT_PROXY_PORT,
    LINUX,
    MACOS,
    TOKEN_ENV,
    WINDOWS,
    Platform,
)
from proxy_addon.deploy.install import PAC_FILE, UserPaths, environment_home
from proxy_addon.doctor_checks import CHECKS, Result, Setup, both
from proxy_addon.doctor_texts import LANGUAGES, WORDS, choose_language, text

COLLECTOR_ENV = "BEDENKTIJD_COLLECTOR_URL"


def run_checks(setup: Setup) -> list[Result]:
    """Every check, in order; a check that raises counts as failed, with the error named."""
    results = []
    for check in CHECKS:
        try:
            results.append(check(setup))
        except Exception as error:  # one broken check must not hide the others
            name = check.__name__.removeprefix("check_")
            problem = both("controle mislukt: {e!r}", "check failed: {e!r}", e=error)
            results.append(Result(name, "fail", {"problem": problem, "url": "", "port": ""}))
    return results


def render(results: Sequence[Result], language: str) -> str:
    """The report: one line per check, a fix under each failure, and a summary."""
    marks = {"ok": "[ OK ]", "fail": "[FAIL]", "skip": "[SKIP]"}
    lines = [WORDS["heading"][language]]
    for result in results:
        params = {k: (v[language] if isinstance(v, dict) else v) for k, v in result.params.items()}
        title = text(result.check, "title", language)
        lines.append(
            f"{marks[result.status]} {title}: {text(result.check, result.status, language, **params)}"
        )
        if result.status == "fail":
            lines.append(f"       {WORDS['fix'][language]}: {text(result.check, 'fix', language)}")
    failed = sum(r.status == "fail" for r in results)
    key = "summary_fail" if failed else "summary_ok"
    lines.append(WORDS[key][language].format(failed=failed, total=len(results)))
    return "\n".join(lines) + "\n"


def register_doctor(subparsers: Any) -> argparse.ArgumentParser:
    """Add `bedenktijd doctor` to the main command's subparsers (entry point group bedenktijd.commands)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "doctor", help="check this laptop's setup: proxy, PAC, CA, trust, companion, extension, rules"
    )
    add_doctor_arguments(parser)
    parser.set_defaults(func=run_doctor)
    return parser


def add_doctor_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of `bedenktijd doctor` (defaults match `bedenktijd start` and `deploy install --user`)."""
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the report (default: the locale)")
    parser.add_argument("--proxy-port", type=int, default=DEFAULT_PROXY_PORT)
    parser.add_argument("--companion-port", type=int, default=DEFAULT_COMPANION_PORT)
    parser.add_argument("--confdir", type=Path, help="CA folder (default: the user data folder's ca/)")
    parser.add_argument(
        "--pac", type=Path, help="PAC file (default: the user install's, else /etc/bedenktijd)"
    )
    parser.add_argument("--org", type=Path, help="organisation profile (YAML)")
    parser.add_argument(
        "--pack", action="append", dest="packs", default=[], type=Path, help="extra rule pack"
    )
    parser.add_argument("--network", action="append", dest="networks", default=[], choices=ADAPTER_NAMES)
    parser.add_argument("--extra-host", action="append", dest="extra_hosts", default=[])
    parser.add_argument("--data-dir", type=Path, help="folder of the companion's store")
    parser.add_argument(
        "--token",
        help=f"companion API token to verify (default: ${TOKEN_ENV}; without one the probe goes without)",
    )
    parser.add_argument("--collector", help=f"collector URL to check (default: ${COLLECTOR_ENV})")


def setup_from_args(args: argparse.Namespace, environ: Mapping[str, str]) -> Setup:
    """The Setup for these flags; ValueError names a bad --extra-host."""
    home = environment_home(environ)
    if sys.platform.startswith("linux"):
        paths = UserPaths.for_home(home, environ)
        data, confdir = paths.data, paths.confdir
    else:
        confdir = ca.default_confdir()
        data = confdir.parent
    data = args.data_dir or data
    pac = args.pac
    if pac is None:
        shared = Path(str(_platform().shared_file(PAC_FILE)))
        pac = data / PAC_FILE if (data / PAC_FILE).exists() else shared
    return Setup(
        proxy_port=args.proxy_port,
        companion_port=args.companion_port,
        confdir=args.confdir or confdir,
        pac_file=pac,
        home=home,
        hosts=all_hosts(args.extra_hosts, enabled=args.networks or None),
        org=args.org,
        packs=tuple(args.packs),
        database=data / "bedenktijd.sqlite3",
        token=args.token or environ.get(TOKEN_ENV, ""),
        collector=args.collector or environ.get(COLLECTOR_ENV, ""),
    )


def _platform() -> Platform:
    if sys.platform == "win32":
        return WINDOWS
    return MACOS if sys.platform == "darwin" else LINUX


def run_doctor(args: argparse.Namespace) -> int:
    """Print the report; exit code 0 when every check passed (or was skipped), else 1."""
    environ = dict(os.environ)
    language = choose_language(args.lang, environ)
    try:
        setup = setup_from_args(args, environ)
    except ValueError as error:
        print(f"bedenktijd doctor: {error}", file=sys.stderr)
        return 2
    results = run_checks(setup)
    sys.stdout.write(render(results, language))
    return 1 if any(r.status == "fail" for r in results) else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run `bedenktijd doctor` without the main command (tests, `python -m proxy_addon.doctor`)."""
    parser = argparse.ArgumentParser(prog="bedenktijd doctor", description=__doc__)
    add_doctor_arguments(parser)
    return run_doctor(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
