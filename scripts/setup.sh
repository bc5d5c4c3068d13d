#!/usr/bin/env bash
# Set up everything Bedenktijd needs on a fresh Debian/Ubuntu machine (idempotent):
# Chromium + ChromeDriver for the browser tests, a Python virtualenv with the package and its dev
# tools, and the extension's Node packages. Run as root, or with sudo available, for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser="${BEDENKTIJD_BROWSER:-1}"
# Debian packages: Chromium + ChromeDriver for the browser tests, certutil (libnss3-tools) for the
# CA-trust tests and `bedenktijd deploy install`.
if [ "$want_browser" = "1" ] && { ! command -v chromium >/dev/null 2>&1 || ! command -v certutil >/dev/null 2>&1; }; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver libnss3-tools >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[dev]"

if [ -f extension/package.json ]; then
  (cd extension && if [ -f package-lock.json ]; then npm ci --silent --no-audit --no-fund; else npm install --silent --no-audit --no-fund; fi)
fi
