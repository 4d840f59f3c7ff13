#!/usr/bin/env bash
# One command from a fresh clone: install, index seeds/, answer a question.
# Pass your own question(s) as arguments: bash scripts/run.sh "Who ...?"
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
if [ "$#" -eq 0 ]; then
  set -- "How many people were killed in the Kunduz mosque attack?"
fi
python -m assistant ask "$@"
