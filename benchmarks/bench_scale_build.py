"""Build N copies of the corpus (a synthetic catalog in a temp folder): does the build grow linearly?

Copy 0 is the corpus as it is; copy k > 0 has every year 2010–2029 in its text and
catalog moved to a year of its own (2100 + 20 (k − 1) + (year − 2010)), so each copy is
a separate set of yearly lists whose 2019 web page merges into its own attachment. Each
scale runs in a fresh process, which reports the time of the whole build (parse, merge,
checks, atomic publish), the time of ``merge_sources`` alone and its peak memory.

    python benchmarks/bench_scale_build.py [--scales 1 10 100] [--write benchmarks/results_scale_build.md]
    python benchmarks/bench_scale_build.py --src /tmp/main   # another checkout (git archive main | tar -x -C /tmp/main)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")


def shifted(year: int, k: int) -> int:
    """Year ``year`` in copy ``k`` (copy 0 keeps it; the others get four digits that read as no year of 1900–2099)."""
    return year if k == 0 or not 2010 <= year <= 2029 else 2100 + 20 * (k - 1) + (year - 2010)


def make_inputs(folder: Path, n: int) -> tuple[Path, Path, Path, Path]:
    """Raw files, catalog, parser references and expected counts for ``n`` copies of the corpus."""
    import csv

    raw, ref, checks = folder / "raw", folder / "reference" / "parse", folder / "reference" / "corpus"
    raw.mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "reference" / "parse", ref)
    checks.mkdir(parents=True)
    with (ROOT / "data" / "catalog.csv").open(encoding="utf-8-sig", newline="") as fh:
        catalog = list(csv.DictReader(fh))
    with (ROOT / "data" / "reference" / "corpus" / "expected_counts.csv").open(encoding="utf-8-sig", newline="") as fh:
        counts = list(csv.DictReader(fh))
    rows, count_rows, hashes = [], [], {}
    for k in range(n):
        for r in catalog:
            name = f"c{k:03d}_{r['file']}"
            if name not in hashes:
                text = (ROOT / "data" / "raw" / r["file"]).read_text(encoding="utf-8")
                data = YEAR.sub(lambda m, k=k: str(shifted(int(m.group(1)), k)), text).encode("utf-8")
                (raw / name).write_bytes(data)
                hashes[name] = hashlib.sha256(data).hexdigest()
            rows.append(
                {
                    **r,
                    "doc_id": f"{r['doc_id']}_c{k:03d}",
                    "file": name,
                    "sha256": hashes[name],
                    "year": str(shifted(int(r["year"]), k)),
                }
            )
        count_rows += [{**c, "doc_id": f"{c['doc_id']}_c{k:03d}"} for c in counts]
    for path, table in ((folder / "catalog.csv", rows), (checks / "expected_counts.csv", count_rows)):
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(table[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(table)
    return raw, folder / "catalog.csv", ref, checks


def use_source(src: Path) -> None:
    """Import ipanalysis from ``src`` (another checkout, e.g. ``git archive main``), not the installed one."""
    sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
    sys.path.insert(0, str(src))


def child(n: int) -> dict:
    """One scale, in this process: inputs made (not timed), then the build timed."""
    from ipanalysis.corpus import assemble

    merge_seconds = []
    real_merge = assemble.merge_sources

    def timed_merge(*args, **kwargs):
        t0 = time.perf_counter()
        out = real_merge(*args, **kwargs)
        merge_seconds.append(time.perf_counter() - t0)
        return out

    assemble.merge_sources = timed_merge
    with tempfile.TemporaryDirectory() as tmp:
        raw, catalog, ref, checks = make_inputs(Path(tmp), n)
        t0 = time.perf_counter()
        corpus = assemble.build_corpus(raw, catalog, ref, checks)
        t_corpus = time.perf_counter() - t0
        t1 = time.perf_counter()
        try:
            from ipanalysis.corpus.publish import publish
        except ImportError:  # an older ipanalysis (no atomic publish): time the corpus only
            publish = None
        if publish is not None:
            publish(corpus, Path(tmp) / "processed")
        t_publish = time.perf_counter() - t1 if publish is not None else float("nan")
    return {
        "copies": n,
        "documents": len(corpus.tables["documents"]),
        "tasks": len(corpus.tables["tasks"]),
        "assignments": len(corpus.tables["assignments"]),
        "build_corpus_s": t_corpus,
        "merge_s": sum(merge_seconds),
        "publish_s": t_publish,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run(scales: list[int], src: Path | None = None) -> list[dict]:
    out = []
    for n in scales:
        cmd = [sys.executable, __file__, "--child", str(n)] + (["--src", str(src)] if src else [])
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
        out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return out


def table(results: list[dict]) -> str:
    head = "| copies | documents | tasks | assignments | build_corpus s | merge_sources s | publish s | s per copy | peak RSS MB |"
    lines = [head, "|" + "---:|" * 9]
    for r in results:
        lines.append(
            f"| {r['copies']} | {r['documents']} | {r['tasks']} | {r['assignments']} | {r['build_corpus_s']:.2f} "
            f"| {r['merge_s']:.3f} | {r['publish_s']:.2f} | {r['build_corpus_s'] / r['copies']:.3f} "
            f"| {r['peak_rss_mb']:.0f} |"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--write", type=Path, default=None, help="write the table as markdown to this file")
    ap.add_argument("--src", type=Path, default=None, help="time the ipanalysis package found in this folder")
    args = ap.parse_args()
    if args.child is not None:
        if args.src:
            use_source(args.src)
        print(json.dumps(child(args.child)))
        return 0
    results = run(args.scales, args.src)
    text = table(results)
    print(text)
    first, last = results[0], results[-1]
    growth = (last["build_corpus_s"] / last["copies"]) / (first["build_corpus_s"] / first["copies"])
    merge_growth = (last["merge_s"] / last["copies"]) / max(first["merge_s"] / first["copies"], 1e-9)
    print(
        f"cost per copy, {last['copies']} vs {first['copies']} copies: build ×{growth:.2f}, merge ×{merge_growth:.2f} (1 = linear)"
    )
    if args.write:
        args.write.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
