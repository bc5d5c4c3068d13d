"""`bedenktijd proxy` and `bedenktijd start`: command lines, and start/stop with real child processes."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from proxy_addon import cli, start
from tests.proxy.e2e_support import wait_for


def parse(register: object, argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)  # type: ignore[operator]
    return parser.parse_args(argv)


def test_proxy_command_line_binds_loopback_and_passes_the_options() -> None:
    args = parse(
        cli.register,
        ["proxy", "--port", "9001", "--org", "org.yaml", "--pack", "a", "--pack", "b", "--data-dir", "/d",
         "--network", "x", "--extra-host", "social.example.org", "--set", "upstream_cert=false"],
    )  # fmt: skip
    line = cli.mitmdump_arguments(args)
    assert line[:6] == ["--listen-host", "127.0.0.1", "--listen-port", "9001", "-s", str(cli.ADDON_SCRIPT)]
    sets = [line[i + 1] for i, word in enumerate(line) if word == "--set"]
    assert sets == [
        "flow_detail=0",
        "confdir=/d/ca",
        "upstream_cert=false",
        "bedenktijd_org=org.yaml",
        "bedenktijd_packs=a",
        "bedenktijd_packs=b",
        "bedenktijd_store=/d/bedenktijd.sqlite3",
        "bedenktijd_networks=x",
        "bedenktijd_extra_hosts=social.example.org",
        "upstream_cert=false",
    ]
    assert args.func is cli.run_proxy


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["proxy", "--port", "0"], "--port: 0 is not a TCP port"), (["proxy", "--set", "oops"], "NAME=VALUE")],
)
def test_bad_proxy_flags_are_named(argv: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cli.mitmdump_arguments(parse(cli.register, argv))


def test_start_runs_both_children_with_the_same_store_and_pack() -> None:
    args = parse(start.register, ["start", "--data-dir", "/d", "--org", "o.yaml", "--network", "mastodon",
                                  "--extra-host", "social.example.org"])  # fmt: skip
    proxy, companion = start.children(args, python="py")
    assert proxy.command == ("py", "-m", "proxy_addon", "--port", "8766", "--data-dir", "/d", "--org", "o.yaml",
                             "--network", "mastodon", "--extra-host", "social.example.org")  # fmt: skip
    assert companion.command == (
        "py",
        "-m",
        "companion_ui",
        "--port",
        "8765",
        "--data-dir",
        "/d",
        "--org",
        "o.yaml",
    )
    assert dict(companion.env)["BEDENKTIJD_INSPECTED_HOSTS"] == "social.example.org"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["start", "--proxy-port", "8765"], "must differ"),
        (["start", "--companion-port", "70000"], "--companion-port: 70000"),
        (["start", "--extra-host", "com"], "too broad"),
    ],
)
def test_bad_start_flags_are_named(argv: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        start.children(parse(start.register, argv))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _start(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[str], int, int]:
    proxy_port, companion_port = _free_port(), _free_port()
    command = [
        sys.executable,
        "-c",
        "import sys; from proxy_addon.start import main; sys.exit(main(sys.argv[1:]))",
    ]
    command += ["--proxy-port", str(proxy_port), "--companion-port", str(companion_port)]
    command += ["--data-dir", str(tmp_path / "data"), "--confdir", str(tmp_path / "mitmproxy"), *extra]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    return process, proxy_port, companion_port


@pytest.mark.e2e
@pytest.mark.timeout(240)
def test_start_runs_both_and_sigterm_stops_both(tmp_path: Path) -> None:
    process, proxy_port, companion_port = _start(tmp_path)
    try:
        assert wait_for(lambda: _listening(proxy_port) and _listening(companion_port), timeout=120)
        time.sleep(1)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert f"127.0.0.1:{proxy_port}" in output and f"http://127.0.0.1:{companion_port}/" in output
    assert wait_for(lambda: not _listening(proxy_port) and not _listening(companion_port), timeout=20)


@pytest.mark.e2e
@pytest.mark.timeout(240)
def test_start_exits_non_zero_when_a_child_dies(tmp_path: Path) -> None:
    broken = tmp_path / "org.yaml"
    broken.write_text("name: [broken\n", encoding="utf-8")  # the proxy refuses it at startup
    process, _, companion_port = _start(tmp_path, "--org", str(broken))
    try:
        output, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode != 0, output
    assert "the proxy stopped" in output and f"{broken}: invalid YAML" in output
    assert wait_for(lambda: not _listening(companion_port), timeout=20)
