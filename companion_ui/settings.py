"""The companion's settings, declared as data: each has a name, a default and a help text."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from companion_ui.store.database import default_database_path

ENV_PREFIX = "BEDENKTIJD_"


def setting(default: Any, help: str) -> Any:
    """Declare one setting: its default and a full-sentence help text (read by `SETTINGS`)."""
    # Only immutable defaults (numbers, strings, tuples) are used, so a plain default is safe.
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class CompanionConfig:
    """Everything the companion can be configured with (environment BEDENKTIJD_<NAME> or CLI flags)."""

    port: int = setting(8765, "TCP port on 127.0.0.1 to listen on; 0 picks a free port, printed at start.")
    data_dir: str = setting(
        "", "Folder for the SQLite store; empty means the platform's user data folder for 'bedenktijd'."
    )
    org: str = setting("", "Path to the organisation profile (YAML); empty uses the default pack alone.")
    packs: tuple[str, ...] = setting((), "Extra rule pack folders to load after the default pack.")
    extension_ids: tuple[str, ...] = setting(
        (), "Browser extension ids allowed to call the API; empty allows any chrome-/moz-extension origin."
    )
    api_token: str = setting(
        "", "API token provided by managed configuration; empty uses the token generated for this install."
    )
    language: str = setting(
        "", "Language of the pages until the employee chooses one: nl, en, or empty to follow the browser."
    )
    retention_days: int = setting(30, "Days of local history to keep until the employee chooses otherwise.")
    max_body_bytes: int = setting(65536, "Largest request body the API accepts, in bytes (larger: 413).")
    threads: int = setting(8, "Worker threads of the waitress server (event streams hold one each).")
    sse_poll_seconds: float = setting(1.0, "How often the event stream looks for new warnings, in seconds.")
    sse_max_seconds: float = setting(
        300.0, "How long one event stream stays open before the client must reconnect, in seconds."
    )
    sse_retry_ms: int = setting(5000, "Reconnect delay the event stream suggests to the client, in ms.")
    proxy_seen_seconds: int = setting(
        300, "The proxy counts as running when it reported within this many seconds."
    )
    extension_seen_seconds: int = setting(
        900, "The extension counts as connected when it called the API within this many seconds."
    )
    inspected_hosts: tuple[str, ...] = setting(
        (), "Host names the proxy inspects (supplied by the proxy adapters); shown on the transparency page."
    )
    collector_url: str = setting(
        "", "HTTPS address of the organisation's statistics collector; empty sends no statistics."
    )
    collector_token: str = setting(
        "", "Organisation-wide enrolment token for the collector (not per person)."
    )
    collector_cafile: str = setting(
        "", "CA bundle to verify the collector's certificate; empty uses the system's."
    )
    upload_interval_s: int = setting(900, "Seconds between attempts to send completed weekly reports.")
    k_anonymity: int = setting(
        5, "Smallest count the weekly statistics report; smaller counts are hidden (shown to employees)."
    )
    networks: tuple[str, ...] = setting(
        ("linkedin", "x", "facebook"), "Networks the extension watches (sent to it by /api/v1/config)."
    )
    debounce_ms: int = setting(
        400, "How long the extension waits after typing stops before it checks, in ms."
    )
    timeout_ms: int = setting(
        300, "How long the extension waits for a check before it lets the post go, in ms."
    )

    @property
    def database_path(self) -> Path:
        """The SQLite file of the store."""
        return default_database_path(self.data_dir or None)


@dataclass(frozen=True)
class Setting:
    """One documented setting."""

    name: str
    default: Any
    help: str
    env: str


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(f.name, f.default, str(f.metadata.get("help", "")), ENV_PREFIX + f.name.upper())
    for f in fields(CompanionConfig)
)


def _parse(name: str, default: Any, raw: str) -> Any:
    try:
        if isinstance(default, bool):
            return raw.strip().lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
    except ValueError as error:
        raise ValueError(f"setting {name}: {raw!r} is not a {type(default).__name__}") from error
    if isinstance(default, tuple):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def load_config(environ: Mapping[str, str], overrides: Mapping[str, Any] | None = None) -> CompanionConfig:
    """Defaults, then BEDENKTIJD_<NAME> variables, then `overrides` (e.g. CLI flags that were given)."""
    values: dict[str, Any] = {}
    for item in SETTINGS:
        if item.env in environ:
            values[item.name] = _parse(item.name, item.default, environ[item.env])
    for name, value in (overrides or {}).items():
        if value is not None:
            values[name] = value
    config = dataclasses.replace(CompanionConfig(), **values)
    check_config(config)
    return config


def check_config(config: CompanionConfig) -> None:
    """Raise ValueError naming the setting when a value is out of range."""
    if not 0 <= config.port <= 65535:
        raise ValueError(f"setting port: {config.port} is not a TCP port (0-65535)")
    if config.language not in ("", "nl", "en"):
        raise ValueError(f"setting language: {config.language!r} must be nl, en or empty")
    for name in (
        "retention_days",
        "k_anonymity",
        "max_body_bytes",
        "threads",
        "sse_retry_ms",
        "debounce_ms",
        "timeout_ms",
    ):
        if getattr(config, name) < 1:
            raise ValueError(f"setting {name}: must be at least 1, got {getattr(config, name)}")
    if config.sse_poll_seconds <= 0 or config.sse_max_seconds <= 0:
        raise ValueError("settings sse_poll_seconds and sse_max_seconds must be positive")


def settings_markdown() -> str:
    """The settings as a Markdown table (name, environment variable, default, help) for the docs."""
    lines = ["| setting | environment | default | what it does |", "|---|---|---|---|"]
    for item in SETTINGS:
        default = ", ".join(item.default) if isinstance(item.default, tuple) else item.default
        lines.append(f"| `{item.name}` | `{item.env}` | `{default}` | {item.help} |")
    return "\n".join(lines) + "\n"
