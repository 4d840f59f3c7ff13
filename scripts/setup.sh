#!/usr/bin/env bash
# Creates .venv and installs the assistant into it. Idempotent: re-running
# after the first time only reinstalls when pyproject.toml changed.
# Usage: bash scripts/setup.sh [EXTRAS]   (EXTRAS e.g. "dev" or "dev,bench")
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python_bin="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $python_bin" >&2
  "$python_bin" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-${extras//,/_}"
if [ ! -f "$stamp" ]; then
  echo "setup: installing the assistant${extras:+ with [$extras]} (a few minutes the first time)" >&2
  python -m pip install --quiet --upgrade pip
  # torch first and pinned: the local CPU wheel. Unpinned, pip pulls GBs of CUDA packages.
  python -m pip install --quiet "torch==2.13.0"
  python -m pip install --quiet -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
