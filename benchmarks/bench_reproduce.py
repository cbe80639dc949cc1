"""Incremental `ipanalysis reproduce`, as ratios to its floors, in one run (issue 18).

    .venv/bin/python benchmarks/bench_reproduce.py [--runs 3] [--out benchmarks/results_reproduce.md]

Each case is timed as a whole process (wall seconds, median of ``--runs``), each against
its floor, measured in the same run:

* nothing changed: ``reproduce`` after a full one, against ``ipanalysis build`` into an
  empty folder (aim: at most 3 ×);
* one notebook edited (a cell appended to notebooks/1.0-corpus.py): ``reproduce``
  against executing and rendering that notebook alone; the run must execute that
  notebook only and re-render the report;
* one chart's code edited (a comment inside ``actor_shares_chart``): ``reproduce``
  against drawing that chart alone in both languages; the run must draw that chart only
  (and re-execute the notebook that shows it).

Every edit is undone afterwards (and the outputs brought back with one more reproduce).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
NOTEBOOK = ROOT / "notebooks" / "1.0-corpus.py"
CHART_FILE = ROOT / "ipanalysis" / "report" / "charts" / "actors.py"
CHART_FN = "def actor_shares_chart("
CHART = "actors_by_year"


def timed(cmd: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return dt, p.stdout


def reproduce() -> tuple[float, str]:
    return timed([PY, "-m", "ipanalysis", "reproduce"])


def parts_run(out: str) -> str:
    """What a reproduce ran, from its own lines: steps that ran, charts drawn, notebooks executed."""
    ran = [m.group(1) for m in re.finditer(r"^\[\d/\d\] (.+?) …$", out, re.M)]
    charts = re.search(r"charts drawn: (.+)$", out, re.M)
    books = re.search(r"notebooks executed: (.+)$", out, re.M)
    return "; ".join(
        [f"steps run: {', '.join(s.split(' (')[0] for s in ran) or 'none'}"]
        + ([f"charts drawn: {charts.group(1)}"] if charts else [])
        + ([f"notebooks executed: {books.group(1)}"] if books else [])
    )


def edit_notebook(on: bool, original: str) -> None:
    NOTEBOOK.write_text(original + ("\n# %%\n# benchmark edit\n1 + 1\n" if on else ""), encoding="utf-8")


def edit_chart(on: bool, original: str) -> None:
    """A comment as the first line of the chart function's body (inside that function only)."""
    text = original
    if on:
        head, _, tail = original.partition(CHART_FN)
        body = re.search(r"\)\s*->[^\n]*:\n", tail).end()  # the end of the signature
        text = head + CHART_FN + tail[:body] + "    # benchmark edit\n" + tail[body:]
    CHART_FILE.write_text(text, encoding="utf-8")


def case(runs: int, edit, path: Path, floor_cmd: list[str]) -> dict:
    """Time ``reproduce`` after each edit of ``path`` (on, off, on …) against its floor; the file is put back."""
    original = path.read_text(encoding="utf-8")
    pairs, what = [], ""
    try:
        for i in range(runs):
            edit(i % 2 == 0, original)
            dt, out = reproduce()
            what = what or parts_run(out)
            fl, _ = timed(floor_cmd)
            pairs.append((dt, fl))
    finally:
        edit(False, original)
    reproduce()
    return summary(pairs, what)


def summary(pairs: list[tuple[float, float]], what: str) -> dict:
    return {
        "a": statistics.median(a for a, _ in pairs),
        "b": statistics.median(b for _, b in pairs),
        "ratio": statistics.median(a / b for a, b in pairs),
        "n": len(pairs),
        "what": what,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    reproduce()  # warm: every output current
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        pairs, what = [], ""
        for _ in range(args.runs):
            dt, out = reproduce()
            what = what or parts_run(out)
            fl, _ = timed([PY, "-m", "ipanalysis", "build", "--out", f"{tmp}/b{len(pairs)}"])
            pairs.append((dt, fl))
        results["nothing changed | build of the tables into an empty folder"] = summary(pairs, what)
        page = Path(tmp) / "page"
        floor_nb = [
            PY,
            "-c",
            f"from pathlib import Path; from ipanalysis.report.notebooks import render; "
            f"render(Path({str(NOTEBOOK)!r}), Path({str(page)!r}))",
        ]
        results["one notebook edited | executing and rendering that notebook alone"] = case(
            args.runs, edit_notebook, NOTEBOOK, floor_nb
        )
        floor_chart = [
            PY,
            "-c",
            "from pathlib import Path; import ipanalysis as ipa; "
            "from ipanalysis.report.figures import export_figures; "
            f"export_figures(ipa.analyses(), Path({str(Path(tmp) / 'fig')!r}), only=[{CHART!r}], "
            "force=True, workers=1)",
        ]
        results["one chart's code edited | drawing that chart alone (both languages)"] = case(
            args.runs, edit_chart, CHART_FILE, floor_chart
        )
    lines = [
        "# Incremental `ipanalysis reproduce`, as ratios to its floors",
        "",
        f"`python benchmarks/bench_reproduce.py --runs {args.runs}`: whole processes, wall seconds, median of "
        f"{args.runs} runs; the ratio is the median of run-by-run ratios (case, then its floor).",
        "",
        "| case | floor | reproduce s | floor s | ratio | what the run did |",
        "|---|---|---:|---:|---:|---|",
    ]
    for k, r in results.items():
        a, b = k.split(" | ")
        lines.append(f"| {a} | {b} | {r['a']:.1f} | {r['b']:.1f} | {r['ratio']:.2f} × | {r['what']} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
