#!/usr/bin/env bash
# Set up (without the browser used only by tests) and start the proxy and the companion on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
BEDENKTIJD_BROWSER=0 bash scripts/setup.sh
exec .venv/bin/bedenktijd start "$@"
