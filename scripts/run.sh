#!/usr/bin/env bash
# One command from a fresh clone: install, index seeds/, answer a sample
# question with citations, then start the chat at http://127.0.0.1:8000.
#   bash scripts/run.sh                 # sample question, then the chat
#   bash scripts/run.sh "Who ...?" ...  # your questions, then the chat
#   NO_CHAT=1 bash scripts/run.sh ...   # answer and exit
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh eval  # eval: ragas, so `assistant eval` runs every metric
. .venv/bin/activate
if [ "$#" -eq 0 ]; then
  set -- "How many people were killed in the Kunduz mosque attack?"
fi
python -m assistant ask "$@"
if [ -z "${NO_CHAT:-}" ]; then
  exec python -m assistant chat
fi
