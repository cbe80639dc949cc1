"""Time the pipeline on this machine and how parsing cost grows with corpus size.

* ``import ipanalysis`` (fresh process; aim < 0.5 s),
* ``ipanalysis build``, ``ipanalysis figures --lang all`` and ``ipanalysis reproduce`` (fresh
  processes; the issue's aims on the 2-core machine: reproduce <= 30 s, figures <= 1.5x its floor),
* the floor of figures: drawing and saving the same charts (both languages, one process)
  when every analysis is already computed, so the ratio shows what is left to gain,
* a scale run: the raw corpus parsed as 1, 10 and 100 synthetic years (each raw file
  copied with its year shifted), to show whether cost grows linearly.

    python benchmarks/bench_pipeline.py [--skip-reproduce] [--scales 1 10 100] [--markdown]

Prints a table (``--markdown``: the README's performance table, to paste as it is).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(cmd: list[str], repeat: int = 1) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


FLOOR = """
import sys, tempfile, time
from pathlib import Path
from ipanalysis.report.figures import export_figures
from ipanalysis.report.runcache import shared_analyses
with tempfile.TemporaryDirectory() as tmp, shared_analyses():
    export_figures(Path(tmp) / "warm", ("zh", "en"), workers=1)  # computes every analysis once
    t0 = time.perf_counter()
    export_figures(Path(tmp) / "floor", ("zh", "en"), workers=1)  # drawing and saving only
    print(time.perf_counter() - t0)
"""


def figures_floor(py: str) -> float:
    """Seconds to draw and save every chart in both languages from precomputed analyses (one core)."""
    run = subprocess.run([py, "-c", FLOOR], check=True, capture_output=True, text=True, cwd=ROOT)
    return float(run.stdout.strip().splitlines()[-1])


def scale_run(scales: list[int]) -> list[tuple[int, int, float]]:
    """Parse the corpus as ``n`` synthetic years; return (n, files, seconds)."""
    from ipanalysis.corpus.assemble import load_catalog
    from ipanalysis.parse.document import DocSpec, parse_text
    from ipanalysis.parse.vocabulary import load_vocabulary

    vocab = load_vocabulary()
    entries = load_catalog()
    files: dict[str, list] = {}
    for e in entries:
        files.setdefault(e.file, []).append(e)
    texts = {f: (ROOT / "data" / "raw" / f).read_text(encoding="utf-8") for f in files}
    out = []
    for n in scales:
        t0 = time.perf_counter()
        count = 0
        for k in range(n):
            for f, es in files.items():
                specs = [DocSpec(f"{e.doc_id}_{k}", e.year + 100 * (k + 1), e.kind, e.role, e.layout) for e in es]
                parse_text(texts[f], f, year=specs[0].year, layout=es[0].layout, specs=specs, vocab=vocab)
                count += 1
        out.append((n, count, time.perf_counter() - t0))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-reproduce", action="store_true")
    ap.add_argument("--scales", type=int, nargs="*", default=[1, 10, 100])
    ap.add_argument("--markdown", action="store_true", help="print the README's performance table")
    args = ap.parse_args()
    py = sys.executable
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    rows = [("`import ipanalysis`", timed([py, "-c", "import ipanalysis"], repeat=5), "< 0.5 s")]
    with tempfile.TemporaryDirectory() as tmp:
        build = timed([py, "-m", "ipanalysis", "build", "--out", tmp], repeat=3)
        rows.append(("`ipanalysis build`", build, "≤ 3 × `import pandas, jieba`"))
        figures = timed([py, "-m", "ipanalysis", "figures", "--lang", "all", "--out", tmp])
    floor = figures_floor(py)
    rows.append((f"`ipanalysis figures --lang all` ({cpus} cores)", figures, f"≤ 1.5 × floor: {figures / floor:.2f} ×"))
    rows.append(("floor: the same charts drawn from precomputed analyses (1 core)", floor, ""))
    if not args.skip_reproduce:
        rows.append(("`ipanalysis reproduce`", timed([py, "-m", "ipanalysis", "reproduce"]), "≤ 30 s"))
    if args.markdown:
        print("| step | seconds | aim |\n|---|---|---|")
        for name, sec, aim in rows:
            print(f"| {name} | {sec:.1f} | {aim} |")
    else:
        print(f"{'step':<70}{'seconds':>10}  aim")
        for name, sec, aim in rows:
            print(f"{name:<70}{sec:>10.2f}  {aim}")
    if not args.scales:
        return 0
    print("\nscale run: parse the corpus as N synthetic years")
    print(f"{'years':>6}{'files':>8}{'seconds':>10}{'s per year':>12}")
    res = scale_run(args.scales)
    for n, files, sec in res:
        print(f"{n:>6}{files:>8}{sec:>10.2f}{sec / n:>12.3f}")
    per = [sec / n for n, _, sec in res]
    print(f"growth: cost per synthetic year varies by {max(per) / min(per):.2f}× across scales (1.00 = linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
