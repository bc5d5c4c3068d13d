"""Scripts that make the laptop trust its own CA, per operating system, and the macOS CA profile.

Each trust script first runs `bedenktijd deploy ca` (idempotent: it keeps a good CA), so the CA is
always made on the laptop itself. Targets:
- Windows: the user's root store (`Cert:\\CurrentUser\\Root`; Windows asks the user to confirm once).
  Chrome, Edge and Firefox (ImportEnterpriseRoots) read it.
- macOS: the user's login keychain via `security add-trusted-cert` (asks for the password), or, silent,
  a per-laptop .mobileconfig with the certificate payload pushed through MDM.
- Linux: the user's NSS DB(s) via `certutil` (Chromium, Firefox profiles), a copy for Firefox's
  `Certificates.Install` policy, and optionally the system store (`update-ca-certificates`) for curl
  and other OpenSSL programs (Chromium ignores that one).
"""

from __future__ import annotations

import shlex

from cryptography import x509

from proxy_addon.adapters import ADAPTER_NAMES
from proxy_addon.deploy import profiles
from proxy_addon.deploy.ca import CA_COMMON_NAME, CERT_CER, CERT_PEM, der
from proxy_addon.deploy.config import LINUX, MACOS, WINDOWS, DeployConfig, Platform
from proxy_addon.deploy.login_service import shell_word
from proxy_addon.deploy.nssdb import NICKNAME, TRUST
from proxy_addon.deploy.policies import FIREFOX_CA_FILE


def _ca_arguments(cfg: DeployConfig, platform: Platform) -> list[str]:
    line = ["deploy", "ca", "--org", str(platform.shared_file("org.yaml"))]
    if set(cfg.networks) != set(ADAPTER_NAMES):
        for network in cfg.networks:
            line += ["--network", network]
    for host in cfg.extra_hosts:
        line += ["--extra-host", host]
    return line


def _ps(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def windows_trust_ps1(cfg: DeployConfig) -> str:
    """PowerShell, run as the signed-in user: make the CA if needed and trust it for this user."""
    ca_args = " ".join(_ps(a) for a in _ca_arguments(cfg, WINDOWS))
    return "\r\n".join(
        [
            "# Bedenktijd: make this user's CA (first run only) and trust it in the user's root store.",
            "# Run as the signed-in user. Windows asks the user once to confirm the new root certificate.",
            '$ErrorActionPreference = "Stop"',
            f"$Bedenktijd = {_ps(cfg.command(WINDOWS))}",
            '$ConfDir = Join-Path $env:LOCALAPPDATA "bedenktijd\\ca"',
            f"& $Bedenktijd {ca_args} --confdir $ConfDir",
            'if ($LASTEXITCODE -ne 0) { throw "bedenktijd deploy ca failed with exit code $LASTEXITCODE" }',
            f'$CertFile = Join-Path $ConfDir "{CERT_CER}"',
            "$Cert = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2($CertFile)",
            "$Ours = Get-ChildItem Cert:\\CurrentUser\\Root | Where-Object { $_.Subject -like '*OU=Bedenktijd*' }",
            "if ($Ours.Thumbprint -notcontains $Cert.Thumbprint) {",
            "    # A renewed CA replaces the old one.",
            "    $Ours | Remove-Item",
            "    Import-Certificate -FilePath $CertFile -CertStoreLocation Cert:\\CurrentUser\\Root | Out-Null",
            "}",
            'Write-Output "Bedenktijd CA trusted for this user: $($Cert.Thumbprint)"',
            "",
        ]
    )


def windows_untrust_ps1() -> str:
    """PowerShell, run as the user: remove every Bedenktijd CA from the user's root store."""
    return "\r\n".join(
        [
            "# Bedenktijd: remove this user's Bedenktijd CA from the user's root store.",
            "Get-ChildItem Cert:\\CurrentUser\\Root | Where-Object { $_.Subject -like '*OU=Bedenktijd*' } | "
            "Remove-Item",
            "",
        ]
    )


def _sh_script(cfg: DeployConfig, platform: Platform, comment: list[str], body: list[str]) -> str:
    ca_args = " ".join(shell_word(a) for a in _ca_arguments(cfg, platform))
    prelude = [
        f"BEDENKTIJD={shell_word(cfg.command(platform))}",
        f"CONFDIR={shell_word(platform.confdir)}",
        f'"$BEDENKTIJD" {ca_args} --confdir "$CONFDIR"',
        f'CERT="$CONFDIR/{CERT_PEM}"',
    ]
    return "\n".join(["#!/bin/sh", *comment, "set -eu", *prelude, *body, ""])


def macos_trust_sh(cfg: DeployConfig) -> str:
    """Shell, run as the user: make the CA if needed and trust it for TLS in the login keychain."""
    return _sh_script(
        cfg,
        MACOS,
        [
            "# Bedenktijd: trust this user's CA in the login keychain. macOS asks for the password once;",
            "# for a silent install push the profile from `bedenktijd deploy ca --mobileconfig` via MDM.",
        ],
        [
            'KEYCHAIN="$HOME/Library/Keychains/login.keychain-db"',
            f'security delete-certificate -c {shlex.quote(CA_COMMON_NAME)} "$KEYCHAIN" 2>/dev/null || true',
            'security add-trusted-cert -r trustRoot -p ssl -k "$KEYCHAIN" "$CERT"',
            'echo "Bedenktijd CA trusted in $KEYCHAIN"',
        ],
    )


def macos_untrust_sh() -> str:
    """Shell, run as the user: remove the CA's trust setting and the certificate."""
    return "\n".join(
        [
            "#!/bin/sh",
            "# Bedenktijd: remove this user's Bedenktijd CA from the login keychain.",
            'KEYCHAIN="$HOME/Library/Keychains/login.keychain-db"',
            'CERT="$HOME/Library/Application Support/bedenktijd/ca/mitmproxy-ca-cert.pem"',
            '[ -f "$CERT" ] && security remove-trusted-cert "$CERT" 2>/dev/null || true',
            f'security delete-certificate -c {shlex.quote(CA_COMMON_NAME)} "$KEYCHAIN" 2>/dev/null || true',
            "",
        ]
    )


def linux_trust_sh(cfg: DeployConfig) -> str:
    """Shell, run as the user: make the CA if needed and trust it in the user's NSS DBs."""
    return _sh_script(
        cfg,
        LINUX,
        [
            "# Bedenktijd: trust this user's CA in Chromium's and Firefox's NSS DBs (needs libnss3-tools).",
            "# `bedenktijd deploy install --user` does the same and also sets up the login service.",
        ],
        [
            'MODERN="$HOME/.local/share/pki/nssdb"   # Chromium M146+',
            'LEGACY="$HOME/.pki/nssdb"                # older Chromium; still used when it exists',
            'if [ ! -f "$MODERN/cert9.db" ] && [ ! -f "$LEGACY/cert9.db" ]; then',
            '  mkdir -p "$MODERN" && certutil -N --empty-password -d "sql:$MODERN"',
            "fi",
            'for DB in "$MODERN" "$LEGACY" "$HOME"/.mozilla/firefox/*/; do',
            '  [ -f "$DB/cert9.db" ] || continue',
            f'  while certutil -D -n {NICKNAME} -d "sql:$DB" 2>/dev/null; do :; done',
            f'  certutil -A -n {NICKNAME} -t {shlex.quote(TRUST)} -i "$CERT" -d "sql:$DB"',
            "done",
            "# Firefox's Certificates.Install policy looks the file up here by name.",
            'if [ -d "$HOME/.mozilla" ]; then',
            f'  mkdir -p "$HOME/.mozilla/certificates" && cp "$CERT" "$HOME/.mozilla/certificates/{FIREFOX_CA_FILE}"',
            "fi",
            'echo "Bedenktijd CA trusted for $(id -un)"',
        ],
    )


def linux_untrust_sh() -> str:
    """Shell, run as the user: remove the CA from every NSS DB of the user."""
    return "\n".join(
        [
            "#!/bin/sh",
            "# Bedenktijd: remove this user's Bedenktijd CA from Chromium's and Firefox's NSS DBs.",
            'for DB in "$HOME/.local/share/pki/nssdb" "$HOME/.pki/nssdb" "$HOME"/.mozilla/firefox/*/; do',
            '  [ -f "$DB/cert9.db" ] || continue',
            f'  while certutil -D -n {NICKNAME} -d "sql:$DB" 2>/dev/null; do :; done',
            "done",
            f'rm -f "$HOME/.mozilla/certificates/{FIREFOX_CA_FILE}"',
            "",
        ]
    )


def linux_system_trust_sh() -> str:
    """Shell, run as root with a CA file: add it to the system store (curl, OpenSSL; not Chromium)."""
    return "\n".join(
        [
            "#!/bin/sh",
            "# Bedenktijd: add a CA to the system store for OpenSSL programs (Chromium ignores this store).",
            "# Usage: sudo sh trust-ca-system.sh /home/USER/.local/share/bedenktijd/ca/mitmproxy-ca-cert.pem",
            "# Remove: sudo rm /usr/local/share/ca-certificates/bedenktijd.crt && sudo update-ca-certificates --fresh",
            "set -eu",
            'CERT="$1"',
            "if command -v update-ca-certificates >/dev/null; then   # Debian, Ubuntu",
            '  install -m 0644 "$CERT" /usr/local/share/ca-certificates/bedenktijd.crt',
            "  update-ca-certificates",
            "else                                                    # Fedora, RHEL",
            '  install -m 0644 "$CERT" /etc/pki/ca-trust/source/anchors/bedenktijd.crt',
            "  update-ca-trust",
            "fi",
            "",
        ]
    )


def ca_mobileconfig(cert: x509.Certificate, org_name: str) -> bytes:
    """A per-laptop .mobileconfig whose root-certificate payload makes macOS trust this CA (via MDM)."""
    content = {"PayloadCertificateFileName": "bedenktijd-ca.cer", "PayloadContent": der(cert)}
    identifier = f"{profiles.PREFIX}.ca.{cert.serial_number:x}"
    payload = profiles.payload("com.apple.security.root", identifier + ".cert", CA_COMMON_NAME, content)
    return profiles.profile(
        identifier,
        "Bedenktijd CA (this laptop)",
        "Trusts this laptop's own Bedenktijd CA, which can only issue certificates for social networks. / "
        "Vertrouwt de eigen Bedenktijd-CA van deze laptop, die alleen certificaten voor sociale netwerken "
        "kan uitgeven.",
        org_name,
        [payload],
    )


def files(cfg: DeployConfig) -> dict[str, bytes]:
    """Every trust script, by its path in the output folder."""
    return {
        "windows/trust-ca.ps1": windows_trust_ps1(cfg).encode("utf-8-sig"),
        "windows/untrust-ca.ps1": windows_untrust_ps1().encode("utf-8-sig"),
        "macos/trust-ca.sh": macos_trust_sh(cfg).encode("utf-8"),
        "macos/untrust-ca.sh": macos_untrust_sh().encode("utf-8"),
        "linux/trust-ca.sh": linux_trust_sh(cfg).encode("utf-8"),
        "linux/untrust-ca.sh": linux_untrust_sh().encode("utf-8"),
        "linux/trust-ca-system.sh": linux_system_trust_sh().encode("utf-8"),
    }
