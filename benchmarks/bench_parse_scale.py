"""Parsing cost against input size: the 2020 list repeated N times, parsed as one file.

The readers collect text in lists and join once, and the grammar looks ahead by index,
so the cost must grow linearly: the aim (issue 12) is that 250 repetitions cost at most
13 x 25 repetitions. Each size is parsed in a fresh process (the median of
``--repeat`` runs); the figures are written to benchmarks/results_parse_scale.md. Exit 1
when the aim is missed.

    python benchmarks/bench_parse_scale.py [--sizes 1 25 250] [--repeat 3]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "raw" / "2020_task_list_pdf_text.txt"
RESULTS = Path(__file__).resolve().parent / "results_parse_scale.md"
AIM = 13.0  # 250 repetitions / 25 repetitions

# the file is parsed after import, so that only parsing is timed
CHILD = """
import sys, time
from ipanalysis.parse.document import parse_file
t0 = time.perf_counter()
doc = parse_file(sys.argv[1], int(sys.argv[2]), layout="pdf_text")
print(time.perf_counter() - t0, len(doc.tasks))
"""


def timed(path: Path, year: int) -> tuple[float, int]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(year)], check=True, capture_output=True, text=True
    )
    seconds, tasks = out.stdout.split()
    return float(seconds), int(tasks)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 25, 250])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    text = SOURCE.read_text(encoding="utf-8")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            p = Path(tmp) / f"x{n}.txt"
            p.write_text(text * n, encoding="utf-8")
            runs = [timed(p, 2020) for _ in range(args.repeat)]
            secs = statistics.median(r[0] for r in runs)
            rows.append((n, p.stat().st_size, secs, runs[0][1]))
            print(f"{n:>5} x  {p.stat().st_size / 1e6:8.2f} MB  {secs:8.3f} s  {runs[0][1]:>6} tasks", flush=True)
    by_n = {n: s for n, _, s, _ in rows}
    ratio = by_n[250] / by_n[25] if 25 in by_n and 250 in by_n else None
    lines = [
        "# Parsing cost against input size",
        "",
        "`python benchmarks/bench_parse_scale.py`: the 2020 list (data/raw/2020_task_list_pdf_text.txt)",
        "repeated N times in one file, parsed with `parse_file` in a fresh process (parse time only,",
        f"median of {args.repeat} runs) on {platform.machine()} / Python {platform.python_version()}.",
        "",
        "| repetitions | size (MB) | seconds | seconds per MB | tasks read |",
        "|---:|---:|---:|---:|---:|",
    ]
    for n, size, secs, tasks in rows:
        lines.append(f"| {n} | {size / 1e6:.2f} | {secs:.3f} | {secs / (size / 1e6):.2f} | {tasks} |")
    if ratio is not None:
        lines += ["", f"250 repetitions / 25 repetitions: **{ratio:.1f}x** (aim <= {AIM:.0f}x; linear would be 10x)."]
    lines += [
        "",
        "The repeated list restarts its numbering with every copy: the grammar reads each copy's",
        "tasks as repeated task numbers, each with a warning; the point is the cost, not the tables.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[-6:]))
    return 0 if ratio is None or ratio <= AIM else 1


if __name__ == "__main__":
    sys.exit(main())
