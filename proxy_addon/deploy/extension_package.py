"""Packaging the extension: zips for the stores, and a signed CRX3 plus update manifest for self-hosting.

CRX3 layout (Chromium `components/crx_file/crx3.proto`, `crx_creator.cc`):
    "Cr24" | uint32 LE version = 3 | uint32 LE header length | CrxFileHeader (protobuf) | zip archive
CrxFileHeader fields written here:
    2      sha256_with_rsa: AsymmetricKeyProof { 1 public_key (DER SubjectPublicKeyInfo), 2 signature }
    10000  signed_header_data: serialized SignedData { 1 crx_id (first 16 bytes of SHA-256(public key)) }
The signature is RSA PKCS#1 v1.5 with SHA-256 over
    b"CRX3 SignedData\\x00" | uint32 LE len(signed_header_data) | signed_header_data | zip archive.
The extension id is the crx_id in hex with the digits 0-f mapped to the letters a-p.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import struct
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin
from xml.sax.saxutils import quoteattr

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

CRX_MAGIC = b"Cr24"
CRX_VERSION = 3
SIGNATURE_CONTEXT = b"CRX3 SignedData\x00"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same folder always gives the same archive
BUILD_TIMEOUT = 120


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, data: bytes) -> bytes:
    """One length-delimited protobuf field (wire type 2)."""
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def public_key_der(key: rsa.RSAPrivateKey) -> bytes:
    """The key's SubjectPublicKeyInfo in DER (what CRX headers and manifest "key" fields hold)."""
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def crx_id(public_der: bytes) -> bytes:
    """The 16-byte CRX id of a public key."""
    return hashlib.sha256(public_der).digest()[:16]


def extension_id(public_der: bytes) -> str:
    """The 32-letter extension id (a-p) Chrome derives from the public key."""
    return "".join(chr(ord("a") + int(digit, 16)) for digit in crx_id(public_der).hex())


def zip_folder(folder: Path) -> bytes:
    """A deterministic zip of `folder` (sorted names, fixed dates, no folder entries)."""
    if not (folder / "manifest.json").is_file():
        raise ValueError(f"{folder}: no manifest.json, so this is not an extension folder")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def crx3(archive: bytes, key: rsa.RSAPrivateKey) -> bytes:
    """A signed CRX3 file for a zip archive."""
    public_der = public_key_der(key)
    signed_header_data = _field(1, crx_id(public_der))
    signed = SIGNATURE_CONTEXT + struct.pack("<I", len(signed_header_data)) + signed_header_data + archive
    signature = key.sign(signed, padding.PKCS1v15(), hashes.SHA256())
    header = _field(2, _field(1, public_der) + _field(2, signature)) + _field(10000, signed_header_data)
    return CRX_MAGIC + struct.pack("<II", CRX_VERSION, len(header)) + header + archive


def update_manifest(ext_id: str, version: str, crx_url: str) -> str:
    """The gupdate XML that ExtensionInstallForcelist's update URL must serve."""
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>\n"
        f"  <app appid={quoteattr(ext_id)}>\n"
        f"    <updatecheck codebase={quoteattr(crx_url)} version={quoteattr(version)} />\n"
        "  </app>\n"
        "</gupdate>\n"
    )


def load_or_create_key(path: Path) -> tuple[rsa.RSAPrivateKey, bool]:
    """The signing key in `path` (PEM), or a new 2048-bit key saved there (mode 0600); True if new."""
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{path}: the extension signing key must be an RSA key")
        return key, False
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with open(path, "xb") as handle:
        handle.write(pem)
    path.chmod(0o600)
    return key, True


@contextmanager
def built_targets(extension_dir: Path) -> Iterator[dict[str, Path]]:
    """The folders to package: `build.mjs` output (chromium, firefox) in a temporary folder, or the
    extension folder itself when it has no build step."""
    if not (extension_dir / "build.mjs").is_file():
        yield {"chromium": extension_dir}
        return
    node = shutil.which("node")
    if node is None:
        raise RuntimeError(f"{extension_dir}/build.mjs needs node, which is not installed")
    with tempfile.TemporaryDirectory(prefix="bedenktijd-extension-") as out:
        done = subprocess.run(
            [node, str(extension_dir / "build.mjs"), out],
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{extension_dir}/build.mjs failed: {done.stderr.strip()[-500:]}")
        yield {name: Path(out) / name for name in ("chromium", "firefox") if (Path(out) / name).is_dir()}


def manifest_version(folder: Path) -> str:
    """The "version" of the extension's manifest.json."""
    return str(json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["version"])


@dataclass(frozen=True)
class Packaged:
    """What `package` wrote: the extension id, its version and the files by role."""

    extension_id: str
    version: str
    files: tuple[tuple[str, Path], ...]


def package(extension_dir: Path, out_dir: Path, key: rsa.RSAPrivateKey, update_url: str) -> Packaged:
    """Store zips, a signed CRX and the update manifest; the CRX sits next to `update_url`'s file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ext_id = extension_id(public_key_der(key))
    written: list[tuple[str, Path]] = []
    with built_targets(extension_dir) as targets:
        version = manifest_version(targets["chromium"])
        for name, folder in targets.items():
            path = out_dir / f"bedenktijd-{version}-{name}.zip"
            path.write_bytes(zip_folder(folder))
            written.append((f"{name} zip", path))
        crx_name = f"bedenktijd-{version}.crx"
        crx_path = out_dir / crx_name
        crx_path.write_bytes(crx3(zip_folder(targets["chromium"]), key))
        written.append(("crx", crx_path))
    manifest_path = out_dir / "update.xml"
    manifest_path.write_text(
        update_manifest(ext_id, version, urljoin(update_url, crx_name)), encoding="utf-8"
    )
    written.append(("update manifest", manifest_path))
    return Packaged(ext_id, version, tuple(written))
