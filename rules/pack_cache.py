"""An on-disk copy of parsed, validated rule packs, so a new process skips YAML parsing and schema checks.

A rule pack is tens of thousands of words in a hundred-odd YAML files; parsing and validating them is
most of a cold ruleset load. The parsed form is stored as JSON (never pickle: the cache directory is
writable by the user, and loading it must not run code) next to the size and modification time of
every file it came from and the engine version. Any difference and the pack is parsed again.

The cache holds rule packs only, never post text. Failing to read or write it is not an error: the
pack is then simply parsed from its files. `BEDENKTIJD_CACHE_DIR` moves it; an empty value turns it off.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

from rules import __version__

log = logging.getLogger(__name__)

Stamp = tuple[tuple[str, int, int], ...]
FORMAT = 3  # bump when what is stored changes


def cache_dir() -> Path | None:
    """Where parsed packs are kept, or None when caching is turned off."""
    configured = os.environ.get("BEDENKTIJD_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    return Path(platformdirs.user_cache_dir("bedenktijd")) / "packs"


def _path(folder: Path) -> Path | None:
    base = cache_dir()
    if base is None:
        return None
    return base / (hashlib.sha256(str(folder).encode()).hexdigest()[:24] + ".json")


def read(folder: Path, stamp: Stamp) -> dict[str, Any] | None:
    """The cached parsed pack for `folder` when its files are unchanged, else None."""
    path = _path(folder)
    if path is None or not stamp:
        return None
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("engine") != __version__ or stored.get("format") != FORMAT:
        return None
    if [tuple(entry) for entry in stored.get("stamp", [])] != list(stamp):
        return None
    pack = stored.get("pack")
    return pack if isinstance(pack, dict) else None


def write(folder: Path, stamp: Stamp, pack: dict[str, Any]) -> None:
    """Store a parsed pack (atomically); problems are logged at debug level and otherwise ignored."""
    path = _path(folder)
    if path is None or not stamp:
        return
    data = {"engine": __version__, "format": FORMAT, "stamp": [list(entry) for entry in stamp], "pack": pack}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
        ) as handle:
            temporary = Path(handle.name)
            json.dump(data, handle, default=str)
        os.replace(temporary, path)
    except OSError as exc:
        log.debug("rule pack cache not written: %s", exc)
        if "temporary" in locals():
            temporary.unlink(missing_ok=True)
