"""Time ``ipanalysis build`` against a bare ``import pandas, jieba; jieba.initialize()``.

Both run as fresh subprocesses, alternately, several times in one run; the medians are
compared. The aim (issue: corpus foundation) is build <= 3 x baseline. Exit 1 when the
aim is missed.

    python benchmarks/bench_build.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time

BASELINE = "import pandas, jieba; jieba.setLogLevel(60); jieba.initialize()"


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    base, build = [], []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.repeat):
            base.append(timed([sys.executable, "-c", BASELINE]))
            build.append(timed([sys.executable, "-m", "ipanalysis", "build", "--out", out]))
    b, m = statistics.median(base), statistics.median(build)
    print(f"{'command':<44}{'median s':>10}{'min s':>8}{'max s':>8}")
    print(f"{'import pandas, jieba; jieba.initialize()':<44}{b:>10.2f}{min(base):>8.2f}{max(base):>8.2f}")
    print(f"{'ipanalysis build':<44}{m:>10.2f}{min(build):>8.2f}{max(build):>8.2f}")
    ratio = m / b
    print(f"ratio build / baseline: {ratio:.2f} (aim <= 3)")
    return 0 if ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
