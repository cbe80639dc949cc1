"""Departments and actors: who is in charge, who must act, and how that shifted.

Pure functions of the assignment, measure and task tables they are given (the registry,
:mod:`ipanalysis.analysis.registry`, fills them by name), each returning a tidy
DataFrame with ``year``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations

import pandas as pd

from ipanalysis import schema
from ipanalysis.analysis.text import DEADLINE, deadline_month
from ipanalysis.analysis.uncertainty import add_interval
from ipanalysis.analysis.years import list_years
from ipanalysis.config import ANALYSIS_REF, PARSE_REF
from ipanalysis.errors import NameNotFoundError, close_names
from ipanalysis.parse.vocabulary import read_csv


def department_workload(
    assignments: pd.DataFrame,
    tasks: pd.DataFrame,
    departments: pd.DataFrame | None = None,
    lineage: bool = False,
) -> pd.DataFrame:
    """Tasks per department and year: named in charge (局内) and led, with shares of the year's tasks.

    ``n_tasks`` counts every task that names the department in its 局内 line;
    ``n_led`` only those it leads (``role == lead``: the first-named unit, or the one the
    text calls 牵头). Lists differ in size, so each count has its share of the year's
    tasks beside it. ``is_top_lead`` marks every department with the year's most leads:
    a tie marks all of them. With ``lineage=True`` pre-reform names are expressed
    through their successors; a department whose functions were split keeps one row
    labelled with all its successors (``运用促进司/保护司``, ``is_split``), never
    assigned to one of them.
    """
    a = assignments
    t = tasks
    b = a[a.level == "bureau"][["year", "task_no", "assignee", "role"]].copy()
    b["led"] = b["role"].eq("lead")
    b = b.groupby(["year", "task_no", "assignee"], as_index=False)["led"].any()
    b = b.assign(assignee_as_written=b["assignee"], is_split=False)
    if lineage:
        if departments is None:
            raise ValueError("department_workload(lineage=True) needs the departments table (its successors)")
        d = departments.drop_duplicates("canonical").set_index("canonical")
        succ = d["successor"].dropna()
        mapped = b["assignee"].map(succ)
        b["is_split"] = mapped.fillna("").str.contains(";")
        b["assignee"] = mapped.fillna(b["assignee"]).str.replace(";", "/")
    n_units = b.groupby(["year", "task_no"])["assignee"].transform("nunique")
    b["alone"] = n_units == 1
    out = (
        b.groupby(["year", "assignee"])
        .agg(
            n_tasks=("task_no", "nunique"),
            n_led=("led", "sum"),
            n_alone=("alone", "sum"),
            is_split=("is_split", "any"),
            assignees_as_written=("assignee_as_written", lambda s: ";".join(sorted(set(s)))),
        )
        .reset_index()
    )
    out["n_led"] = out["n_led"].astype(int)
    out["n_joint"] = out["n_tasks"] - out["n_alone"]
    per_year = t.groupby("year")["task_no"].nunique()
    out = out[out["year"].isin(per_year.index)]  # a share needs the year's tasks
    out["n_tasks_year"] = out["year"].map(per_year).astype(int)
    out["share"] = (out["n_tasks"] / out["n_tasks_year"]).round(4)
    out["share_led"] = (out["n_led"] / out["n_tasks_year"]).round(4)
    out = add_interval(add_interval(out, "n_tasks", "n_tasks_year"), "n_led", "n_tasks_year", "share_led")
    top = out.groupby("year")["n_led"].transform("max")
    out["is_top_lead"] = (out["n_led"] == top) & (out["n_led"] > 0)
    out["n_top_lead"] = out.groupby("year")["is_top_lead"].transform("sum").astype(int)
    out["basis"] = "successor" if lineage else "as_written"
    out = out.sort_values(["year", "n_led", "n_tasks", "assignee"], ascending=[True, False, False, True])
    return schema.conform("workload", out, sort=False)


def department_series(
    name: str,
    assignments: pd.DataFrame,
    tasks: pd.DataFrame,
    departments: pd.DataFrame,
    documents: pd.DataFrame,
) -> pd.DataFrame:
    """One department's (or body's) tasks named and led in every list year, under its lineage.

    ``name`` may be a post-reform name (运用促进司), a pre-reform one (专利管理司) or any
    form as written: it is resolved through ``load_departments()`` to its successor(s).
    A row whose ``assignee`` names several successors (``is_split``) counts the tasks of a
    predecessor whose functions were split: they belong to the predecessor, not to this
    department alone. Every list year has a row (0 where the department is not named).
    """
    d = departments
    name = _chinese_name(name, d)
    found = d[(d["name"] == name) | (d["canonical"] == name) | (d["full_name"] == name)]
    if not len(found):
        raise _not_a_department(name, d)
    first = found.iloc[0]
    successor = first["successor"] if isinstance(first["successor"], str) else ""
    wanted = set(successor.split(";")) if successor else {first["canonical"]}
    w = department_workload(assignments, tasks, d, lineage=True)
    s = w[w["assignee"].map(lambda u: bool(wanted & set(u.split("/"))))]
    n_year = tasks.groupby("year")["task_no"].nunique()
    rows = []
    for y in list_years(documents):
        g = s[s.year == y]
        if not len(g):
            rows.append({"year": y, "assignee": "/".join(sorted(wanted)), "n_tasks": 0, "n_led": 0, "is_split": False})
        rows += [
            {
                "year": y,
                "assignee": r.assignee,
                "n_tasks": r.n_tasks,
                "n_led": r.n_led,
                "is_split": r.is_split,
                "assignees_as_written": r.assignees_as_written,
            }
            for r in g.itertuples()
        ]
    out = pd.DataFrame(rows, columns=["year", "assignee", "n_tasks", "n_led", "is_split", "assignees_as_written"])
    out["n_tasks_year"] = out["year"].map(n_year).astype(int)
    out["share"] = (out["n_tasks"] / out["n_tasks_year"]).round(4)
    out["share_led"] = (out["n_led"] / out["n_tasks_year"]).round(4)
    out = add_interval(add_interval(out, "n_tasks", "n_tasks_year"), "n_led", "n_tasks_year", "share_led")
    out.insert(0, "department", name)
    return out.reset_index(drop=True)


@lru_cache(maxsize=1)
def _english_forms() -> dict[str, str]:
    """English name → Chinese, from the glossary the charts use (data/reference/report/glossary.csv)."""
    from ipanalysis.config import REPORT_REF

    return {r["en"].strip(): r["zh"] for r in read_csv(REPORT_REF / "glossary.csv") if r.get("en")}


def _english_key(name: str) -> str:
    """An English name as compared: lower case, full stops and runs of spaces as one space (``dept of ip protection``)."""
    return re.sub(r"[.\s]+", " ", name.lower()).strip()


def _english_names() -> dict[str, str]:
    """English name, compared as :func:`_english_key` → Chinese."""
    return {_english_key(en): zh for en, zh in _english_forms().items()}


def _chinese_name(name: str, departments: pd.DataFrame) -> str:
    """A department named in English (``Dept. of IP Protection``) → its Chinese name; Chinese as it is."""
    name = name.strip()
    if re.search(r"[\u4e00-\u9fff]", name):
        return name
    return _english_names().get(_english_key(name), name)


def _not_a_department(name: str, departments: pd.DataFrame) -> NameNotFoundError:
    """A name no department has: the closest department names, or what it is if it is a central body."""
    bodies = {
        f: r["canonical"] for r in read_csv(PARSE_REF / "central_bodies.csv") for f in (r["name"], r["full_name"])
    }
    table = PARSE_REF / "departments.csv"
    body = bodies.get(name)
    if body:
        note = (
            f"{body} is a central body, not a CNIPA department: its tasks are the assignments rows with "
            f"level == 'ministry' and assignee == {body!r} (data/reference/parse/central_bodies.csv)"
        )
        return NameNotFoundError("department", name, [], table, note)
    close = _close(name, departments)
    near_bodies = close_names(name, sorted(bodies), n=2)
    note = f"central bodies with a name like it: {', '.join(near_bodies)}" if near_bodies and not close else ""
    return NameNotFoundError("department", name, close, table, note)


def _close(name: str, departments: pd.DataFrame) -> list[str]:
    """Names most like a misspelt one, Chinese and English (``运用促近司`` → ``运用促进司``)."""
    known = sorted({*departments["name"], *departments["canonical"]})
    return close_names(name, [*known, *(en for en, zh in _english_forms().items() if zh in set(known))])


def coassignment_edges(assignments: pd.DataFrame) -> pd.DataFrame:
    """Pairs of departments that share tasks, per year (weight = shared tasks)."""
    a = assignments
    b = a[a.level == "bureau"][["year", "task_no", "assignee"]].drop_duplicates()
    rows = []
    for (year, task), g in b.groupby(["year", "task_no"]):
        for u, v in combinations(sorted(set(g["assignee"])), 2):
            rows.append({"year": year, "assignee_a": u, "assignee_b": v, "task_no": task})
    e = pd.DataFrame(rows, columns=["year", "assignee_a", "assignee_b", "task_no"])
    out = e.groupby(["year", "assignee_a", "assignee_b"]).agg(weight=("task_no", "nunique")).reset_index()
    return out.sort_values(
        ["year", "weight", "assignee_a", "assignee_b"], ascending=[True, False, True, True]
    ).reset_index(drop=True)


def network_measures(assignments: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """Per year and department: tasks named, partners (degree), shared tasks (weighted degree), most central."""
    a = assignments
    w = department_workload(a, tasks)
    e = coassignment_edges(a)
    both = pd.concat(
        [
            e.rename(columns={"assignee_a": "assignee", "assignee_b": "other"}),
            e.rename(columns={"assignee_b": "assignee", "assignee_a": "other"}),
        ]
    )
    deg = both.groupby(["year", "assignee"]).agg(degree=("other", "nunique"), weighted_degree=("weight", "sum"))
    out = w[["year", "assignee", "n_tasks"]].merge(deg.reset_index(), on=["year", "assignee"], how="left")
    out[["degree", "weighted_degree"]] = out[["degree", "weighted_degree"]].fillna(0).astype(int)
    out = out.sort_values(
        ["year", "weighted_degree", "degree", "n_tasks", "assignee"], ascending=[True, False, False, False, True]
    )
    out["is_most_central"] = ~out.duplicated("year")
    return out.reset_index(drop=True)


def _scope_rules() -> list[tuple[re.Pattern[str], str]]:
    rows = sorted(read_csv(ANALYSIS_REF / "obligation_scopes.csv"), key=lambda r: int(r["order"]))
    return [(re.compile(r["pattern"]), r["scope"]) for r in rows]


def classify_scope(unit: str) -> str:
    """Scope class of a clause's scope (data/reference/analysis/obligation_scopes.csv)."""
    for pattern, scope in _scope_rules():
        if pattern.search(unit or ""):
            return scope
    return "other"


def obligation_clauses(assignments: pd.DataFrame) -> pd.DataFrame:
    """Every province / city / locality clause with its scope class and obligation."""
    a = assignments
    c = a[a.level != "bureau"][["year", "task_no", "level", "label", "assignee", "obligation", "text"]].copy()
    c["scope"] = c["assignee"].map(classify_scope)
    return c.reset_index(drop=True)


PROFILES = ("binding_all", "binding_some", "optional_only", "none")
NOT_STATED = "not_stated"  # a task whose source states no completion time


def obligation_profile(assignments: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """Per task: binding on all provinces, on some, optional only, or no provincial line.

    The profile is one per task, the strongest first: a task binding all provinces is
    ``binding_all`` even where it also binds particular ones (a programme, a category);
    ``binds_particular`` says, apart from the profile, whether it binds particular provinces.
    """
    a = assignments
    t = tasks
    c = obligation_clauses(a)
    prov = c[c.level == "province"]
    rows = []
    for (year, task_no), _ in t.groupby(["year", "task_no"]):
        g = prov[(prov.year == year) & (prov.task_no == task_no)]
        must = g[g.obligation == "必做"]
        if (must.scope == "all_provinces").any():
            p = "binding_all"
        elif len(must):
            p = "binding_some"
        elif len(g):
            p = "optional_only"
        else:
            p = "none"
        lv = c[(c.year == year) & (c.task_no == task_no)]
        rows.append(
            {
                "year": year,
                "task_no": task_no,
                "profile": p,
                "binds_particular": bool((must.scope != "all_provinces").any()),
                "has_city": bool((lv.level == "city").any()),
                "has_locality": bool((lv.level == "locality").any()),
            }
        )
    return pd.DataFrame(rows)


def obligation_shares(obligation_profile: pd.DataFrame) -> pd.DataFrame:
    """Share of each year's tasks per obligation profile (long format)."""
    p = obligation_profile
    n = p.groupby(["year", "profile"]).size().unstack(fill_value=0).reindex(columns=PROFILES, fill_value=0)
    long = n.stack().rename("n_tasks").reset_index()
    long["n_tasks_year"] = long["year"].map(p.groupby("year").size()).astype(int)
    long["share"] = (long["n_tasks"] / long["n_tasks_year"]).round(4)
    return add_interval(long, "n_tasks", "n_tasks_year")


def actor_shares(measures: pd.DataFrame) -> pd.DataFrame:
    """Share of measure text (characters) addressed to each actor level, by year."""
    m = measures
    m = m.assign(chars=m["text"].fillna("").str.len())
    g = m.groupby(["year", "actor_level"]).agg(n_measures=("seq", "size"), chars=("chars", "sum")).reset_index()
    g["share_chars"] = (g["chars"] / g["year"].map(g.groupby("year")["chars"].sum())).round(4)
    return g


def deadlines(measures: pd.DataFrame) -> pd.DataFrame:
    """Dated deadlines inside the measure text (3月底前, 6月底前, 年底前 …), one row each."""
    m = measures
    rows = []
    for r in m.itertuples():
        for d in DEADLINE.finditer(r.text or ""):
            rows.append(
                {
                    "year": r.year,
                    "task_no": r.task_no,
                    "seq": r.seq,
                    "deadline": re.sub(r"\s+", "", d.group()),
                    "month": deadline_month(d),
                    "context": (r.text or "")[max(0, d.start() - 20) : d.end() + 20],
                }
            )
    return pd.DataFrame(rows, columns=["year", "task_no", "seq", "deadline", "month", "context"])


def completion_categories(tasks: pd.DataFrame) -> pd.DataFrame:
    """Completion-time wording by year (``not_stated`` where the source states none)."""
    t = tasks
    c = t.assign(completion=t["completion"].fillna(NOT_STATED))
    return c.groupby(["year", "completion"]).size().rename("n_tasks").reset_index()
