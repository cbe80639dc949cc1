"""Time the pipeline on this machine and how parsing cost grows with corpus size.

* ``import ipanalysis`` (fresh process; aim < 0.5 s),
* ``ipanalysis build``, ``ipanalysis figures --lang all`` and ``ipanalysis reproduce`` (fresh
  processes; the issue's aims on the 2-core machine: reproduce <= 30 s, figures <= 1.5x its floor),
* the floor of figures: drawing and saving the same charts (both languages, one process)
  when every analysis is already computed, so the ratio shows what is left to gain,
* a scale run: the raw corpus parsed as 1, 10 and 100 synthetic years (each raw file
  copied with its year shifted), to show whether cost grows linearly.

    python benchmarks/bench_pipeline.py [--skip-reproduce] [--scales 1 10 100] [--markdown | --readme]

Prints a table; ``--readme`` writes it into README.md between its ``bench_pipeline``
markers, so the README's performance table is always this script's output. Cold runs
empty ``.cache/analyses/`` first (a cache: nothing is lost but time).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
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
import ipanalysis as ipa
from ipanalysis.report.figures import export_figures
run = ipa.analyses()
with tempfile.TemporaryDirectory() as tmp:
    export_figures(run, Path(tmp) / "warm", ("zh", "en"), workers=1)  # computes every analysis once
    t0 = time.perf_counter()
    export_figures(run, Path(tmp) / "floor", ("zh", "en"), workers=1, force=True)  # drawing and saving only
    print(time.perf_counter() - t0)
"""


NOTEBOOKS_FLOOR = """
import tempfile, time
from pathlib import Path
from ipanalysis.report.notebooks import render_all
with tempfile.TemporaryDirectory() as tmp:
    t0 = time.perf_counter()
    render_all(out_dir=Path(tmp))
    print(time.perf_counter() - t0)
"""


def notebooks_floor(py: str) -> float:
    """Seconds to execute and render every notebook when nothing is left to compute but their own tables.

    Run after a ``reproduce``: the charts are exported and current, the slow analyses on disk.
    """
    run = subprocess.run([py, "-c", NOTEBOOKS_FLOOR], check=True, capture_output=True, text=True, cwd=ROOT)
    return float(run.stdout.strip().splitlines()[-1])


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


README = ROOT / "README.md"
BEGIN, END = "<!-- bench_pipeline: begin -->", "<!-- bench_pipeline: end -->"


def cold(cmd: list[str]) -> float:
    """Seconds of ``cmd`` with an empty analyses cache, as on a machine just set up."""
    from ipanalysis.analysis.cache import DISK_DIR

    shutil.rmtree(DISK_DIR, ignore_errors=True)
    return timed(cmd)


def table(rows: list[tuple[str, float, str]]) -> str:
    lines = ["| step | seconds | aim |", "|---|---:|---|"]
    lines += [f"| {name} | {sec:.1f} | {aim} |" for name, sec, aim in rows]
    return "\n".join(lines)


def context(cpus: int) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"Measured by `python benchmarks/bench_pipeline.py --readme` on {platform.machine()} / Python "
        f"{platform.python_version()}, {cpus} cores, load average {load:.1f} when it started. Each step is a "
        "fresh process; *cold* runs start from an empty `.cache/analyses/` (as right after setup), "
        "*warm* ones find the slow analyses a previous run kept there."
    )


def write_readme(text: str) -> None:
    """Replace the table between the README's markers with this run's."""
    doc = README.read_text(encoding="utf-8")
    if BEGIN not in doc or END not in doc:
        raise SystemExit(f"{README}: markers {BEGIN} … {END} not found")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-reproduce", action="store_true")
    ap.add_argument("--scales", type=int, nargs="*", default=[1, 10, 100])
    ap.add_argument("--markdown", action="store_true", help="print the README's performance table")
    ap.add_argument("--readme", action="store_true", help="write the table into README.md (between its markers)")
    args = ap.parse_args()
    py = sys.executable
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    rows = [("`import ipanalysis`", timed([py, "-c", "import ipanalysis"], repeat=5), "< 0.5 s")]
    with tempfile.TemporaryDirectory() as tmp:
        build = timed([py, "-m", "ipanalysis", "build", "--out", tmp], repeat=3)
        rows.append(("`ipanalysis build`", build, "≤ 3 × `import pandas, jieba`"))
        figures = cold([py, "-m", "ipanalysis", "figures", "--lang", "all", "--out", tmp])
    floor = figures_floor(py)
    ideal = floor / cpus
    rows.append(
        (
            f"`ipanalysis figures --lang all`, cold ({cpus} cores)",
            figures,
            f"≤ 1.5 × floor: {figures / floor:.2f} × the floor, {figures / ideal:.2f} × the floor ÷ {cpus} cores",
        )
    )
    rows.append(("floor: the same charts drawn and saved from precomputed analyses (1 core)", floor, ""))
    if not args.skip_reproduce:
        # cold: an empty analyses cache and every step redone (reproduce is incremental: --force)
        first = cold([py, "-m", "ipanalysis", "reproduce", "--force"])
        again = timed([py, "-m", "ipanalysis", "reproduce", "--force"])
        pages = notebooks_floor(py)
        least = build + ideal + pages
        rows.append(("`ipanalysis reproduce --force`, cold", first, f"≤ 1.3 × its floor: {first / least:.2f} ×"))
        rows.append(("`ipanalysis reproduce --force`, warm (run again)", again, f"{again / least:.2f} × its floor"))
        rows.append(("notebooks alone, every analysis cached and every chart exported", pages, ""))
        rows.append((f"floor of reproduce: build + figures floor ÷ {cpus} cores + notebooks alone", least, ""))
    text = f"{context(cpus)}\n\n{table(rows)}"
    if args.readme:
        write_readme(text)
    if args.markdown or args.readme:
        print(text)
    else:
        print(f"{'step':<75}{'seconds':>10}  aim")
        for name, sec, aim in rows:
            print(f"{name:<75}{sec:>10.2f}  {aim}")
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
