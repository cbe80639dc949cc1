#!/usr/bin/env bash
# The README's first command: set up, then rebuild everything from data/raw, and the documentation site.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
V="${VENV:-.venv}"
"$V/bin/ipanalysis" reproduce "$@"
# the documentation site beside the report (reports/index.html links to docs/index.html), built
# beside the old one and swapped in whole; not for `--list` or `--help`, which only print
case " $* " in *" --list "*|*" -h "*|*" --help "*) exit 0 ;; esac
R="${IPANALYSIS_WORKSPACE:-.}/reports"  # where reproduce wrote the report
rm -rf "$R/.docs.new"
NO_MKDOCS_2_WARNING=1 "$V/bin/mkdocs" build --strict --quiet -d "$R/.docs.new"
rm -rf "$R/docs" && mv "$R/.docs.new" "$R/docs"
echo "documentation: $R/docs/index.html"
