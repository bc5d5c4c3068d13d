"""The addon's options, read once into a small frozen record (pure: no mitmproxy, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from proxy_addon.adapters import ADAPTER_NAMES, all_hosts
from proxy_addon.bodies import MAX_BODY_BYTES
from proxy_addon.host_patterns import allow_hosts_patterns

DEFAULT_ACK_WAIT_MS = 2000
MAX_ACK_WAIT_MS = 30_000


@dataclass(frozen=True)
class OptionSpec:
    """One mitmproxy option of the addon: name, type, default and a full-sentence help text."""

    name: str
    typespec: type
    default: object
    help: str


OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "bedenktijd_org",
        str,
        "",
        "Path to the organisation profile (YAML) that fills in the rule pack; empty uses the default pack alone.",
    ),
    OptionSpec(
        "bedenktijd_packs",
        Sequence[str],
        [],
        "Extra rule pack folders loaded after the default pack; set the option once per folder.",
    ),
    OptionSpec(
        "bedenktijd_store",
        str,
        "",
        "Path of the SQLite store shared with the companion; empty uses the companion's default location.",
    ),
    OptionSpec(
        "bedenktijd_networks",
        Sequence[str],
        list(ADAPTER_NAMES),
        f"Networks whose posts are checked ({', '.join(ADAPTER_NAMES)}); only their hosts are decrypted.",
    ),
    OptionSpec(
        "bedenktijd_extra_hosts",
        Sequence[str],
        [],
        "Extra host names of self-hosted Mastodon servers or Bluesky PDSes ('social.example.org', or "
        "'.example.org' for every subdomain); they are decrypted too.",
    ),
    OptionSpec(
        "bedenktijd_max_body_bytes",
        int,
        MAX_BODY_BYTES,
        "Request bodies larger than this many bytes are not inspected (posts are a few kilobytes).",
    ),
    OptionSpec(
        "bedenktijd_ack_wait_ms",
        int,
        DEFAULT_ACK_WAIT_MS,
        "Milliseconds to keep looking for the extension's acknowledgement of a post with findings before "
        "recording it as posted without a warning.",
    ),
)
OPTION_NAMES = frozenset(o.name for o in OPTIONS)


@dataclass(frozen=True)
class AddonSettings:
    """The addon's options, checked, plus what follows from them (hosts to decrypt, allow_hosts)."""

    org: Path | None
    packs: tuple[Path, ...]
    store: Path | None  # None: the companion's default location
    networks: tuple[str, ...]
    extra_hosts: tuple[str, ...]
    max_body_bytes: int
    ack_wait: float  # seconds
    hosts: tuple[str, ...]
    allow_hosts: tuple[str, ...]


def split_list(values: Iterable[str]) -> tuple[str, ...]:
    """Items of a sequence option, each of which may also be a comma-separated list; blanks dropped."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def read_settings(
    org: str,
    packs: Sequence[str],
    store: str,
    networks: Sequence[str],
    extra_hosts: Sequence[str],
    max_body_bytes: int,
    ack_wait_ms: int = DEFAULT_ACK_WAIT_MS,
) -> AddonSettings:
    """Check the raw option values; ValueError names the option and the bad value."""
    chosen = split_list(networks)
    unknown = [n for n in chosen if n not in ADAPTER_NAMES]
    if unknown:
        raise ValueError(
            f"bedenktijd_networks: unknown network {unknown[0]!r}; choose from {', '.join(ADAPTER_NAMES)}"
        )
    if not chosen:
        raise ValueError("bedenktijd_networks: name at least one network, or stop the proxy instead")
    if max_body_bytes < 1:
        raise ValueError(f"bedenktijd_max_body_bytes: must be at least 1, got {max_body_bytes}")
    if not 0 <= ack_wait_ms <= MAX_ACK_WAIT_MS:
        raise ValueError(
            f"bedenktijd_ack_wait_ms: must be between 0 and {MAX_ACK_WAIT_MS}, got {ack_wait_ms}"
        )
    extra = split_list(extra_hosts)
    try:
        hosts = all_hosts(extra, enabled=chosen)
    except ValueError as error:
        raise ValueError(f"bedenktijd_extra_hosts: {error}") from None
    return AddonSettings(
        org=Path(org).expanduser() if org.strip() else None,
        packs=tuple(Path(p.strip()).expanduser() for p in packs if p.strip()),
        store=Path(store).expanduser() if store.strip() else None,
        networks=tuple(dict.fromkeys(chosen)),
        extra_hosts=extra,
        max_body_bytes=max_body_bytes,
        ack_wait=ack_wait_ms / 1000,
        hosts=hosts,
        allow_hosts=allow_hosts_patterns(hosts),
    )
