"""`bedenktijd collector`: run the organisation's collector, or `collector add-user NAME --role ROLE`."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from typing import Any

from companion_ui.stats.anonymity import Policy

TOKEN_ENV = "BEDENKTIJD_ENROLMENT_TOKEN"


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `collector` command (and its `add-user` subcommand) to the main CLI."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "collector", help="run the organisation-wide statistics collector and dashboard"
    )
    parser.add_argument(
        "--db", default="collector.sqlite3", help="SQLite file (default: ./collector.sqlite3)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8770, help="port (default 8770)")
    parser.add_argument(
        "--k", type=int, default=5, help="minimum reports per shown cell (default 5, at least 3)"
    )
    parser.add_argument(
        "--epsilon", type=float, help="differential-privacy budget per week (default: no noise)"
    )
    parser.add_argument("--retention-weeks", type=int, default=104, help="weeks kept (default 104)")
    parser.add_argument(
        "--publish-after-days",
        type=int,
        default=14,
        help="days after a week ends before it is frozen and shown",
    )
    parser.add_argument("--token-file", help=f"file with the enrolment token (else ${TOKEN_ENV})")
    parser.add_argument("--ruleset", help="rule catalogue: a .json file, an org profile YAML, or 'default'")
    parser.add_argument(
        "--secure-cookies",
        action="store_true",
        help="mark the session cookie Secure (dashboard behind HTTPS)",
    )
    parser.set_defaults(func=run_collector)
    sub = parser.add_subparsers(dest="collector_command")
    add = sub.add_parser(
        "add-user", help="create or replace a dashboard user (password from stdin or prompt)"
    )
    add.add_argument("name")
    add.add_argument("--role", choices=("viewer", "admin"), default="viewer")
    add.add_argument("--db", default=argparse.SUPPRESS, help="SQLite file")
    add.set_defaults(func=run_add_user)
    return parser


def _token(args: argparse.Namespace) -> str:
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as handle:
            return handle.read().strip()
    return os.environ.get(TOKEN_ENV, "").strip()


def run_collector(args: argparse.Namespace) -> int:
    """Start the collector in the foreground."""
    from companion_ui.collector.app import create_collector_app
    from companion_ui.collector.config import CollectorConfig
    from companion_ui.collector.server import serve

    try:
        policy = Policy(args.k, args.epsilon, args.publish_after_days, args.retention_weeks)
        config = CollectorConfig(
            db_path=args.db,
            enrolment_tokens=(_token(args),),
            host=args.host,
            port=args.port,
            policy=policy,
            secure_cookies=args.secure_cookies,
            ruleset=args.ruleset,
        )
    except (ValueError, OSError) as problem:
        print(f"bedenktijd collector: {problem}", file=sys.stderr)
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        serve(create_collector_app(config))
    return 0


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise ValueError("the two passwords differ")
    return first


def run_add_user(args: argparse.Namespace) -> int:
    """Create or replace a dashboard user in the collector's database."""
    from companion_ui.collector import users
    from companion_ui.collector.state import prepare_database
    from companion_ui.store.database import open_database

    try:
        password = _read_password()
        db = open_database(args.db)
        prepare_database(db)
        users.add_user(db, args.name, password, args.role)
        db.close()
    except (ValueError, OSError) as problem:
        print(f"bedenktijd collector add-user: {problem}", file=sys.stderr)
        return 2
    print(f"user {args.name} saved with role {args.role}")
    return 0
