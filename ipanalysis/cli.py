"""Command line: ``ipanalysis build`` (and ``python -m ipanalysis build``)."""

from __future__ import annotations

import argparse
import sys

from ipanalysis.errors import IpanalysisError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ipanalysis", description="CNIPA task lists as tidy tables")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="raw files → data/processed (Parquet, CSV, data dictionary)")
    b.add_argument("--out", default=None, help="output folder (default data/processed)")
    sub.add_parser("reproduce", help="build → figures → workbook → notebooks → report, with a summary")
    f = sub.add_parser("figures", help="export every chart (PNG, SVG, CSV) to figures/")
    f.add_argument("--lang", choices=["zh", "en"], default="zh")
    f.add_argument("--out", default=None)
    tg = sub.add_parser("targets", help="print every quantitative target (or --unmatched candidates)")
    tg.add_argument("--unmatched", action="store_true", help="numbers with a target unit that match no indicator")
    tg.add_argument("--attainment", action="store_true", help="targets beside reported outcomes")
    p = sub.add_parser("parse", help="parse one file and print its counts and warnings")
    p.add_argument("path")
    p.add_argument("--year", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            from pathlib import Path

            from ipanalysis.config import PROCESSED
            from ipanalysis.corpus.publish import build

            build(Path(args.out) if args.out else PROCESSED)
        elif args.command == "figures":
            from pathlib import Path

            from ipanalysis.config import FIGURES
            from ipanalysis.report.figures import export_all

            written = export_all(Path(args.out) if args.out else FIGURES, lang=args.lang)
            print(f"wrote {len(written)} files")
        elif args.command == "reproduce":
            from ipanalysis.report.pipeline import reproduce

            return reproduce()
        elif args.command == "targets":
            import pandas as pd

            from ipanalysis.analysis import targets

            pd.set_option("display.width", 200)
            pd.set_option("display.max_colwidth", 60)
            if args.unmatched:
                df = targets.unmatched_targets()
                cols = ["year", "source", "task_no", "item_no", "number_raw", "unit", "reason", "sentence"]
            elif args.attainment:
                df = targets.attainment()
                cols = ["year", "indicator", "target", "reported_value", "status", "note"]
            else:
                df = targets.load_targets()
                cols = ["year", "source", "task_no", "item_no", "indicator", "value", "unit", "comparator", "direction"]
            print(df[cols].to_string(index=False))
        elif args.command == "parse":
            from ipanalysis.parse.document import parse_file

            doc = parse_file(args.path, args.year)
            print(doc.documents[["doc_id", "year", "kind", "title", "n_sections", "n_tasks"]].to_string(index=False))
            for w in doc.warnings:
                print(f"warning: {w}")
    except IpanalysisError as exc:  # bad input, stale or inconsistent data: say where and what
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
