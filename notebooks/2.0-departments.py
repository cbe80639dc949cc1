# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version,-jupytext.text_representation.format_version
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 2.0 Departments and actors: who leads, who is named, who must act
#
# The lists name the CNIPA departments in charge of each task (局内), the provinces that
# must (必做) or may (选做) act, and in the latest list cities (地市) and other localities
# (涉及地方).
#
# **Led or named.** A task's 局内 line names one or more departments. The first-named
# unit leads (the convention of Chinese government task lists) unless the text says
# 牵头; `load_assignments()` records this as `role` (lead / participant) with its basis
# (`role_basis`). "Named" counts every department of the line, "led" only the lead.
#
# **Lists of different size.** The lists have different numbers of tasks, so every count
# has its share of the year's tasks beside it.
#
# **Assumptions of the lineage.** CNIPA was reorganised between the plan and the first
# task list. Pre-reform names are compared with later years through
# `data/reference/parse/departments.csv`: each pre-reform name points to its
# successor(s), with the basis in its `note`. Where functions were split (专利管理司 →
# 运用促进司 and 保护司; 规划发展司 → 战略规划司 and 运用促进司) the count stays with the
# predecessor and is shown against both successors together, never given to one.

# %%
from IPython.display import Markdown, display

import ipanalysis as ipa
from ipanalysis.analysis import (
    gaps,
    obligation_shares,
)

run = ipa.analyses()  # every analysis over the published tables, each computed once
ipa.for_readers()  # tables as readers see them: no index, whole numbers, "—" for nothing
years = run.list_years()
print("lists in the corpus:", years, "| years without a list:", gaps(years))
a = ipa.load_assignments()
a[a.level == "bureau"].groupby(["year", "role", "role_basis"]).size().rename("rows").reset_index()

# %% [markdown]
# ## Led and named, by department and year (as written)

# %%
w = ipa.department_workload()
w.pivot_table(index="assignee", columns="year", values=["n_led", "n_tasks"], fill_value=0).sort_values(
    ("n_tasks", years[-1]), ascending=False
)

# %% [markdown]
# The department leading most tasks each year; a tie lists every tied department:

# %%
w[w.is_top_lead][["year", "assignee", "n_led", "share_led", "n_tasks", "n_top_lead"]]

# %% [markdown]
# The same through the reform lineage (pre-reform names in successor terms):

# %%
wl = ipa.department_workload(lineage=True)
wl[wl.year == years[0]][["assignee", "n_led", "n_tasks", "share_led", "share", "is_split", "assignees_as_written"]]

# %%
ipa.show_chart("departments_workload_heatmap")

# %% [markdown]
# One department across the years, under its lineage:

# %%
ipa.department_series("运用促进司")

# %% [markdown]
# ## Departments that share tasks
# Edges join departments named together under one task (weight: shared tasks).

# %%
nm = run.network_measures()
nm[nm.is_most_central][["year", "assignee", "n_tasks", "degree", "weighted_degree"]]

# %%
ipa.show_chart("departments_network_by_year")

# %% [markdown]
# ## Provincial obligations
# Every 省份 / 地市 / 涉及地方 clause, classified by scope
# (`data/reference/analysis/obligation_scopes.csv`):

# %%
c = run.obligation_clauses()
c.groupby(["year", "level", "scope", "obligation"]).size().rename("clauses").reset_index()

# %% [markdown]
# Per task: binding on all provinces (a 必做 clause for every province), on some, optional
# only, or no provincial line at all; counts and shares of the year's tasks.

# %%
p = run.obligation_profile()
shares = obligation_shares(p)
shares.pivot_table(index="year", columns="profile", values=["n_tasks", "share"])

# %%
ipa.show_chart("obligations_by_year")

# %%
p.groupby("year")[["has_city", "has_locality"]].sum()

# %% [markdown]
# ## Whom the measure text addresses
# Share of the measure text (characters) per actor level.

# %%
ipa.actor_shares().pivot_table(index="year", columns="actor_level", values="share_chars", fill_value=0)

# %%
ipa.show_chart("actors_by_year")

# %% [markdown]
# ## Time: completion categories and deadlines in the text

# %%
run.completion_categories().pivot_table(index="year", columns="completion", values="n_tasks", fill_value=0)

# %%
dl = run.deadlines()
dl[["year", "task_no", "deadline", "month", "context"]]

# %%
ipa.show_chart("completion_and_deadlines")

# %% [markdown]
# ## Findings
# Every number below is computed in this cell from the tables above.

# %%
first, last = years[0], years[-1]
top = w[w.is_top_lead]
leads = "; ".join(
    f"{y}: "
    + " and ".join(g["assignee"])
    + (" tie with" if len(g) > 1 else " leads most,")
    + f" {g['n_led'].iloc[0]} of {g['n_tasks_year'].iloc[0]} tasks"
    + (" each" if len(g) > 1 else "")
    for y, g in top.groupby("year")
)
ups = wl[wl.assignee.str.contains("运用促进司")].groupby("year")[["n_led", "share_led", "share"]].sum()
later = [y for y in ups.index if y != first]
prof = shares.pivot_table(index="year", columns="profile", values="share", fill_value=0)
city = p.groupby("year")["has_city"].sum()
new_city_years = [y for y in years if city[y] > 0]
n_deadlines = dl.groupby("year").size()
basis = a[a.level == "bureau"]["role_basis"].value_counts()
explicit = int(basis.get("explicit", 0))
lines = [
    f"- **Leads.** {leads}.",
    "- **Utilisation department (运用促进司).** It leads "
    + ", ".join(f"{ups.loc[y, 'share_led']:.0%} of the tasks in {y}" for y in later)
    + f"; in {first} its predecessors, whose functions were split with other successors, led "
    f"{ups.loc[first, 'share_led']:.0%} (an upper bound for it, not its own share).",
    "- **Binding on every province.** Share of the year's tasks with a 必做 clause for all provinces: "
    + ", ".join(f"{y} {prof.loc[y, 'binding_all']:.0%}" for y in prof.index)
    + ".",
    f"- **Cities and localities** get their own lines only in {', '.join(map(str, new_city_years))} "
    f"({int(city[last])} tasks name cities in {last}).",
    f"- **Dated deadlines** inside the measures appear only in {', '.join(map(str, n_deadlines.index))} "
    f"({int(n_deadlines.sum())} of them).",
    "",
    "**Caveats.** "
    f"(1) {basis.get('first_named', 0)} of {basis.sum()} department rows take their role from the order of names "
    f"({'no list marks a lead with 牵头' if explicit == 0 else f'{explicit} are marked 牵头 in the text'}): the lead "
    "is a convention of the genre, not a statement of the text. "
    f"(2) There is no list in the corpus for {', '.join(map(str, gaps(years)))}: a change between {years[-2]} and "
    f"{last} may have happened in any of those years. "
    "(3) Pre-reform departments are compared through the lineage in departments.csv, whose splits are assumptions "
    f"stated there. (4) The {first} plan numbers measures, not tasks; shares are of each year's own list.",
]
display(Markdown("\n".join(lines)))
