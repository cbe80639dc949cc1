#!/usr/bin/env bash
# The README's second command: set up (with chromium for the browser tests), lint, then run
# every test (notebooks and headless-browser checks included).
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BROWSER=1 bash scripts/setup.sh
V="${VENV:-.venv}"
"$V/bin/ruff" check ipanalysis tests benchmarks notebooks scripts
"$V/bin/ruff" format --check ipanalysis tests benchmarks scripts
"$V/bin/mypy"
"$V/bin/python" -m pytest "$@"
