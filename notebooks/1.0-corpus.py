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
# # 1.0 The corpus: CNIPA task lists as tables
#
# What the tables hold, how many tasks each year has, which years have no list, where two
# sources of one year differ, and what the readers dropped. Every number here comes from
# `ipanalysis`, which reads the raw files in `data/raw/` (the report's landing page, index.html, says how).

# %%
from IPython.display import Markdown, display

import ipanalysis as ipa
from ipanalysis.analysis import document_scopes, gaps

run = ipa.analyses()  # every analysis over the published tables, each computed once
ipa.for_readers()  # tables as readers see them: no index, whole numbers, "—" for nothing
docs = ipa.load_documents()
docs.assign(scope=docs["doc_id"].map(document_scopes(run.documents())))[
    ["year", "doc_id", "doc_kind", "scope", "title", "doc_role", "n_sections", "n_tasks"]
]

# %% [markdown]
# ## Tasks and sections per year
# The first year is a plan of numbered measures under work items; the other years are
# task lists. A year with two sources of its list merges them: the primary first, the
# secondary filling what the primary lacks.

# %%
tasks = ipa.load_tasks()
sections = ipa.load_sections()
counts = tasks.groupby("year").agg(tasks=("task_no", "size"), sections=("section_no", "nunique"))
counts

# %%
tasks.groupby(["year", "section_no", "section"]).size().rename("tasks").reset_index()

# %% [markdown]
# ## One task, all its tables
# One task: its title, its measures by actor, and who is in charge (the lead first) or
# must act.

# %%
year, task_no = 2020, 6
t = tasks[(tasks.year == year) & (tasks.task_no == task_no)]
print(t["title"].item(), "|", t["completion"].item())
m = ipa.load_measures()
display(m[(m.year == year) & (m.task_no == task_no)][["seq", "actor", "actor_level", "text"]])
a = ipa.load_assignments()
a[(a.year == year) & (a.task_no == task_no)][["level", "label", "assignee", "assignee_raw", "role", "obligation"]]

# %% [markdown]
# ## Two sources of one year
# Where the attachment and the web page differ, and which value the merged tables hold.

# %%
d = ipa.load_discrepancies()
d.groupby(["field", "difference", "resolution"]).size().rename("fields").reset_index()

# %%
d[d.field.isin(["title", "assignments:省份"])][["task_no", "field", "primary", "secondary", "resolution"]]

# %% [markdown]
# ## What the readers dropped, and what they noticed

# %%
ipa.load_dropped().groupby(["source_file", "rule"]).size().rename("pieces").reset_index()

# %%
ipa.load_warnings()[["year", "message"]]

# %% [markdown]
# ## Findings
# Every number below is computed in this cell from the tables above.

# %%
years = run.list_years()
primary = docs[docs.doc_role == "primary"]
n_tasks = tasks.groupby("year").size()
scopes = document_scopes(run.documents())
narrow = sorted({int(y) for y, d in zip(docs.year, docs.doc_id, strict=True) if scopes[d] == "patents"})
two_sources = docs[docs.doc_role == "secondary"]["year"].unique()
drops = ipa.load_dropped()
warns = ipa.load_warnings()
lines = [
    f"- **{len(primary)} documents** ({len(docs)} with secondary sources) hold **{len(tasks)} tasks** in "
    f"{len(years)} lists: " + ", ".join(f"{y}: {n}" for y, n in n_tasks.items()) + ".",
    f"- **No list in the corpus** for {', '.join(map(str, gaps(years)))}: comparisons across that span skip those "
    "years, and the charts show them as gaps.",
    f"- **Scope**: the {', '.join(map(str, narrow))} document covers patents only; the others cover all IP.",
    f"- **Two sources** of the list in {', '.join(map(str, two_sources))}: {len(d)} fields differ "
    f"({(d.resolution == 'primary').sum()} kept from the primary).",
    f"- **Dropped by the readers**: {len(drops)} pieces of layout noise, each with its rule; the parser noted "
    f"{len(warns)} things worth a look.",
    "",
    "**Caveats.** The first year's document is a plan whose numbered measures stand for tasks; a task's completion "
    "time is missing where its source states none (see the warnings above).",
]
display(Markdown("\n".join(lines)))
