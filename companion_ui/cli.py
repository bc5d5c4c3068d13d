"""`bedenktijd companion` (and `python -m companion_ui`): run the companion on 127.0.0.1."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

from companion_ui.settings import load_config, settings_markdown


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The companion's command-line flags (each overrides a setting and its BEDENKTIJD_* variable)."""
    parser.add_argument("--port", type=int, help="port on 127.0.0.1 (0: pick a free one); default 8765")
    parser.add_argument("--data-dir", help="folder for the SQLite store (default: the user data folder)")
    parser.add_argument("--org", help="organisation profile (YAML)")
    parser.add_argument("--pack", action="append", dest="packs", help="extra rule pack folder (repeatable)")
    parser.add_argument(
        "--extension-id", action="append", dest="extension_ids", help="allowed extension id (repeatable)"
    )
    parser.add_argument("--token-file", help="file holding the API token set by managed configuration")
    parser.add_argument("--verbose", action="store_true", help="log each request (method, path, status)")
    parser.add_argument(
        "--print-settings", action="store_true", help="print every setting as a Markdown table and exit"
    )


def add_companion_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `companion` subcommand to a main CLI's subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "companion", help="run the local companion (API for the extension and the employee's pages)"
    )
    add_arguments(parser)
    parser.set_defaults(func=run_companion)
    return parser


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    token = None
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as handle:
            token = handle.read().strip()
    return {
        "port": args.port,
        "data_dir": args.data_dir,
        "org": args.org,
        "packs": tuple(args.packs) if args.packs else None,
        "extension_ids": tuple(args.extension_ids) if args.extension_ids else None,
        "api_token": token,
    }


def run_companion(args: argparse.Namespace) -> int:
    """Start the companion in the foreground; returns the exit code."""
    if args.print_settings:
        sys.stdout.write(settings_markdown())
        return 0
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        config = load_config(os.environ, _overrides(args))
    except (ValueError, OSError) as error:
        print(f"bedenktijd companion: {error}", file=sys.stderr)
        return 2
    from companion_ui.app import create_app
    from companion_ui.rulesets import RulesetUnavailable
    from companion_ui.server import serve

    app = create_app(config)
    try:
        app.extensions["bedenktijd"].ruleset_provider()
    except RulesetUnavailable as error:
        # Fail open: the pages and health still work, /check answers 503 and the extension lets posts go.
        print(f"bedenktijd companion: rule pack not loaded: {error}", file=sys.stderr)
    uploader = _start_uploader(config, app)
    with contextlib.suppress(KeyboardInterrupt):
        serve(app)
    if uploader is not None:
        uploader.stop()
    return 0


def _start_uploader(config: Any, app: Any) -> Any:
    """Send completed weekly reports to the collector in the background, when one is configured."""
    if not config.collector_url:
        return None
    from companion_ui.stats.upload import UploadConfig, Uploader

    store = app.extensions["bedenktijd"].store
    upload = UploadConfig(
        config.collector_url, config.collector_token, cafile=config.collector_cafile or None
    )
    uploader = Uploader(lambda: store.db, upload, interval=config.upload_interval_s)
    uploader.start()
    return uploader


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `python -m companion_ui`."""
    parser = argparse.ArgumentParser(prog="bedenktijd companion", description=__doc__)
    add_arguments(parser)
    return run_companion(parser.parse_args(argv))
