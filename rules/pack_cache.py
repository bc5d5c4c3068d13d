"""An on-disk copy of parsed, validated rule packs, so a new process skips YAML parsing and schema checks.

A rule pack is tens of thousands of words in a hundred-odd YAML files; parsing and validating them is
most of a cold ruleset load. The parsed form is stored as JSON (never pickle: the cache directory is
writable by the user, and loading it must not run code) next to the size and modification time of
every file it came from and the engine's identity (`engine_id`). Any difference and the pack is parsed
again.

Next to it, per combination of packs, the packs' compiled keywords (`read_compiled`/`write_compiled`):
JSON again, under a key made of the packs' content and the engine's identity, with a SHA-256 checksum
of its content, so a damaged or foreign file is never used.

The cache holds rule packs only, never post text. Failing to read or write it is not an error: the
pack is then simply parsed from its files. `BEDENKTIJD_CACHE_DIR` moves it; an empty value turns it off.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import platformdirs
import regex
import yaml

from rules import __version__

log = logging.getLogger(__name__)

Stamp = tuple[tuple[str, int, int], ...]
FORMAT = 5  # bump when what is stored changes
COMPILED_FORMAT = 1
ENGINE_DIR = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """Where parsed packs are kept, or None when caching is turned off."""
    configured = os.environ.get("BEDENKTIJD_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    return Path(platformdirs.user_cache_dir("bedenktijd")) / "packs"


@cache
def engine_id() -> str:
    """What cached data depends on besides the packs: the engine's code and the libraries it folds with.

    The source of every module of the engine (a change to folding or prefix derivation changes what
    a pack compiles to, version number or not), Python with its Unicode tables, `regex` and PyYAML.
    Reading them costs well under a millisecond, once per process.
    """
    digest = hashlib.sha256()
    for part in (__version__, sys.version, unicodedata.unidata_version, regex.__version__, yaml.__version__):
        digest.update(f"{part}\0".encode())
    for path in sorted(ENGINE_DIR.glob("*.py")):
        digest.update(f"{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


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
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(stored, dict) or stored.get("engine") != engine_id() or stored.get("format") != FORMAT:
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
    data = {"engine": engine_id(), "format": FORMAT, "stamp": [list(entry) for entry in stamp], "pack": pack}
    _replace(path, json.dumps(data, default=str).encode())


def _compiled_path(folders: Sequence[Path]) -> Path | None:
    base = cache_dir()
    if base is None:
        return None
    name = hashlib.sha256("\n".join(map(str, folders)).encode()).hexdigest()[:24]
    return base / f"{name}.compiled"


def read_compiled(folders: Sequence[Path], key: str) -> Any:
    """The compiled data of these packs stored under `key`; None when absent, damaged or for another key."""
    path = _compiled_path(folders)
    if path is None:
        return None
    try:
        header, _, body = path.read_bytes().partition(b"\n")
        meta = json.loads(header)
        if not isinstance(meta, dict) or meta.get("format") != COMPILED_FORMAT or meta.get("key") != key:
            return None
        if meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return None  # damaged (a partial copy, a disk error): compile again
        return json.loads(body)
    except (OSError, ValueError, RecursionError):
        return None


def write_compiled(folders: Sequence[Path], key: str, data: Any) -> None:
    """Store compiled data of these packs under `key` (atomically; problems are logged and ignored)."""
    path = _compiled_path(folders)
    if path is None:
        return
    body = json.dumps(data, separators=(",", ":")).encode()
    header = json.dumps({"format": COMPILED_FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()})
    _replace(path, header.encode() + b"\n" + body)


def _replace(path: Path, content: bytes) -> None:
    """Write `content` to a temporary file next to `path`, then move it over `path`."""
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(content)
        os.replace(temporary, path)
    except OSError as exc:
        log.debug("rule pack cache not written: %s", exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
