"""Extension packaging: the CRX3 read back by an independent parser (also fed Chromium's own
`--pack-extension` output), its signature checked, the zip deterministic, the update manifest valid."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from proxy_addon.deploy import extension_package as ep
from proxy_addon.deploy.config import FIREFOX_EXTENSION_ID

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"


def read_varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        value |= (byte & 0x7F) << shift
        i += 1
        if not byte & 0x80:
            return value, i
        shift += 7


def read_fields(data: bytes) -> list[tuple[int, bytes]]:
    """Length-delimited protobuf fields (the only wire type CRX headers use)."""
    fields, i = [], 0
    while i < len(data):
        tag, i = read_varint(data, i)
        assert tag & 7 == 2, f"unexpected wire type {tag & 7}"
        length, i = read_varint(data, i)
        fields.append((tag >> 3, data[i : i + length]))
        i += length
    return fields


def parse_crx(blob: bytes) -> dict:
    assert blob[:4] == b"Cr24"
    version, header_length = struct.unpack("<II", blob[4:12])
    header = read_fields(blob[12 : 12 + header_length])
    proofs = [dict(read_fields(value)) for number, value in header if number == 2]
    signed = next(value for number, value in header if number == 10000)
    return {
        "version": version,
        "fields": sorted({number for number, _ in header}),
        "proofs": proofs,
        "signed_header_data": signed,
        "crx_id": dict(read_fields(signed))[1],
        "archive": blob[12 + header_length :],
    }


@pytest.fixture(scope="module")
def key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("key") / "signing.pem"
    ep.load_or_create_key(path)
    return path


@pytest.fixture
def tiny_extension(tmp_path: Path) -> Path:
    folder = tmp_path / "ext"
    (folder / "src").mkdir(parents=True)
    (folder / "manifest.json").write_text('{"manifest_version": 3, "name": "t", "version": "1.2.3"}')
    (folder / "src" / "a.js").write_text("console.log(1);\n")
    return folder


def test_our_crx_parses_and_its_signature_verifies(key_file: Path, tiny_extension: Path) -> None:
    key, new = ep.load_or_create_key(key_file)
    assert not new
    archive = ep.zip_folder(tiny_extension)
    crx = parse_crx(ep.crx3(archive, key))
    assert crx["version"] == 3 and crx["fields"] == [2, 10000] and crx["archive"] == archive
    proof = crx["proofs"][0]
    public = serialization.load_der_public_key(proof[1])
    assert public.public_numbers() == key.public_key().public_numbers()
    assert crx["crx_id"] == hashlib.sha256(proof[1]).digest()[:16]
    signed = b"CRX3 SignedData\x00" + struct.pack("<I", len(crx["signed_header_data"]))
    public.verify(proof[2], signed + crx["signed_header_data"] + archive, padding.PKCS1v15(), hashes.SHA256())
    ext_id = ep.extension_id(proof[1])
    assert len(ext_id) == 32 and set(ext_id) <= set("abcdefghijklmnop")
    assert ext_id == "".join("abcdefghijklmnop"[int(c, 16)] for c in crx["crx_id"].hex())


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs /usr/bin/chromium")
def test_chromiums_own_crx_has_the_same_layout_and_id(
    key_file: Path, tiny_extension: Path, tmp_path: Path
) -> None:
    done = subprocess.run(
        [CHROMIUM, "--no-sandbox", "--headless", "--disable-gpu",
         f"--pack-extension={tiny_extension}", f"--pack-extension-key={key_file}",
         f"--user-data-dir={tmp_path / 'profile'}"],
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    reference = tiny_extension.with_suffix(".crx")
    assert reference.exists(), done.stderr[-500:]
    theirs = parse_crx(reference.read_bytes())
    key, _ = ep.load_or_create_key(key_file)
    ours = parse_crx(ep.crx3(ep.zip_folder(tiny_extension), key))
    assert theirs["version"] == ours["version"] == 3
    assert theirs["fields"] == ours["fields"]
    assert theirs["crx_id"] == ours["crx_id"]
    assert theirs["proofs"][0][1] == ours["proofs"][0][1]  # the same public key encoding
    with zipfile.ZipFile(io.BytesIO(theirs["archive"])) as archive:
        their_files = sorted(n for n in archive.namelist() if not n.endswith("/"))  # Chromium adds folders
    assert their_files == zipfile.ZipFile(io.BytesIO(ours["archive"])).namelist()


def test_zip_is_deterministic_and_complete(tiny_extension: Path) -> None:
    first = ep.zip_folder(tiny_extension)
    (tiny_extension / "src" / "a.js").touch()  # a newer mtime must not change the archive
    assert ep.zip_folder(tiny_extension) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == ["manifest.json", "src/a.js"]
    with pytest.raises(ValueError, match=r"manifest\.json"):
        ep.zip_folder(tiny_extension / "src")


def test_update_manifest_is_valid_xml() -> None:
    text = ep.update_manifest("abcdefghijklmnopabcdefghijklmnop", "1.2.3", "https://it.example/a&b.crx")
    root = ET.fromstring(text)
    ns = "{http://www.google.com/update2/response}"
    assert root.tag == f"{ns}gupdate" and root.get("protocol") == "2.0"
    app = root.find(f"{ns}app")
    assert app.get("appid") == "abcdefghijklmnopabcdefghijklmnop"
    check = app.find(f"{ns}updatecheck")
    assert check.get("codebase") == "https://it.example/a&b.crx" and check.get("version") == "1.2.3"


def test_package_writes_everything_for_a_folder_without_build_step(
    key_file: Path, tiny_extension: Path, tmp_path: Path
) -> None:
    key, _ = ep.load_or_create_key(key_file)
    result = ep.package(tiny_extension, tmp_path / "out", key, "https://it.example/bedenktijd/update.xml")
    files = dict(result.files)
    assert result.version == "1.2.3" and set(files) == {"chromium zip", "crx", "update manifest"}
    assert files["crx"].name == "bedenktijd-1.2.3.crx"
    assert "https://it.example/bedenktijd/bedenktijd-1.2.3.crx" in files["update manifest"].read_text()


@pytest.mark.skipif(
    shutil.which("node") is None or not (ROOT / "extension" / "build.mjs").exists(), reason="needs node"
)
def test_package_builds_the_real_extension(key_file: Path, tmp_path: Path) -> None:
    key, _ = ep.load_or_create_key(key_file)
    result = ep.package(ROOT / "extension", tmp_path / "out", key, "https://it.example/b/update.xml")
    files = dict(result.files)
    with zipfile.ZipFile(files["chromium zip"]) as archive:
        chromium = json.loads(archive.read("manifest.json"))
        assert chromium["storage"]["managed_schema"] in archive.namelist()
        assert not [n for n in archive.namelist() if n.startswith(("node_modules/", "test/"))]
    with zipfile.ZipFile(files["firefox zip"]) as archive:
        firefox = json.loads(archive.read("manifest.json"))
    assert firefox["browser_specific_settings"]["gecko"]["id"] == FIREFOX_EXTENSION_ID
    assert parse_crx(files["crx"].read_bytes())["archive"] == files["chromium zip"].read_bytes()
