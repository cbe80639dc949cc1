#!/usr/bin/env bash
# The README's first command: set up, then rebuild everything from data/raw.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
"${VENV:-.venv}/bin/ipanalysis" reproduce "$@"
