"""The user's NSS certificate databases (Chromium and Firefox on Linux), through Debian's `certutil`.

Chromium on Linux trusts only what is in the user's NSS DB, not the system store. Since M146 it uses
`$HOME/.local/share/pki/nssdb`, or `$HOME/.pki/nssdb` when that one already exists (Chromium
`docs/linux/cert_management.md`). Firefox keeps one DB per profile. `certutil` comes from the
`libnss3-tools` package.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

NICKNAME = "Bedenktijd"
TRUST = "C,,"  # a CA trusted to issue TLS server certificates, and nothing else
CERTUTIL_TIMEOUT = 30
DB_FILES = ("cert9.db", "key4.db", "pkcs11.txt")


class NssError(RuntimeError):
    """certutil is missing or failed; the message names the command and its error."""


def chromium_db(home: Path) -> Path:
    """The NSS DB Chromium reads for this home folder (the legacy one when it exists)."""
    legacy = legacy_db(home)
    return legacy if (legacy / "cert9.db").exists() else modern_db(home)


def modern_db(home: Path) -> Path:
    """`~/.local/share/pki/nssdb`, Chromium's default since M146."""
    return home / ".local" / "share" / "pki" / "nssdb"


def legacy_db(home: Path) -> Path:
    """`~/.pki/nssdb`, used by Chromium before M146 and still preferred when it exists."""
    return home / ".pki" / "nssdb"


def firefox_dbs(home: Path) -> tuple[Path, ...]:
    """Profile folders of Firefox (and Firefox ESR) that hold an NSS DB."""
    found = []
    for root in (home / ".mozilla" / "firefox",):
        if root.is_dir():
            found += [p.parent for p in sorted(root.glob("*/cert9.db"))]
    return tuple(found)


def certutil_path() -> str | None:
    """The `certutil` executable, if libnss3-tools is installed."""
    return shutil.which("certutil")


def _run(args: list[str], *, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    program = certutil_path()
    if program is None:
        raise NssError("certutil is not installed (Debian/Ubuntu: apt install libnss3-tools)")
    try:
        done = subprocess.run([program, *args], capture_output=True, timeout=CERTUTIL_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise NssError(f"certutil {' '.join(args[:2])}: {error}") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
        raise NssError(f"certutil {' '.join(args[:3])}: {message}")
    return done


def create_db(db: Path) -> None:
    """An empty NSS DB without a password (what Chromium creates on first start)."""
    db.mkdir(parents=True, exist_ok=True)
    _run(["-N", "--empty-password", "-d", f"sql:{db}"])


def remove_ours(db: Path) -> int:
    """Delete every certificate named Bedenktijd from `db`; returns how many were deleted."""
    deleted = 0
    # A renewed CA can sit next to an old one under the same nickname; delete until none is left.
    while deleted < 20 and _run(["-D", "-n", NICKNAME, "-d", f"sql:{db}"], check=False).returncode == 0:
        deleted += 1
    return deleted


def add_ca(db: Path, cert_pem: Path) -> None:
    """Trust the CA in `db` for TLS servers, replacing an older Bedenktijd CA."""
    remove_ours(db)
    _run(["-A", "-n", NICKNAME, "-t", TRUST, "-i", str(cert_pem), "-d", f"sql:{db}"])


def our_certificates(db: Path) -> list[bytes]:
    """DER of every certificate named Bedenktijd in `db` (empty when none, or no DB)."""
    if not (db / "cert9.db").exists():
        return []
    done = _run(["-L", "-n", NICKNAME, "-a", "-d", f"sql:{db}"], check=False)
    if done.returncode != 0:
        return []
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        certs = x509.load_pem_x509_certificates(done.stdout)
    except ValueError:
        return []
    return [c.public_bytes(serialization.Encoding.DER) for c in certs]


def trust_flags(db: Path) -> str | None:
    """The trust flags of the Bedenktijd entry ("C,," when trusted for TLS), or None."""
    done = _run(["-L", "-d", f"sql:{db}"], check=False)
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith(NICKNAME + " "):
            return line.split()[-1]
    return None


def is_empty(db: Path) -> bool:
    """True when the DB holds no certificates and no keys (safe to delete if we created it)."""
    listing = _run(["-L", "-d", f"sql:{db}"], check=False).stdout.decode("utf-8", "replace")
    rows = [line for line in listing.splitlines()[4:] if line.strip()]  # 4 header lines
    keys = _run(["-K", "-d", f"sql:{db}"], check=False)
    return not rows and keys.returncode != 0  # -K exits non-zero with "no keys found"
