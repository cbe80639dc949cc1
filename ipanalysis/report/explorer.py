"""The task explorer: every task of every year on one self-contained HTML page.

Policy staff search and filter the tasks without Python: full-text search over the
task text and over Chinese and English labels, and filters (DataTables SearchPanes) by
year, section, lead and named department, provincial obligation, chain stage, policy
instrument and target indicator. Each row shows the task's title and all its measures,
where it stands in the raw file (file and line), who is in charge, which provinces must
or may act, and its quantitative targets. Work guide items are rows too.

The page is built with itables, which bundles DataTables: the library is embedded in
the page, so it opens from a file (``file://``) or any static host, with no server and
no network. Document text is HTML-escaped before it reaches a cell.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from ipanalysis.config import ANALYSIS_REF, REPORTS

SEP = "<br>"  # between the values of a multi-valued cell; the filters split on it
TABLE_ID = "tasks"
NONE = "无 none"
# (column, header) of the page, in order; `filter` columns get a SearchPanes pane,
# `hidden` ones are searched and filtered but not shown
COLUMNS: list[tuple[str, str, bool, bool]] = [
    # name, header, filter, hidden
    ("year", "年度 Year", True, False),
    ("kind", "类型 Kind", True, True),
    ("section", "部分 Section", True, False),
    ("no", "序号 No.", False, False),
    ("task", "任务与举措 Task and measures", False, False),
    ("lead", "牵头部门 Lead", True, False),
    ("named", "局内部门 Departments named", True, False),
    ("local", "省份与地方 Provinces and localities", False, False),
    ("obligation", "省份义务 Province obligation", True, True),
    ("stage", "链条环节 Chain stage", True, False),
    ("instruments", "政策工具 Policy instruments", True, False),
    ("indicators", "目标指标 Target indicator", True, True),
    ("targets", "量化目标 Targets", False, False),
    ("completion", "完成时间 Completion", False, False),
    ("source", "出处 Source (data/raw file:line)", False, False),
    ("labels_en", "English labels", False, True),
]


def _esc(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return html.escape(str(value), quote=True)


def _join(values: list[str]) -> str:
    """Distinct values in first-seen order, escaped, one a line; the filters split them again."""
    seen = list(dict.fromkeys(v for v in values if v))
    return SEP.join(_esc(v) for v in seen)


def _labels(scheme: str) -> dict[str, tuple[str, str]]:
    codes = pd.read_csv(ANALYSIS_REF / "codebook.csv", dtype=str, keep_default_na=False)
    codes = codes[codes["scheme"] == scheme]
    return {r.code: (r.label_zh, r.label_en) for r in codes.itertuples(index=False)}


def _indicator_en() -> dict[str, str]:
    ind = pd.read_csv(ANALYSIS_REF / "indicators.csv", dtype=str, keep_default_na=False)
    return dict(zip(ind["zh"], ind["en"], strict=True))


def _task_cell(title: object, text: object, terms: list[str] | None = None) -> str:
    body = SEP.join(_esc(line) for line in str(text or "").splitlines() if line.strip())
    gloss = f'<div class="terms">关键词 Terms: {_esc(" · ".join(terms))}</div>' if terms else ""
    return f'<b class="title">{_esc(title)}</b><div class="text">{body}</div>{gloss}'


def _target_line(t, english: dict[str, str] | None = None) -> str:
    comparator = {"<=": "≤", ">=": "≥", "~": "约", "=": "="}.get(t.comparator, t.comparator)
    en = (english or {}).get(t.indicator_zh, "")
    return f"{t.indicator_zh}{f' ({en})' if en else ''} {comparator} {t.number_raw}"


def _glossary_terms() -> list[tuple[str, str]]:
    """(Chinese, English) of the glossary's domain terms, longest first (the glossary the charts translate with)."""
    from ipanalysis.report.words import glossary_order, tr

    return sorted(((zh, tr(zh, "en")) for zh in glossary_order("term")), key=lambda t: (-len(t[0]), t[0]))


def _terms_in(text: str, terms: list[tuple[str, str]]) -> list[str]:
    """The glossary terms a text uses, as ``质押融资 pledge financing``; a term inside a longer one found is left out."""
    found: list[str] = []
    for zh, _ in terms:
        if zh in text and not any(zh in f for f in found):
            found.append(zh)
    return [f"{zh} {en}" for zh, en in terms if zh in found]


def _lineage(departments: pd.DataFrame) -> dict[str, list[str]]:
    """Department as written → today's department(s): a pre-reform name maps to its successor(s)."""
    out: dict[str, list[str]] = {}
    for r in departments.itertuples(index=False):
        succ = r.successor if isinstance(r.successor, str) and r.successor else ""
        out[r.name] = succ.split(";") if succ else [r.canonical]
    return out


def explorer_table(
    tasks: pd.DataFrame,
    assignments: pd.DataFrame,
    guideline_items: pd.DataFrame,
    documents: pd.DataFrame,
    departments: pd.DataFrame,
    task_codes: pd.DataFrame,
    measure_codes: pd.DataFrame,
    targets: pd.DataFrame,
) -> pd.DataFrame:
    """One row per task (and work guide item), cells ready for the page (escaped HTML).

    What a reader filters and searches is shown in the row, in Chinese and English:
    departments under today's name (a pre-reform name is filed under its successor, the
    wording as written kept beside it), sections, stage, instruments, targets and the
    glossary terms the text uses.
    """
    from ipanalysis.report.words import tr

    guide = guideline_items
    terms, lineage = _glossary_terms(), _lineage(departments)

    def dept_cell(units: list[str]) -> str:
        values, written = [], []
        for u in units:
            today = lineage.get(u, [u])
            values += [f"{d} {tr(d, 'en')}" if tr(d, "en") != d else d for d in today]
            if today != [u]:
                written.append(u)
        cell = _join(values)
        if written:
            note = "、".join(dict.fromkeys(written))
            cell += f'{SEP}<small class="as-written">原文 as written: {_esc(note)}</small>'
        return cell

    def section_cell(section: str) -> str:
        name = section.partition(". ")[2]
        en = tr(name, "en")
        return _esc(section + (f" · {en}" if en != name else ""))

    stages, instruments, ind_en = _labels("chain_stage"), _labels("instrument"), _indicator_en()

    by_task = {k: g for k, g in assignments.groupby(["year", "task_no"], sort=False)}
    stage_of = {(r.year, r.task_no): r.chain_stage for r in task_codes.itertuples(index=False)}
    instr_of = {k: list(g["instrument"].dropna()) for k, g in measure_codes.groupby(["year", "task_no"], sort=False)}
    is_task = targets["found_in"] == "task"
    targets_of = {k: list(g.itertuples(index=False)) for k, g in targets[is_task].groupby(["year", "task_no"])}
    guide_targets = {
        k: list(g.itertuples(index=False)) for k, g in targets[~is_task].groupby(["year", "part_no", "item_no"])
    }

    def row(
        year, kind, section, no, title, text, leads, named, local, obligations, stage, instr, tgts, completion, src
    ):
        stage_zh, stage_en = stages.get(stage, ("", "")) if stage else ("", "")
        instr_labels = [instruments[i] for i in dict.fromkeys(instr) if i in instruments]
        english = [tr(d, "en") for d in named] + [stage_en] + [en for _, en in instr_labels]
        english += [ind_en.get(t.indicator_zh, "") for t in tgts] + [tr(o, "en") for o in obligations]
        return {
            "year": year,
            "kind": kind,
            "section": section_cell(section),
            "no": no,
            "task": _task_cell(title, text, _terms_in(f"{title}\n{text}", terms)),
            "lead": dept_cell(leads),
            "named": dept_cell(named),
            "local": _join(local),
            "obligation": _join(f"{o} {tr(o, 'en')}" for o in obligations) or NONE,
            "stage": _esc(f"{stage_zh} {stage_en}".strip()),
            "instruments": _join(f"{zh} {en}" for zh, en in instr_labels),
            "indicators": _join(f"{t.indicator_zh} {ind_en.get(t.indicator_zh, '')}".strip() for t in tgts),
            "targets": _join(_target_line(t, ind_en) for t in tgts),
            "completion": _esc(completion),
            "source": _esc(src),
            "labels_en": _join(english),
        }

    rows = []
    for t in tasks.itertuples(index=False):
        a = by_task.get((t.year, t.task_no), assignments.iloc[:0])
        bureau = a[a["level"] == "bureau"]
        lead = (
            list(bureau.loc[bureau["role"] == "lead", "assignee"]) if "role" in bureau else list(bureau["assignee"][:1])
        )
        local = [f"{r.label}：{r.assignee} {r.obligation}" for r in a[a["level"] != "bureau"].itertuples(index=False)]
        obligations = list(a.loc[a["level"] == "province", "obligation"].dropna())
        rows.append(
            row(
                t.year,
                "任务 task",
                f"{t.section_no}. {t.section}",
                t.task_no,
                t.title,
                t.text,
                lead,
                list(bureau["assignee"]),
                local,
                obligations,
                stage_of.get((t.year, t.task_no)),
                instr_of.get((t.year, t.task_no), []),
                targets_of.get((t.year, t.task_no), []),
                t.completion,
                f"{t.source_file}:{t.line}",
            )
        )
    sources = documents.set_index("doc_id")["source_file"]
    for g in guide.itertuples(index=False):
        depts = [d for d in g.departments.split(";") if d] if isinstance(g.departments, str) else []
        rows.append(
            row(
                g.year,
                "指引条目 guide item",
                f"{g.part_no}. {g.part}",
                g.item_no,
                g.title,
                g.text,
                depts[:1],  # the first-named body leads, as in the task lists
                depts,
                [],
                [],
                None,
                [],
                guide_targets.get((g.year, g.part_no, g.item_no), []),
                None,
                f"{sources.get(g.doc_id, '')}:{g.line}",
            )
        )
    return pd.DataFrame(rows, columns=[c for c, *_ in COLUMNS])


_SPLIT = """function (data, type) {
  if (type === 'sp') {
    return data ? String(data).replace(/<small class="as-written">.*?<\\/small>/g, '').split('<br>').filter(Boolean) : [];
  }
  return data;
}"""


LANGUAGE: dict[str, object] = {"search": "搜索 Search:", "searchPanes": {"title": "筛选 Filters: %d"}}
_LABEL = "function (td) { td.setAttribute('data-label', %s); }"


def explorer_html(table: pd.DataFrame) -> str:
    """The whole page: header, the embedded DataTables library, the table with its filters."""
    from itables import to_html_datatable
    from itables.javascript import generate_init_offline_itables_html
    from itables.options import dt_bundle
    from itables.typing import JavascriptFunction

    from ipanalysis.release import citation_text, version

    frame = table.copy()
    frame.columns = [h for _, h, *_ in COLUMNS]
    panes = [i for i, (*_, f, _h) in enumerate(COLUMNS) if f]
    hidden = [i for i, (*_, h) in enumerate(COLUMNS) if h]
    multi = [
        i for i, (c, *_) in enumerate(COLUMNS) if c in {"lead", "named", "obligation", "instruments", "indicators"}
    ]
    table_html = to_html_datatable(
        frame,
        table_id=TABLE_ID,
        connected=False,
        allow_html=True,  # cells are escaped above
        maxBytes=0,  # every row, never a downsampled preview
        showIndex=False,
        pageLength=25,
        scrollX=True,  # a narrow screen scrolls the table, not the page
        lengthMenu=[10, 25, 50, 100, -1],
        order=[[0, "asc"], [3, "asc"]],
        classes="display compact cell-border",
        layout={"top2": "search", "top1": "searchPanes", "topStart": "pageLength", "topEnd": None},  # search first
        searchPanes={
            "columns": panes,
            "layout": "columns-3",
            "cascadePanes": True,
            "viewTotal": True,
            "initCollapsed": True,
            "dtOpts": {"select": {"style": "multi"}},
        },
        columnDefs=[
            {"targets": hidden, "visible": False},
            {"targets": [i for i, (c, *_) in enumerate(COLUMNS) if c == "source"], "className": "src"},
            {"targets": [i for i, (c, *_) in enumerate(COLUMNS) if c == "targets"], "className": "tgt"},
            {"targets": multi, "render": JavascriptFunction(_SPLIT), "searchPanes": {"orthogonal": "sp"}},
            # each cell names its column, shown above it when rows become cards on a phone
            *(  # type: ignore[list-item]
                {"targets": i, "createdCell": JavascriptFunction(_LABEL % json.dumps(header))}
                for i, (_, header, *_) in enumerate(COLUMNS)
            ),
        ],
        language=LANGUAGE,  # type: ignore[arg-type]
        warn_on_undocumented_option=False,
    )
    from markupsafe import Markup

    from ipanalysis.report.pages import render_page

    years = sorted({int(y) for y in table["year"]})
    n_tasks = int((table["kind"] == "任务 task").sum())
    return render_page(
        "explorer",
        version=version(),
        citation=citation_text(),
        years=years,
        n_tasks=n_tasks,
        n_items=len(table) - n_tasks,
        init=Markup(generate_init_offline_itables_html(dt_bundle)),  # the DataTables library, as itables writes it
        table=Markup(table_html),  # cells escaped by explorer_table
    )


def write_explorer(table: pd.DataFrame, path: Path = REPORTS / "explorer.html") -> Path:
    """Write the explorer page of a table of :func:`explorer_table`; same table, same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page = explorer_html(table)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(path)
    return path
