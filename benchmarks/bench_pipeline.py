"""Time the pipeline on this machine and how parsing cost grows with corpus size.

* ``import ipanalysis`` (fresh process; aim < 0.5 s),
* ``ipanalysis build``, ``ipanalysis figures`` and ``ipanalysis reproduce`` (fresh processes;
  reproduce aim < 90 s on 2 cores),
* a scale run: the raw corpus parsed as 1, 10 and 100 synthetic years (each raw file
  copied with its year shifted), to show whether cost grows linearly.

    python benchmarks/bench_pipeline.py [--skip-reproduce] [--scales 1 10 100]

Prints a table; the README records the numbers.
"""

from __future__ import annotations

import argparse
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
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    args = ap.parse_args()
    py = sys.executable
    rows = [("import ipanalysis", timed([py, "-c", "import ipanalysis"], repeat=5), "< 0.5 s")]
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(
            (
                "ipanalysis build",
                timed([py, "-m", "ipanalysis", "build", "--out", tmp], repeat=3),
                "≤ 3× import pandas+jieba",
            )
        )
        rows.append(("ipanalysis figures (zh)", timed([py, "-m", "ipanalysis", "figures", "--out", tmp]), ""))
    if not args.skip_reproduce:
        rows.append(("ipanalysis reproduce", timed([py, "-m", "ipanalysis", "reproduce"]), "< 90 s"))
    print(f"{'step':<28}{'seconds':>10}  aim")
    for name, s, aim in rows:
        print(f"{name:<28}{s:>10.2f}  {aim}")
    print("\nscale run: parse the corpus as N synthetic years")
    print(f"{'years':>6}{'files':>8}{'seconds':>10}{'s per year':>12}")
    res = scale_run(args.scales)
    for n, files, s in res:
        print(f"{n:>6}{files:>8}{s:>10.2f}{s / n:>12.3f}")
    per = [s / n for n, _, s in res]
    print(f"growth: cost per synthetic year varies by {max(per) / min(per):.2f}× across scales (1.00 = linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
