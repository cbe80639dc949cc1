#!/usr/bin/env bash
# The loose ranges of pyproject.toml still install and pass the fast tests (parser and corpus),
# in a fresh environment of their own (.venv-loose), so a new release of a dependency that
# breaks the library is seen before the lock file is refreshed.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-loose LOOSE=1 bash scripts/setup.sh
.venv-loose/bin/python -m pip list --format=freeze 2>/dev/null | grep -iE "^(pandas|numpy|scikit-learn|matplotlib|jieba|pyarrow)==" || true
.venv-loose/bin/python -m pytest -q -p no:cacheprovider -m fast
