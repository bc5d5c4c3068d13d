"""`python -m companion_ui`: a real process on port 0 that reports its port and serves the API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from companion_ui.settings import SETTINGS
from companion_ui.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_print_settings_lists_every_setting() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "companion_ui", "--print-settings"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for item in SETTINGS:
        assert f"`{item.name}`" in result.stdout


def test_the_companion_process_serves_on_the_port_it_reports(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "companion_ui", "--port", "0", "--data-dir", str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("Bedenktijd companion: http://127.0.0.1:"), line + process.stderr.read()
        url = line.split(": ", 1)[1].strip().rstrip("/")
        token = Store(tmp_path / "bedenktijd.sqlite3").api_token()
        request = urllib.request.Request(f"{url}/api/v1/health", headers={"X-Bedenktijd-Token": token})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = json.load(response)
        assert body["ok"] is True and body["ruleset_version"]
    finally:
        process.terminate()
        process.wait(timeout=10)
