"""The report's landing page, ``reports/index.html``: a reader's way in, without Python.

Headline findings (every number computed from the tables at build time), a gallery of
every chart in Chinese and English with its SVG and data (CSV), the notebook pages, and
links to the explorer, the workbook, the tables, the citation and the licence. The
charts are copied into ``reports/figures/`` so the folder stands alone (a zip, a static
host or a file share); nothing is fetched from a network.
"""

from __future__ import annotations

import html
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


def headlines(analyses: Analyses) -> list[tuple[str, ...]]:
    """(Chinese, English[, basis]) sentences of the headline findings, each number computed from the tables.

    After the size of the corpus and the targets met, the findings are about change
    from list to list (:mod:`ipanalysis.report.findings`): each with its interval and
    ``n``, ties named, and what it rests on.
    """
    tasks, docs = analyses.tasks(), analyses.documents()
    years = sorted(int(y) for y in tasks["year"].unique())
    per_year = tasks.groupby("year").size()
    out = [
        (
            f"{len(docs)} 份文件，{len(years)} 个年度（{'、'.join(map(str, years))}），共 {len(tasks)} 项任务："
            + "，".join(f"{y} 年 {per_year[y]} 项" for y in years)
            + "。",
            f"{len(docs)} documents of {len(years)} years ({', '.join(map(str, years))}), {len(tasks)} tasks: "
            + ", ".join(f"{per_year[y]} in {y}" for y in years)
            + ".",
        )
    ]
    from ipanalysis.report.findings import headline_findings

    shifts = headline_findings(analyses)
    t = analyses.targets()
    status = analyses.attainment()["status"].value_counts()
    met, missed, unknown = (int(status.get(k, 0)) for k in ("met", "missed", "unknown"))
    out.append(
        (
            f"文件中共有 {len(t)} 个量化目标；与公布的全年结果对照：达成 {met} 个，未达成 {missed} 个，无法判断 {unknown} 个。",
            f"The documents set {len(t)} quantitative targets; against reported full-year outcomes "
            f"{met} were met, {missed} missed and {unknown} cannot be judged.",
        )
    )
    lead = {
        "departments": ("部门", "Departments"),
        "obligations": ("省份义务", "Provincial obligations"),
        "targets": ("量化目标", "Targets"),
        "themes": ("主题", "Themes"),
    }
    out += [(f"{lead[f.topic][0]}：{f.zh}", f"{lead[f.topic][1]}: {f.en}", f.basis) for f in shifts]
    return out


def _copy_figures(src: Path, dst: Path) -> dict[str, pd.DataFrame]:
    """Copy every indexed chart file next to the report; return the index per language.

    A file that ``src`` does not hold as current (its manifest was made from other inputs,
    or the file was edited) never replaces one a notebook page drew afresh, and the
    gallery says it is stale with a warning rather than silently.
    """
    from ipanalysis.report.figures import current_file, current_files, read_index

    dst.mkdir(parents=True, exist_ok=True)
    indexes, stale, current = {}, [], current_files(src)
    for lang in LANGS:
        idx = read_index(src, lang)
        for r in idx.itertuples(index=False):
            for f in (r.png, r.svg, r.csv):
                if not f or not (src / f).exists():
                    continue
                blob = current_file(src, f, current)
                if blob is None:
                    stale.append(f)
                    if (dst / f).exists():
                        continue  # drawn afresh for a page: keep it
                    blob = (src / f).read_bytes()
                (dst / f).write_bytes(blob)
        indexes[lang] = idx
    if stale:
        warnings.warn(
            f"{src} was not made from the current inputs and code ({len(stale)} files, e.g. {stale[0]}); "
            "the gallery shows them as they are: run `ipanalysis figures --lang all` first",
            stacklevel=3,
        )
    return indexes


def _gallery(indexes: dict[str, pd.DataFrame], folder: str) -> str:
    esc = html.escape
    zh = indexes["zh"].set_index("name") if len(indexes["zh"]) else None
    en = indexes["en"].set_index("name") if len(indexes["en"]) else None
    names = sorted(set(indexes["zh"]["name"]) | set(indexes["en"]["name"]))
    cards = []
    for name in names:
        figs = []
        for lang, idx, word in (("zh", zh, "中文"), ("en", en, "English")):
            if idx is None or name not in idx.index:
                continue
            r = idx.loc[name]
            links = " · ".join(f'<a href="{folder}/{esc(r[e])}">{e.upper()}</a>' for e in ("png", "svg", "csv") if r[e])
            figs.append(
                f'<figure lang="{lang}"><a href="{folder}/{esc(r["png"])}"><img src="{folder}/{esc(r["png"])}" '
                f'alt="{esc(r["title"])}" loading="lazy"></a><figcaption>{esc(r["title"])}<br>'
                f"<small>{word}: {links}</small></figcaption></figure>"
            )
        cards.append(
            f'<section class="chart" id="{esc(name)}"><h3><code>{esc(name)}</code></h3>{"".join(figs)}</section>'
        )
    return "\n".join(cards)


_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       max-width: 80em; margin: 1.5em auto; padding: 0 1em; color: #222; line-height: 1.5; }
nav a { margin-right: 1.2em; }
ul.findings li { margin-bottom: 0.5em; }
ul.findings .en { color: #444; }
ul.findings .basis { color: #777; }
section.chart { border-top: 1px solid #ddd; padding-top: 0.5em; margin-top: 1em; }
section.chart h3 { font-size: 0.9em; color: #666; margin: 0; }
figure { display: inline-block; vertical-align: top; width: 48%; margin: 0.5em 1% 0 0; }
figure img { width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.9em; }
"""


def landing_html(
    findings: list[tuple[str, ...]], pages: list[tuple[str, str]], gallery: str, tables: list[str] | None = None
) -> str:
    """The page itself, from computed findings, (file, title) of the notebook pages, the gallery and table files."""
    from ipanalysis.release import about_text, citation_text, version

    esc = html.escape
    about = about_text()
    items = "\n".join(
        f'<li><span lang="zh">{esc(f[0])}</span><br><span class="en" lang="en">{esc(f[1])}</span>'
        + (f'<br><small class="basis">basis: {esc(f[2])}</small>' if len(f) > 2 else "")
        + "</li>"
        for f in findings
    )
    table_items = " · ".join(f'<a href="tables/{esc(t)}">{esc(Path(t).stem)}</a>' for t in tables or [])
    nb_items = "\n".join(f'<li><a href="{esc(f)}">{esc(t)}</a></li>' for f, t in pages)
    return f"""<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ipanalysis {esc(version())} · 国家知识产权局年度任务清单 CNIPA task lists: report</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>国家知识产权局年度任务清单 <small>CNIPA's yearly IP task lists</small></h1>
<p lang="zh">{esc(about["what"][1])}</p>
<p lang="en">{esc(about["what"][0])}</p>
<nav><a href="explorer.html">任务浏览器 Task explorer</a><a href="ipanalysis_tables.xlsx">工作簿 Workbook (.xlsx)</a><a href="#tables">数据表 Tables (CSV)</a><a href="#gallery">图表 Charts</a><a href="#notebooks">分析 Analyses</a><a href="#cite">引用 Cite</a></nav>
</header>
<main>
<h2>主要发现 Headline findings</h2>
<ul class="findings">
{items}
</ul>
<h2 id="notebooks">分析 Analyses</h2>
<p>Each page is an executed notebook shown without its code (the code is in <code>notebooks/</code> and <code>reports/notebooks/</code>).</p>
<ul>
{nb_items}
</ul>
<h2 id="tables">数据表 Tables</h2>
<p>The workbook <a href="ipanalysis_tables.xlsx">ipanalysis_tables.xlsx</a> (sheets about and columns explain every column in Chinese and English), and each sheet as CSV (UTF-8): {table_items}.
The corpus tables with their Frictionless <code>datapackage.json</code> are in <code>data/processed/</code> of the repository.</p>
<h2 id="cite">引用与许可 Cite and licence</h2>
<p>Version {esc(version())}. {esc(citation_text())}</p>
<p lang="en">{esc(about["licence_data"][0])} {esc(about["licence_code"][0])}</p>
<p lang="en">{esc(about["documents"][0])}</p>
<p lang="zh">{esc(about["documents"][1])}</p>
<p lang="en">{esc(about["safe_opening"][0])}</p>
<h2 id="gallery">图表 Charts (中文 · English)</h2>
<p>Every chart in both languages; click for the full-size PNG, or take the SVG and the data drawn (CSV).</p>
{gallery}
</main>
</body>
</html>
"""


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
    page = landing_html(headlines(analyses), titled, _gallery(indexes, "figures"), tables)
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
