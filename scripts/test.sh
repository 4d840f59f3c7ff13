#!/usr/bin/env bash
# One command from a fresh clone: install everything the tests need, run them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
. .venv/bin/activate
python -m pytest "$@"
