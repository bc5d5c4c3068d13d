"""Per-user launcher overrides that start Chromium-based browsers with the Bedenktijd PAC (Linux).

Chromium reads policies only from /etc, so a user install without root cannot set ProxySettings.
Instead it copies the browser's .desktop file into `~/.local/share/applications/` (which shadows the
system one in menus and docks) with `--proxy-pac-url=<data: URL>` added to every Exec line. A marker
key lets uninstall remove exactly the files it wrote; a launcher the user already overrode is left
alone. A machine-wide ProxySettings policy, when IT sets one, takes precedence over the flag.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

BROWSER_LAUNCHERS = (
    "chromium.desktop",
    "chromium-browser.desktop",
    "google-chrome.desktop",
    "microsoft-edge.desktop",
)
MARKER = "X-Bedenktijd-Generated=true"


def system_data_dirs(environ: Mapping[str, str]) -> tuple[Path, ...]:
    """$XDG_DATA_DIRS, or its default /usr/local/share:/usr/share."""
    raw = environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    return tuple(Path(p) for p in raw.split(":") if p)


def with_pac_flag(desktop: str, pac_url: str) -> str:
    """The .desktop text with the PAC flag after the program on every Exec line, plus the marker."""
    if any(c in pac_url for c in ' "`$\\%'):
        raise ValueError("the PAC URL holds a character a desktop file's Exec line cannot carry")
    out: list[str] = []
    for line in desktop.splitlines():
        if line.startswith("Exec=") and "--proxy-pac-url" not in line:
            program, _, rest = line[len("Exec=") :].partition(" ")
            line = f'Exec={program} "--proxy-pac-url={pac_url}"' + (f" {rest}" if rest else "")
        out.append(line)
        if line.strip() == "[Desktop Entry]":
            out.append(MARKER)
    return "\n".join(out) + "\n"


def is_ours(path: Path) -> bool:
    """True for a launcher this module wrote."""
    try:
        return MARKER in path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False


def write_overrides(applications: Path, pac_url: str, sources: Sequence[Path]) -> list[Path]:
    """Write an override for each installed browser launcher; returns the files written."""
    written: list[Path] = []
    for name in BROWSER_LAUNCHERS:
        source = next(
            (d / "applications" / name for d in sources if (d / "applications" / name).is_file()), None
        )
        target = applications / name
        if source is None or (target.exists() and not is_ours(target)):
            continue  # browser not installed, or the user keeps their own launcher
        applications.mkdir(parents=True, exist_ok=True)
        target.write_text(with_pac_flag(source.read_text(encoding="utf-8"), pac_url), encoding="utf-8")
        written.append(target)
    return written


def remove_overrides(applications: Path) -> list[Path]:
    """Delete the launchers this module wrote; returns them."""
    removed = []
    for name in BROWSER_LAUNCHERS:
        target = applications / name
        if target.is_file() and is_ours(target):
            os.remove(target)
            removed.append(target)
    return removed
