#!/usr/bin/env bash
# The README's second command: set up, lint, then run every test (notebooks included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
V="${VENV:-.venv}"
"$V/bin/ruff" check ipanalysis tests benchmarks notebooks
"$V/bin/python" -m pytest "$@"
