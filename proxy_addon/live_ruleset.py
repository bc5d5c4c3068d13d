"""The ruleset the proxy checks posts with, reloaded when its files change.

A broken file on reload keeps the last good ruleset: the proxy goes on warning with the rules it had,
and the log says which file was wrong. (At startup there is no last good ruleset; the caller turns the
error into a clear startup error instead.)
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rules.engine import warm_up
from rules.errors import RulePackError
from rules.loader import default_pack_dir, load_ruleset
from rules.ruleset import Ruleset

log = logging.getLogger(__name__)

Loader = Callable[[Path | None, Sequence[Path]], Ruleset]
# (path, mtime in ns, size) per file; a missing file or folder is recorded with -1s.
Signature = tuple[tuple[str, int, int], ...]
LOAD_ERRORS = (RulePackError, OSError, ValueError, UnicodeDecodeError)


@dataclass(frozen=True)
class ReloadResult:
    """What a reload did: `ok` with the new version, or not ok with the error and the version kept."""

    ok: bool
    version: str
    error: str = ""


def load_error_text(error: BaseException) -> str:
    """A one-line description of a load error: RulePackError already names file, rule and field."""
    if isinstance(error, RulePackError):
        return str(error)
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {error.strerror or type(error).__name__}"
    return f"{type(error).__name__}: {error}"


def _default_loader(org: Path | None, packs: Sequence[Path]) -> Ruleset:
    ruleset = load_ruleset(org, packs)
    # Regexes of an already-checked pack compile on first use; do it now, beside the traffic.
    threading.Thread(target=warm_up, args=(ruleset,), name="bedenktijd-warm-up", daemon=True).start()
    return ruleset


def files_signature(org: Path | None, folders: Iterable[Path]) -> Signature:
    """Path, modification time and size of the profile and of every file under the pack folders."""
    entries: list[tuple[str, int, int]] = []
    if org is not None:
        entries.append(_stat(org))
    for folder in dict.fromkeys(folders):
        entries.append(_stat(folder))
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            entries.extend(_stat(Path(root) / name) for name in sorted(files))
    return tuple(entries)


def _stat(path: Path) -> tuple[str, int, int]:
    try:
        info = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), info.st_mtime_ns, info.st_size if path.is_file() else 0)


class LiveRuleset:
    """The current ruleset for an org profile and extra packs; `reload_if_changed` picks up edits.

    Construction loads the ruleset and raises what the loader raises (RulePackError, OSError). Reading
    `current` is safe from any thread; `reload_if_changed` is meant for one polling thread at a time.
    """

    def __init__(
        self, org: Path | None, packs: Sequence[Path] = (), loader: Loader = _default_loader
    ) -> None:
        self.org = org
        self.packs = tuple(packs)
        self._loader = loader
        self._signature = self._files_signature(None)
        self._current = loader(org, self.packs)
        # Overlay packs named in the profile are only known once it is loaded.
        self._signature = self._files_signature(self._current)

    @property
    def current(self) -> Ruleset:
        """The last ruleset that loaded without errors."""
        return self._current

    def _files_signature(self, ruleset: Ruleset | None) -> Signature:
        overlay = tuple(ruleset.org.overlay.packs) if ruleset is not None else ()
        return files_signature(self.org, [default_pack_dir(), *self.packs, *overlay])

    def reload_if_changed(self) -> ReloadResult | None:
        """Reload when a watched file changed since the last attempt; None when nothing changed."""
        signature = self._files_signature(self._current)
        if signature == self._signature:
            return None
        # Remember the files as they are now, so a broken file is reported once, not every poll.
        self._signature = signature
        try:
            fresh = self._loader(self.org, self.packs)
        except LOAD_ERRORS as error:
            return ReloadResult(ok=False, version=self._current.version, error=load_error_text(error))
        if fresh.org.overlay.packs != self._current.org.overlay.packs:
            self._signature = self._files_signature(fresh)  # the profile now names other overlay packs
        self._current = fresh
        return ReloadResult(ok=True, version=fresh.version)
