"""The per-laptop CA, made on the laptop, name-constrained to the social networks' domains.

Written in mitmproxy's confdir format (mitmproxy 11.0.2 `certs.CertStore.create_store`):
`mitmproxy-ca.pem` (private key + certificate, what mitmproxy loads), `mitmproxy-ca.p12` (the same,
PKCS#12), `mitmproxy-ca-cert.pem` / `.cer` (certificate, PEM), `mitmproxy-ca-cert.p12` (certificate,
PKCS#12). mitmproxy writes `mitmproxy-dhparam.pem` itself when it is missing. Files holding the key
are mode 0600 in a 0700 folder.

The constraints (all critical): NameConstraints permitting only the networks' DNS names and excluding
every IPv4 and IPv6 address, BasicConstraints CA with path length 0, KeyUsage keyCertSign + cRLSign.
A leaked key can then only impersonate the social networks. mitmproxy must run with
`upstream_cert=false`, or it copies the real certificate's other names (fbcdn.net, ...) into the
forged one and browsers refuse it.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from platformdirs import user_data_dir

KEY_AND_CERT = "mitmproxy-ca.pem"
KEY_AND_CERT_P12 = "mitmproxy-ca.p12"
CERT_PEM = "mitmproxy-ca-cert.pem"
CERT_CER = "mitmproxy-ca-cert.cer"
CERT_P12 = "mitmproxy-ca-cert.p12"
SECRET_FILES = (KEY_AND_CERT, KEY_AND_CERT_P12)
PUBLIC_FILES = (CERT_PEM, CERT_CER, CERT_P12)
KEY_SIZE = 2048  # mitmproxy signs every forged certificate with this key, so keep handshakes cheap
VALID_DAYS = 5 * 365
RENEW_BEFORE = datetime.timedelta(days=30)
EVERY_ADDRESS = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))
MITMPROXY_OPTIONS = ("upstream_cert=false",)  # what the proxy must set when it uses this CA
CA_COMMON_NAME = "Bedenktijd CA for social networks (this laptop)"


def default_confdir() -> Path:
    """This user's CA folder: `<user data folder>/bedenktijd/ca` (the store lives in the parent)."""
    base = os.environ.get("BEDENKTIJD_DATA_DIR") or user_data_dir("bedenktijd", appauthor=False)
    return Path(base) / "ca"


def permitted_domains(hosts: Iterable[str]) -> tuple[str, ...]:
    """The fewest DNS names that cover every host pattern ("x.com" and ".x.com" both become "x.com").

    A dNSName constraint permits the name and every name below it (RFC 5280 4.2.1.10), so
    "www.linkedin.com" is dropped when "linkedin.com" is present.
    """
    names = sorted({h.strip().lower().strip(".") for h in hosts if h.strip(" .")})
    kept: list[str] = []
    for name in sorted(names, key=lambda n: n.count(".")):
        if not any(name == k or name.endswith("." + k) for k in kept):
            kept.append(name)
    return tuple(sorted(kept))


def ca_subject(org_name: str) -> x509.Name:
    """The CA's subject: a common name that says what it is for, and the organisation."""
    org = " ".join(org_name.split())[:64] or "Bedenktijd"
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, CA_COMMON_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Bedenktijd"),
        ]
    )


def build_ca(
    org_name: str,
    domains: Iterable[str],
    *,
    key: rsa.RSAPrivateKey | None = None,
    now: datetime.datetime | None = None,
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A new key (unless given) and a self-signed CA certificate constrained to `domains`."""
    permitted = [x509.DNSName(d) for d in domains]
    if not permitted:
        raise ValueError("the CA needs at least one permitted domain")
    private_key = key or rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    start = (now or datetime.datetime.now(datetime.UTC)) - datetime.timedelta(days=1)
    name = ca_subject(org_name)
    public = private_key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.NameConstraints(
                permitted_subtrees=permitted,
                excluded_subtrees=[x509.IPAddress(net) for net in EVERY_ADDRESS],
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(private_key, hashes.SHA256())
    )
    return private_key, certificate


def write_confdir(confdir: Path, key: rsa.RSAPrivateKey, cert: x509.Certificate) -> tuple[Path, ...]:
    """Write the CA in mitmproxy's file layout; returns the files written."""
    confdir.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        confdir.chmod(0o700)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    name = b"Bedenktijd"
    contents = {
        KEY_AND_CERT: key_pem + cert_pem,
        KEY_AND_CERT_P12: pkcs12.serialize_key_and_certificates(
            name, key, cert, None, serialization.NoEncryption()
        ),
        CERT_PEM: cert_pem,
        CERT_CER: cert_pem,  # mitmproxy's .cer is PEM too; Windows' Import-Certificate reads both
        CERT_P12: pkcs12.serialize_key_and_certificates(name, None, cert, None, serialization.NoEncryption()),
    }
    written = []
    for filename, data in contents.items():
        path = confdir / filename
        _write(path, data, 0o600 if filename in SECRET_FILES else 0o644)
        written.append(path)
    return tuple(written)


def _write(path: Path, data: bytes, mode: int) -> None:
    # Create with the final mode (never briefly world-readable), then replace atomically.
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    if os.name == "posix":
        temporary.chmod(mode)
    os.replace(temporary, path)


@dataclass(frozen=True)
class CaResult:
    """The CA in a confdir and whether this call created it."""

    confdir: Path
    certificate: x509.Certificate
    created: bool


def ensure_ca(confdir: Path, org_name: str, hosts: Iterable[str], *, renew: bool = False) -> CaResult:
    """Keep the CA in `confdir` when it is still good for `hosts` (unless `renew`), else make a new one.

    A CA that mitmproxy made by itself (no name constraints), one that misses a host, or one about to
    expire is replaced; the trust scripts then trust the new one.
    """
    wanted = tuple(hosts)
    existing = read_certificate(confdir)
    usable = existing is not None and (confdir / KEY_AND_CERT).exists() and not problems(existing, wanted)
    if existing is not None and usable and not renew:
        return CaResult(confdir, existing, created=False)
    key, cert = build_ca(org_name, permitted_domains(wanted))
    write_confdir(confdir, key, cert)
    return CaResult(confdir, cert, created=True)


@dataclass(frozen=True)
class Problem:
    """Why a CA is not fit: a code ("unconstrained", "uncovered", "basic_constraints", "expiring")
    and the detail (the hosts not covered, or the expiry date)."""

    code: str
    detail: str = ""

    def __str__(self) -> str:
        return {
            "unconstrained": "it is not name-constrained (it could impersonate any website)",
            "uncovered": f"it does not cover {self.detail}",
            "basic_constraints": "its basic constraints are not CA with path length 0",
            "expiring": f"it expires on {self.detail}",
        }[self.code]


def problems(
    cert: x509.Certificate, hosts: Iterable[str], *, now: datetime.datetime | None = None
) -> list[Problem]:
    """Why this CA is not fit for Bedenktijd (empty when it is): constraints, coverage, validity."""
    found = []
    permitted = permitted_names(cert)
    if not permitted:
        found.append(Problem("unconstrained"))
    else:
        missing = [h for h in hosts if not covers(permitted, h)]
        if missing:
            found.append(Problem("uncovered", ", ".join(missing[:5])))
    try:
        basic = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
        if not basic.ca or basic.path_length != 0:
            found.append(Problem("basic_constraints"))
    except x509.ExtensionNotFound:
        found.append(Problem("basic_constraints"))
    moment = now or datetime.datetime.now(datetime.UTC)
    if cert.not_valid_after_utc < moment + RENEW_BEFORE:
        found.append(Problem("expiring", f"{cert.not_valid_after_utc:%Y-%m-%d}"))
    return found


def read_certificate(confdir: Path) -> x509.Certificate | None:
    """The CA certificate in `confdir`, or None when there is none (or it is unreadable)."""
    try:
        return x509.load_pem_x509_certificate((confdir / CERT_PEM).read_bytes())
    except (OSError, ValueError):
        return None


def name_constraints(cert: x509.Certificate) -> x509.NameConstraints | None:
    """The certificate's NameConstraints extension if it is present and critical."""
    try:
        extension = cert.extensions.get_extension_for_class(x509.NameConstraints)
    except x509.ExtensionNotFound:
        return None
    return extension.value if extension.critical else None


def permitted_names(cert: x509.Certificate) -> tuple[str, ...]:
    """The DNS names a CA may issue for (empty when it is not name-constrained)."""
    constraints = name_constraints(cert)
    if constraints is None or not constraints.permitted_subtrees:
        return ()
    return tuple(str(n.value) for n in constraints.permitted_subtrees if isinstance(n, x509.DNSName))


def covers(permitted: Iterable[str], host: str) -> bool:
    """True when a certificate for `host` (or, for ".suffix", a subdomain) falls under `permitted`."""
    name = host.strip().lower().strip(".")
    return any(name == p or name.endswith("." + p) for p in permitted)


def pem(cert: x509.Certificate) -> bytes:
    """The certificate as PEM."""
    return cert.public_bytes(serialization.Encoding.PEM)


def der(cert: x509.Certificate) -> bytes:
    """The certificate as DER (what configuration profiles and NSS comparisons use)."""
    return cert.public_bytes(serialization.Encoding.DER)
