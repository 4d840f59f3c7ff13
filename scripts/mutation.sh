#!/usr/bin/env bash
# Mutation testing of one module against the tests that should guard it (mutmut).
# Not in CI: it runs the tests once per mutant. Works on a temporary copy of HEAD,
# so the working tree is never touched; prints killed/survived/other and the survivors
# (other: timed out, suspicious, no tests; not counted as killed).
# Usage: bash scripts/mutation.sh MODULE TEST_FILE [TEST_FILE ...]
#   e.g. bash scripts/mutation.sh assistant/text/numbers.py tests/text/test_figures.py
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bash scripts/mutation.sh MODULE TEST_FILE [TEST_FILE ...]" >&2; exit 2; }
module="$1"; shift
[ -f "$module" ] || { echo "error: no module $module" >&2; exit 2; }
. .venv/bin/activate
python -c "import mutmut" 2>/dev/null || { echo "error: mutmut is not installed (pip install -e '.[dev]')" >&2; exit 2; }
work="$(mktemp -d)/copy"
git worktree add -q --detach "$work" HEAD
trap 'git worktree remove --force "$work" >/dev/null 2>&1 || true' EXIT
tests=$(printf '"%s", ' "$@")
cat >> "$work/pyproject.toml" <<TOML

[tool.mutmut]
source_paths = ["$module"]
pytest_add_cli_args_test_selection = [${tests%, }]
also_copy = ["assistant", "tests", "seeds", "evals", "prompts", "public", "chainlit.md", ".chainlit"]
pytest_add_cli_args = ["-p", "no:randomly", "-x", "-q"]
TOML
cd "$work"
mutmut run >/dev/null 2>&1 || true
results="$(mutmut results --all true 2>/dev/null || mutmut results)"
killed=$(grep -c ': killed' <<<"$results" || true)
survived=$(grep -c ': survived' <<<"$results" || true)
# Any other outcome (timeout, suspicious, no tests, ...) is neither killed nor survived:
# counted in the total and listed, so a loaded machine's timeouts do not read as kills.
other=$(grep -c ': ' <<<"$results" || true)
other=$((other - killed - survived))
total=$((killed + survived + other))
echo "$module: $killed of $total mutants killed ($(( total ? 100 * killed / total : 0 ))%), $survived survived, $other other"
grep ': survived' <<<"$results" || true
grep ': ' <<<"$results" | grep -v ': killed\|: survived' || true
