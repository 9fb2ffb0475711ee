#!/usr/bin/env bash
# Creates .venv with Python 3.10 and installs the pinned requirements.
# Rasa Open Source 3.6 supports Python 3.8-3.10 only, so any other interpreter is refused.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python310() {
  local candidate
  # 1. On PATH. A pyenv shim is on PATH but fails unless 3.10 is selected, hence the check.
  for candidate in python3.10 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  # 2. pyenv, without depending on the globally selected version.
  if command -v pyenv >/dev/null 2>&1; then
    local prefix
    prefix=$(pyenv prefix 3.10 2>/dev/null || true)
    if [ -z "$prefix" ]; then
      prefix=$(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.[0-9]+)?$' | sort -V | tail -n 1 \
        | xargs -r -I{} pyenv prefix {} 2>/dev/null || true)
    fi
    if [ -n "$prefix" ] && [ -x "$prefix/bin/python3.10" ]; then
      echo "$prefix/bin/python3.10"; return 0
    fi
  fi
  return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  if ! python=$(find_python310); then
    echo "error: Python 3.10 is required (Rasa Open Source 3.6 supports 3.8-3.10) and none was found." >&2
    echo "       Install it, e.g. 'pyenv install 3.10', or put python3.10 on PATH, then run make again." >&2
    exit 1
  fi
  echo "Creating .venv with $python"
  rm -rf .venv
  "$python" -m venv .venv
fi

if [ ! -f .venv/.installed ] || [ requirements.lock -nt .venv/.installed ]; then
  echo "Installing pinned packages from requirements.lock (first time: several minutes)"
  .venv/bin/python -m pip install --quiet --upgrade "pip==26.3"
  .venv/bin/python -m pip install --quiet --no-deps -r requirements.lock
  .venv/bin/python -m pip check >/dev/null
  touch .venv/.installed
fi
