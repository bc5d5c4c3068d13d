"""End to end on Linux: `deploy install --user` in a temporary HOME, then real Chromium through a real
mitmdump that uses the generated CA, then `deploy uninstall --user` leaves nothing of ours behind.

Chromium must accept the forged certificate for www.linkedin.com (name-constrained CA, trusted through
the NSS DB that install wrote) and refuse certificates the same CA issues for bank.example and for an
IP address (the name constraints). The PAC sends only the social host to the proxy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from proxy_addon.adapters import all_hosts
from proxy_addon.deploy import ca, nssdb
from proxy_addon.deploy.pac import pac_data_url
from proxy_addon.host_patterns import allow_hosts_patterns
from tests.deploy.home_tree import snapshot
from tests.deploy.tls_servers import HttpsServer, issue_leaf, write_pair

CHROMIUM = "/usr/bin/chromium"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() or shutil.which("certutil") is None,
        reason="needs /usr/bin/chromium and certutil (apt install chromium libnss3-tools)",
    ),
]


def deploy(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "proxy_addon.deploy", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def start_mitmdump(confdir: Path, upstream_port: int, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    command = [
        sys.executable,
        "-c",
        "import sys; from mitmproxy.tools.main import mitmdump; sys.exit(mitmdump())",
        "--listen-host",
        "127.0.0.1",
        "--listen-port",
        "0",
        "--set",
        f"confdir={confdir}",
        "--set",
        "upstream_cert=false",  # what the name-constrained CA needs (see proxy_addon/deploy/ca.py)
        "--set",
        "connection_strategy=lazy",
        "--set",
        "ssl_insecure=true",  # the stand-in upstream has a self-signed certificate
        "-s",
        str(HERE / "redirect_names.py"),
        "--set",
        f"redirect_port={upstream_port}",
        "--set",
        "redirect_names=www.linkedin.com",
    ]
    for pattern in allow_hosts_patterns(all_hosts()):
        command += ["--set", f"allow_hosts={pattern}"]
    handle = log.open("wb")
    process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(rb"proxy listening at \S*?:(\d+)", log.read_bytes())
        if found:
            return process, int(found.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    raise AssertionError(f"mitmdump did not start:\n{log.read_text(errors='replace')}")


def test_install_chromium_uninstall(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(tmp_path / "run"),  # never reach a real user service manager
        "LANG": "C.UTF-8",
    }
    before = snapshot(home)

    installed = deploy(env, "install", "--user", "--proxy-port", "18766")
    assert installed.returncode == 0, installed.stderr
    assert "CA created" in installed.stdout
    after_install = snapshot(home)
    ours = set(after_install) - set(before)
    confdir = home / ".local/share/bedenktijd/ca"
    pac_text = (home / ".local/share/bedenktijd/proxy.pac").read_text()
    pac_url = pac_data_url(pac_text)
    launcher = home / ".local/share/applications/chromium.desktop"
    if Path("/usr/share/applications/chromium.desktop").exists():
        assert pac_url in launcher.read_text()  # the user launcher starts Chromium with the same PAC

    # The CA that install made: key for the test servers below, certificate for the NSS check.
    raw = (confdir / ca.KEY_AND_CERT).read_bytes()
    ca_key = serialization.load_pem_private_key(raw, password=None)
    ca_cert = ca.read_certificate(confdir)
    assert ca_cert is not None

    certs = tmp_path / "certs"
    upstream_cert, upstream_key = issue_leaf(None, None, ["upstream.test"])
    upstream = HttpsServer(
        *write_pair(certs, "upstream", upstream_cert, upstream_key), marker="social-ok"
    ).start()
    servers = {"upstream": upstream}
    for name, names in {"cdn": ["cdn.linkedin.com"], "bank": ["bank.example"], "ip": ["127.0.0.1"]}.items():
        cert, key = issue_leaf(ca_key, ca_cert, names)
        servers[name] = HttpsServer(*write_pair(certs, name, cert, key), marker=f"{name}-ok").start()

    # Install wrote 18766 into the PAC; the test's mitmdump takes a free port, so point the PAC there.
    process, proxy_port = start_mitmdump(confdir, upstream.port, tmp_path / "mitmdump.log")
    pac_url = pac_data_url(pac_text.replace("127.0.0.1:18766", f"127.0.0.1:{proxy_port}"))
    rules = ", ".join(
        [
            f"MAP cdn.linkedin.com 127.0.0.1:{servers['cdn'].port}",
            f"MAP bank.example 127.0.0.1:{servers['bank'].port}",
        ]
    )
    outcomes: dict[str, str] = {}
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(tmp_path / "profile"),  # outside HOME; Chromium still reads HOME's NSS DB
                executable_path=CHROMIUM,
                headless=True,
                env=env,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                    f"--proxy-pac-url={pac_url}",
                    f"--host-resolver-rules={rules}",
                ],
            )
            try:
                page = context.new_page()
                for label, url in {
                    "social": "https://www.linkedin.com/",
                    "cdn": "https://cdn.linkedin.com/",
                    "bank": "https://bank.example/",
                    "ip": f"https://127.0.0.1:{servers['ip'].port}/",
                }.items():
                    try:
                        response = page.goto(url, timeout=20_000)
                        issuer = (response.security_details() or {}).get("issuer", "") if response else ""
                        outcomes[label] = (
                            f"{response.status if response else 0} {page.inner_text('h1')} {issuer}"
                        )
                    except Exception as error:  # Playwright raises on certificate errors
                        outcomes[label] = str(error).splitlines()[0]
            finally:
                context.close()
    finally:
        process.terminate()
        process.wait(15)
        for server in servers.values():
            server.stop()

    assert outcomes["social"].startswith("200 social-ok"), outcomes
    assert ca.CA_COMMON_NAME in outcomes["social"], outcomes  # forged by mitmdump with our CA
    assert outcomes["cdn"].startswith("200 cdn-ok"), outcomes  # direct, permitted name, trusted via NSS
    assert "ERR_CERT" in outcomes["bank"], outcomes  # same CA, name outside the constraints
    assert "ERR_CERT" in outcomes["ip"], outcomes  # IP addresses are excluded
    assert upstream.hosts and all(h.startswith("www.linkedin.com") for h in upstream.hosts)
    log = (tmp_path / "mitmdump.log").read_text(errors="replace")
    assert "bank.example" not in log and "cdn.linkedin.com" not in log  # the PAC sent those DIRECT

    removed = deploy(env, "uninstall", "--user")
    assert removed.returncode == 0, removed.stderr
    after = snapshot(home)
    # A folder install created may stay only while it holds something Chromium wrote (Crash Reports).
    foreign = [q for q in after if q not in ours and q not in before]
    left = [p for p in ours if p in after and not any(q.startswith(p + "/") for q in foreign)]
    assert not left, f"uninstall left what install created: {left}"
    assert all(after[p] == before[p] for p in before), "uninstall changed files that were there before"
    assert not nssdb.our_certificates(nssdb.modern_db(home))
