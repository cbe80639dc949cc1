"""Command line: ``ipanalysis COMMAND`` (and ``python -m ipanalysis COMMAND``).

Conventions a user can rely on:

* ``ipanalysis`` alone prints the help and exits 0; ``--version`` prints the version.
* A usage mistake (unknown command, conflicting flags) prints the usage and exits 2;
  an error in the input (a file that cannot be parsed, stale or inconsistent data)
  prints ``error: …`` naming the file and exits 2.
* Every command that prints a table takes ``--format text|csv|json``: ``text`` for
  reading, ``csv`` (header row, UTF-8, no index) and ``json`` (an array of records, null
  for missing values) for other programs. Warnings go to stderr in csv and json, so that
  stdout holds nothing but the table.
* A reader that stops early (``ipanalysis targets | head -1``) ends the output quietly,
  with exit status 141 like other Unix tools killed by a closed pipe.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ipanalysis.errors import IpanalysisError

if TYPE_CHECKING:
    import pandas as pd

    from ipanalysis.parse.document import Document

FORMATS = ("text", "csv", "json")
EXIT_USAGE = 2
EXIT_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool whose reader went away


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keep the line breaks of descriptions (each help says its default itself)."""


def _version() -> str:
    from ipanalysis import __version__

    return __version__


_Add = Callable[[str, str, str], argparse.ArgumentParser]


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, every subcommand and argument with its help."""
    parser = _top_parser()
    sub = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")

    def add(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=summary, description=description, formatter_class=_Formatter)

    for command in _COMMANDS:  # in the order the help lists them
        command(add)
    return parser


def _top_parser() -> argparse.ArgumentParser:
    """``ipanalysis`` itself: its description, examples, --version and --workspace."""
    parser = argparse.ArgumentParser(
        prog="ipanalysis",
        description=(
            "CNIPA's yearly IP task lists (国家知识产权局 任务清单) as tidy tables, charts, a workbook,\n"
            "a task explorer and an HTML report, all rebuilt from the raw files in data/raw."
        ),
        epilog=(
            "examples:\n"
            "  ipanalysis reproduce                 every output, from the raw files\n"
            "  ipanalysis targets --format csv      the quantitative targets as CSV\n"
            "  ipanalysis parse new_list.txt        what the parser finds in any file\n"
            "  ipanalysis COMMAND --help            the options of one command"
        ),
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument(
        "--workspace",
        type=Path,
        default=None,
        metavar="DIR",
        help="the folder to read data from and write outputs to (default: $IPANALYSIS_WORKSPACE, "
        "the clone, or ~/.cache/ipanalysis); make one with `ipanalysis init DIR`",
    )
    return parser


def _init_command(add: _Add) -> None:
    i = add(
        "init",
        "make a workspace: the package's data copied in, for your own documents",
        "Make DIR a workspace: data/ with the catalog, raw documents, schema, reference data and\n"
        "reported outcomes copied from the package (to be extended with your own documents and\n"
        "names), and the notebooks. Then run any command with --workspace DIR (or\n"
        "IPANALYSIS_WORKSPACE=DIR); outputs go to DIR/data/processed, DIR/figures, DIR/reports.",
    )
    i.add_argument("dir", type=Path, help="the new workspace (must not exist, or be empty)")


def _build_command(add: _Add) -> None:
    b = add(
        "build",
        "raw files → data/processed (Parquet, CSV, data dictionary, datapackage.json)",
        "Parse every raw file of data/catalog.csv, check the counts, and write each corpus table\n"
        "as Parquet and CSV with a data dictionary, a manifest and a Frictionless datapackage.json.",
    )
    b.add_argument("--out", type=Path, default=None, help="output folder (default: data/processed)")


def _reproduce_command(add: _Add) -> None:
    r = add(
        "reproduce",
        "every output: tables → charts → workbook → explorer → notebooks → report",
        "Rebuild every output from data/raw as a pipeline of steps (see --list); a step, or a\n"
        "part of one (a chart, a notebook), whose outputs were made from what it reads now\n"
        "is skipped as fresh. The first failing step stops the run with a non-zero exit\n"
        "status, and reports/ is left as the previous run wrote it.",
    )
    r.add_argument("--force", action="store_true", help="run every step, fresh or not")
    r.add_argument(
        "--only",
        action="append",
        choices=["tables", "charts", "workbook", "explorer", "notebooks", "report", "build", "figures"],
        metavar="STEP",
        help="run this step alone where stale (tables, charts, workbook, explorer, notebooks, report); may be repeated",
    )
    r.add_argument("--list", action="store_true", help="list the steps, what each reads, and exit")


def _figures_command(add: _Add) -> None:
    f = add(
        "figures",
        "export every chart (PNG, SVG, CSV) to figures/",
        "Draw every chart of the analyses and save it as PNG (200 dpi) and SVG, with the\n"
        "data drawn as CSV beside it (same stem; English charts end in _en).",
    )
    f.add_argument(
        "--lang", choices=["zh", "en", "all"], default="zh", help="language of the labels, or all (default: zh)"
    )
    f.add_argument("--out", type=Path, default=None, help="output folder (default: figures/)")


def _workbook_command(add: _Add) -> None:
    w = add(
        "workbook",
        "write the Excel workbook and its CSV copies to reports/",
        "Write reports/ipanalysis_tables.xlsx (about, columns, documents, sections, tasks … one\n"
        "sheet per table, with filters) and each sheet as CSV in reports/tables/.",
    )
    w.add_argument("--out", type=Path, default=None, help="workbook path (default: reports/ipanalysis_tables.xlsx)")


def _explorer_command(add: _Add) -> None:
    e = add(
        "explorer",
        "write the task explorer (one offline HTML page) to reports/",
        "Write reports/explorer.html: every task, measure and assignment of every year, with\n"
        "full-text search and filters; opens from a file, without a server or a network.",
    )
    e.add_argument("--out", type=Path, default=None, help="page path (default: reports/explorer.html)")


def _targets_command(add: _Add) -> None:
    tg = add(
        "targets",
        "print the quantitative targets (or --unmatched, --attainment)",
        "Print every quantitative target found in the documents, or the number-bearing\n"
        "sentences no indicator matched (--unmatched), or each target beside its reported\n"
        "outcome (--attainment). The two options exclude each other.",
    )
    which = tg.add_mutually_exclusive_group()
    which.add_argument(
        "--unmatched", action="store_true", help="sentences with a number and a target unit that match no indicator"
    )
    which.add_argument(
        "--attainment", action="store_true", help="targets beside reported outcomes: met / missed / unknown"
    )
    _format_option(tg)


def _validate_coding_command(add: _Add) -> None:
    v = add(
        "validate-coding",
        "the stage coder against blind human coding: κ with intervals, per-stage F1",
        "Code every blind-coded unit (corpus tasks, development items of other documents,\n"
        "excerpts) out of sample and compare with the adjudicated human codes: Cohen's kappa\n"
        "with bootstrap intervals, the coders' own agreement, per-stage precision, recall and F1,\n"
        "the confusion matrix and the disagreements, as Markdown.",
    )
    v.add_argument("--out", type=Path, default=None, help="write the report here (default: print it)")


def _parse_command(add: _Add) -> None:
    p = add(
        "parse",
        "parse one file and print its documents, counts and warnings",
        "Parse any single file with the grammar every year uses and print what it finds\n"
        "(documents, sections, tasks) and what it warns about; nothing is written.",
    )
    p.add_argument("path", type=Path, help="the text file to parse (a regular file), or - to read stdin")
    p.add_argument("--year", type=int, default=None, help="the year the list plans for (default: read from the text)")
    p.add_argument(
        "--max-bytes",
        type=_positive_int,
        default=None,
        metavar="N",
        help="refuse input larger than N bytes (default: 20 MB, far beyond any task list)",
    )
    _format_option(p)


_COMMANDS: tuple[Callable[[_Add], None], ...] = (
    _init_command,
    _build_command,
    _reproduce_command,
    _figures_command,
    _workbook_command,
    _explorer_command,
    _targets_command,
    _validate_coding_command,
    _parse_command,
)


def _format_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for reading (the default); csv or json for other programs",
    )


def render(df: pd.DataFrame, fmt: str) -> str:
    """A table as text, CSV or JSON (records; missing values as null)."""
    if fmt == "csv":
        return df.to_csv(index=False, lineterminator="\n")
    if fmt == "json":
        return df.to_json(orient="records", force_ascii=False, indent=1) + "\n"
    import pandas as pd

    with pd.option_context("display.width", 200, "display.max_colwidth", 60, "display.max_rows", None):
        return df.to_string(index=False) + "\n"


def _targets(args: argparse.Namespace) -> None:
    from ipanalysis.api import analyses

    run = analyses()
    if args.unmatched:
        df = run.unmatched_targets()
        cols = ["year", "found_in", "task_no", "item_no", "number_raw", "unit", "reason", "sentence"]
    elif args.attainment:
        df = run.attainment()
        cols = ["year", "indicator", "target", "reported_value", "status", "note"]
    else:
        df = run.targets()
        cols = ["year", "found_in", "task_no", "item_no", "indicator", "value", "unit", "comparator", "direction"]
    sys.stdout.write(render(df[cols], args.format))


def _positive_int(value: str) -> int:
    """A count of bytes on the command line: a whole number above zero."""
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n <= 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of bytes above 0, got {value!r}")
    return n


def _parse_stdin(args: argparse.Namespace, max_bytes: int) -> Document:
    """``ipanalysis parse -``: the bytes of stdin, bounded like a file."""
    from ipanalysis.parse.decode import decode_bytes, read_bounded
    from ipanalysis.parse.document import parse_text

    text, encoding = decode_bytes(read_bounded(sys.stdin.buffer, "<stdin>", max_bytes), "<stdin>")
    return parse_text(text, "<stdin>", year=args.year, encoding=encoding)


def _parse(args: argparse.Namespace) -> None:
    from ipanalysis.corpus.assemble import catalogued
    from ipanalysis.parse.decode import MAX_BYTES, check_input
    from ipanalysis.parse.document import parse_file

    max_bytes = args.max_bytes or MAX_BYTES
    notes: list[str] = []
    if str(args.path) == "-":
        doc = _parse_stdin(args, max_bytes)
    else:
        check_input(args.path, max_bytes)  # before the catalog hashes it: a FIFO or /dev/zero is refused at once
        specs, notes = catalogued(Path(args.path)) if args.year is None else ([], [])
        if specs:  # a file of data/raw: read as the build reads it, against the counts the catalog expects
            doc = parse_file(args.path, specs[0].year, layout=specs[0].layout, specs=specs, max_bytes=max_bytes)
        else:
            doc = parse_file(args.path, args.year, max_bytes=max_bytes)
    cols = ["doc_id", "year", "doc_kind", "title", "n_sections", "n_tasks"]
    sys.stdout.write(render(doc.documents[cols], args.format))
    warn_to = sys.stdout if args.format == "text" else sys.stderr
    for w in [*notes, *doc.warnings]:
        print(f"warning: {w}", file=warn_to)


def _run(args: argparse.Namespace) -> int:
    if args.command == "init":
        from ipanalysis.workspace import init

        for line in init(args.dir):
            print(line)
    elif args.command == "build":
        from ipanalysis.config import PROCESSED
        from ipanalysis.corpus.publish import build as build_release

        build_release(args.out or PROCESSED)
    elif args.command == "validate-coding":
        from ipanalysis.analysis.validation import report

        text = report()
        if args.out:
            args.out.write_text(text, encoding="utf-8")
            print(f"wrote {args.out}")
        else:
            sys.stdout.write(text)
    elif args.command == "figures":
        from ipanalysis.api import analyses
        from ipanalysis.config import FIGURES
        from ipanalysis.report.figures import export_figures

        langs = ("zh", "en") if args.lang == "all" else (args.lang,)
        written = export_figures(analyses(), args.out or FIGURES, langs)
        print(f"wrote {len(written)} files")
    elif args.command == "workbook":
        from ipanalysis.api import analyses
        from ipanalysis.report.workbook import write_workbook

        written = write_workbook(analyses(), args.out) if args.out else write_workbook(analyses())
        print(f"wrote {written[0]} and {len(written) - 1} CSV files")
    elif args.command == "explorer":
        from ipanalysis.api import analyses
        from ipanalysis.report.explorer import explorer_table, write_explorer

        table = analyses().call(explorer_table)
        print(f"wrote {write_explorer(table, args.out) if args.out else write_explorer(table)}")
    elif args.command == "reproduce":
        from ipanalysis.report.pipeline import describe, reproduce

        if args.list:
            print(describe())
            return 0
        return reproduce(force=args.force, only=args.only)
    elif args.command == "targets":
        _targets(args)
    elif args.command == "parse":
        _parse(args)
    return 0


def _quiet_closed_pipe() -> int:
    """The reader went away: send what is left to /dev/null so the exit flush stays silent."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # bare `ipanalysis`: show what it can do
        parser.print_help()
        return 0
    if args.workspace is not None:  # before anything reads ipanalysis.config
        if not (args.workspace / "data" / "schema").is_dir() and args.command != "init":
            print(
                f"error: {args.workspace} is not a workspace (no data/schema): make one with `ipanalysis init`",
                file=sys.stderr,
            )
            return EXIT_USAGE
        os.environ["IPANALYSIS_WORKSPACE"] = str(args.workspace.resolve())
    try:
        status = _run(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        return _quiet_closed_pipe()
    except IpanalysisError as exc:  # bad input, stale or inconsistent data: say where and what
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
