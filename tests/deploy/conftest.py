"""Fixed inputs for the deploy tests: one organisation, one fleet configuration, the generated files."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy_addon.adapters import ADAPTER_NAMES
from proxy_addon.deploy.config import DeployConfig

HERE = Path(__file__).resolve().parent
ORG = HERE / "fixtures" / "org.yaml"
GOLDEN = HERE / "golden"
EXTENSION_ID = "abcdefghijklmnopabcdefghijklmnop"
TOKEN = "test-token-not-a-secret"

# The same inputs as `bedenktijd deploy generate` with GENERATE_ARGS.
GENERATE_ARGS = [
    "--org", str(ORG),
    "--extra-host", "social.havenstad.nl",
    "--extension-id", EXTENSION_ID,
    "--update-url", "https://it.havenstad.nl/bedenktijd/update.xml",
    "--firefox-install-url", "https://it.havenstad.nl/bedenktijd/bedenktijd.xpi",
    "--token", TOKEN,
    "--language", "nl",
]  # fmt: skip


@pytest.fixture(scope="session")
def fleet() -> DeployConfig:
    """The configuration GENERATE_ARGS describe."""
    return DeployConfig(
        org_name="Gemeente Havenstad",
        networks=ADAPTER_NAMES,
        extra_hosts=("social.havenstad.nl",),
        extension_id=EXTENSION_ID,
        update_url="https://it.havenstad.nl/bedenktijd/update.xml",
        firefox_install_url="https://it.havenstad.nl/bedenktijd/bedenktijd.xpi",
        token=TOKEN,
        language="nl",
    )


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The files `bedenktijd deploy generate` writes for GENERATE_ARGS, by relative path."""
    from proxy_addon.deploy.cli import main

    out = tmp_path_factory.mktemp("generated")
    assert main(["generate", "--out", str(out), *GENERATE_ARGS]) == 0
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
