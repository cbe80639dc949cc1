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
# the documentation site, strict (any warning fails), offline; into site/ (tests/test_docs.py checks its pages)
NO_MKDOCS_2_WARNING=1 "$V/bin/mkdocs" build --strict --quiet
"$V/bin/python" -m pytest "$@"
