#!/usr/bin/env bash
# Set up (see setup.sh) and run every check: ruff, mypy, the rule examples, pytest, node --test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff"
ruff check .
ruff format --check .
echo "== mypy"
mypy
echo "== rule pack"
bedenktijd rules lint
bedenktijd rules test
if [ -f extension/package.json ]; then
  echo "== extension (node --test)"
  (cd extension && node --test)
fi
echo "== pytest"; pytest "$@"
