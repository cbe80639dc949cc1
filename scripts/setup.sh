#!/usr/bin/env bash
# Set up a fresh machine: a CJK font (Debian/Ubuntu, as root) and a virtual environment
# with ipanalysis and its extras. Safe to run again. VENV overrides the location.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK\|Source Han Sans\|WenQuanYi\|Noto Sans SC"; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "setup: installing a CJK font (fonts-noto-cjk) with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fontconfig >/dev/null
  else
    echo "setup: no CJK font found; install one (Debian: apt-get install fonts-noto-cjk," \
         "conda: font-ttf-noto-cjk) or charts will fail with a message naming it" >&2
  fi
fi

# The browser tests (explorer, report) drive Debian's chromium through playwright; the
# tests ask for it (WITH_BROWSER=1 from scripts/test.sh). playwright never downloads a browser.
if [ "${WITH_BROWSER:-0}" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "setup: installing chromium with apt-get (for the headless-browser tests)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: chromium not found; the browser tests will be skipped (Debian: apt-get install chromium)" >&2
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
# Exact versions by default (requirements.lock, with hashes): the outputs are byte-identical
# for these versions. LOOSE=1 installs from the ranges of pyproject.toml instead.
if [ "${LOOSE:-0}" = 1 ]; then
  "$VENV/bin/python" -m pip install -q -e ".[dev,notebooks,docs]"
else
  "$VENV/bin/python" -m pip install -q --require-hashes -r requirements.lock
  "$VENV/bin/python" -m pip install -q --no-deps -e .
fi
# JupyterLab opens the notebooks/*.py files as notebooks on a double-click (jupytext's viewer)
mkdir -p "$VENV/share/jupyter/lab/settings"
cat > "$VENV/share/jupyter/lab/settings/overrides.json" <<'JSON'
{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"python": "Jupytext Notebook"}}}
JSON
echo "setup: ready ($VENV); JupyterLab: $VENV/bin/jupyter lab notebooks/"
