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

# The code must keep working on Python 3.12 as well as 3.11: when a 3.12 is on the machine (pyenv has one
# here), the Python tests run a second time under it, in their own virtualenv. BEDENKTIJD_PY312=none skips.
is_py312() { [ -n "$1" ] && "$1" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; }
PY312="${BEDENKTIJD_PY312:-}"
if [ -z "$PY312" ]; then  # on PATH, or one of pyenv's versions (its shim only runs the active version)
  for candidate in "$(command -v python3.12 || true)" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3.12; do
    if is_py312 "$candidate"; then
      PY312="$candidate"
      break
    fi
  done
fi
if [ "$PY312" != "none" ] && is_py312 "$PY312"; then
  echo "== pytest on Python 3.12 ($("$PY312" --version))"
  [ -x .venv312/bin/python ] || "$PY312" -m venv .venv312
  .venv312/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv312/bin/python -m pip install -q -e ".[dev]"
  PATH="$PWD/.venv312/bin:$PATH" .venv312/bin/python -m pytest "$@"
else
  echo "== no Python 3.12 on this machine: the second run is skipped"
fi
