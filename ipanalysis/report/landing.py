"""The report's landing page, ``reports/index.html``: a reader's way in, without Python.

Headline findings (every number computed from the tables at build time), a gallery of
every chart in Chinese and English with its SVG and data (CSV), the notebook pages, and
links to the explorer, the workbook, the tables, the citation and the licence. The
charts are copied into ``reports/figures/`` so the folder stands alone (a zip, a static
host or a file share); nothing is fetched from a network.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ipanalysis.config import FIGURES, REPORTS

if TYPE_CHECKING:
    from ipanalysis.analysis.registry import Analyses

LANGS = ("zh", "en")


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f}%" if d else "–"


def headlines(analyses: Analyses) -> list[tuple[str, ...]]:  # (zh, en) or (zh, en, basis)
    """(Chinese, English[, basis]) sentences of the headline findings, each number computed from the tables.

    After the size of the corpus and the targets met, the findings are about change
    from list to list (:mod:`ipanalysis.report.findings`): each with its interval and
    ``n``, ties named, and what it rests on.
    """
    tasks, docs = analyses.tasks(), analyses.documents()
    years = sorted(int(y) for y in tasks["year"].unique())
    per_year = tasks.groupby("year").size()
    primary = int((docs["doc_role"] == "primary").sum())  # the same count as page 1.0: a year's second source apart
    files, second = docs["source_file"].nunique(), len(docs) - primary
    copies_zh = f"；另有 {second} 份为同一清单的第二来源，仅用于比对" if second else ""
    copies_en = f"; {second} more a second copy of a list, used only for comparison" if second else ""
    out: list[tuple[str, ...]] = [
        (
            f"{primary} 份文件（取自 {files} 个原始文件{copies_zh}），{len(years)} 个年度"
            f"（{'、'.join(map(str, years))}），共 {len(tasks)} 项任务："
            + "，".join(f"{y} 年 {per_year[y]} 项" for y in years)
            + "。",
            f"{primary} documents (from {files} raw files{copies_en}) of {len(years)} years "
            f"({', '.join(map(str, years))}), {len(tasks)} tasks: "
            + ", ".join(f"{per_year[y]} in {y}" for y in years)
            + ".",
        )
    ]
    from ipanalysis.report.findings import headline_findings

    shifts = headline_findings(analyses)
    t = analyses.targets()
    att = analyses.attainment()
    status = att["status"].value_counts()
    met, missed, unknown = (int(status.get(k, 0)) for k in ("met", "missed", "unknown"))
    # each judgement says what kind of source it rests on: an official one, or a repost site
    reposts = {k: int(((att["status"] == k) & (att["source_kind"] == "repost")).sum()) for k in ("met", "missed")}
    note_zh = "".join(f"（其中 {n} 个依据转载网站的数据）" if n else "" for n in [reposts["met"]])
    note_en = "".join(f" ({n} of them on figures from repost sites)" if n else "" for n in [reposts["met"]])
    miss_zh = f"（其中 {reposts['missed']} 个依据转载网站）" if reposts["missed"] else ""
    miss_en = f" ({reposts['missed']} on repost sites)" if reposts["missed"] else ""
    out.append(
        (
            f"文件中共有 {len(t)} 个量化目标；与公布的全年结果对照：达成 {met} 个{note_zh}，"
            f"未达成 {missed} 个{miss_zh}，无法判断 {unknown} 个（未见以其单位公布的全年数据）。"
            "只有公布了结果的目标才能判断，未达成的目标可能较少被公布。",
            f"The documents set {len(t)} quantitative targets; against reported full-year outcomes "
            f"{met} were met{note_en}, {missed} missed{miss_en} and {unknown} cannot be judged (no full-year "
            "figure in its unit was found). Only targets whose outcome was published can be judged, and a "
            "missed target may be less likely to be published.",
            "attainment(): a target against the reported outcome of its own period; official sources and "
            "outlets, or repost sites (source_kind in data/external/reported_outcomes.csv)",
        )
    )
    from ipanalysis.report.words import tr

    lead = {
        f.topic: (tr(f"finding_{f.topic}", "zh"), tr(f"finding_{f.topic}", "en")) for f in shifts
    }  # code_labels.csv
    out += [(f"{lead[f.topic][0]}：{f.zh}", f"{lead[f.topic][1]}: {f.en}", f.basis) for f in shifts]
    return out


def _copy_figures(src: Path, dst: Path) -> dict[str, pd.DataFrame]:
    """Copy every indexed chart file next to the report; return the index per language, of the charts shown.

    Only files the manifest of ``src`` records, with the bytes it records, are copied. A
    chart with a file that fails the check is left out of the gallery with a warning
    (never shown as it is), unless a notebook page drew that file afresh beside the report.
    """
    from ipanalysis.report.figures import current_file, current_files, read_index

    dst.mkdir(parents=True, exist_ok=True)
    indexes, refused, current = {}, [], current_files(src)
    for lang in LANGS:
        idx = read_index(src, lang)
        shown = []
        for r in idx.itertuples(index=False):
            blobs = {f: current_file(src, f, current) for f in (r.png, r.svg, r.csv) if f}
            bad = [f for f, b in blobs.items() if b is None and not (dst / f).exists()]
            if bad:
                refused += bad
                continue
            for f, blob in blobs.items():
                if blob is not None:
                    (dst / f).write_bytes(blob)
            shown.append(r.name)
        indexes[lang] = idx[idx["name"].isin(shown)].reset_index(drop=True)
    if refused:
        warnings.warn(
            f"{src}: {len(refused)} chart file(s) not as its manifest records them (e.g. {refused[0]}) are left out "
            "of the gallery: run `ipanalysis reproduce --only charts` first",
            stacklevel=3,
        )
    return indexes


def _charts(indexes: dict[str, pd.DataFrame]) -> list[dict]:
    """Every chart of the indexes with its figure per language (title, files), for the gallery."""
    zh = indexes["zh"].set_index("name") if len(indexes["zh"]) else None
    en = indexes["en"].set_index("name") if len(indexes["en"]) else None
    out = []
    for name in sorted(set(indexes["zh"]["name"]) | set(indexes["en"]["name"])):
        figures = []
        for lang, idx, word in (("zh", zh, "中文"), ("en", en, "English")):
            if idx is None or name not in idx.index:
                continue
            r = idx.loc[name]
            links = [(e.upper(), r[e]) for e in ("png", "svg", "csv") if r[e]]
            figures.append({"lang": lang, "png": r["png"], "title": r["title"], "word": word, "links": links})
        out.append({"name": name, "figures": figures})
    return out


def landing_html(
    findings: list[tuple[str, ...]], pages: list[tuple[str, str]], charts: list[dict], tables: list[str] | None = None
) -> str:
    """The page, from ``templates/landing/landing.html.j2``: computed findings, (file, title) of the notebook pages,
    the gallery's charts (:func:`_charts`) and the table files. Every value is escaped by the template."""
    from ipanalysis.release import about_text, citation_text, version
    from ipanalysis.report.pages import render_page

    return render_page(
        "landing",
        version=version(),
        about=about_text(),
        citation=citation_text(),
        findings=findings,
        pages=pages,
        tables=[{"file": t, "name": Path(t).stem} for t in tables or []],
        charts=charts,
        folder="figures",
    )


def write_landing(
    analyses: Analyses, out_dir: Path = REPORTS, pages: list[Path] | None = None, figures: Path = FIGURES
) -> list[Path]:
    """Write ``index.html`` (and copy the charts into ``figures/`` beside it); return what was written."""
    import nbformat

    from ipanalysis.report.notebooks import page_title

    pages = pages or []
    titled = []
    for p in pages:
        nb_path = p.parent / "notebooks" / f"{p.stem}.ipynb"
        title = page_title(nbformat.read(nb_path, as_version=4)) if nb_path.exists() else p.stem
        titled.append((p.name, title))
    indexes = _copy_figures(figures, out_dir / "figures")
    tables = sorted(p.name for p in (out_dir / "tables").glob("*.csv"))
    page = landing_html(headlines(analyses), titled, _charts(indexes), tables)
    index = out_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    copied = [
        out_dir / "figures" / f
        for idx in indexes.values()
        for r in idx.itertuples()
        for f in (r.png, r.svg, r.csv)
        if f
    ]
    return [index, *copied]
