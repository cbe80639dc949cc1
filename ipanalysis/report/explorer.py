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
import re
from collections.abc import Iterable
from dataclasses import dataclass
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


def _join(values: Iterable[str]) -> str:
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


def search_key(name: str) -> str:
    """The words of an English name as the search box compares them: ``Dept. of IP Protection`` → ``department protection``.

    Lower case, any order, each word once, a plural as its singular (a final ``s`` of a
    longer word); ``dept`` is ``department``; ``of``, ``IP``, ``CNIPA`` …
    (:data:`SEARCH_STOP`) and a ``(pre-reform)`` left out. The page's search
    (``templates/explorer/search.js``) reads a query the same way.
    """
    words = re.split(r"[^a-z0-9]+", re.sub(r"\(pre-[a-z0-9]+\)", " ", name.lower()))
    words = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words]
    words = ["department" if w in SEARCH_DEPARTMENT else w for w in words]
    return " ".join(sorted({w for w in words if w and w not in SEARCH_STOP}))


def english_names() -> dict[str, object]:
    """What the page's search needs to read an English department name: key → Chinese name, and the words it drops.

    The names are the glossary's (data/reference/report/glossary.csv, kind department).
    Each name is known with and without the word "department" (``patent administration``); a
    key two names share, or of one word only, is left out: those words are searched as typed.
    """
    from ipanalysis.report.words import glossary_order, tr

    keys: dict[str, list[str]] = {}
    for zh in glossary_order("department"):
        key = search_key(tr(zh, "en"))
        keys.setdefault(key, []).append(zh)
        bare = " ".join(w for w in key.split() if w != "department")  # "patent administration" names one too
        if bare != key:
            keys.setdefault(bare, []).append(zh)
    names = {k: zhs[0] for k, zhs in sorted(keys.items()) if len(set(zhs)) == 1 and len(k.split()) > 1}
    return {"names": names, "stop": list(SEARCH_STOP), "department": list(SEARCH_DEPARTMENT)}


def _lineage(departments: pd.DataFrame) -> dict[str, list[str]]:
    """Department as written → today's department(s): a pre-reform name maps to its successor(s)."""
    out: dict[str, list[str]] = {}
    for r in departments.itertuples(index=False):
        succ = r.successor if isinstance(r.successor, str) and r.successor else ""
        out[r.name] = succ.split(";") if succ else [r.canonical]
    return out


@dataclass(frozen=True)
class _Words:
    """What a row's cells are labelled with: glossary terms, department lineage, code and indicator names."""

    terms: list[tuple[str, str]]  # (Chinese, English) glossary terms, longest first
    lineage: dict[str, list[str]]  # department as written → today's department(s)
    stages: dict[str, tuple[str, str]]  # chain stage code → (Chinese, English)
    instruments: dict[str, tuple[str, str]]  # policy instrument code → (Chinese, English)
    indicators: dict[str, str]  # indicator's Chinese name → English


@dataclass(frozen=True)
class _Row:
    """One task or work guide item, as read from the tables, before its cells are written."""

    year: int
    kind: str
    section: str  # "N. title"
    no: int
    title: str
    text: str
    leads: list[str]
    named: list[str]
    local: list[str]
    obligations: list[str]
    stage: str | None
    instruments: list[str]
    targets: list  # rows of the targets table
    completion: object
    source: str  # file:line


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
    words = _Words(
        _glossary_terms(), _lineage(departments), _labels("chain_stage"), _labels("instrument"), _indicator_en()
    )
    rows = [
        *_task_rows(tasks, assignments, task_codes, measure_codes, targets),
        *_guide_rows(guideline_items, documents, targets),
    ]
    return pd.DataFrame([_cells(r, words) for r in rows], columns=[c for c, *_ in COLUMNS])


def _task_rows(
    tasks: pd.DataFrame,
    assignments: pd.DataFrame,
    task_codes: pd.DataFrame,
    measure_codes: pd.DataFrame,
    targets: pd.DataFrame,
) -> list[_Row]:
    """Every task with its departments, provinces, stage, instruments and targets."""
    by_task = {k: g for k, g in assignments.groupby(["year", "task_no"], sort=False)}
    stage_of = {(r.year, r.task_no): r.chain_stage for r in task_codes.itertuples(index=False)}
    instr_of = {k: list(g["instrument"].dropna()) for k, g in measure_codes.groupby(["year", "task_no"], sort=False)}
    is_task = targets["found_in"] == "task"
    targets_of = {k: list(g.itertuples(index=False)) for k, g in targets[is_task].groupby(["year", "task_no"])}
    rows = []
    for t in tasks.itertuples(index=False):
        a = by_task.get((t.year, t.task_no), assignments.iloc[:0])
        bureau = a[a["level"] == "bureau"]
        lead = (
            list(bureau.loc[bureau["role"] == "lead", "assignee"]) if "role" in bureau else list(bureau["assignee"][:1])
        )
        local = [f"{r.label}：{r.assignee} {r.obligation}" for r in a[a["level"] != "bureau"].itertuples(index=False)]
        key = (t.year, t.task_no)
        rows.append(
            _Row(
                t.year,
                "任务 task",
                f"{t.section_no}. {t.section}",
                t.task_no,
                t.title,
                t.text,
                lead,
                list(bureau["assignee"]),
                local,
                list(a.loc[a["level"] == "province", "obligation"].dropna()),
                stage_of.get(key),
                instr_of.get(key, []),
                targets_of.get(key, []),
                t.completion,
                f"{t.source_file}:{t.line}",
            )
        )
    return rows


def _guide_rows(guideline_items: pd.DataFrame, documents: pd.DataFrame, targets: pd.DataFrame) -> list[_Row]:
    """Every work guide item: its departments (the first-named leads, as in the task lists) and targets."""
    guide_targets = {
        k: list(g.itertuples(index=False))
        for k, g in targets[targets["found_in"] != "task"].groupby(["year", "part_no", "item_no"])
    }
    sources = documents.set_index("doc_id")["source_file"]
    rows = []
    for g in guideline_items.itertuples(index=False):
        depts = [d for d in g.departments.split(";") if d] if isinstance(g.departments, str) else []
        rows.append(
            _Row(
                g.year,
                "指引条目 guide item",
                f"{g.part_no}. {g.part}",
                g.item_no,
                g.title,
                g.text,
                depts[:1],
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
    return rows


def _cells(r: _Row, words: _Words) -> dict[str, object]:
    """A row's cells for the page, each in Chinese and English, and the English words it is searched by."""
    from ipanalysis.report.words import tr

    stage_zh, stage_en = words.stages.get(r.stage, ("", "")) if r.stage else ("", "")
    instr_labels = [words.instruments[i] for i in dict.fromkeys(r.instruments) if i in words.instruments]
    ind_en = words.indicators
    english = [tr(d, "en") for d in r.named] + [stage_en] + [en for _, en in instr_labels]
    english += [ind_en.get(t.indicator_zh, "") for t in r.targets] + [tr(o, "en") for o in r.obligations]
    return {
        "year": r.year,
        "kind": r.kind,
        "section": _section_cell(r.section),
        "no": r.no,
        "task": _task_cell(r.title, r.text, _terms_in(f"{r.title}\n{r.text}", words.terms)),
        "lead": _dept_cell(r.leads, words.lineage),
        "named": _dept_cell(r.named, words.lineage),
        "local": _join(r.local),
        "obligation": _join(_glossed(o) for o in r.obligations) or NONE,
        "stage": _esc(f"{stage_zh} {stage_en}".strip()),
        "instruments": _join(f"{zh} {en}" for zh, en in instr_labels),
        "indicators": _join(f"{t.indicator_zh} {ind_en.get(t.indicator_zh, '')}".strip() for t in r.targets),
        "targets": _join(_target_line(t, ind_en) for t in r.targets),
        "completion": _esc(_glossed(r.completion) if isinstance(r.completion, str) else r.completion),
        "source": _esc(r.source),
        "labels_en": _join(english),
    }


def _dept_cell(units: list[str], lineage: dict[str, list[str]]) -> str:
    """Departments under today's name, in Chinese and English; a name as written that differs noted below."""

    values, written = [], []
    for u in units:
        today = lineage.get(u, [u])
        values += [_glossed(d) for d in today]
        if today != [u]:  # a split predecessor is one body, not two leads: say so beside its successors
            written.append(u + ("（职能后分属上列各司 functions later split between them）" if len(today) > 1 else ""))
    cell = _join(values)
    if written:
        note = "、".join(dict.fromkeys(written))
        cell += f'{SEP}<small class="as-written">原文 as written: {_esc(note)}</small>'
    return cell


def _glossed(text: str) -> str:
    """A term with its English where the glossary has it (年内完成 complete within the year, 保护司 Dept. of …)."""
    from ipanalysis.report.words import tr

    en = tr(text, "en")
    return f"{text} {en}" if en != text else text


def _section_cell(section: str) -> str:
    """``N. title`` with the title's English where the glossary has it."""
    from ipanalysis.report.words import tr

    name = section.partition(". ")[2]
    en = tr(name, "en")
    return _esc(section + (f" · {en}" if en != name else ""))


_SPLIT = """function (data, type) {
  if (type === 'sp') {
    return data ? String(data).replace(/<small class="as-written">.*?<\\/small>/g, '').split('<br>').filter(Boolean) : [];
  }
  return data;
}"""


# the English search: the words of a department's name a reader may leave out or shorten
SEARCH_STOP = ("of", "the", "and", "for", "ip", "intellectual", "property", "cnipa")
SEARCH_DEPARTMENT = ("dept", "department")
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
        # English department names searched in Chinese (drawCallback: itables keeps initComplete for itself)
        drawCallback=JavascriptFunction(_search_js()),
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
        english_names=Markup(json.dumps(english_names(), ensure_ascii=False).replace("<", "\\u003c")),
    )


def _search_js() -> str:
    """The page's search of English department names (``templates/explorer/search.js``), a function DataTables calls at each draw."""
    from ipanalysis.report.pages import TEMPLATES

    return (TEMPLATES / "explorer" / "search.js").read_text(encoding="utf-8")


def write_explorer(table: pd.DataFrame, path: Path = REPORTS / "explorer.html") -> Path:
    """Write the explorer page of a table of :func:`explorer_table`; same table, same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page = explorer_html(table)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(path)
    return path
