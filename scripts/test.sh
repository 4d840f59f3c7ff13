#!/usr/bin/env bash
# One command from a fresh clone: install everything the tests need, run them.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  # The chat's browser tests drive Debian's Chromium (Playwright's own download
  # cannot work offline).
  echo "test: installing chromium (apt-get)" >&2
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
bash scripts/setup.sh dev,eval,bench,pg
. .venv/bin/activate
python -m pytest "$@"
